import type { Normalizer } from './normalize.js';
import { zhStopWords } from './stop-words.js';

/**
 * Reading /howto questions by sound: input-method slips (刊灯 → 刊登, 频牌 → 品牌, 严正 → 验证)
 * and typed pinyin ("zenme shouquan zaidan" → 怎么授权载单), for simplified and traditional text
 * alike (both are simplified before they get here). The tables are built from the index's own
 * terms the first time a question needs them.
 */

/** What reading by sound needs from the index. */
export interface SoundSource {
  readonly normalizer: Normalizer;
  /** Every term of the index with its occurrences in the whole knowledge base. */
  termCounts(): Iterable<[string, number]>;
  /** A term's occurrences (0 when unknown). */
  cf(term: string): number;
  /** How cohesive a known bigram is (see HowtoIndex.cohesion): 0–1. */
  bigramCohesion(bigram: string): number;
  /** Whether a Latin word reads as English to the index (known, a stop word, or a typo of a known word). */
  readsAsEnglish(word: string): boolean;
  /** Whether a Latin word is English to the index as typed (known or a stop word, not a typo). */
  isEnglishWord?(word: string): boolean;
  /** soundCohesion: the least cohesion a known bigram needs to stand in for a homophone that shares no character with it. */
  readonly params: { readonly soundCohesion: number };
}

/**
 * Every known Han bigram under each of its readings (tones dropped), keeping the most frequent per
 * sound ("kan deng" → 刊登), exactly and with blurred initials and finals; for typed pinyin the
 * same with the question words ("zen me" → 怎么), syllable → most frequent character, and every
 * syllable heard.
 */
export interface SoundTables {
  soundBigram: Map<string, string>;
  fuzzyBigram: Map<string, string>;
  typedBigram: Map<string, string>;
  typedChar: Map<string, string>;
  /** A single-character stop word by its usual reading ("de" → 的, "ma" → 吗, "zai" → 在, "hai" → 还). */
  typedStop: Map<string, string>;
  /** The single-character stop words. */
  stopChars: Set<string>;
  syllables: PinyinSplitter;
}

/** A syllable with the initials and finals people blur folded together (zh/z, ch/c, sh/s, n/l, -ng/-n). */
function fuzz(syllable: string): string {
  return syllable.replace(/^([zcs])h/, '$1').replace(/^l/, 'n').replace(/ng$/, 'n');
}

/** Every toneless pinyin syllable (from the readings of the characters the index has seen). */
export class PinyinSplitter {
  private readonly syllables = new Set<string>();
  private longest = 0;

  add(syllable: string): void {
    if (!/^[a-z]+$/.test(syllable)) return;
    this.syllables.add(syllable);
    this.longest = Math.max(this.longest, syllable.length);
  }

  has(syllable: string): boolean {
    return this.syllables.has(syllable);
  }

  /** The word as the fewest pinyin syllables ("shouquan" → shou, quan), or undefined. */
  split(word: string): string[] | undefined {
    const n = word.length;
    if (!n || !this.syllables.size) return undefined;
    const best: (string[] | undefined)[] = new Array<string[] | undefined>(n + 1);
    best[0] = [];
    for (let i = 0; i < n; i++) {
      const prev = best[i];
      if (!prev) continue;
      for (let len = Math.min(this.longest, n - i); len >= 1; len--) {
        const syl = word.slice(i, i + len);
        if (!this.syllables.has(syl)) continue;
        const cand = best[i + len];
        if (!cand || cand.length > prev.length + 1) best[i + len] = [...prev, syl];
      }
    }
    return best[n];
  }
}

