import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../paths.js';
import { once } from '../once.js';
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
 * paraphrases, and titles — and on out-of-scope seller questions
 * (test/eval/calibration-negatives.jsonl): the threshold is the lowest at which at most 2 % of
 * those held-out questions answered are wrong and no out-of-scope question comes within 0.02.
 * Re-run it after a change to the ranking: it writes locales/howto-calibration.json, which is
 * loaded here (no numbers live in this file).
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

/** The features of a search the model reads, from the best hits. */
export interface Features {
  /** The top hit's rank, and its lead over the runner-up's. */
  rank: number;
  margin: number;
  /** The top hit's BM25F score over the best its terms could reach, and its lead over the runner-up's. */
  norm: number;
  normMargin: number;
  /** The top hit's best title or alternative question: its match, and its lead over any other entry's best. */
  match: number;
  matchMargin: number;
  /** The share of the question that passage holds, and the share of the passage the question holds. */
  passage: number;
  fit: number;
  /** The share of the question the top entry holds anywhere (words the knowledge base never uses count against it). */
  coverage: number;
  /** The top entry's share of the question language model's posterior (its titles and questions alone). */
  lm: number;
  /** The lead, counting as much as the top entry's best title or question matches: a lead over nothing much is no evidence. */
  marginMatch: number;
  /** The language model's share, counting as much as the entry explains the question: words from elsewhere undo it. */
  lmCoverage: number;
}

export const FEATURE_NAMES = ['rank', 'margin', 'norm', 'normMargin', 'match', 'matchMargin', 'passage', 'fit', 'coverage', 'lm', 'marginMatch', 'lmCoverage'] as const;

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
  /** Offer only entries whose best title or question holds at least this share of the question (plausibly about it). */
  suggestPassage: number;
}

const calibrationSchema = once(() =>
  z.object({
    bias: z.number(),
    weights: z.object(Object.fromEntries(FEATURE_NAMES.map((n) => [n, z.number()])) as Record<keyof Features, z.ZodNumber>).strict(),
    answerProbability: z.number().min(0).max(1),
    answerPassage: z.number().min(0).max(1),
    suggestRank: z.number(),
    suggestSpread: z.number().min(0),
    suggestPassage: z.number().min(0).max(1).default(0),
  }),
);

/** Where `npm run calibrate:howto` writes the calibration, and where it is read from. */
export const CALIBRATION_FILE = projectPath('locales', 'howto-calibration.json');

/** Reads a calibration file; a bad one names the problem. */
export function readCalibration(file = CALIBRATION_FILE): Calibration {
  const parsed = calibrationSchema().safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** The calibration in use: fitted by `npm run calibrate:howto`, written to CALIBRATION_FILE; read on first use. */
export const calibration = once(() => readCalibration());

const NONE: Hit = { id: '', score: 0, norm: 0, coverage: 0, passage: 0, fit: 0, match: 0, lm: 0, kind: 0, role: 0, rank: 0 };

export function features(hits: readonly Hit[]): Features | undefined {
  const a = hits[0];
  if (!a) return undefined;
  const b = hits[1] ?? NONE;
  let otherMatch = 0;
  for (let i = 1; i < hits.length; i++) otherMatch = Math.max(otherMatch, hits[i]!.match);
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
  };
}

export function probability(f: Features, c: Calibration = calibration()): number {
  let z = c.bias;
  for (const k of FEATURE_NAMES) z += c.weights[k] * f[k];
  return 1 / (1 + Math.exp(-z));
}

/** The tier for a search result. */
export function decide(result: SearchResult, c: Calibration = calibration()): Decision {
  const f = features(result.hits);
  if (!f) return { tier: 'unknown', entryId: null, alternatives: [], confidence: 0 };
  const confidence = probability(f, c);
  const top = result.hits[0]!;
  if (confidence >= c.answerProbability && f.passage >= c.answerPassage) {
    return { tier: 'answer', entryId: top.id, alternatives: [], confidence };
  }
  const alternatives = result.hits
    .filter((h) => h.rank >= c.suggestRank && h.rank >= top.rank - c.suggestSpread && h.passage > 0 && h.passage >= c.suggestPassage)
    .slice(0, 3)
    .map((h) => h.id);
  if (alternatives.length) return { tier: 'suggest', entryId: null, alternatives, confidence };
  return { tier: 'unknown', entryId: null, alternatives: [], confidence };
}
