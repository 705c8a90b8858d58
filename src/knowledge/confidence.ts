import { FEATURE_NAMES, readCalibration, type Calibration, type Features } from './calibration.js';
import { readPrebuiltCalibration } from './prebuilt.js';
import type { Hit, SearchResult } from './search-index.js';

/**
 * How sure /howto is, in three tiers: answer with one entry; offer up to three ("did you mean");
 * or say it does not know. A confident wrong answer sends someone to click the wrong thing in a
 * live seller account, so answering needs both: a probability of being right (a logistic model
 * over the top hits' features) of at least answerProbability, and a title or alternative question
 * of the entry holding at least answerPassage of the question.
 *
 * The model, the gate and the threshold are fitted by scripts/howto-calibrate.ts
 * (`npm run calibrate:howto`, see scripts/howto-model.ts) on the knowledge base's own questions
 * asked of an index built without them — alternative questions in a new wording, as close
 * paraphrases, and titles —, on the development sets' chat-style questions, and on out-of-scope
 * seller questions: the threshold is read on out-of-fold probabilities (each question scored by
 * the model fitted without the fold it is in), the lowest at which at most 1.5 % of those held-out
 * knowledge-base questions answered are wrong, no development-set question is answered with the
 * wrong entry, and no out-of-scope question comes within 0.05; that threshold is then raised while
 * it pays on a calibration set never fitted on (chat-dev8), where a wrong or out-of-scope answer
 * costs eight right ones. "Did you mean" is offered when the
 * best hit's rank and the probability both reach their gates, or the probability alone reaches a
 * higher one; those gates are picked to offer the right entry first to the most questions with no
 * more out-of-scope questions offered anything than the rank gate alone. Re-run it after a change to the
 * ranking: it writes locales/howto-calibration.json, which is loaded here (no numbers live in
 * this file).
 */

export type Tier = 'answer' | 'suggest' | 'unknown';

export interface Decision {
  tier: Tier;
  /** The entry answered with (answer tier only). */
  entryId: string | null;
  /** Ids offered instead, best first (suggest tier only). */
  alternatives: string[];
  /** The model's probability that the top hit is right: 0–1. */
  confidence: number;
  /** Set when the first two offers are the two sides of a difference question (SearchResult.both). */
  compared?: true;
}

export { CALIBRATION_FILE, FEATURE_NAMES, readCalibration, type Calibration, type Features } from './calibration.js';

let current: Calibration | undefined;

/**
 * The calibration in use (fitted by `npm run calibrate:howto`, written to CALIBRATION_FILE), read
 * on first use: in the bundled CLI the one the build checked (prebuilt.ts).
 */
export function calibration(): Calibration {
  current ??= readPrebuiltCalibration() ?? readCalibration();
  return current;
}

const NONE: Hit = { id: '', score: 0, norm: 0, coverage: 0, passage: 0, fit: 0, match: 0, lm: 0, kind: 0, role: 0, rank: 0 };

/** The model's features of a search: its best hits, the question's terms (for its length) and the weight of its bigrams the index never holds. */
export function features(result: Pick<SearchResult, 'hits' | 'terms' | 'novel' | 'mass'>): Features | undefined {
  const { hits, terms } = result;
  const a = hits[0];
  if (!a) return undefined;
  let words = 0;
  for (const t of terms) if (t.kind !== 'cue') words++;
  const b = hits[1] ?? NONE;
  let otherMatch = 0;
  let otherLm = 0;
  for (let i = 1; i < hits.length; i++) {
    otherMatch = Math.max(otherMatch, hits[i]!.match);
    otherLm = Math.max(otherLm, hits[i]!.lm);
  }
  return {
    rank: a.rank,
    margin: a.rank - b.rank,
    norm: a.norm,
    normMargin: a.norm - b.norm,
    match: a.match,
    matchMargin: a.match - otherMatch,
    passage: a.passage,
    fit: a.fit,
    coverage: a.coverage,
    lm: a.lm,
    marginMatch: (a.rank - b.rank) * a.match,
    lmCoverage: a.lm * a.coverage,
    length: Math.log(1 + words),
    novel: result.mass > 0 ? result.novel / result.mass : 0,
    thirdMargin: a.rank - (hits[2] ?? NONE).rank,
    lmMargin: a.lm - otherLm,
  };
}

export function probability(f: Features, c: Calibration = calibration()): number {
  let z = c.bias;
  for (const k of FEATURE_NAMES) z += c.weights[k] * f[k];
  return 1 / (1 + Math.exp(-z));
}

/** The tier for a search result. */
export function decide(result: SearchResult, c: Calibration = calibration()): Decision {
  const f = features(result);
  if (!f) return { tier: 'unknown', entryId: null, alternatives: [], confidence: 0 };
  const confidence = probability(f, c);
  const top = result.hits[0]!;
  // A difference question whose two sides are two entries (none explaining the distinction) is answered by both: offered together.
  // (Only when each side's entry reaches the suggestion's rank gate, or something would be offered anyway: an out-of-scope
  // comparison still gets "don't know". The probability gate is not asked of the pair: the two sides rank alike by design,
  // and a lead of about nothing reads as an unsure top hit.)
  if (result.both) {
    const offered = suggestions(result, confidence, c);
    const plausible = result.both.every((id) => {
      const h = result.hits.find((x) => x.id === id);
      return h !== undefined && h.rank >= c.suggestRank && h.passage > 0 && h.passage >= c.suggestPassage;
    });
    if (!offered.length && !plausible) return { tier: 'unknown', entryId: null, alternatives: [], confidence };
    return { tier: 'suggest', entryId: null, alternatives: [...new Set([...result.both, ...offered])].slice(0, 3), confidence, compared: true };
  }
  if (confidence >= c.answerProbability && f.passage >= c.answerPassage) {
    return { tier: 'answer', entryId: top.id, alternatives: [], confidence };
  }
  const alternatives = suggestions(result, confidence, c);
  if (alternatives.length) return { tier: 'suggest', entryId: null, alternatives, confidence };
  return { tier: 'unknown', entryId: null, alternatives: [], confidence };
}

/**
 * The entries offered ("did you mean") for a search not answered, best first, given the model's
 * probability that its best hit is right: the best hit's rank and the probability must both reach
 * their gates, or the probability alone a higher one (see Calibration).
 */
export function suggestions(result: Pick<SearchResult, 'hits'>, confidence: number, c: Calibration = calibration()): string[] {
  const top = result.hits[0];
  if (!top) return [];
  const byRank = top.rank >= c.suggestRank && confidence >= c.suggestProbability;
  if (!byRank && confidence < c.suggestProbabilityAlone) return [];
  const floor = byRank ? c.suggestRank : -Infinity;
  return result.hits
    .filter((h) => h.rank >= floor && h.rank >= top.rank - c.suggestSpread && h.passage > 0 && h.passage >= c.suggestPassage)
    .slice(0, 3)
    .map((h) => h.id);
}
