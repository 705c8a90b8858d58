import type { types } from '@slack/bolt';
import type { Block, Button, Inline, Reply, Rich } from '../../core/types.js';
import type { Translate } from '../../i18n/index.js';
import { translator } from '../../i18n/index.js';
import { nameTypedMentions } from '../typed-mentions.js';
import { cutPoint, escapeMrkdwn, escapeUserMrkdwn, isSlackUserId, safeCut } from './text.js';
import { clip } from '../../core/clip.js';

type KnownBlock = types.KnownBlock;
type SlackButton = types.Button;

/** One Slack message: Block Kit blocks and the plain-text fallback (notifications, screen readers). */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Slack's limits (Block Kit reference), and a soft cap on the text of one message. */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  contextText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  /** Long answers read better as several messages; Slack also refuses very large payloads. */
  messageChars: 12000,
  fallbackText: 3000,
};
export type Limits = typeof LIMITS;

/** How a `{ mention }` token is written. Pings render only the assignee as a real mention. */
export type MentionRenderer = (userId: string) => string;

const realMention: MentionRenderer = (id) => (isSlackUserId(id) ? `<@${id}>` : escapeMrkdwn(`@${id}`));

export interface RenderOptions {
  mention?: MentionRenderer;
  limits?: Partial<Limits>;
  /** Logs a button that cannot be sent (a value or action id over Slack's limits). */
  onDrop?: (what: string) => void;
  /**
   * Helpful / Not helpful as Slack's own feedback buttons (a `context_actions` block), for messages
   * the bot posts itself (mentions, DMs, threads, the assistant panel); otherwise two plain buttons.
   */
  nativeFeedback?: boolean;
  /** Display names of people typed into titles and notes (`<@U123>`); unknown ones get a neutral label. */
  names?: (userId: string) => string | undefined;
}

/** Renders a Reply as one or more Slack messages within Slack's limits. */
export function renderReply(original: Reply, opts: RenderOptions = {}): SlackMessage[] {
  const reply = nameTypedMentions(original, opts.names);
  const limits = { ...LIMITS, ...opts.limits };
  const r = new Renderer(limits, opts.mention ?? realMention, opts.onDrop ?? (() => {}), opts.nativeFeedback === true);
  const units = reply.blocks.flatMap((b) => r.block(b));
  const messages = pack(units, limits, translator(reply.locale ?? 'en'));
  if (messages.length === 0) {
    const text = escapeMrkdwn(reply.error?.message ?? '…');
    return [{ text, blocks: [] }];
  }
  return messages;
}

/** Rendered Slack blocks that belong together, with their fallback text. */
interface Unit {
  blocks: KnownBlock[];
  text: string;
  /** Keep with the next unit in the same message (a heading and what follows, the parts of one step). */
  glue?: boolean;
}

/** A piece of mrkdwn: raw text that may be cut (and is escaped), or a rendered token that may not. */
type Piece = { raw: string } | { atom: string; plain: string };

const ZWSP = '\u200b';

class Renderer {
  constructor(
    private readonly limits: Limits,
    private readonly mention: MentionRenderer,
    private readonly onDrop: (what: string) => void,
    private readonly nativeFeedback: boolean,
  ) {}