/** The sound tables of an index's terms (pinyin-pro's readings, tones dropped). */
export function buildSoundTables(src: SoundSource): SoundTables {
  const t: SoundTables = { soundBigram: new Map(), fuzzyBigram: new Map(), typedBigram: new Map(), typedChar: new Map(), typedStop: new Map(), stopChars: new Set(), syllables: new PinyinSplitter() };
  const stops = zhStopWords();
  const terms = [...src.termCounts()];
  const chars = new Set<string>();
  for (const [term] of terms) if (term.length === 1 && term.charCodeAt(0) >= 0x3400) chars.add(term);
  for (const w of stops) for (const c of w) chars.add(c);
  src.normalizer.learnSounds(chars);
  const put = (map: Map<string, string>, key: string, term: string, cf: number) => {
    const prev = map.get(key);
    if (prev === undefined || cf > src.cf(prev)) map.set(key, term);
  };
  // Per character its readings, exact and fuzzy, computed once.
  const exact = new Map<string, readonly string[]>();
  const fuzzy = new Map<string, string[]>();
  const readingsOf = (c: string) => {
    let r = exact.get(c);
    if (!r) {
      r = src.normalizer.sound(c);
      exact.set(c, r);
      fuzzy.set(c, [...new Set(r.map(fuzz))]);
    }
    return r;
  };
  const pairs = (xs: readonly string[], ys: readonly string[], each: (key: string) => void) => {
    for (const x of xs) for (const y of ys) each(`${x} ${y}`);
  };
  for (const [term, cf] of terms) {
    const a = term.charCodeAt(0);
    if (a < 0x3400 || a > 0xffff) continue;
    if (term.length === 1) {
      for (const syl of readingsOf(term)) {
        t.syllables.add(syl);
        const prev = t.typedChar.get(syl);
        if (prev === undefined || cf > src.cf(prev)) t.typedChar.set(syl, term);
      }
      continue;
    }
    if (term.length !== 2 || term.charCodeAt(1) < 0x3400) continue;
    const x = term[0]!;
    const y = term[1]!;
    pairs(readingsOf(x), readingsOf(y), (k) => {
      put(t.soundBigram, k, term, cf);
      put(t.typedBigram, k, term, cf);
    });
    pairs(fuzzy.get(x)!, fuzzy.get(y)!, (k) => put(t.fuzzyBigram, k, term, cf));
  }
  for (const w of stops) {
    if (w.length === 1) {
      t.stopChars.add(w);
      // Its usual reading only: 还 is hai (still), not huan; 的 is de, not di.
      const usual = readingsOf(w)[0];
      if (usual !== undefined && !t.typedStop.has(usual)) t.typedStop.set(usual, w);
      for (const syl of readingsOf(w)) t.syllables.add(syl);
      continue;
    }
    if (w.length !== 2) continue;
    // A question word typed in pinyin is the question word ("nali" → 哪里, not the guides' 那里): a question asks with them.
    pairs(readingsOf(w[0]!), readingsOf(w[1]!), (k) => t.typedBigram.set(k, w));
    for (const c of w) for (const syl of readingsOf(c)) t.syllables.add(syl);
  }
  return t;
}

/**
 * A known bigram that sounds like an unknown one (an input-method slip: 刊灯 → 刊登, 频牌 → 品牌,
 * 严正 → 验证), or undefined. One that shares no character with what was typed must be a
 * cohesive word of the knowledge base.
 */
function soundAlike(src: SoundSource, t: SoundTables, a: string, b: string, fits: (known: string, usual: boolean) => boolean): string | undefined {
  const ra = src.normalizer.sound(a);
  const rb = src.normalizer.sound(b);
  for (const fuzzy of [false, true]) {
    const map = fuzzy ? t.fuzzyBigram : t.soundBigram;
    for (const x of ra) {
      for (const y of rb) {
        const known = map.get(fuzzy ? `${fuzz(x)} ${fuzz(y)}` : `${x} ${y}`);
        if (!known) continue;
        const shares = known[0] === a || known[1] === b;
        // The same sound by every character's usual reading (not 家 read jie, nor 约 read yao).
        const usual = !fuzzy && x === ra[0] && y === rb[0] && src.normalizer.sound(known[0]!)[0] === x && src.normalizer.sound(known[1]!)[0] === y;
        // One that shares no character (two slips at once) must be a cohesive word sounding so by the usual readings:
        // 要几 is not 约机 (约 read yao), 家资 not 截止 (家 read jie), 老客 not 络科 (络 read lao).
        if (shares ? fits(known, usual) : usual && src.bigramCohesion(known) >= src.params.soundCohesion) return known;
      }
    }
  }
  return undefined;
}

/**
 * Typed pinyin read as Chinese ("zenme shouquan zaidan" → 怎么授权载单): runs of Latin words the
 * index does not read as English and that split into pinyin syllables, paired into known words by
 * sound. Normalized text in and out; text without such runs comes back unchanged.
 */
