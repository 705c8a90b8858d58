/**
 * The /howto confidence model's fitting, shared by `npm run calibrate:howto` (howto-calibrate.ts)
 * and the ranking tuner (howto-tune.ts).
 *
 * In-scope questions: the knowledge base's own questions, each asked of an index built without it
 * (howto-loo.ts): every alternative question in a new wording (its own and its other-language
 * versions left out), every Chinese alternative question as a close paraphrase (the other Chinese
 * script's version kept), and every title; and the development sets' questions (dev-, chat-dev-,
 * chat-dev2-questions.jsonl), asked as a teammate types them. Out-of-scope questions:
 * test/eval/calibration-negatives.jsonl and the development sets' out-of-scope questions, weighted
 * up (they are fewer, and answering one is the worst outcome). The blind evaluation files are
 * never read here. Features: confidence.ts `features()`; label: the top hit is right. The fit is a
 * weighted logistic regression (logistic.ts, the routine howto-cv.ts fits with too; weights:
 * sampleWeight).
 *
 * The answer threshold is the lowest probability at which at most MAX_WRONG_SHARE of the held-out
 * knowledge-base questions answered are answered wrongly, no development-set question is answered
 * with the wrong entry, and no out-of-scope question (negatives and development sets) comes within
 * NEGATIVE_MARGIN of it; the passage gate (the share of the question its best title or alternative question must
 * hold) is the one, among a few, that then answers the most. `node dist/scripts/howto-cv.js`
 * reports what this gets on folds it was not fitted on.
 */
import { existsSync } from 'node:fs';
import { projectPath } from '../src/paths.js';
import type { KnowledgeBase } from '../src/knowledge/loader.js';
import type { Normalizer } from '../src/knowledge/normalize.js';
import { HowtoIndex, type SearchParams, type SearchResult } from '../src/knowledge/search-index.js';
import { FEATURE_NAMES, features, probability, suggestions, type Calibration, type Features } from '../src/knowledge/confidence.js';
import { readQuestions } from './howto-eval.js';
import { looParaphrases, looQuestions, looTitles } from './howto-loo.js';
import { loadLexicon, loadOutside } from '../src/knowledge/lexicon.js';
import { OutsideTopics } from '../src/knowledge/outside.js';
import { fitLogistic, type Coefficients } from './logistic.js';

/**
 * How much one out-of-scope question weighs in the fit, against one in-scope question whose top hit
 * is wrong (answering one is the worst outcome, and they are fewer).
 */
export const NEGATIVE_WEIGHT = 3;
/**
 * How much one in-scope question whose top hit is wrong weighs in the fit, against one whose top
 * hit is right. Weighting them up (4, with L2 0.0001) answers more on held-out folds (howto-cv.ts:
 * 1393 against 1356 of the tuning questions, no more wrong) but fits larger weights (the lead's
 * 2.4 → 8), so a question unlike any tuning question gets a more extreme probability: it answered
 * an out-of-scope question of a blind file the suite guards (test/eval/dev-set.test.ts), with the
 * closest tuning one 0.26 below the threshold. Not kept.
 */
export const WRONG_WEIGHT = 1;
/** L2 penalty on the weights (not the bias), per sample. */
export const L2 = 0.001;
/** At most this share of the held-out questions answered may be answered wrongly. */
export const MAX_WRONG_SHARE = 0.02;
/** No out-of-scope question may come this close to the threshold. */
export const NEGATIVE_MARGIN = 0.02;
/**
 * How far below the best hit an entry may rank and still be offered (not fitted: the file's
 * value since the tiers came in; the calibration no longer reads the file it writes, so that it
 * can write one for features the file in place does not have).
 */
const SUGGEST_SPREAD = 0.25;
/** The passage gates tried. */
const GATES = [0.3, 0.25, 0.2, 0.15, 0.1];

export const HELD_OUT = ['loo', 'para', 'title'] as const;
export type HeldOutSet = (typeof HELD_OUT)[number];
export type SetName = HeldOutSet | 'neg' | 'dev' | 'chatdev' | 'chatdev2' | 'chatdev3' | 'chatdev4' | 'chatdev5';
export const SET_NAMES: Record<HeldOutSet, string> = {
  loo: 'alternative questions, new wording',
  para: 'alternative questions, paraphrase kept',
  title: 'titles',
};

