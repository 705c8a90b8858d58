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
/** The same, for a test (no global state). */
const TYPED_ONE = new RegExp(TYPED.source);

/** The ids of every typed mention in the reply's text (not `{ mention }` tokens, which the core placed). */
export function typedMentionIds(reply: Reply): string[] {
  const ids = new Set<string>();
  eachReplyString(reply, (s) => {
    // Most text has no `<@` at all: the regular expression runs only on strings that might match.
    if (s.includes('<@')) for (const m of s.matchAll(TYPED)) ids.add(m[1]!);
    return false;
  });
  return [...ids];
}

/** Whether any of the reply's text holds a typed mention. */
export function hasTypedMention(reply: Reply): boolean {
  return eachReplyString(reply, (s) => s.includes('<@') && TYPED_ONE.test(s));
}

/** The reply with every typed mention written as `@name` (or the localized neutral label). */
export function nameTypedMentions(reply: Reply, name: (id: string) => string | undefined = () => undefined): Reply {
  if (!hasTypedMention(reply)) return reply;
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

/** Calls `visit` on each string of the reply's text, in order, until it returns true (then true). */
function eachReplyString(reply: Reply, visit: (s: string) => boolean): boolean {
  const rich = (r: Rich): boolean => {
    if (typeof r === 'string') return visit(r);
    for (const p of r) {
      if (typeof p === 'string') {
        if (visit(p)) return true;
      } else if ('bold' in p) {
        if (visit(p.bold)) return true;
      } else if ('code' in p) {
        if (visit(p.code)) return true;
      } else if ('label' in p) {
        if (visit(p.label) || (!!p.translation && visit(p.translation))) return true;
      }
    }
    return false;
  };
  for (const b of reply.blocks) {
    if (b.type === 'heading') {
      if (visit(b.text)) return true;
    } else if (b.type === 'paragraph' || b.type === 'warning' || b.type === 'context') {
      if (rich(b.text)) return true;
    } else if (b.type === 'steps' || b.type === 'list') {
      for (const i of b.items) if (rich(i)) return true;
    } else if (b.type === 'fields') {
      for (const f of b.fields) if (visit(f.label) || rich(f.value)) return true;
    } else if (b.type === 'buttons') {
      for (const x of b.buttons) if (visit(x.label)) return true;
    }
  }
  return false;
}
