import { latinPhrases, loadOutside } from './lexicon.js';
import { stripChatter } from './chatter.js';
import type { Normalizer } from './normalize.js';
import { readPrebuiltOutside, readPrebuiltOutsideLatin } from './prebuilt.js';

const HAN = /\p{Script=Han}/u;

/**
 * Topics the guides do not cover (locales/lexicon.json, `outside`): fees and prices, payouts and
 * bank details, closing an account, shipping costs, refunds and taxes. A question about one of them
 * is told "I don't know" with the programs to browse, rather than offered entries that only share
 * its other words ("how do I delete my Amazon account" is not about adding one to SaleYee).
 *
 * A question without Chinese characters can only hold the phrases without them, so it is matched
 * against those alone: normalizing the Chinese phrases loads the traditional → simplified tables,
 * which take longer than a one-shot English /howto takes to answer.
 */
export class OutsideTopics {
  private readonly latinPhrases: string[] = [];
  private readonly hanPhrases: string[] = [];
  private latinPattern: RegExp | undefined | null = null;
  private allPattern: RegExp | undefined | null = null;
  private soundKeys: Map<string, string> | undefined;

  /**
   * `latin`: the phrases without Chinese characters as latinPhrases normalizes them, when the build stored them
   * (prebuilt.ts); otherwise they are normalized on first use.
   */
  constructor(
    phrases: readonly string[],
    private readonly normalizer: Pick<Normalizer, 'normalize'> & Partial<Pick<Normalizer, 'sound' | 'learnSounds'>>,
    private readonly latin?: readonly string[],
  ) {
    for (const p of phrases) (HAN.test(p) ? this.hanPhrases : this.latinPhrases).push(p);
  }

  /** The outside phrase the question holds (outside its greetings), or undefined. */
  find(question: string): string | undefined {
    const text = stripChatter(this.normalizer.normalize(question));
    return this.pattern(HAN.test(text))?.exec(text)?.[0];
  }

  /**
   * The Chinese outside phrase the question types in pinyin ("zenme zhuxiao zhanghao" → 注销), or
   * undefined: a run of words that are not English (`isEnglish`, the index's reading) whose letters,
   * taken whole words at a time, spell every syllable of a phrase, tones dropped, any reading of a
   * polyphonic character ("yunfei", "yun fei" → 运费). Pinyin typed for a topic the guides do not
   * cover is as outside as the characters would be. Needs the normalizer's pinyin reader, loaded
   * only when the question has such a word.
   */
  findTyped(question: string, isEnglish: (word: string) => boolean): string | undefined {
    if (!this.normalizer.sound || !this.hanPhrases.length) return undefined;
    const words = stripChatter(this.normalizer.normalize(question)).split(/[^a-z]+/);
    let run: string[] = [];
    const runs: string[][] = [];
    for (const w of [...words, '']) {
      if (w !== '' && !isEnglish(w)) run.push(w);
      else if (run.length) {
        runs.push(run);
        run = [];
      }
    }
    if (!runs.length) return undefined;
    const keys = this.typedKeys();
    for (const r of runs) {
      for (let i = 0; i < r.length; i++) {
        let spelled = '';
        for (let j = i; j < r.length && j < i + MAX_TYPED_WORDS; j++) {
          spelled += r[j];
          const phrase = keys.get(spelled);
          if (phrase !== undefined) return phrase;
        }
      }
    }
    return undefined;
  }

  /** Each Chinese phrase's pinyin spellings (every reading of each character, syllables run together), to the phrase. */
  private typedKeys(): Map<string, string> {
    if (this.soundKeys) return this.soundKeys;
    const keys = new Map<string, string>();
    const phrases = this.normalized(this.hanPhrases).filter((p) => /^\p{Script=Han}+$/u.test(p));
    this.normalizer.learnSounds?.(phrases.join(''));
    for (const p of phrases) {
      let spellings = [''];
      for (const c of p) {
        const readings = this.normalizer.sound!(c);
        spellings = readings.length ? spellings.flatMap((s) => readings.map((r) => s + r)).slice(0, MAX_SPELLINGS) : [];
      }
      for (const s of spellings) if (s && !keys.has(s)) keys.set(s, p);
    }
    return (this.soundKeys = keys);
  }

  /**
   * The question (normalized, outside its greetings) with every phrase it holds taken out, or
   * undefined when it holds none.
   */
  without(question: string): string | undefined {
    const text = stripChatter(this.normalizer.normalize(question));
    const p = this.pattern(HAN.test(text));
    if (!p?.test(text)) return undefined;
    return text.replace(new RegExp(p.source, 'gu'), ' ');
  }

  /** The pattern of the phrases without Chinese characters, or of all (compiled on first use). */
  private pattern(withHan: boolean): RegExp | undefined {
    if (withHan) return this.allPattern === null ? (this.allPattern = compile(this.normalized([...this.latinPhrases, ...this.hanPhrases]))) : this.allPattern;
    if (this.latinPattern === null) this.latinPattern = compile(this.latin ?? latinPhrases(this.latinPhrases, (p) => this.normalizer.normalize(p)));
    return this.latinPattern;
  }

  private normalized(phrases: readonly string[]): string[] {
    return phrases.map((p) => this.normalizer.normalize(p).trim());
  }
}

/** A phrase typed in pinyin spans at most this many words (a syllable each). */
const MAX_TYPED_WORDS = 5;
/** The spellings kept per phrase (its characters' readings multiplied out). */
const MAX_SPELLINGS = 16;

/**
 * One pattern for the phrases, longest first (the order among equally long ones does not matter:
 * alternatives of one length starting at the same place are the same text); a Latin phrase's ends
 * only at word boundaries.
 */
function compile(normalized: readonly string[]): RegExp | undefined {
  const alternatives = [...new Set(normalized.filter((p) => p !== ''))]
    .sort((a, b) => b.length - a.length)
    .map((p) => {
      const escaped = p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return `${/^[a-z0-9]/.test(p) ? '(?<![a-z0-9])' : ''}${escaped}${/[a-z0-9]$/.test(p) ? '(?![a-z0-9])' : ''}`;
    });
  return alternatives.length ? new RegExp(alternatives.join('|'), 'u') : undefined;
}

/**
 * A phrase list's matcher per normalizer (compiled once per normalizer), from the phrases `read` gives and, when the
 * build stored them, their Latin ones normalized (`readLatin`).
 */
export function phraseMatcher(read: () => string[], readLatin: () => string[] | undefined = () => undefined): (normalizer: Normalizer) => OutsideTopics {
  const byNormalizer = new WeakMap<object, OutsideTopics>();
  return (normalizer) => {
    let t = byNormalizer.get(normalizer);
    if (!t) {
      const latin = readLatin();
      byNormalizer.set(normalizer, (t = latin ? new OutsideTopics(read(), normalizer, latin) : new OutsideTopics(read(), normalizer)));
    }
    return t;
  };
}

/**
 * The project's outside topics, for a normalizer. The bundled CLI reads the phrases the build
 * validated (prebuilt.ts), when lexicon.json is unchanged.
 */
export const outsideTopics = phraseMatcher(() => readPrebuiltOutside() ?? loadOutside(), readPrebuiltOutsideLatin);
