/**
 * Shortening text to a platform's limit (a button label, an embed title, an autocomplete name, a
 * quoted question): at most `max` UTF-16 units, never inside a character or an emoji sequence.
 */

let graphemes: Intl.Segmenter | undefined;

/**
 * The longest prefix of `s` of at most `max` UTF-16 units that ends on a grapheme boundary (never
 * inside a surrogate pair or an emoji sequence), preferring the last line break, then the last
 * space, in its second half.
 */
export function textCut(s: string, max: number): number {
  if (s.length <= max) return s.length;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let hard = 0;
  // A little look-ahead: whether `max` itself is a boundary depends on the code points after it.
  for (const { index } of graphemes.segment(s.slice(0, max + 8))) {
    if (index > max) break;
    hard = index;
  }
  if (hard === 0) hard = Math.min(max, s.length); // one grapheme longer than max: cut it at a code point
  while (hard > 0 && isHighSurrogate(s.charCodeAt(hard - 1))) hard--;
  const head = s.slice(0, hard);
  const soft = Math.max(head.lastIndexOf('\n'), head.lastIndexOf(' '));
  return soft > hard / 2 ? soft : hard;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** `s` shortened to at most `max` UTF-16 units (see textCut), the cut marked with an ellipsis. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, textCut(s, max - 1)).trimEnd()}…`;
}

/** The first `max` characters (code points) of s; s itself when it cannot have more (at most `max` UTF-16 units). */
export function firstChars(s: string, max: number): string {
  return s.length <= max ? s : Array.from(s).slice(0, max).join('');
}