export function readPinyin(src: SoundSource, tables: () => SoundTables, text: string): string {
  return text.replace(/[a-z]+(?:[\s']+[a-z]+)*/g, (run) => {
    const words = run.split(/[\s']+/);
    const out: string[] = [];
    let pending: string[][] = [];
    let pendingWords: string[] = [];
    const flush = () => {
      const han = pending.flat().length >= 2 ? syllablesToHan(src, tables(), pending) : undefined;
      out.push(han ?? pendingWords.join(' '));
      pending = [];
      pendingWords = [];
    };
    for (const w of words) {
      const syl = src.readsAsEnglish(w) && !typoAmidPinyin(src, tables, w, pending.length > 0) ? undefined : tables().syllables.split(w);
      if (syl) {
        pending.push(syl);
        pendingWords.push(w);
      } else {
        if (pending.length) flush();
        out.push(w);
      }
    }
    if (pending.length) flush();
    return out.join(' ');
  });
}

/**
 * A word that reads as English only as a typo of a known word ("bangding" ~ binding), typed right after pinyin and
 * spelling a known Chinese word by sound (bang ding → 绑定): pinyin, as its neighbours ("zenme bangding yamaxun dianpu").
 */
function typoAmidPinyin(src: SoundSource, tables: () => SoundTables, word: string, afterPinyin: boolean): boolean {
  // The sound tables (pinyin-pro) are built only past these checks: an English question never needs them.
  if (!afterPinyin || !src.isEnglishWord || src.isEnglishWord(word)) return false;
  const t = tables();
  const syl = t.syllables.split(word);
  return syl?.length === 2 && t.typedBigram.has(`${syl[0]} ${syl[1]}`);
}

/**
 * How much a reading of typed syllables is worth (see syllablesToHan): a known word typed as one
 * word ("yongjiu" → 永久) more than one straddling two typed words ("shi yong" → 使用); a syllable
 * typed as a word of its own that is a one-character stop word ("de", "ma", "zai" → 的, 吗, 在) more
 * than any other single character.
 */
const TYPED_WORD_PAIR = 2.2;
const TYPED_STRADDLE_PAIR = 2;
const TYPED_STOP = 1.1;
const TYPED_CHAR = 0.5;

/**
 * Syllables (grouped by the word they were typed in) as Han characters, two at a time where a known
 * word sounds so; undefined unless most pair up (or are stop words typed alone). Of the ways to read them, the one worth most
 * (TYPED_WORD_PAIR …): a typed word boundary is where a typist who spaces pinyin ends a word, so
 * "shi yongjiu de ma" reads 是永久的吗, not 使用久的吗, and "zai nali" 在哪里, not 在哪理.
 */
function syllablesToHan(src: SoundSource, t: SoundTables, words: readonly (readonly string[])[]): string | undefined {
  const syl: string[] = [];
  const wordOf: number[] = [];
  words.forEach((w, i) => w.forEach((s) => (syl.push(s), wordOf.push(i))));
  const n = syl.length;
  const alone = (i: number) => words[wordOf[i]!]!.length === 1;
  // best[i]: the most a reading of the first i syllables is worth, how many of them are read surely (paired or stop
  // words alone), how many pairs, the text.
  const best: ({ worth: number; paired: number; pairs: number; text: string } | undefined)[] = new Array(n + 1).fill(undefined);
  best[0] = { worth: 0, paired: 0, pairs: 0, text: '' };
  const offer = (i: number, worth: number, paired: number, pairs: number, text: string) => {
    const b = best[i];
    if (!b || worth > b.worth) best[i] = { worth, paired, pairs, text };
  };
  for (let i = 0; i < n; i++) {
    const b = best[i];
    if (!b) continue;
    const two = i + 1 < n ? t.typedBigram.get(`${syl[i]} ${syl[i + 1]}`) : undefined;
    const inWord = wordOf[i] === wordOf[i + 1];
    if (two && (inWord || straddles(src, two, syl[i]!, syl[i + 1]!))) offer(i + 2, b.worth + (inWord ? TYPED_WORD_PAIR : TYPED_STRADDLE_PAIR), b.paired + 2, b.pairs + 1, b.text + two);
    const stop = t.typedStop.get(syl[i]!);
    const char = t.typedChar.get(syl[i]!);
    // A stop word typed alone is read as surely as a pair.
    if (stop !== undefined && (alone(i) || char === undefined)) offer(i + 1, b.worth + (alone(i) ? TYPED_STOP : TYPED_CHAR), b.paired + (alone(i) ? 1 : 0), b.pairs, b.text + stop);
    else if (char !== undefined) offer(i + 1, b.worth + TYPED_CHAR, b.paired, b.pairs, b.text + char);
  }
  const end = best[n];
  // At least one word of two syllables: stop words alone ("ni hao") are no Chinese question.
  return end && end.pairs > 0 && end.paired * 2 >= n ? end.text : undefined;
}

/**
 * A one-character stop word typed for its homophone inside one of the guides' words (联和账户 → 联合账户,
 * 账户和并 → 账户合并): the default character a pinyin input method offers for "he" is 和. Stop words split
 * the text before slips are heard, so these are read first: a stop character next to a Han character,
 * the pair unknown to the guides, that sounds exactly like a word the guides use often and cohesively
 * (by the characters' usual readings) keeping the neighbour, is that word. Normalized text in and out.
 */
export function hearStopSlips(src: SoundSource, tables: () => SoundTables, text: string): string {
  // English text needs no sound tables (building them loads the pinyin reader).
  if (!HAN_ONE.test(text)) return text;
  const t = tables();
  const chars = [...text];
  let changed = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    // 是 is left alone: the guides' 式, 事, 失, 使 share its sound and 流程是, 授权是 are what is typed.
    if (!t.stopChars.has(c) || c === '是') continue;
    for (const [a, b, at] of [[chars[i - 1], c, i], [c, chars[i + 1], i]] as const) {
      if (a === undefined || b === undefined || !HAN_ONE.test(a) || !HAN_ONE.test(b) || src.cf(a + b) > 0) continue;
      const known = t.soundBigram.get(`${src.normalizer.sound(a)[0]} ${src.normalizer.sound(b)[0]}`);
      if (!known || known.length !== 2) continue;
      const kept = a === c ? known[1] === b : known[0] === a;
      const into = a === c ? known[0]! : known[1]!;
      if (!kept || into === c || src.normalizer.sound(into)[0] !== src.normalizer.sound(c)[0]) continue;
      if (src.cf(known) < FREQUENT_WORD || src.bigramCohesion(known) < WORD) continue;
      chars[at] = into;
      changed = true;
      break;
    }
  }
  return changed ? chars.join('') : text;
}

const HAN_ONE = /\p{Script=Han}/u;

/**
 * Whether a known bigram may be read from two syllables typed as separate words ("zai dan" → 载单):
 * a question word, or a cohesive word of the guides read by its characters' usual readings (not 师为,
 * cut out of 设计师为, for "shi wei"; not 期间, 期 read ji, for "ji jian").
 */
function straddles(src: SoundSource, known: string, x: string, y: string): boolean {
  if (zhStopWords().includes(known)) return true;
  return src.bigramCohesion(known) >= WORD && src.normalizer.sound(known[0]!)[0] === x && src.normalizer.sound(known[1]!)[0] === y;
}

/**
 * A Han run with its input-method slips read by sound: each bigram the index does not know that
 * sounds like a known one is replaced by it (left to right). `heard[i]` is the typed bigram where
 * character i was replaced.
 */
export function hear(src: SoundSource, t: SoundTables, run: string): { chars: string[]; heard: (string | undefined)[] } {
  const chars = [...run];
  const heard: (string | undefined)[] = new Array<string | undefined>(chars.length).fill(undefined);
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    if (heard[i] || src.cf(a + b) > 0) continue;
    const known = soundAlike(src, t, a, b, (k, usual) => fitsInPlace(src, k, chars, i, usual));
    if (!known || known.length !== 2) continue;
    chars[i] = known[0]!;
    chars[i + 1] = known[1]!;
    heard[i] = heard[i + 1] = a + b;
    i++;
  }
  return { chars, heard };
}

/** A bigram at most this cohesive is a straddle of two words (证要 in 验证要…), not a word of its own. */
const STRADDLE = 0.05;
/** A bigram at least this cohesive is a word (载单, 授权). */
const WORD = 0.3;
/** A bigram seen at least this often is one of the guides' words, not a chance pairing (see fitsInPlace). */
const FREQUENT_WORD = 5;
/** A frequent bigram at least this cohesive is a word its characters are often used apart from (工作, 过期, 弹窗). */
const LOOSE_WORD = 0.15;

/**
 * Whether a known bigram sharing one character with the typed pair at i (chars i, i+1) may stand in
 * for it: the changed character then makes a word with its neighbour beyond the pair (盈栽单 → 盈载单:
 * 载单); or the bigram is a cohesive word itself; or the typed character is one the guides never use
 * and the bigram is no mere straddle (盖期 → 改期); or it sounds exactly the same by the characters'
 * usual readings and is a word the guides use often (工做日 → 工作日, 过其 → 过期). Otherwise a character of a word the guides lack
 * is not rewritten into a straddle (约好 stays, not 证要好; 输入 stays, not 诉入).
 */
function fitsInPlace(src: SoundSource, known: string, chars: readonly string[], i: number, usual: boolean): boolean {
  const right = known[0] === chars[i];
  const typed = right ? chars[i + 1]! : chars[i]!;
  const changed = right ? known[1]! : known[0]!;
  const beyond = right ? chars[i + 2] : chars[i - 1];
  if (beyond !== undefined && src.bigramCohesion(right ? changed + beyond : beyond + changed) >= WORD) return true;
  const cohesion = src.bigramCohesion(known);
  if (cohesion >= src.params.soundCohesion || (src.cf(typed) === 0 && cohesion > STRADDLE)) return true;
  // The same sound by the usual readings, a word of the guides they use often though its characters are common on
  // their own (工做日 → 工作日, 过其 → 过期, 弹创 → 弹窗): a typist picked the wrong one of two homophones.
  return usual && src.cf(known) >= FREQUENT_WORD && cohesion >= LOOSE_WORD;
}
