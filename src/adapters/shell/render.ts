import { defaultLabel } from '../../core/reply.js';
import { labelColon } from '../../core/render-text.js';
import type { Block, Button, Inline, Reply, Rich } from '../../core/types.js';
import { graphemes, loadTextLibs, loadedTextLibs, plainWidth, type TextLibs } from './width.js';

/**
 * A Reply as a terminal program prints it: no chat markup (no backticks, no `== … ==`); headings,
 * labels and field names in bold, commands in cyan, warnings in yellow and side notes dimmed when
 * `color` is on; and, when `width` is given, every line wrapped at that many columns at word
 * boundaries. Chinese text may break between any two characters, never inside one (a CJK character
 * is two columns wide: string-width), never before a closing mark such as ， or 」 and never after an
 * opening one; a `【label】(translation)` pair and a button are never split (unless one alone is
 * wider than the line). Without `width` (piped output) nothing is wrapped or measured.
 */
export interface TerminalOptions {
  color: boolean;
  /** Columns; undefined: do not wrap. */
  width?: number | undefined;
}

interface Style {
  bold?: boolean;
  dim?: boolean;
  color?: 'cyan' | 'yellow';
}

interface Segment {
  text: string;
  style: Style;
}

/** A piece no line breaks inside, and whether a space separates it from the one before. */
interface Word {
  segments: Segment[];
  gap: boolean;
}

const COLOR_ON: Record<NonNullable<Style['color']>, string> = { cyan: '\x1b[36m', yellow: '\x1b[33m' };

function paint(s: Segment, color: boolean): string {
  if (!color || (!s.style.bold && !s.style.dim && !s.style.color)) return s.text;
  let open = '';
  let close = '';
  if (s.style.bold || s.style.dim) {
    open += s.style.bold ? '\x1b[1m' : '\x1b[2m';
    close = '\x1b[22m' + close;
  }
  if (s.style.color) {
    open += COLOR_ON[s.style.color];
    close = '\x1b[39m' + close;
  }
  return `${open}${s.text}${close}`;
}

