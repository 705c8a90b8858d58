import { defaultLabel } from './reply.js';
import type { Block, Inline, Reply, Rich } from './types.js';

/**
 * The plain-text rendering of a Reply: the shell's output and the chat platforms' fallback text.
 * Mentions become `@user`; nothing here is markup.
 */
export function renderText(reply: Reply, opts: { mention?: (user: string) => string } = {}): string {
  const pieces: PlainOptions = { code: (c) => `\`${c}\``, ...(opts.mention ? { mention: opts.mention } : {}) };
  const rich = (r: Rich): string => plainText(r, pieces);
  return reply.blocks
    .map((b) => block(b, rich))
    .filter((s) => s !== '')
    .join('\n');
}

export interface PlainOptions {
  /** How a mention token reads (default `@user`). */
  mention?: (user: string) => string;
  /** How a code piece reads (default: its text). */
  code?: (code: string) => string;
}

/** Inline pieces as plain text (no markup): bold as its text, labels as 【Label】(translation). */
export function plainText(r: Rich, opts: PlainOptions = {}): string {
  if (typeof r === 'string') return r;
  return r.map((p) => piece(p, opts)).join('');
}

function piece(p: Inline, opts: PlainOptions): string {
  if (typeof p === 'string') return p;
  if ('bold' in p) return p.bold;
  if ('code' in p) return opts.code ? opts.code(p.code) : p.code;
  if ('mention' in p) return opts.mention ? opts.mention(p.mention) : `@${p.mention}`;
  return defaultLabel(p.label, p.translation);
}

/**
 * A full-width colon after a Chinese label, as Chinese text writes it; `: ` after any other, so the
 * English half of a bilingual reply reads `Who does it: Brand owner`.
 */
export function labelColon(label: string): string {
  return /[\p{sc=Han}）」】]$/u.test(label.trim()) ? '：' : ': ';
}

function block(b: Block, rich: (r: Rich) => string): string {
  switch (b.type) {
    case 'heading':
      // A line of its own; no `== … ==` markers (this text is the chat platforms' fallback too).
      return b.text;
    case 'paragraph':
      return rich(b.text);
    case 'steps':
      return b.items.map((s, i) => `${(b.start ?? 1) + i}. ${rich(s)}`).join('\n');
    case 'list':
      return b.items.map((s) => `${b.checkbox ? '[ ]' : '•'} ${rich(s)}`).join('\n');
    case 'fields':
      return b.fields.map((f) => `${f.label}${labelColon(f.label)}${rich(f.value)}`).join('\n');
    case 'warning':
      return `⚠ ${rich(b.text)}`;
    case 'context':
      return `  ${rich(b.text)}`;
    case 'buttons':
      return b.buttons.map((x) => `[${x.label}]`).join(' ');
    case 'divider':
      return '----';
  }
}
