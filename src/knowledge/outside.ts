import { loadOutside } from './lexicon.js';
import { stripChatter } from './chatter.js';
import type { Normalizer } from './normalize.js';

/**
 * Topics the guides do not cover (locales/lexicon.json, `outside`): fees and prices, payouts and
 * bank details, closing an account, shipping costs, refunds and taxes. A question about one of them
 * is told "I don't know" with the programs to browse, rather than offered entries that only share
 * its other words ("how do I delete my Amazon account" is not about adding one to SaleYee).
 */
export class OutsideTopics {
  private readonly pattern: RegExp | undefined;

  constructor(
    phrases: readonly string[],
    private readonly normalizer: Pick<Normalizer, 'normalize'>,
  ) {
    const alternatives = [...new Set(phrases.map((p) => normalizer.normalize(p).trim()).filter((p) => p !== ''))]
      .sort((a, b) => b.length - a.length)
      .map((p) => {
        const escaped = p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        return `${/^[a-z0-9]/.test(p) ? '(?<![a-z0-9])' : ''}${escaped}${/[a-z0-9]$/.test(p) ? '(?![a-z0-9])' : ''}`;
      });
    this.pattern = alternatives.length ? new RegExp(alternatives.join('|'), 'u') : undefined;
  }

  /** The outside phrase the question holds (outside its greetings), or undefined. */
  find(question: string): string | undefined {
    return this.pattern?.exec(stripChatter(this.normalizer.normalize(question)))?.[0];
  }
}

const byNormalizer = new WeakMap<object, OutsideTopics>();

/** The project's outside topics, for a normalizer (compiled once per normalizer). */
export function outsideTopics(normalizer: Normalizer): OutsideTopics {
  let t = byNormalizer.get(normalizer);
  if (!t) byNormalizer.set(normalizer, (t = new OutsideTopics(loadOutside(), normalizer)));
  return t;
}
