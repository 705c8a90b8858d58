/**
 * Text normalization for /howto: questions and knowledge-base text go through the same steps so a
 * question in any of the three languages meets an entry written in any of them.
 *
 *   NFKC → lower case → traditional → simplified (opencc-js) → 帐 → 账
 *   → split into Han runs and Latin/digit runs; Chinese stop words separate Han runs
 *   → Han runs: single characters plus character bigrams (never across a stop word)
 *   → Latin words: (typo correction against the index vocabulary, by the caller) → stop words
 *     dropped → light stemming
 *
 * opencc-js's tables and pinyin-pro are loaded the first time a text has Han characters: a question
 * in English never pays for them.
 */
import { createRequire } from 'node:module';

import { ZH_STOP_WORDS, isEnglishStopWord } from './stop-words.js';
import { askerRole, questionCues, type AskerRole } from './question-cues.js';

// What moved beside this file, still importable from here.
export { isEnglishStopWord, askerRole, questionCues, type AskerRole };
export { hasWords, isAcknowledgement, isChatterOnly, stripChatter } from './chatter.js';

/** A function turning traditional Chinese into simplified. */
export type ToSimplified = (text: string) => string;

/** A piece of normalized text: a run of Han characters, or one Latin/digit word. */
export interface Segment {
  kind: 'han' | 'latin';
  text: string;
}

/** Characters folded after conversion: opencc turns 帳號 into 帐号, mainland text writes 账号. */
const FOLDS: Record<string, string> = { 帐: '账' };

