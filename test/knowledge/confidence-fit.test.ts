import { describe, expect, it } from 'vitest';
import { fitLogistic, predict, solve } from '../../scripts/logistic.js';
import { chooseThreshold, fitSamples, foldOf, FOLDS, outOfFold, pickSuggestion, sampleWeight, suggestionTally, type Sample } from '../../scripts/howto-model.js';
import { calibration, features, type Calibration } from '../../src/knowledge/confidence.js';
import type { Hit, SearchResult } from '../../src/knowledge/search-index.js';
import { prng } from '../support/prng.js';

/** n rows of two features in [-2, 2], labelled by a known logistic model. */
function synthetic(n: number, truth: readonly number[], seed = 7): { rows: number[][]; labels: boolean[] } {
  const next = prng(seed);
  const rows: number[][] = [];
  const labels: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const row = [next() * 4 - 2, next() * 4 - 2];
    rows.push(row);
    labels.push(next() < predict(truth, row));
  }
  return { rows, labels };
}

describe('the confidence model fit (scripts/logistic.ts, shared by calibration and cross-validation)', () => {
  it('solves a small linear system', () => {
    const x = solve(
      [
        [4, 1],
        [1, 3],
      ],
      [1, 2],
    );
    expect(x[0]).toBeCloseTo(1 / 11);
    expect(x[1]).toBeCloseTo(7 / 11);
  });

  it('recovers the coefficients of the model that labelled the data', () => {
    const truth = [-1, 2, -1.5];
    const { rows, labels } = synthetic(6000, truth);
    const w = fitLogistic(rows, labels, rows.map(() => 1), { l2: 0 });
    w.forEach((v, i) => expect(Math.abs(v - truth[i]!)).toBeLessThan(0.2));
  });

  it('counts a row of weight 2 as two copies of it', () => {
    const { rows, labels } = synthetic(300, [0.5, 1, -1], 11);
    const weighted = fitLogistic(rows, labels, rows.map((_, i) => (i % 3 === 0 ? 2 : 1)), { l2: 0.001 });
    const copies = rows.flatMap((r, i) => (i % 3 === 0 ? [r, r] : [r]));
    const copyLabels = labels.flatMap((l, i) => (i % 3 === 0 ? [l, l] : [l]));
    // The penalty is per sample: two copies double the samples, so halve it to compare like with like.
    const duplicated = fitLogistic(copies, copyLabels, copies.map(() => 1), { l2: (0.001 * rows.length) / copies.length });
    weighted.forEach((v, i) => expect(v).toBeCloseTo(duplicated[i]!, 6));
  });

  it('penalizes the weights, not the bias', () => {
    const { rows, labels } = synthetic(500, [1, 2, 0], 3);
    const loose = fitLogistic(rows, labels, rows.map(() => 1), { l2: 0 });
    const tight = fitLogistic(rows, labels, rows.map(() => 1), { l2: 10 });
    expect(Math.abs(tight[1]!)).toBeLessThan(Math.abs(loose[1]!) / 5);
    // With the weights near 0, the bias alone still fits the share labelled true.
    const share = labels.filter(Boolean).length / labels.length;
    expect(predict(tight, [0, 0])).toBeCloseTo(share, 1);
  });

  it('rejects rows, labels and weights of different lengths', () => {
    expect(() => fitLogistic([[1]], [true, false], [1], { l2: 0 })).toThrow(/differ/);
    expect(() => fitLogistic([], [], [], { l2: 0 })).toThrow(/no rows/);
  });
});

describe('the calibration fit (scripts/howto-model.ts)', () => {
  it('weighs a wrong top hit WRONG_WEIGHT times a right one, and an out-of-scope question NEGATIVE_WEIGHT times a wrong one', () => {
    expect(sampleWeight({ right: true, outOfScope: false }, 8, 4)).toBe(1);
    expect(sampleWeight({ right: false, outOfScope: false }, 8, 4)).toBe(4);
    expect(sampleWeight({ right: false, outOfScope: true }, 8, 4)).toBe(32);
    expect(sampleWeight({ right: false }, 3, 1)).toBe(1);
  });

  it('weights the wrong ones up and moves the bias back, so the probabilities stay probabilities', () => {
    // A model the data really follows: weighting one class up lowers the fitted odds by that
    // factor, and the correction undoes it.
    const truth = [1.5, 2, -1];
    const { rows, labels } = synthetic(8000, truth, 5);
    const items = rows.map((row, i) => ({ row, right: labels[i]!, outOfScope: false }));
    const w = fitSamples(items, (t) => t, (t) => t.row, { wrong: 4, l2: 0 });
    w.forEach((v, i) => expect(Math.abs(v - truth[i]!)).toBeLessThan(0.25));
    const uncorrected = fitLogistic(rows, labels, items.map((t) => (t.right ? 1 : 4)), { l2: 0 });
    expect(w[0]! - uncorrected[0]!).toBeCloseTo(Math.log(4), 6);
  });

  it('leaves the fit as it was with every in-scope question weighing alike', () => {
    const { rows, labels } = synthetic(400, [0, 1, 1], 9);
    const items = rows.map((row, i) => ({ row, right: labels[i]!, outOfScope: false }));
    const plain = fitLogistic(rows, labels, rows.map(() => 1), { l2: 0.001 });
    const viaSamples = fitSamples(items, (t) => t, (t) => t.row, { wrong: 1, l2: 0.001 });
    viaSamples.forEach((v, i) => expect(v).toBeCloseTo(plain[i]!, 9));
  });
});