export interface Sample {
  set: SetName;
  x: Features;
  right: boolean;
  passage: number;
  /** A question the knowledge base has no answer for (the negatives, and the evaluation files' out-of-scope questions). */
  outOfScope?: boolean;
  /** The question, and the entry it expects (null: out of scope). */
  q?: string;
  expect?: string | null;
  /** The search, for features tried out (howto-cv.ts). */
  result?: SearchResult;
}

const EVAL_FILES: [SetName, string][] = [
  ['neg', 'calibration-negatives.jsonl'],
  ['dev', 'dev-questions.jsonl'],
  // The development sets only: the blind measurement sets (holdout*, chat*) are for `npm run eval`, never read here.
  ['chatdev', 'chat-dev-questions.jsonl'],
  ['chatdev2', 'chat-dev2-questions.jsonl'],
  ['chatdev3', 'chat-dev3-questions.jsonl'],
  ['chatdev4', 'chat-dev4-questions.jsonl'],
  // Chinese chat-style questions (typed pinyin, IME slips, Taiwan wording).
  ['chatdev5', 'chat-dev5-questions.jsonl'],
];

/** The samples: held-out questions, negatives and (with `withEval`) the evaluation files, to report. */
export function collectSamples(kb: KnowledgeBase, normalizer: Normalizer, params: SearchParams, withEval: boolean): Sample[] {
  const samples: Sample[] = [];
  const heldOut = { loo: looQuestions(kb, normalizer, params), para: looParaphrases(kb, normalizer, params), title: looTitles(kb, normalizer, params) };
  for (const set of HELD_OUT) {
    for (const q of heldOut[set]) {
      const x = features(q.result);
      if (x) samples.push({ set, x, right: q.result.hits[0]?.id === q.id, passage: x.passage, outOfScope: false, q: q.q, expect: q.id, result: q.result });
    }
  }
  const full = new HowtoIndex(kb, normalizer, params, { lexicon: loadLexicon() });
  const outside = new OutsideTopics(loadOutside(), normalizer);
  for (const [set, file] of EVAL_FILES) {
    if (set !== 'neg' && !withEval) continue;
    const path = projectPath('test', 'eval', file);
    if (!existsSync(path)) continue;
    for (const q of readQuestions(path)) {
      // A question about a topic the guides do not cover is never answered nor offered entries (outside.ts): it says nothing about the model.
      if ((outside.find(q.q) ?? outside.findTyped(q.q, (w) => full.readsAsEnglish(w))) !== undefined) continue;
      // Nor is a message that asks nothing ("thanks!", "好的收到"): it gets a friendly reply.
      if (full.messageKind(q.q) !== 'question') continue;
      const result = full.search(q.q, 5);
      const hits = result.hits;
      const x = features(result);
      if (x) samples.push({ set, x, right: q.expect !== null && hits[0]?.id === q.expect, passage: x.passage, outOfScope: q.expect === null, q: q.q, expect: q.expect, result });
    }
  }
  return samples;
}

const isHeldOut = (set: SetName): boolean => (HELD_OUT as readonly string[]).includes(set);

/**
 * How much one sample weighs in the fit: a question whose top hit is right 1, one whose top hit is
 * wrong `wrong`, an out-of-scope question `negative` times that.
 */
export function sampleWeight(s: Pick<Sample, 'outOfScope' | 'right'>, negative = NEGATIVE_WEIGHT, wrong = WRONG_WEIGHT): number {
  return s.outOfScope ? negative * wrong : s.right ? 1 : wrong;
}

/** The fit's sample weights and penalty, when not the defaults (to compare others). */
export interface FitWeights {
  negative?: number;
  wrong?: number;
  l2?: number;
}

/**
 * Fits the model on samples (each item read as a sample and the values of its `columns`), weighted by sampleWeight, and
 * moves the bias back by log(wrong): weighting the wrong ones up lowers every probability's odds
 * by about that factor, and the correction keeps the probabilities readable as such (the decision
 * is unchanged: the threshold is picked on the corrected scale). Returns [bias, ...weights].
 */
export function fitSamples<T>(
  items: readonly T[],
  sample: (t: T) => Pick<Sample, 'outOfScope' | 'right'>,
  columns: (t: T) => readonly number[],
  { negative = NEGATIVE_WEIGHT, wrong = WRONG_WEIGHT, l2 = L2 }: FitWeights = {},
): Coefficients {
  const w = fitLogistic(
    items.map(columns),
    items.map((t) => sample(t).right),
    items.map((t) => sampleWeight(sample(t), negative, wrong)),
    { l2 },
  );
  w[0]! += Math.log(wrong);
  return w;
}