  block(b: Block): Unit[] {
    switch (b.type) {
      case 'heading':
        return [this.heading(b.text)];
      case 'paragraph':
        return this.sections(this.pieces(b.text));
      case 'warning':
        return this.sections([{ atom: ':warning: ', plain: '⚠ ' }, ...this.pieces(b.text)]);
      case 'context':
        return this.pack(this.pieces(b.text), this.limits.contextText).map((text) => ({
          blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text, verbatim: true }] }],
          text,
        }));
      case 'steps':
        return this.items(b.items.map((item, i) => [{ atom: `${(b.start ?? 1) + i}. `, plain: '' }, ...this.pieces(item)]));
      case 'list':
        return this.items(b.items.map((item) => [{ atom: b.checkbox ? '☐ ' : '• ', plain: '' }, ...this.pieces(item)]));
      case 'fields':
        return this.fields(b.fields);
      case 'buttons':
        return this.buttons(b.buttons);
      case 'divider':
        return [{ blocks: [{ type: 'divider' }], text: '' }];
    }
  }

  private heading(text: string): Unit {
    const plain = text.replace(/\s+/g, ' ').trim();
    if (plain && plain.length <= this.limits.headerText) {
      // plain_text is never parsed for mentions or links: Slack shows it as typed.
      return { blocks: [{ type: 'header', text: { type: 'plain_text', text: plain, emoji: true } }], text: escapeMrkdwn(plain), glue: true };
    }
    // Too long for a header: a bold section keeps every character.
    const units = this.sections([{ atom: `${ZWSP}*`, plain: '' }, { raw: plain }, { atom: `*${ZWSP}`, plain: '' }]);
    return { blocks: units.flatMap((u) => u.blocks), text: units.map((u) => u.text).join('\n'), glue: true };
  }

  private sections(pieces: Piece[]): Unit[] {
    const chunks = this.pack(pieces, this.limits.sectionText);
    return chunks.map((text, i) => ({ blocks: [section(text)], text, glue: i < chunks.length - 1 }));
  }

  /** Numbered steps or bullets: whole items share a section up to the limit; an item is never cut between sections unless it alone is longer than a section. */
  private items(items: Piece[][]): Unit[] {
    const max = this.limits.sectionText;
    const units: Unit[] = [];
    let cur: string[] = [];
    const flush = () => {
      if (cur.length) units.push({ blocks: [section(cur.join('\n'))], text: cur.join('\n') });
      cur = [];
    };
    for (const item of items) {
      const chunks = this.pack(item, max);
      if (chunks.length === 1) {
        const line = chunks[0]!;
        if (cur.length && cur.join('\n').length + 1 + line.length > max) flush();
        cur.push(line);
        continue;
      }
      flush();
      chunks.forEach((text, i) => units.push({ blocks: [section(text)], text, glue: i < chunks.length - 1 }));
    }
    flush();
    return units;
  }

  private fields(list: { label: string; value: Rich }[]): Unit[] {
    const rendered = list.map((f) => {
      const pieces: Piece[] = [...this.bold(f.label), { atom: '\n', plain: '\n' }, ...this.pieces(f.value)];
      return { pieces, text: this.pack(pieces, Number.MAX_SAFE_INTEGER)[0] ?? '' };
    });
    if (rendered.every((f) => f.text.length > 0 && f.text.length <= this.limits.fieldText)) {
      const units: Unit[] = [];
      for (let i = 0; i < rendered.length; i += this.limits.fieldsPerSection) {
        const group = rendered.slice(i, i + this.limits.fieldsPerSection);
        units.push({
          blocks: [{ type: 'section', fields: group.map((f) => ({ type: 'mrkdwn', text: f.text, verbatim: true })) }],
          text: group.map((f) => f.text.replace('\n', ': ')).join('\n'),
        });
      }
      return units;
    }
    // A value too long for a field: each field becomes its own section.
    return rendered.flatMap((f) => this.sections(f.pieces));
  }

  private buttons(list: Button[]): Unit[] {
    const positive = list.find((b) => b.feedback === 'positive');
    const negative = list.find((b) => b.feedback === 'negative');
    if (this.nativeFeedback && positive && negative && list.length === 2 && positive.actionId === negative.actionId) {
      return [{ blocks: [this.feedbackButtons(positive, negative)], text: '' }];
    }
    const ok = list.filter((b) => {
      const fits = b.value.length <= this.limits.buttonValue && b.actionId.length + 4 <= this.limits.actionId;
      if (!fits) this.onDrop(`button ${b.actionId}: value or action id over Slack's limits`);
      return fits;
    });
    const units: Unit[] = [];
    for (let i = 0; i < ok.length; i += this.limits.actionsElements) {
      const group = ok.slice(i, i + this.limits.actionsElements);
      const seen = new Map<string, number>();
      const elements: SlackButton[] = group.map((b) => {
        // Slack wants action ids unique within a block; the suffix is stripped when the click comes back.
        const n = seen.get(b.actionId) ?? 0;
        seen.set(b.actionId, n + 1);
        const el: SlackButton = {
          type: 'button',
          text: { type: 'plain_text', text: clip(b.label.replace(/\s+/g, ' ').trim() || '…', this.limits.buttonText), emoji: true },
          action_id: n === 0 ? b.actionId : `${b.actionId}~${n}`,
          value: b.value,
        };
        if (b.style) el.style = b.style;
        return el;
      });
      units.push({ blocks: [{ type: 'actions', elements }], text: '' });
    }
    return units;
  }

  private feedbackButtons(positive: Button, negative: Button): types.ContextActionsBlock {
    const side = (b: Button) => ({
      text: { type: 'plain_text' as const, text: clip(b.label.trim() || '…', this.limits.buttonText), emoji: true },
      value: b.value,
    });
    return {
      type: 'context_actions',
      elements: [{ type: 'feedback_buttons', action_id: positive.actionId, positive_button: side(positive), negative_button: side(negative) }],
    };
  }

  private pieces(r: Rich): Piece[] {
    const parts: readonly Inline[] = typeof r === 'string' ? [r] : r;
    return parts.flatMap((p) => this.piece(p));
  }

  private piece(p: Inline): Piece[] {
    if (typeof p === 'string') return textPieces(p);
    if ('bold' in p) return this.bold(p.bold);
    if ('code' in p) {
      if (!p.code) return [];
      // Inline code cannot hold a backquote; a modifier letter grave looks the same.
      const code = `\`${escapeMrkdwn(p.code.replace(/`/g, 'ˋ').replace(/\n/g, ' '))}\``;
      return [{ atom: `${ZWSP}${code}${ZWSP}`, plain: p.code }];
    }
    if ('mention' in p) return [{ atom: this.mention(p.mention), plain: `@${p.mention}` }];
    const label = this.bold(`【${p.label}】`);
    return p.translation ? [...label, ...textPieces(`(${p.translation})`)] : label;
  }

  /** Bold, with zero-width spaces so Slack formats it beside CJK characters. */
  private bold(text: string): Piece[] {
    const t = text.replace(/\s+/g, ' ').trim();
    if (!t) return [];
    return [{ atom: `${ZWSP}*${escapeUserMrkdwn(t)}*${ZWSP}`, plain: t }];
  }

  /** Pieces → mrkdwn strings of at most max code units; raw text is cut at a line, word or sentence end, never inside a character. */
  private pack(pieces: Piece[], max: number): string[] {
    const chunks: string[] = [];
    let cur = '';
    const flush = () => {
      const t = cur.trim();
      if (t) chunks.push(t);
      cur = '';
    };
    for (const p of pieces) {
      if ('atom' in p) {
        if (p.atom.length <= max) {
          if (cur.length + p.atom.length > max) flush();
          cur += p.atom;
          continue;
        }
      }
      // Raw text, or a token too long to keep whole (it loses its formatting, never its text).
      let raw = 'raw' in p ? p.raw : p.plain;
      while (raw) {
        const escaped = escapeUserMrkdwn(raw);
        if (cur.length + escaped.length <= max) {
          cur += escaped;
          break;
        }
        const cut = cutPoint(raw, max - cur.length);
        if (cut === 0) {
          if (cur) {
            flush();
            continue;
          }
          // max is smaller than one escaped character: only in tests with absurd limits.
          cur += escapeUserMrkdwn(raw.slice(0, safeCut(raw, 1) || 2));
          raw = raw.slice(safeCut(raw, 1) || 2);
          flush();
          continue;
        }
        cur += escapeUserMrkdwn(raw.slice(0, cut));
        raw = raw.slice(cut);
        flush();
      }
    }
    flush();
    return chunks;
  }
}

