import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../paths.js';

/**
 * The /howto confidence model's calibration (see confidence.ts): the features it reads, and the
 * file `npm run calibrate:howto` writes. The bundled CLI reads the calibration the build checked
 * (prebuilt.ts) instead of checking the file again.
 */

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
  /**
   * How long the question is: log(1 + its words), cues left out. A long chat message (greetings,
   * context) holds less of any entry's wording even when it asks exactly that entry's question.
   */
  length: number;
  /**
   * The weight of the question's Han bigrams the knowledge base never holds, over the question's
   * weight: words from a topic the guides do not cover (a question about Vine on a program's
   * name) make an answer less likely right.
   */
  novel: number;
  /**
   * The top hit's lead over the third. Two siblings close together but well ahead of the rest are
   * at least the question's topic; a top hit merely ahead of a crowd is not.
   */
  thirdMargin: number;
  /**
   * The top entry's share of the language model's posterior over any other hit's best. The model
   * reads only titles and alternative questions: a sibling it prefers (asked the way that sibling's
   * questions ask) is where a top hit ranked on the guide's text is often wrong.
   */
  lmMargin: number;
}

export const FEATURE_NAMES = ['rank', 'margin', 'norm', 'normMargin', 'match', 'matchMargin', 'passage', 'fit', 'coverage', 'lm', 'marginMatch', 'lmCoverage', 'length', 'novel', 'thirdMargin', 'lmMargin'] as const;

export interface Calibration {
  bias: number;
  weights: Record<keyof Features, number>;
  /** Answer when the probability reaches this… */
  answerProbability: number;
  /** …and the best title or alternative question holds at least this share of the question. */
  answerPassage: number;
  /**
   * Offer entries whose rank reaches this (and is within suggestSpread of the best), when the
   * model gives the best at least suggestProbability of being right…
   */
  suggestRank: number;
  suggestProbability: number;
  /**
   * …or, whatever their rank, the entries within suggestSpread of the best when the model gives it
   * at least suggestProbabilityAlone: a long chat message ranks its right entry low but the model,
   * reading more than the rank, can still be fairly sure of it.
   */
  suggestProbabilityAlone: number;
  suggestSpread: number;
  /** Offer only entries whose best title or question holds at least this share of the question (plausibly about it). */
  suggestPassage: number;
}

const calibrationSchema = () =>
  z.object({
    bias: z.number(),
    weights: z.object(Object.fromEntries(FEATURE_NAMES.map((n) => [n, z.number()])) as Record<keyof Features, z.ZodNumber>).strict(),
    answerProbability: z.number().min(0).max(1),
    answerPassage: z.number().min(0).max(1),
    suggestRank: z.number(),
    // Without these (a file from before them), the rank alone gates suggestions.
    suggestProbability: z.number().min(0).max(1).default(0),
    suggestProbabilityAlone: z.number().min(0).max(1).default(1),
    suggestSpread: z.number().min(0),
    suggestPassage: z.number().min(0).max(1).default(0),
  });

/** Where `npm run calibrate:howto` writes the calibration, and where it is read from. */
export const CALIBRATION_FILE = projectPath('locales', 'howto-calibration.json');

/** Reads a calibration file; a bad one names the problem. */
export function readCalibration(file = CALIBRATION_FILE): Calibration {
  const parsed = calibrationSchema().safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
