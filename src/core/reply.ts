import type { Block, Button, HandlerReply, Inline, Rich } from './types.js';

/** Small builders so handlers read as what they say. */
export const heading = (text: string): Block => ({ type: 'heading', text });
export const para = (text: Rich): Block => ({ type: 'paragraph', text });
export const steps = (items: Rich[]): Block => ({ type: 'steps', items });
export const list = (items: Rich[], checkbox = false): Block => ({ type: 'list', items, checkbox });
export const fields = (f: { label: string; value: Rich }[]): Block => ({ type: 'fields', fields: f });
export const warning = (text: Rich): Block => ({ type: 'warning', text });
export const context = (text: Rich): Block => ({ type: 'context', text });
export const buttons = (b: Button[]): Block => ({ type: 'buttons', buttons: b });
export const divider = (): Block => ({ type: 'divider' });

const MARK = '\u0000';

/**
 * A translated sentence with an inline token in it (a mention, a command as code): the string is
 * translated with a marker for `{{slot}}`, then split there, so the token stays a token (never
 * text that could ping, and a code span each platform writes its own way).
 */
export function withInline(t: (key: string, vars: Record<string, unknown>) => string, key: string, vars: Record<string, unknown>, slot: string, token: Inline): Inline[] {
  const [before = '', after = ''] = t(key, { ...vars, [slot]: MARK }).split(MARK);
  const out: Inline[] = [];
  if (before) out.push(before);
  out.push(token);
  if (after) out.push(after);
  return out;
}

/** A handler's reply; who sees it and where it goes are its command's declaration (LeafDecl.visibility, ActionSpec). */
export function reply(blocks: Block[], extra: Omit<HandlerReply, 'blocks'> = {}): HandlerReply {
  return { blocks, ...extra };
}

/**
 * The blocks as the channel sees them: without the buttons meant only for a private reply
 * (Button.privateOnly), and any row they leave empty; a button with a channel variant
 * (Button.inChannel) becomes that variant.
 */
export function withoutPrivateButtons(blocks: Block[]): Block[] {
  return blocks.flatMap((b): Block[] => {
    if (b.type !== 'buttons' || !b.buttons.some((x) => x.privateOnly || x.inChannel)) return [b];
    const kept = b.buttons.filter((x) => !x.privateOnly).map(({ inChannel, ...x }) => (inChannel ? { ...x, ...inChannel } : x));
    return kept.length ? [{ ...b, buttons: kept }] : [];
  });
}

/** 【Label】 (translation): the convention of the source documents. */
export function defaultLabel(ui: string, tr?: string): string {
  return tr ? `【${ui}】(${tr})` : `【${ui}】`;
}