function section(text: string): KnownBlock {
  // verbatim: Slack does not turn words like "@here" or channel names into links on its own.
  return { type: 'section', text: { type: 'mrkdwn', text, verbatim: true } };
}

const URL_RE = /https?:\/\/[^\s<>|"'`]+/g;

/** Plain text, with http(s) URLs as links whose visible text is the URL itself (no label to forge). */
function textPieces(s: string): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of s.matchAll(URL_RE)) {
    // Closing punctuation and quotes after an address end the sentence (a quoted question in /howto-gaps), not the link.
    const url = m[0].replace(/[.,;:!?)\]}。，；：！？）」』”’»›]+$/u, '');
    if (m.index > last) out.push({ raw: s.slice(last, m.index) });
    out.push({ atom: `<${escapeMrkdwn(url)}>`, plain: url });
    last = m.index + url.length;
  }
  if (last < s.length) out.push({ raw: s.slice(last) });
  return out;
}

/** Units → messages of at most 50 blocks (and the soft character cap), keeping glued units together. */
function pack(units: Unit[], limits: Limits, t: Translate): SlackMessage[] {
  const size = (u: Unit[]) => u.reduce((n, x) => n + x.blocks.length, 0);
  const chars = (u: Unit[]) => u.reduce((n, x) => n + x.text.length, 0);
  if (!units.length) return [];
  if (size(units) <= limits.blocksPerMessage && chars(units) <= limits.messageChars) return [message(units, limits)];

  // Runs of glued units stay together when they can.
  const runs: Unit[][] = [];
  let run: Unit[] = [];
  for (const u of units) {
    run.push(u);
    if (!u.glue) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);

  const room = limits.blocksPerMessage - 1; // one block for "continued"
  const groups: Unit[][] = [];
  let cur: Unit[] = [];
  const push = (u: Unit) => {
    if (cur.length && (size(cur) + u.blocks.length > room || chars(cur) + u.text.length > limits.messageChars)) {
      groups.push(cur);
      cur = [];
    }
    cur.push(u);
  };
  for (const r of runs) {
    if (cur.length && (size(cur) + size(r) > room || chars(cur) + chars(r) > limits.messageChars) && size(r) <= room && chars(r) <= limits.messageChars) {
      groups.push(cur);
      cur = [];
    }
    for (const u of r) push(u);
  }
  if (cur.length) groups.push(cur);
  return groups.map((g, i) => {
    if (i === 0) return message(g, limits);
    const note = escapeMrkdwn(t('slack.continued', { part: i + 1, parts: groups.length }));
    return message([{ blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: note, verbatim: true }] }], text: '' }, ...g], limits);
  });
}

function message(units: Unit[], limits: Limits): SlackMessage {
  const text = units
    .map((u) => u.text)
    .filter(Boolean)
    .join('\n')
    .replaceAll(ZWSP, '');
  return { text: truncateMrkdwn(text, limits.fallbackText), blocks: units.flatMap((u) => u.blocks) };
}

/** Shortens rendered mrkdwn without cutting a character, an `&…;` entity or a `<…>` token. */
export function truncateMrkdwn(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = safeCut(s, max - 1);
  const head = s.slice(0, cut);
  const amp = head.lastIndexOf('&');
  if (amp > head.lastIndexOf(';')) cut = amp;
  const lt = head.lastIndexOf('<');
  if (lt > head.lastIndexOf('>')) cut = Math.min(cut, lt);
  return `${s.slice(0, cut).trimEnd()}…`;
}