export interface Tally {
  answered: number;
  right: number;
  wrong: number;
  n: number;
  top1: number;
}

/** Per set: how many are asked, ranked right, answered, answered rightly and wrongly at a threshold. */
export function table(samples: readonly Sample[], c: Calibration, threshold: number): Partial<Record<SetName, Tally>> {
  const out: Partial<Record<SetName, Tally>> = {};
  for (const s of samples) {
    const t = (out[s.set] ??= { answered: 0, right: 0, wrong: 0, n: 0, top1: 0 });
    t.n++;
    if (s.right) t.top1++;
    if (probability(s.x, c) >= threshold && s.passage >= c.answerPassage) {
      t.answered++;
      if (s.right) t.right++;
      else t.wrong++;
    }
  }
  return out;
}

/** The held-out questions, all kinds together, at a threshold; and the negatives answered. */
export function heldOut(samples: readonly Sample[], c: Calibration, threshold: number) {
  const t = table(samples, c, threshold);
  const sum = (k: 'answered' | 'wrong' | 'n') => HELD_OUT.reduce((acc, set) => acc + (t[set]?.[k] ?? 0), 0);
  return { answered: sum('answered'), wrong: sum('wrong'), right: sum('answered') - sum('wrong'), n: sum('n'), negatives: t.neg?.answered ?? 0 };
}

/**
 * The lowest threshold keeping the held-out wrong share, no development-set question answered with
 * the wrong entry, and no out-of-scope question within the margin (see the top).
 */
function threshold(samples: readonly Sample[], c: Calibration): number {
  let best = 0.99;
  for (let th = 0.99; th >= 0.5; th -= 0.01) {
    const h = heldOut(samples, c, th);
    if (strictWrong(samples, c, th) > 0) break;
    if (h.wrong <= MAX_WRONG_SHARE * h.answered) best = Math.round(th * 100) / 100;
  }
  return best;
}

/** The negatives and development-set questions answered wrongly at a threshold (out-of-scope ones within NEGATIVE_MARGIN of it). */
export function strictWrong(samples: readonly Sample[], c: Calibration, threshold: number): number {
  let n = 0;
  for (const s of samples) {
    if (isHeldOut(s.set) || s.right || s.passage < c.answerPassage) continue;
    if (probability(s.x, c) >= threshold - (s.outOfScope ? NEGATIVE_MARGIN : 0)) n++;
  }
  return n;
}

/** Fits the model on every sample given (held-out questions, negatives, development sets), then picks the gate and the threshold. */
export function fitCalibration(samples: readonly Sample[], options: FitWeights = {}): Calibration {
  const w = fitSamples(samples, (s) => s, (s) => FEATURE_NAMES.map((n) => s.x[n]), options);
  const round = (v: number) => Math.round(v * 100) / 100;
  const fitted: Calibration = {
    bias: round(w[0]!),
    weights: Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, round(w[i + 1]!)])) as Calibration['weights'],
    // Picked below.
    answerProbability: 0.99,
    answerPassage: GATES[0]!,
    suggestRank: 0,
    suggestProbability: 0,
    suggestProbabilityAlone: 1,
    suggestSpread: SUGGEST_SPREAD,
    suggestPassage: 0,
  };
  let mostAnswered = -1;
  for (const gate of GATES) {
    const c = { ...fitted, answerPassage: gate };
    const th = threshold(samples, c);
    const answered = heldOut(samples, c, th).answered;
    if (answered > mostAnswered) {
      mostAnswered = answered;
      fitted.answerPassage = gate;
      fitted.answerProbability = th;
    }
  }
  pickSuggestion(samples, fitted);
  return fitted;
}

/** The rank, probabilities and passage a suggestion needs tried (see pickSuggestion). */
const SUGGEST_RANKS = Array.from({ length: 31 }, (_, i) => Math.round((0.3 + i * 0.01) * 100) / 100);
const SUGGEST_PROBABILITIES = Array.from({ length: 13 }, (_, i) => Math.round(i * 0.025 * 1000) / 1000);
const SUGGEST_ALONE = Array.from({ length: 12 }, (_, i) => Math.round((0.3 + i * 0.05) * 100) / 100);
const SUGGEST_PASSAGES = [0, 0.1, 0.2, 0.25, 0.3, 0.35];

