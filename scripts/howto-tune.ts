/**
 * `node dist/scripts/howto-tune.js`: tunes the /howto ranking parameters (search-index.ts
 * SearchParams) on the knowledge base's own held-out questions and the out-of-scope negatives, the
 * same samples the confidence model is fitted on (howto-model.ts). Each candidate is scored end to
 * end: the model is fitted, its gate and threshold picked, and what counts is how many held-out
 * questions it then answers rightly (ties: how many it ranks right). Coordinate search: each
 * parameter in turn moves to its best candidate value, until nothing improves. The evaluation
 * files (dev, holdout) are never used. Paste the result into DEFAULT_PARAMS, then re-run
 * `npm run calibrate:howto`.
 *
 * `--quick`: rank only (top-1 and mean reciprocal rank of the held-out questions), much faster.
 */
import { readLocaleFiles } from '../src/i18n/index.js';
import { loadKnowledgeBase } from '../src/knowledge/loader.js';
import { loadNormalizer } from '../src/knowledge/normalize.js';
import { DEFAULT_PARAMS, type SearchParams } from '../src/knowledge/search-index.js';
import { looParaphrases, looQuestions, looTitles, memoized, rankingQuality } from './howto-loo.js';
import { collectSamples, fitCalibration, heldOut } from './howto-model.js';

const kb = loadKnowledgeBase(readLocaleFiles());
const normalizer = memoized(await loadNormalizer());
const quick = process.argv.includes('--quick');

/** Candidate values per parameter (the current value is always kept in the running). */
const GRID: Partial<Record<keyof SearchParams, number[]>> = {
  k1: [0.9, 1.2, 1.6, 2.2],
  wTitle: [1.5, 2, 3, 4],
  wQuestions: [0.5, 0.75, 1, 1.5],
  wProgram: [0, 1, 2],
  wBody: [0.75, 1, 1.5, 2],
  bTitle: [0, 0.3, 0.6],
  bQuestions: [0.25, 0.5, 0.75],
  bBody: [0.75, 0.9],
  unigram: [0.3, 0.4, 0.55],
  bigram: [0.5, 0.7, 1],
  cue: [0.6, 1, 1.5],
  corrected: [0.5, 0.8, 1],
  passageMix: [0.1, 0.2, 0.3, 0.4],
  passageFit: [0.4, 0.5, 0.6, 0.7],
  cohesion: [0.25, 0.5, 0.75],
  novel: [0.25, 0.5, 1],
  unknown: [0.25, 0.5, 1],
  kindMix: [0, 0.03, 0.06],
  roleMix: [0, 0.05, 0.1],
  lmMu: [1, 3, 10],
  lmTitle: [1, 2, 4],
  lmBeta: [1, 2, 4],
};

interface Score {
  value: number;
  line: string;
}

function score(p: SearchParams): Score {
  if (quick) {
    const q = rankingQuality([...looQuestions(kb, normalizer, p), ...looParaphrases(kb, normalizer, p), ...looTitles(kb, normalizer, p)]);
    return { value: q.top1 + 0.5 * q.mrr, line: `top-1 ${(100 * q.top1).toFixed(1)}%  MRR ${q.mrr.toFixed(3)}` };
  }
  const samples = collectSamples(kb, normalizer, p, false);
  const c = fitCalibration(samples);
  const h = heldOut(samples, c, c.answerProbability);
  const ranked = heldOut(samples, c, 0);
  const top1 = samples.filter((s) => s.set !== 'neg' && s.right).length;
  return {
    value: h.right + top1 / (ranked.n + 1),
    line: `answered right ${h.right}/${h.n} (wrong ${h.wrong}) at ${c.answerProbability}, gate ${c.answerPassage}; top-1 ${top1}/${ranked.n}`,
  };
}

let params: SearchParams = { ...DEFAULT_PARAMS };
let best = score(params);
process.stdout.write(`start: ${best.line}\n`);
for (let round = 1; round <= 3; round++) {
  let moved = false;
  for (const [key, values] of Object.entries(GRID) as [keyof SearchParams, number[]][]) {
    for (const v of values) {
      if (v === params[key]) continue;
      const trial = { ...params, [key]: v };
      const s = score(trial);
      if (s.value > best.value + 1e-9) {
        best = s;
        params = trial;
        moved = true;
        process.stdout.write(`round ${round}: ${key} = ${v}  ${s.line}\n`);
      }
    }
  }
  if (!moved) break;
}
process.stdout.write(`\nexport const DEFAULT_PARAMS: SearchParams = ${JSON.stringify(params, null, 2).replace(/"(\w+)":/g, '$1:')};\n`);