const HAN = /\p{Script=Han}/u;
const ASCII = /^[\x00-\x7f]*$/;
/** Characters that show nothing and join nothing, pasted from web pages and documents inside words: zero-width space, word joiner, BOM, soft hyphen. */
const INVISIBLE = /[\u200B\u2060\uFEFF\u00AD]/g;
const APOSTROPHE = /['’‘`´]/;

/**
 * The United States as typed in chat: "US" (or "U.S.") in capitals is the marketplace, "us" in lower case the pronoun ("are
 * they allowed to do it for us", "someone contacted us"), a stop word. The marketplace reads as "usa", a word of its own; "us"
 * in lower case is the marketplace too where it names a store, an account or a site ("our us store", "us marketplace"), follows "the" ("outside the us") or
 * stands with another region ("us and eu accounts", "eu/us"). Text typed all in capitals says nothing by its case.
 */
const US_CAPITALS = /\bU\.S\.(?![A-Za-z])|\bU\.S\b|\bUS\b/g;
const US_REGIONS = 'eu|uk|europe|japan|jp|canada|ca|mexico|mx|germany|france|italy|spain|australia|india|north america';
const US_LOWER = new RegExp(
  `(?<=\\bthe )us\\b|\\bus(?= (?:stores?|shops?|sites?|marketplaces?|markets?|accounts?|sellers?|amazon|seller central)\\b)|\\bus(?= ?(?:and|or|&|/|,) ?(?:${US_REGIONS})\\b)|(?<=\\b(?:${US_REGIONS}) ?(?:and|or|&|/|,) ?)us\\b`,
  'g',
);

/**
 * Every reading of each character of a text, tones dropped (pinyin-pro's `polyphonic`): "行" →
 * [["xing", "hang", "heng"]]. A character without a reading gives [].
 */
export type Readings = (text: string) => string[][];

/**
 * Quotation marks around a button's or a page's name dropped ("click 'Revision'", 点「通过」, “Approve”), so that the
 * lexicon reads the name with the words around it ("revision button", 点通过): a mark beside Latin text or a space becomes
 * a space, one between Han characters goes. An apostrophe inside a word (o'clock) stays.
 */
export function unquote(text: string): string {
  if (!QUOTE.test(text)) return text;
  return text
    .replace(/(?<![a-z0-9])'|'(?![a-z0-9])|["“”„«»「」『』〝〞]/g, (_, at: number) => {
      const before = text[at - 1] ?? ' ';
      const after = text[at + 1] ?? ' ';
      return HAN.test(before) && HAN.test(after) ? '' : ' ';
    })
    .replace(/ {2,}/g, ' ')
    .trim();
}
const QUOTE = /['"“”„«»「」『』〝〞]/;

/** A normalizer: the text steps above, with a traditional → simplified converter. */
export class Normalizer {
  private readonly soundCache = new Map<string, readonly string[]>();

  constructor(
    private readonly toSimplified: ToSimplified,
    private readonly readings?: Readings,
  ) {}

  /** Whether this normalizer can read characters by sound (pinyin-pro loaded). */
  get hasSounds(): boolean {
    return this.readings !== undefined;
  }

  /**
   * The readings of a simplified Han character, tones dropped ("登" → ["deng"]); [] without the
   * pinyin reader. Remembered; `learnSounds` fills the cache for many characters in one call.
   */
  sound(char: string): readonly string[] {
    const known = this.soundCache.get(char);
    if (known) return known;
    const got = this.readings?.(char)[0] ?? [];
    this.soundCache.set(char, got);
    return got;
  }

  /** Reads the sounds of many characters at once (much faster than one by one). */
  learnSounds(chars: Iterable<string>): void {
    if (!this.readings) return;
    const missing = [...new Set(chars)].filter((c) => !this.soundCache.has(c) && HAN.test(c));
    if (!missing.length) return;
    const got = this.readings(missing.join(''));
    missing.forEach((c, i) => this.soundCache.set(c, got[i] ?? []));
  }

  /** NFKC, lower case, traditional → simplified, the folds. The text keeps its punctuation. */
  normalize(text: string): string {
    // Plain ASCII is its own NFKC form.
    let s = ASCII.test(text) ? text : text.normalize('NFKC').replace(INVISIBLE, '');
    if (s.includes('U') && /[a-z]/.test(s)) s = s.replace(US_CAPITALS, 'usa');
    s = s.toLowerCase();
    if (s.includes('us')) s = s.replace(US_LOWER, 'usa');
    // English contractions become words: can't → can not, doesn't → does not, I'm → I am, we're → we are, what's → what
    // (the full forms are stop words; who asks is read from them: "I'm the designer").
    if (APOSTROPHE.test(s)) s = s.replace(/[’‘`´]/g, "'").replace(/\bcan't\b/g, 'can not').replace(/\bwon't\b/g, 'will not').replace(/n't\b/g, ' not').replace(/'m\b/g, ' am').replace(/'re\b/g, ' are').replace(/'ve\b/g, ' have').replace(/'ll\b/g, ' will').replace(/'(s|d)\b/g, '');
    if (HAN.test(s)) {
      s = this.toSimplified(s);
      s = s.replace(/帐/g, (c) => FOLDS[c] ?? c);
    }
    return s;
  }

  /** Han runs (stop words removed, splitting them) and Latin/digit words, in order. */
  segments(text: string): Segment[] {
    return segmentNormalized(this.normalize(text));
  }

  /**
   * The question's segments, what kind of question it is (see questionCues) and who asks it (see
   * askerRole); without cues, the segments alone (knowledge-base text).
   */
  analyze(text: string, withCues = true, withRole = withCues): { segments: Segment[]; cues: string[]; role?: AskerRole | undefined } {
    const s = this.normalize(text);
    if (!withCues) return { segments: segmentNormalized(s), cues: [] };
    return { segments: segmentNormalized(s), cues: questionCues(s), role: withRole ? askerRole(s) : undefined };
  }
}

/**
 * Han runs (CJK unified ideographs, extensions A–F, compatibility ideographs), letter runs and digit
 * runs: "50件" → 50, 件; "iphone15" → iphone, 15.
 */
const PIECES = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]+|[a-z]+|[0-9]+/gu;
const HAN_START = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
/** Any Chinese stop word, longest first so 怎么办 wins over 怎么. */
const ZH_STOP = new RegExp([...ZH_STOP_WORDS].sort((a, b) => b.length - a.length).join('|'), 'g');

/** PIECES over ASCII text (no Han there): a one-shot English /howto then does not compile PIECES. */
const LATIN_PIECES = /[a-z]+|[0-9]+/g;

/** Splits normalized text into Han runs and Latin/digit words; Chinese stop words separate runs. */
function segmentNormalized(s: string): Segment[] {
  const out: Segment[] = [];
  if (ASCII.test(s)) {
    for (const m of s.matchAll(LATIN_PIECES)) out.push({ kind: 'latin', text: m[0] });
    return out;
  }
  for (const m of s.matchAll(PIECES)) {
    const piece = m[0];
    if (!HAN_START.test(piece)) {
      out.push({ kind: 'latin', text: piece });
      continue;
    }
    for (const run of piece.split(ZH_STOP)) if (run) out.push({ kind: 'han', text: run });
  }
  return out;
}

const SURROGATE = /[\ud800-\udfff]/;

/** Single characters and character bigrams of a Han run. */
export function hanTerms(run: string): { unigrams: string[]; bigrams: string[] } {
  const chars = SURROGATE.test(run) ? [...run] : run.split('');
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) bigrams.push(chars[i]! + chars[i + 1]!);
  return { unigrams: chars, bigrams };
}

/**
 * Light English stemming: plurals, -ing, -ed, -ation, -ion, -al, a final e or y, so that authorize,
 * authorized, authorizing, authorization and authorizations meet; verify, verified and
 * verification; submit and submission; revise and revision; approve and approval; register and
 * registration. Short words and numbers stay as they are.
 */
export function stem(word: string): string {
  word = IRREGULAR.get(word) ?? word;
  if (word.length <= 3) return word;
  const known = stems.get(word);
  if (known !== undefined) return known;
  const got = stemWord(word);
  // The knowledge base's words and the questions': a bounded memo (cleared when full).
  if (stems.size >= MAX_STEMS) stems.clear();
  stems.set(word, got);
  return got;
}

/**
 * Irregular verb forms, read as their verb ("got approved", "sold on Amazon", "store already bound
 * in feikan", "we make it to order" / "made to order", "took it down"), so that they meet the
 * guides' get, sell, bind, make, take: forms people type in chat where the guides write the base
 * form, or the other way round. Not "sent" (a designer who sent a design is not asking how to send
 * one), nor "left" (what is left to do is not leaving a comment), nor "stuck" (a state).
 */
const IRREGULAR = new Map(
  (
    'got:get gotten:get sold:sell made:make paid:pay took:take taken:take found:find brought:bring shown:show ' +
    'chose:choose chosen:choose bought:buy gave:give given:give said:say told:tell ran:run kept:keep came:come ' +
    'wrote:write written:write saw:see seen:see broke:break broken:break lost:lose meant:mean began:begin ' +
    'begun:begin went:go gone:go heard:hear held:hold built:build thought:think bound:bind understood:understand ' +
    'spent:spend sat:sit knew:know known:know met:meet forgot:forget forgotten:forget redid:redo ' +
    'redone:redo'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

const stems = new Map<string, string>();
const MAX_STEMS = 20_000;


/**
 * An adverb's adjective: "separately" → "separate", "automatically" → "automatic", "easily" →
 * "easy", "possibly" → "possible"; not apply, reply, supply (a verb ending in -ply) nor short
 * words (only, early, daily).
 */
function adjective(w: string): string {
  if (w.length < 6 || !w.endsWith('ly') || w.endsWith('ply') || NOUNS_IN_LY.has(w)) return w;
  if (w.endsWith('ically') && w.length > 8) return w.slice(0, -4);
  if (w.endsWith('ily')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('bly')) return `${w.slice(0, -3)}ble`;
  return w.slice(0, -2);
}

/** Words in -ly that are no adverb: they stem as nouns, so that family meets families. */
const NOUNS_IN_LY = new Set(['family', 'assembly', 'anomaly', 'butterfly', 'monopoly', 'italy', 'rally', 'tally', 'belly', 'jelly', 'bully', 'lily']);

function stemWord(word: string): string {
  if (/^[0-9]+$/.test(word)) return word;
  let w = adjective(word);
  // A verb in -ate meets its noun in -ation: associated / association, created / creation, updating / update.
  const ate = /(?:ates?|ated|ating)$/.exec(w);
  if (ate && w.length > 5 && w.length - ate[0].length >= 3) return w.slice(0, -ate[0].length);
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ication') && w.length > 9) w = `${w.slice(0, -7)}y`;
  else if (w.endsWith('ation') && w.length > 7) w = w.slice(0, -5);
  else if (w.endsWith('ission') && w.length > 7) w = `${w.slice(0, -5)}t`;
  else if (w.endsWith('ision') && w.length > 6) w = w.slice(0, -3);
  else if (w.endsWith('tion') && w.length > 6) w = w.slice(0, -3);
  else if (/[svw]al$/.test(w) && w.length > 6) w = w.slice(0, -2);
  else if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  if (w.endsWith('y') && w.length > 3) w = `${w.slice(0, -1)}i`;
  if (w.endsWith('ter') && w.length >= 7) w = `${w.slice(0, -2)}r`;
  return w;
}

/** "submitt" → "submit", "shipp" → "ship" (a doubled final consonant from -ed / -ing). */
function undouble(w: string): string {
  return /([bdgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}

/**
 * A traditional → simplified converter from opencc-js's character tables: Taiwan variant forms
 * (裡, 為, 著) to the standard traditional ones, then traditional characters to simplified. Both
 * tables are `"source target|source target|…"`. A variant whose source is itself a simplified
 * character (么) is skipped, so simplified text passes through unchanged. Applied character by
 * character: phrase tables would only change how a word is written, and both the question and the
 * knowledge base are converted alike.
 */
function characterConverter(twVariantsRev: string, tsCharacters: string): ToSimplified {
  const pairs = (dict: string) => dict.split('|').map((line) => line.split(' ') as [string, string?]);
  const toSimplified = new Map<string, string>();
  for (const [from, to] of pairs(tsCharacters)) if (to) toSimplified.set(from, to);
  const simplified = new Set(toSimplified.values());
  const table = new Map<number, string>();
  for (const [from, to] of toSimplified) table.set(from.codePointAt(0)!, to);
  for (const [from, to] of pairs(twVariantsRev)) {
    if (!to || simplified.has(from) || [...from].length !== 1) continue;
    table.set(from.codePointAt(0)!, toSimplified.get(to) ?? to);
  }
  return (text) => {
    let out = '';
    let last = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.codePointAt(i)!;
      if (code < 0x3400) continue;
      const wide = code > 0xffff;
      const to = table.get(code);
      if (to !== undefined) {
        out += text.slice(last, i) + to;
        last = i + (wide ? 2 : 1);
      }
      if (wide) i++;
    }
    return last === 0 ? text : out + text.slice(last);
  };
}

/**
 * The question reduced to its words (normalized, stop words out), so that the same question in
 * other words or scripts groups together: "怎麼退保證金" and "怎么退保证金" → "退保证金".
 */
export function questionKey(normalizer: Normalizer, question: string): string {
  const words = normalizer
    .segments(question)
    .filter((s) => s.kind === 'han' || !isEnglishStopWord(s.text))
    .map((s) => s.text);
  // Spaces between Chinese words are typing habits, not meaning: "退 保证金" is "退保证金".
  const key = words.join(' ').replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '');
  return (key || normalizer.normalize(question).trim()).slice(0, 200);
}

let pending: Promise<Normalizer> | undefined;

/**
 * The process-wide normalizer. Its traditional → simplified tables (opencc-js) and its pinyin
 * reader (pinyin-pro, for matching by sound) are loaded, synchronously, the first time a text
 * needs them: they take longer to load than a one-shot English /howto takes to answer.
 */
export function loadNormalizer(): Promise<Normalizer> {
  pending ??= Promise.resolve(lazyNormalizer());
  return pending;
}

function lazyNormalizer(): Normalizer {
  // Loaded from node_modules, not bundled (scripts/bundle.ts): the bundle stays small to start.
  const load = createRequire(import.meta.url);
  const dict = (name: string) => (load(`opencc-js/dict/${name}`) as { default: string }).default;
  let convert: ToSimplified | undefined;
  let polyphonic: (typeof import('pinyin-pro'))['polyphonic'] | undefined;
  return new Normalizer(
    (text) => (convert ??= characterConverter(dict('TWVariantsRev'), dict('TSCharacters')))(text),
    (text) => (polyphonic ??= (load('pinyin-pro') as typeof import('pinyin-pro')).polyphonic)(text, { toneType: 'none', type: 'array' }),
  );
}
