import type { Inline, Reply, Rich } from '../core/types.js';
import { mapBlockText } from '../core/map-blocks.js';
import { translator } from '../i18n/index.js';
import type { Locale } from '../i18n/locales.js';

/**
 * Mentions a person typed into their own text (an item's title, a note): Slack sends them as
 * `<@U123>` or `<@U123|name>`, Discord as `<@123…>` or `<@!123…>`. Renderers escape user text, so
 * such a token would show as a raw `<@U123>` or `\<@123\>`. Before rendering, each becomes the
 * person's display name as plain text (`@Alice`), or a neutral localized label when the name is
 * unknown; plain text never pings anyone.
 */
const TYPED = /<@!?([UWB][A-Z0-9]{2,20}|\d{15,21})(?:\|[^>\n]{0,80})?>/g;

/** The ids of every typed mention in the reply's text (not `{ mention }` tokens, which the core placed). */
export function typedMentionIds(reply: Reply): string[] {
  const ids = new Set<string>();
  for (const s of replyStrings(reply)) for (const m of s.matchAll(TYPED)) ids.add(m[1]!);
  return [...ids];
}

/** The reply with every typed mention written as `@name` (or the localized neutral label). */
export function nameTypedMentions(reply: Reply, name: (id: string) => string | undefined = () => undefined): Reply {
  if (typedMentionIds(reply).length === 0) return reply;
  const fix = (s: string): string => nameTypedMentionsIn(s, reply.locale ?? 'en', name);
  const rich = (r: Rich): Rich => (typeof r === 'string' ? fix(r) : r.map((p) => inline(p, fix)));
  return { ...reply, blocks: reply.blocks.map((b) => mapBlockText(b, rich, fix)) };
}

/** One string with every typed mention written as `@name` (or the neutral label of the locale). */
export function nameTypedMentionsIn(s: string, locale: Locale, name: (id: string) => string | undefined = () => undefined): string {
  return s.replace(TYPED, (_m, id: string) => {
    const n = name(id)?.replace(/[\s<>@]+/g, ' ').trim();
    return n ? `@${n}` : translator(locale)('mention.someone');
  });
}

function inline(p: Inline, fix: (s: string) => string): Inline {
  if (typeof p === 'string') return fix(p);
  if ('bold' in p) return { bold: fix(p.bold) };
  if ('code' in p) return { code: fix(p.code) };
  if ('mention' in p) return p;
  return { ...p, label: fix(p.label), ...(p.translation ? { translation: fix(p.translation) } : {}) };
}

function* replyStrings(reply: Reply): Generator<string> {
  const rich = function* (r: Rich): Generator<string> {
    if (typeof r === 'string') {
      yield r;
      return;
    }
    for (const p of r) {
      if (typeof p === 'string') yield p;
      else if ('bold' in p) yield p.bold;
      else if ('code' in p) yield p.code;
      else if ('label' in p) {
        yield p.label;
        if (p.translation) yield p.translation;
      }
    }
  };
  for (const b of reply.blocks) {
    if (b.type === 'heading') yield b.text;
    else if (b.type === 'paragraph' || b.type === 'warning' || b.type === 'context') yield* rich(b.text);
    else if (b.type === 'steps' || b.type === 'list') for (const i of b.items) yield* rich(i);
    else if (b.type === 'fields') for (const f of b.fields) { yield f.label; yield* rich(f.value); }
    else if (b.type === 'buttons') for (const x of b.buttons) yield x.label;
  }
}
