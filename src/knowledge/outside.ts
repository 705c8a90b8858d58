import { loadOutside } from './lexicon.js';
import { stripChatter } from './chatter.js';
import type { Normalizer } from './normalize.js';
import { readPrebuiltOutside } from './prebuilt.js';

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

  constructor(
    phrases: readonly string[],
    private readonly normalizer: Pick<Normalizer, 'normalize'>,
  ) {
    for (const p of phrases) (HAN.test(p) ? this.hanPhrases : this.latinPhrases).push(p);
  }

  /** The outside phrase the question holds (outside its greetings), or undefined. */
  find(question: string): string | undefined {
    const text = stripChatter(this.normalizer.normalize(question));
    return this.pattern(HAN.test(text))?.exec(text)?.[0];
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
    if (this.latinPattern === null) {
      // A phrase normalization gives a Chinese character (NFKC of ㈱) only ever matches a question that has one.
      this.latinPattern = compile(this.normalized(this.latinPhrases).filter((p) => !HAN.test(p)));
    }
    return this.latinPattern;
  }

  private normalized(phrases: readonly string[]): string[] {
    return phrases.map((p) => this.normalizer.normalize(p).trim());
  }
}

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

/** A phrase list's matcher per normalizer (compiled once per normalizer), from the phrases `read` gives. */
export function phraseMatcher(read: () => string[]): (normalizer: Normalizer) => OutsideTopics {
  const byNormalizer = new WeakMap<object, OutsideTopics>();
  return (normalizer) => {
    let t = byNormalizer.get(normalizer);
    if (!t) byNormalizer.set(normalizer, (t = new OutsideTopics(read(), normalizer)));
    return t;
  };
}

/**
 * The project's outside topics, for a normalizer. The bundled CLI reads the phrases the build
 * validated (prebuilt.ts), when lexicon.json is unchanged.
 */
export const outsideTopics = phraseMatcher(() => readPrebuiltOutside() ?? loadOutside());
