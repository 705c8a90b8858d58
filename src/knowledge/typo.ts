/**
 * Typo tolerance for Latin words: a word the index has never seen is replaced by the closest word
 * it has, within edit distance 1 (2 for words of 8 letters or more). Adjacent transpositions count
 * as one edit ("desgin" → "design"). A word of under SHORT letters is only corrected for two
 * swapped letters ("brnad" → "brand"): one letter away from a known short word is most often
 * another real word (bank → back, side → sit, skip → ship), not a typo. Nor is a word corrected
 * into one with another first letter (unless the first two are swapped: "rband"): people rarely
 * mistype the first letter, and such a "correction" is most often another real word (hooked →
 * booked, thinking → linking, clothing → nothing). Han text is never corrected.
 */
import { editDistance } from '../core/edit-distance.js';
import { TermIds } from './term-table.js';

/** The largest number of edits allowed for a word of this length (0: never corrected). */
export function maxEdits(length: number): number {
  if (length < 4) return 0;
  return length >= 8 ? 2 : 1;
}

/** Words shorter than this are corrected only for an adjacent transposition (see the top). */
export const SHORT = 6;

/** Whether b is a with two adjacent letters swapped. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Which letters a word holds, as bits (a–z; anything else shares one bit). */
function letterMask(word: string): number {
  let m = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i) - 97;
    m |= 1 << (c >= 0 && c < 26 ? c : 26);
  }
  return m;
}

function bitCount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/**
 * Whether a word is a known word with letters added at the front or the end ("unsubmit",
 * "resubmit", "designers"): that is word formation, not a typo, and correcting it could reverse its
 * meaning. One added letter still counts as a typo ("approvee").
 */
function isAffixed(word: string, known: string): boolean {
  return word.length >= known.length + 2 && (word.startsWith(known) || word.endsWith(known));
}

/** The words a corrector may propose, with how often each occurs (ties go to the more frequent). */
export class Vocabulary {
  /**
   * The words as of the last seal(), numbered in the order they were first added, and their counts:
   * a TermIds and a typed array, so the prebuilt index (prebuilt.ts) reads one string and a few
   * typed arrays instead of a Map of the words.
   */
  private ids = new TermIds([]);
  private wordCount = new Float64Array(0);
  /** The words first added since the last seal(), in the order added, with their counts. */
  private readonly added = new Map<string, number>();
  /** How many of the words (the first ones) the corrector proposes: those added before seal(). */
  private sealed = 0;
  /**
   * The words by length, made on the first correction (in the same order): the prebuilt index
   * then holds the words once, and a question whose words are all known never makes these lists.
   */
  private byLength: Map<number, { word: string; count: number; mask: number }[]> | undefined;

  add(word: string, count = 1): void {
    const t = this.ids.get(word);
    if (t !== undefined) this.wordCount[t]! += count;
    else this.added.set(word, (this.added.get(word) ?? 0) + count);
  }

  has(word: string): boolean {
    return this.ids.get(word) !== undefined || this.added.has(word);
  }

  get size(): number {
    return this.ids.size + this.added.size;
  }

  /** Call once every word is added (words added later are not proposed). */
  seal(): this {
    this.byLength = undefined;
    if (this.added.size) {
      const words = [...this.words()];
      this.ids = new TermIds(words.map(([word]) => word));
      this.wordCount = Float64Array.from(words, ([, count]) => count);
      this.added.clear();
    }
    this.sealed = this.ids.size;
    return this;
  }

  /** Every word with its count, in the order first added. */
  private *words(): Iterable<[string, number]> {
    for (let t = 0; t < this.ids.size; t++) yield [this.ids.term(t), this.wordCount[t]!];
    yield* this.added;
  }

  private lists(): Map<number, { word: string; count: number; mask: number }[]> {
    if (this.byLength) return this.byLength;
    const byLength = new Map<number, { word: string; count: number; mask: number }[]>();
    let n = 0;
    for (const [word, count] of this.words()) {
      if (n++ === this.sealed) break;
      const list = byLength.get(word.length) ?? [];
      list.push({ word, count, mask: letterMask(word) });
      byLength.set(word.length, list);
    }
    return (this.byLength = byLength);
  }

  /** The closest known word within the allowed edits, or undefined (also for known words). */
  correct(word: string): string | undefined {
    if (this.has(word) || /[0-9]/.test(word)) return undefined;
    const max = maxEdits(word.length);
    if (max === 0) return undefined;
    let best: { word: string; d: number; count: number } | undefined;
    const mask = letterMask(word);
    const lists = this.lists();
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const cand of lists.get(len) ?? []) {
        // Each edit adds or removes at most two letters from the set of letters a word holds.
        if (bitCount(mask ^ cand.mask) > 2 * max) continue;
        const limit = best ? Math.min(max, best.d) : max;
        // A typo keeps the first letter (or swaps the first two): a word that starts differently is
        // most often another real word (hooked is not booked, thinking is not linking). Checked
        // first: it is cheaper than the edit distance.
        if (cand.word[0] !== word[0] && !(cand.word[0] === word[1] && cand.word[1] === word[0])) continue;
        const d = editDistance(word, cand.word, limit);
        if (d > limit || isAffixed(word, cand.word)) continue;
        if (word.length < SHORT && !isTransposition(word, cand.word)) continue;
        if (!best || d < best.d || (d === best.d && cand.count > best.count)) best = { word: cand.word, d, count: cand.count };
      }
    }
    return best?.word;
  }
}
