/**
 * How many terminal columns a text takes, cheaply for the text this bot prints.
 *
 * string-width knows every case (emoji sequences, combining marks, Hangul jamo) but building its
 * tables (an `\p{RGI_Emoji}` pattern and a grapheme segmenter) costs some 100 ms, as much as the
 * rest of a one-shot command. Nearly every reply is made only of the characters below, each of
 * which is a grapheme of its own whatever surrounds it and whose width is plain: one column, two
 * for the wide (CJK) ones, none for a tab or a line feed. For those the width is counted here;
 * string-width (and wrap-ansi, which uses it) is loaded only for a text with anything else.
 * test/adapters/shell/width.test.ts checks every character of these sets against string-width.
 */
const ZERO = '\\t\\n';
const NARROW =
  '\\u0020-\\u007e\\u00a0-\\u00ac\\u00ae-\\u02ff\\u0370-\\u03ff\\u2010-\\u2027\\u2030-\\u205e\\u2190-\\u22ff\\u2500-\\u25fc\\u26a0\\uff61-\\uff9d';
const WIDE =
  '\\u23f0\\u3000-\\u3029\\u3030-\\u303e\\u3041-\\u3096\\u309b-\\u30ff\\u3105-\\u312f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7a3\\uf900-\\ufaff\\ufe10-\\ufe19\\ufe30-\\ufe4f\\uff01-\\uff60';

const PLAIN_TEXT = new RegExp(`^[${ZERO}${NARROW}${WIDE}]*$`);
const WIDE_CHAR = new RegExp(`[${WIDE}]`, 'g');
const ZERO_CHAR = new RegExp(`[${ZERO}]`, 'g');

/** Whether `s` is made only of the characters above (each one grapheme, of a known width). */
export function isPlainText(s: string): boolean {
  return PLAIN_TEXT.test(s);
}

/** The columns `s` takes when it is plain text (isPlainText), else undefined. */
export function plainWidth(s: string): number | undefined {
  if (!PLAIN_TEXT.test(s)) return undefined;
  return s.length + (s.match(WIDE_CHAR)?.length ?? 0) - (s.match(ZERO_CHAR)?.length ?? 0);
}

/** The libraries for any text: its width, and wrapping one piece wider than a line. */
export interface TextLibs {
  width(s: string): number;
  /** `s` (which may hold ANSI styles) cut into lines of at most `columns`, at its spaces where it has some. */
  wrap(s: string, columns: number): string;
}

let libs: TextLibs | undefined;

/** string-width and wrap-ansi, loaded on first need. */
export async function loadTextLibs(): Promise<TextLibs> {
  if (!libs) {
    const [{ default: stringWidth }, { default: wrapAnsi }] = await Promise.all([import('string-width'), import('wrap-ansi')]);
    libs = { width: (s) => stringWidth(s), wrap: (s, columns) => wrapAnsi(s, columns, { hard: true, trim: true }) };
  }
  return libs;
}

/** The libraries when they are loaded already. */
export function loadedTextLibs(): TextLibs | undefined {
  return libs;
}

let segmenter: Intl.Segmenter | undefined;

/**
 * The graphemes of `s`: its characters when it is plain text, else what Intl.Segmenter finds
 * (made on first need: its first construction loads ICU's rules, some 20 ms).
 */
export function graphemes(s: string): Iterable<string> {
  if (PLAIN_TEXT.test(s)) return s;
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return Array.from(segmenter.segment(s), (x) => x.segment);
}