describe('the "did you mean" gate fit (scripts/howto-model.ts pickSuggestion)', () => {
  const hit = (id: string, v: Partial<Hit>): Hit => {
    const h = { id, score: 1, norm: 0, coverage: 0, passage: 0, fit: 0, lm: 0, kind: 0, role: 0, rank: 0, ...v };
    return { match: 0.4 * h.passage + 0.6 * h.fit, ...h };
  };
  const sample = (set: Sample['set'], expect: string | null, ...hits: Hit[]): Sample => {
    const result: SearchResult = { terms: [], mass: 1, novel: 0, hits };
    const x = features(result)!;
    return { set, x, right: hits[0]!.id === expect, passage: x.passage, outOfScope: expect === null, expect, result };
  };
  const strong = { norm: 0.95, coverage: 1, passage: 1, fit: 1, lm: 0.99 };
  const far = hit('z.far', { norm: 0.05, passage: 0.05, fit: 0.05, rank: 0.05 });
  const vague = (rank: number) => ({ norm: 0.45, coverage: 0.3, passage: 0.15, fit: 0.1, lm: 0.2, rank });

  it('offers a right entry ranked under the rank gate when the model is sure of it, and no more out-of-scope questions than the rank alone', () => {
    const samples = [
      // Held-out questions ranked well, and out-of-scope ones ranked fairly but vague: the rank gate alone lands between them.
      ...Array.from({ length: 6 }, (_, i) => sample('loo', `k.e${i}`, hit(`k.e${i}`, { ...strong, rank: 0.6 }), far)),
      ...Array.from({ length: 2 }, () => sample('neg', null, hit('k.a', vague(0.45)), hit('k.b', vague(0.44)), hit('k.c', vague(0.43)))),
      // Long chat messages: the right entry first, ranked under any rank gate tried, every other sign pointing at it.
      ...Array.from({ length: 3 }, (_, i) => sample('chatdev2', `k.c${i}`, hit(`k.c${i}`, { ...strong, rank: 0.25 }), far)),
    ];
    const c: Calibration = { ...calibration(), answerProbability: 1 };
    const rankAlone = suggestionTally(samples, c, { suggestRank: 0.46, suggestPassage: 0, suggestProbability: 0, suggestProbabilityAlone: 1 });
    expect(rankAlone).toMatchObject({ right: 6, outOfScope: 0 });
    pickSuggestion(samples, c);
    expect(c.suggestProbabilityAlone).toBeLessThan(1);
    expect(suggestionTally(samples, c, c)).toMatchObject({ right: 9, outOfScope: 0 });
  });
});

describe('the threshold rule (scripts/howto-model.ts, picked out of fold)', () => {
  it('keeps every question about one entry in one fold, and an out-of-scope wording with its copies', () => {
    const a = foldOf({ expect: 'collab.approve-design', q: 'how do I approve a design', outOfScope: false });
    expect(foldOf({ expect: 'collab.approve-design', q: '設計稿要怎麼核准', outOfScope: false })).toBe(a);
    expect(foldOf({ expect: null, q: '帳號被停權要怎麼申訴？', outOfScope: true })).toBe(foldOf({ expect: null, q: '帳號被停權要怎麼申訴', outOfScope: true }));
    const spread = new Set(Array.from({ length: 40 }, (_, i) => foldOf({ expect: `k.e${i}`, q: '', outOfScope: false })));
    expect(spread.size).toBe(FOLDS);
  });

  const at = (set: Sample['set'], right: boolean, outOfScope = false): Sample => ({ set, right, outOfScope, passage: 1, x: {} as Sample['x'] });

  it('stops above a development-set question ranked wrong and keeps the margin over an out-of-scope one', () => {
    const kb = Array.from({ length: 100 }, () => at('loo', true));
    const p = kb.map((_, i) => 0.6 + i * 0.0039);
    const dev = [at('chatdev', false), at('neg', false, true), at('outside' as Sample['set'], false, true)];
    dev[2]!.outside = true;
    const samples = [...kb, ...dev];
    const rule = { wrongShare: 0.02, negativeMargin: 0.05, devMargin: 0 };
    // The development question ranked wrong at 0.8: the threshold stops at 0.81.
    expect(chooseThreshold(samples, [...p, 0.8, 0.5, 0.99], rule).answerProbability).toBe(0.81);
    // An out-of-scope one at 0.85 keeps it 0.05 above: 0.91. The outside-topic question at 0.99 never counts.
    expect(chooseThreshold(samples, [...p, 0.5, 0.85, 0.99], rule).answerProbability).toBe(0.91);
    expect(chooseThreshold(samples, [...p, 0.8, 0.5, 0.99], { ...rule, devMargin: 0.03 }).answerProbability).toBe(0.84);
  });

  it('scores every sample by a model fitted without its fold', () => {
    // Two samples alike in features but in different folds, with opposite labels: out of fold,
    // each is scored by a model that only saw the other, so they differ the other way round from in-sample.
    const mk = (right: boolean, v: number): Sample & { v: number[] } => ({ set: 'loo', right, outOfScope: false, passage: 1, x: {} as Sample['x'], v: [v] });
    const samples = [...Array.from({ length: 20 }, (_, i) => mk(i % 2 === 0, i % 2 === 0 ? 1 : -1)), mk(true, 0), mk(false, 0)];
    const folds = samples.map((_, i) => (i < 20 ? 2 : i - 20));
    const p = outOfFold(samples, (s) => s.v, folds, { l2: 0.01 });
    // The right one was scored by a model that saw the wrong one at its place, and the other way round.
    expect(p[20]!).toBeLessThan(p[21]!);
    // The twenty that tell right from wrong are scored by a model that only saw the two alike: no better than even.
    expect(p[0]!).toBeCloseTo(0.5, 6);
    expect(p[1]!).toBeCloseTo(0.5, 6);
  });
});