/** Marks that may not begin a line (they stay with what comes before). */
const CLOSING = /^[，。、；：！？）」』】〉》”’…,.;:!?)\]}%·]$/u;
/** Marks that may not end a line (they stay with what follows). */
const OPENING = /^[（「『【〈《“‘([{]$/u;
/** Characters a line may break before or after without a space: Han, kana, Hangul, full-width forms. */
const WIDE = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u3000-\u303f\uff00-\uffef]$/u;

/**
 * Splits styled text into words: at spaces, and (when the text is wrapped) around each wide (CJK)
 * character. Unwrapped text is only split at spaces: its words are joined again as they were.
 */
class WordBuilder {
  readonly words: Word[] = [];
  private current: Word | undefined;
  private gap = false;
  /** The current word ended in an opening mark: the next character joins it. */
  private glue = false;
  /** The current word ends in a wide character (a Latin letter after it may start a new word). */
  private wide = false;

  constructor(private readonly wrapping: boolean) {}

  add(text: string, style: Style): void {
    if (!this.wrapping) {
      text.split(/\s+/u).forEach((part, i) => {
        if (i > 0) this.space();
        if (!part) return;
        if (!this.current || this.gap) this.start();
        this.append(part, style);
      });
      return;
    }
    for (const g of graphemes(text)) {
      if (/^\s+$/u.test(g)) {
        this.end();
        this.gap = true;
        continue;
      }
      if (CLOSING.test(g) && this.current) {
        this.append(g, style);
        this.wide = WIDE.test(g);
        continue;
      }
      const wide = WIDE.test(g);
      if (!this.current || this.gap || (!this.glue && (wide || this.wide))) this.start();
      this.append(g, style);
      this.glue = OPENING.test(g);
      this.wide = wide;
    }
  }

  /** A unit that is never split (a label with its translation, a button). */
  unit(segments: Segment[]): void {
    if (!this.current || this.gap || !this.glue) this.start();
    for (const s of segments) this.append(s.text, s.style);
    this.glue = false;
    this.wide = false;
  }

  space(): void {
    this.end();
    this.gap = true;
  }

  private start(): void {
    this.end();
    this.current = { segments: [], gap: this.gap && this.words.length > 0 };
    this.words.push(this.current);
    this.gap = false;
  }

  private end(): void {
    this.current = undefined;
    this.glue = false;
    this.wide = false;
  }

  private append(text: string, style: Style): void {
    if (!this.current) this.start();
    const segs = this.current!.segments;
    const last = segs[segs.length - 1];
    if (last && sameStyle(last.style, style)) last.text += text;
    else segs.push({ text, style });
  }
}

function sameStyle(a: Style, b: Style): boolean {
  return a.bold === b.bold && a.dim === b.dim && a.color === b.color;
}

/**
 * Widths and wrapping for one rendering: counted here for plain text (width.ts), else by
 * string-width and wrap-ansi when they are loaded. When they are not, `missing` is set (and a
 * guess returned): renderTerminal loads them and renders again.
 */
class Measure {
  missing = false;
  constructor(private readonly libs: TextLibs | undefined) {}

  width(s: string): number {
    const w = plainWidth(s);
    if (w !== undefined) return w;
    if (this.libs) return this.libs.width(s);
    this.missing = true;
    return 2 * s.length;
  }

  wrap(s: string, columns: number): string {
    if (this.libs) return this.libs.wrap(s, columns);
    this.missing = true;
    return s;
  }
}

interface Ctx {
  opts: TerminalOptions;
  measure: Measure;
}

function wordWidth(w: Word, m: Measure): number {
  return w.segments.reduce((n, s) => n + m.width(s.text), 0);
}

const painted = (w: Word, color: boolean) => w.segments.map((s) => paint(s, color)).join('');

/**
 * Lays words out in lines: `first` before the first line, `rest` before the others (a hanging
 * indent), breaking only between words. Without a width, one line.
 */
function layout(words: Word[], ctx: Ctx, first: Segment, rest: string): string[] {
  const { width, color } = ctx.opts;
  if (width === undefined) {
    let line = paint(first, color);
    words.forEach((w, i) => (line += `${w.gap && i > 0 ? ' ' : ''}${painted(w, color)}`));
    return [line.replace(/\s+$/u, '')];
  }
  const m = ctx.measure;
  const lines: string[] = [];
  let line = paint(first, color);
  let used = m.width(first.text);
  let empty = true;
  const indent = m.width(rest);
  const flush = () => {
    lines.push(line.replace(/\s+$/u, ''));
    line = rest;
    used = indent;
    empty = true;
  };
  for (const w of words) {
    const ww = wordWidth(w, m);
    const text = painted(w, color);
    const gap = w.gap && !empty ? 1 : 0;
    if (!empty && used + gap + ww > width) flush();
    else if (gap) {
      line += ' ';
      used += 1;
    }
    if (used + ww > width) {
      // One piece wider than a whole line (a long button, a URL): wrapped on its own, at its
      // spaces where it has some, else by columns, never inside a character.
      const parts = m.wrap(text, Math.max(1, width - used)).split('\n');
      for (const [i, p] of parts.entries()) {
        if (i > 0) flush();
        line += p;
        used += m.width(p);
      }
      empty = false;
      continue;
    }
    line += text;
    used += ww;
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line.replace(/\s+$/u, ''));
  return lines;
}

/** Backtick spans in a translated string are code: shown without the backticks. */
function addText(b: WordBuilder, text: string, style: Style): void {
  const parts = text.split(/`([^`\n]+)`/);
  parts.forEach((p, i) => {
    if (p) b.add(p, i % 2 === 1 ? { ...style, color: 'cyan' } : style);
  });
}

function words(r: Rich, ctx: Ctx, base: Style = {}): Word[] {
  const b = new WordBuilder(ctx.opts.width !== undefined);
  const pieces: Inline[] = typeof r === 'string' ? [r] : r;
  for (const p of pieces) piece(b, p, base);
  return b.words;
}

function piece(b: WordBuilder, p: Inline, base: Style): void {
  if (typeof p === 'string') addText(b, p, base);
  else if ('bold' in p) addText(b, p.bold, { ...base, bold: true });
  else if ('code' in p) b.add(p.code, { ...base, color: 'cyan' });
  else if ('mention' in p) b.add(`@${p.mention}`, { ...base, bold: true });
  else {
    const label: Segment = { text: `【${p.label}】`, style: { ...base, bold: true } };
    b.unit(p.translation ? [label, { text: defaultLabel(p.label, p.translation).slice(label.text.length), style: base }] : [label]);
  }
}

function buttonRow(buttons: readonly Button[], ctx: Ctx): string[] {
  const b = new WordBuilder(ctx.opts.width !== undefined);
  for (const x of buttons) {
    b.space();
    b.unit([{ text: `[${x.label.replace(/\s+/g, ' ').trim()}]`, style: { color: 'cyan' } }]);
  }
  return layout(b.words, ctx, { text: '', style: {} }, '');
}

function block(bl: Block, ctx: Ctx): string[] {
  const plain = (text: string): Segment => ({ text, style: {} });
  switch (bl.type) {
    case 'heading':
      return layout(words(bl.text, ctx, { bold: true }), ctx, plain(''), '');
    case 'paragraph':
      return layout(words(bl.text, ctx), ctx, plain(''), '');
    case 'steps': {
      const start = bl.start ?? 1;
      const last = String(start + bl.items.length - 1).length;
      return bl.items.flatMap((s, i) => {
        const n = `${String(start + i).padStart(last)}. `;
        return layout(words(s, ctx), ctx, { text: n, style: { bold: true } }, ' '.repeat(n.length));
      });
    }
    case 'list':
      return bl.items.flatMap((s) => {
        const mark = bl.checkbox ? '[ ] ' : '• ';
        return layout(words(s, ctx), ctx, plain(mark), ' '.repeat(ctx.measure.width(mark)));
      });
    case 'fields':
      return bl.fields.flatMap((f) => {
        const head = new WordBuilder(ctx.opts.width !== undefined);
        head.unit([{ text: `${f.label}${labelColon(f.label).trimEnd()}`, style: { bold: true } }]);
        const value = words(f.value, ctx);
        if (value[0] && labelColon(f.label) === ': ') value[0].gap = true;
        return layout([...head.words, ...value], ctx, plain(''), '  ');
      });
    case 'warning':
      return layout(words(bl.text, ctx, { color: 'yellow' }), ctx, { text: '⚠ ', style: { color: 'yellow', bold: true } }, '  ');
    case 'context':
      return layout(words(bl.text, ctx, { dim: true }), ctx, plain('  '), '  ');
    case 'buttons':
      return buttonRow(bl.buttons, ctx);
    case 'divider':
      return [paint({ text: '─'.repeat(Math.min(ctx.opts.width ?? 40, 40)), style: { dim: true } }, ctx.opts.color)];
  }
}

function render(reply: Reply, ctx: Ctx): string {
  return reply.blocks
    .map((b) => block(b, ctx).join('\n'))
    .filter((s) => s !== '')
    .join('\n');
}

/**
 * The reply as terminal text. string-width and wrap-ansi are loaded (once) only when a wrapped
 * reply has text that needs them.
 */
export async function renderTerminal(reply: Reply, opts: TerminalOptions): Promise<string> {
  const first = new Measure(loadedTextLibs());
  const text = render(reply, { opts, measure: first });
  if (!first.missing) return text;
  return render(reply, { opts, measure: new Measure(await loadTextLibs()) });
}