/** A gate for "did you mean" (the Calibration fields of that name). */
export interface SuggestionGate {
  suggestRank: number;
  suggestProbability: number;
  suggestProbabilityAlone: number;
  suggestPassage: number;
}

/** What a gate offers: in-scope questions (held-out and development sets) offered their right entry first; out-of-scope ones offered anything. */
export function suggestionTally(samples: readonly Sample[], c: Calibration, gate: SuggestionGate): { right: number; outOfScope: number; heldOutRight: number; negatives: number } {
  return tallyOffered(scored(samples, c), { ...c, ...gate });
}

interface Scored {
  s: Sample;
  result: SearchResult;
  p: number;
}

/** The samples not answered, with the model's probability (computed once: the gates are tried by the thousand). */
function scored(samples: readonly Sample[], c: Calibration): Scored[] {
  const out: Scored[] = [];
  for (const s of samples) {
    if (!s.result) continue;
    const p = probability(s.x, c);
    if (p >= c.answerProbability && s.passage >= c.answerPassage) continue;
    out.push({ s, result: s.result, p });
  }
  return out;
}

function tallyOffered(pool: readonly Scored[], g: Calibration) {
  const t = { right: 0, outOfScope: 0, heldOutRight: 0, negatives: 0 };
  for (const { s, result, p } of pool) {
    const offered = suggestions(result, p, g);
    if (!offered.length) continue;
    if (s.outOfScope) {
      t.outOfScope++;
      if (s.set === 'neg') t.negatives++;
    } else if (offered[0] === s.expect) {
      t.right++;
      if (isHeldOut(s.set)) t.heldOutRight++;
    }
  }
  return t;
}

/**
 * When "did you mean" is offered (confidence.ts decide): a question not answered gets
 * suggestions when its best hit reaches suggestRank and the model gives it suggestProbability, or
 * the model gives it suggestProbabilityAlone whatever its rank; only entries whose best title or
 * question holds suggestPassage of it are offered. First the rank gate alone is picked as before
 * (the most held-out questions whose best hit is right offered, less NEGATIVE_WEIGHT for each
 * negative offered something); then, among the gates no lower in rank offering no more
 * out-of-scope questions (negatives and development sets) anything than it (a lower rank gate
 * would also let lower entries join the best one, which this count does not see), the one
 * offering the most in-scope questions (held-out and development sets) their right entry first,
 * ties to the fewest out-of-scope offered and then the lowest gates: suggestions must stay
 * plausibly about the question, and no more often unrelated than with the rank alone.
 */
export function pickSuggestion(samples: readonly Sample[], c: Calibration): void {
  const pool = scored(samples, c);
  const none = { suggestProbability: 0, suggestProbabilityAlone: 1 };
  let rankOnly: SuggestionGate = { suggestRank: SUGGEST_RANKS[0]!, suggestPassage: 0, ...none };
  let best = -Infinity;
  for (const suggestRank of SUGGEST_RANKS) {
    for (const suggestPassage of SUGGEST_PASSAGES) {
      const gate = { suggestRank, suggestPassage, ...none };
      const t = tallyOffered(pool, { ...c, ...gate });
      const score = t.heldOutRight - NEGATIVE_WEIGHT * t.negatives;
      if (score > best) {
        best = score;
        rankOnly = gate;
      }
    }
  }
  const limit = tallyOffered(pool, { ...c, ...rankOnly }).outOfScope;
  let chosen = rankOnly;
  let most = tallyOffered(pool, { ...c, ...rankOnly });
  // Never under the rank gate alone: the rank also bounds which lower entries join the best one.
  for (const suggestRank of SUGGEST_RANKS.filter((r) => r >= rankOnly.suggestRank)) {
    for (const suggestPassage of SUGGEST_PASSAGES) {
      for (const suggestProbability of SUGGEST_PROBABILITIES) {
        for (const suggestProbabilityAlone of [...SUGGEST_ALONE.filter((p) => p < c.answerProbability), 1]) {
          const gate = { suggestRank, suggestPassage, suggestProbability, suggestProbabilityAlone };
          const t = tallyOffered(pool, { ...c, ...gate });
          if (t.outOfScope > limit) continue;
          if (t.right > most.right || (t.right === most.right && t.outOfScope < most.outOfScope)) {
            most = t;
            chosen = gate;
          }
        }
      }
    }
  }
  Object.assign(c, chosen);
}
