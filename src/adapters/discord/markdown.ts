/**
 * Discord markdown: escaping text so it shows as typed (and can never form a mention), and
 * splitting long text into chunks without cutting a unit (a step, a list item) or a character.
 */
import { textCut } from '../../core/clip.js';

const URL_RE = /https?:\/\/[^\s<>]+/g;
const CODE_SPAN_RE = /`([^`\n]+)`/g;

/** The display name of a mention-like word made harmless: `@everyone` → `@\u200beveryone`. */
export function neutralizeMassMentions(s: string): string {
  if (!s.includes('@')) return s;
  return s.replace(/@(everyone|here)/gi, '@\u200b$1');
}

/**
 * Text that Discord shows literally: markdown characters, mention and emoji syntax (`<@…>`,
 * `<@&…>`, `<#…>`, `<t:…>`) are backslash-escaped, `@everyone` / `@here` get a zero-width space.
 * Single-line backtick spans (the locale strings' way of quoting what to type) stay code spans:
 * nothing inside a code span is formatted, so they need no escaping.
 */
export function escapeText(s: string): string {
  // Most strings have no code span and no link: each step's scan only where it can apply.
  if (!s.includes('`')) return escapeOutsideCode(s);
  let out = '';
  let last = 0;
  for (const m of s.matchAll(CODE_SPAN_RE)) {
    out += escapeOutsideCode(s.slice(last, m.index));
    out += codeSpan(m[1]!);
    last = m.index + m[0].length;
  }
  return out + escapeOutsideCode(s.slice(last));
}

function escapeOutsideCode(s: string): string {
  // URLs stay clickable: an escape inside one would become part of the link.
  if (!s.includes('://')) return escapePlain(s);
  let out = '';
  let last = 0;
  for (const m of s.matchAll(URL_RE)) {
    out += escapePlain(s.slice(last, m.index));
    out += m[0];
    last = m.index + m[0].length;
  }
  return out + escapePlain(s.slice(last));
}

const MARKDOWN_CHAR = /[\\*_~`|[\]<>]/;
const MARKDOWN_CHARS = /[\\*_~`|[\]<>]/g;
/** Line starts that begin a heading, quote, list or subtext. */
const LINE_MARK = /^[ \t]*(?:#|-|\+|\d+\.)/m;
const LINE_MARKS = /^([ \t]*)(#|-|\+|\d+\.)/gm;

function escapePlain(s: string): string {
  let out = MARKDOWN_CHAR.test(s) ? s.replace(MARKDOWN_CHARS, '\\$&') : s;
  if (LINE_MARK.test(out)) {
    out = out.replace(LINE_MARKS, (_m, indent: string, mark: string) => (mark.endsWith('.') ? `${indent}${mark.slice(0, -1)}\\.` : `${indent}\\${mark}`));
  }
  return neutralizeMassMentions(out);
}

/** Inline code showing `s` exactly (backticks inside are fenced by double backticks). */
export function codeSpan(s: string): string {
  const one = s.replace(/\r?\n/g, ' ');
  if (one.trim() === '') return escapePlain(one);
  if (!one.includes('`')) return `\`${one}\``;
  if (!one.includes('``')) return `\`\` ${one} \`\``;
  return `\`${one.replace(/`/g, 'ˋ')}\``;
}

/**
 * Where to cut escaped text into chunks: core's textCut (a grapheme boundary, the last line
 * break or space in its second half), never right after an escaping backslash.
 */
function cutPoint(s: string, max: number): number {
  let cut = textCut(s, max);
  while (cut > 1 && s[cut - 1] === '\\') cut--;
  return cut;
}

/** Cuts a text into pieces of at most `max` UTF-16 units (see cutPoint); whitespace at a cut is dropped. */
export function cutText(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[ \n]+/, '');
  }
  if (rest !== '' || out.length === 0) out.push(rest);
  return out;
}

/** A renderable piece that is never split unless it alone exceeds the limit. */
export interface Unit {
  text: string;
  /** What joins it to the unit before it in the same chunk. */
  sep: string;
}

/** Packs units greedily into chunks of at most `max` UTF-16 units. */
export function packUnits(units: readonly Unit[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const unit of units) {
    const pieces = unit.text.length > max ? cutText(unit.text, max) : [unit.text];
    pieces.forEach((piece, i) => {
      const sep = i === 0 ? unit.sep : '\n';
      if (current === '') current = piece;
      else if (current.length + sep.length + piece.length <= max) current += sep + piece;
      else {
        chunks.push(current);
        current = piece;
      }
    });
  }
  if (current !== '') chunks.push(current);
  return chunks;
}
