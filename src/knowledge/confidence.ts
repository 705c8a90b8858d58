import type { Hit, SearchResult } from './search-index.js';

/**
 * How sure /howto is, in three tiers: answer with one entry; offer up to three ("did you mean");
 * or say it does not know. A confident wrong answer sends someone to click the wrong thing in a
 * live seller account, so answering needs all of: a probability of being right (a logistic model
 * over the top hits' features) above ANSWER_PROBABILITY, and a hit in one of the entry's titles or
 * alternative questions holding a good share of the question.
 *
 * The model was fitted by scripts/howto-calibrate.ts on labelled questions: the knowledge base's
 * own alternative questions, each asked with it left out of the index (leave-one-out), and
 * out-of-scope seller questions (test/eval/calibration-negatives.jsonl). Re-run it after a
 * change to the ranking and paste its output here.
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
}

/** The features of a search the model reads, from the best two hits. */
export interface Features {
  rank: number;
  margin: number;
  passage: number;
  fit: number;
  norm: number;
  normMargin: number;
  passageMargin: number;
  coverage: number;
}

export const FEATURE_NAMES = ['rank', 'margin', 'passage', 'fit', 'norm', 'normMargin', 'passageMargin', 'coverage'] as const;

export interface Calibration {
  bias: number;
  weights: Record<keyof Features, number>;
  /** Answer when the probability reaches this… */
  answerProbability: number;
  /** …and the best title or alternative question holds at least this share of the question. */
  answerPassage: number;
  /** Offer entries whose rank reaches this (and is within suggestSpread of the best). */
  suggestRank: number;
  suggestSpread: number;
}

export const CALIBRATION: Calibration = {
  bias: -2.67,
  weights: { rank: 1.41, margin: 2.88, passage: -1.92, fit: 1.7, norm: 2.66, normMargin: 4.55, passageMargin: 0.71, coverage: -0.1 },
  answerProbability: 0.86,
  answerPassage: 0.3,
  suggestRank: 0.38,
  suggestSpread: 0.25,
};

const NONE: Hit = { id: '', score: 0, norm: 0, coverage: 0, passage: 0, fit: 0, rank: 0 };

export function features(hits: readonly Hit[]): Features | undefined {
  const a = hits[0];
  if (!a) return undefined;
  const b = hits[1] ?? NONE;
  return {
    rank: a.rank,
    margin: a.rank - b.rank,
    passage: a.passage,
    fit: a.fit,
    norm: a.norm,
    normMargin: a.norm - b.norm,
    passageMargin: a.passage - b.passage,
    coverage: a.coverage,
  };
}

export function probability(f: Features, c: Calibration = CALIBRATION): number {
  let z = c.bias;
  for (const k of FEATURE_NAMES) z += c.weights[k] * f[k];
  return 1 / (1 + Math.exp(-z));
}

/** The tier for a search result. */
export function decide(result: SearchResult, c: Calibration = CALIBRATION): Decision {
  const f = features(result.hits);
  if (!f) return { tier: 'unknown', entryId: null, alternatives: [], confidence: 0 };
  const confidence = probability(f, c);
  const top = result.hits[0]!;
  if (confidence >= c.answerProbability && f.passage >= c.answerPassage) {
    return { tier: 'answer', entryId: top.id, alternatives: [], confidence };
  }
  const alternatives = result.hits
    .filter((h) => h.rank >= c.suggestRank && h.rank >= top.rank - c.suggestSpread && h.passage > 0)
    .slice(0, 3)
    .map((h) => h.id);
  if (alternatives.length) return { tier: 'suggest', entryId: null, alternatives, confidence };
  return { tier: 'unknown', entryId: null, alternatives: [], confidence };
}
