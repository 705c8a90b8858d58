/**
 * `npm run calibrate:howto`: fits the /howto confidence model (src/knowledge/confidence.ts) on
 * labelled questions and prints the calibration to paste there.
 *
 * In-scope questions: the knowledge base's own alternative questions, each asked with it left out
 * of the index (8 folds: fold k leaves out the k-th question of every entry in every locale), so
 * the model learns how sure to be about a question worded in a way the index has not seen.
 * Out-of-scope questions: test/eval/calibration-negatives.jsonl. The development set is only
 * reported, never fitted. Features: confidence.ts `features()`; label: the top hit is right.
 */
import { readLocaleFiles } from '../src/i18n/index.js';
import { LOCALES } from '../src/i18n/locales.js';
import { projectPath } from '../src/paths.js';
import { loadKnowledgeBase } from '../src/knowledge/loader.js';
import { loadNormalizer } from '../src/knowledge/normalize.js';
import { HowtoIndex } from '../src/knowledge/search-index.js';
import { CALIBRATION, FEATURE_NAMES, features, probability, type Calibration, type Features } from '../src/knowledge/confidence.js';
import { readQuestions } from './howto-eval.js';

interface Sample {
  set: 'loo' | 'neg' | 'dev';
  x: Features;
  right: boolean;
  passage: number;
}

const kb = loadKnowledgeBase(readLocaleFiles());
const normalizer = await loadNormalizer();
const samples: Sample[] = [];

const FOLDS = 8;
for (let k = 0; k < FOLDS; k++) {
  const index = new HowtoIndex(kb, normalizer, undefined, { skipQuestion: (_id, _locale, i) => i === k });
  for (const id of kb.ids) {
    for (const locale of LOCALES) {
      const q = kb.entry(id, locale)?.questions[k];
      if (!q) continue;
      const hits = index.search(q, 5).hits;
      const x = features(hits);
      if (x) samples.push({ set: 'loo', x, right: hits[0]?.id === id, passage: x.passage });
    }
  }
}
const full = new HowtoIndex(kb, normalizer);
for (const [set, file] of [['neg', 'calibration-negatives.jsonl'], ['dev', 'dev-questions.jsonl']] as const) {
  for (const q of readQuestions(projectPath('test', 'eval', file))) {
    const hits = full.search(q.q, 5).hits;
    const x = features(hits);
    if (x) samples.push({ set, x, right: q.expect !== null && hits[0]?.id === q.expect, passage: x.passage });
  }
}

// Logistic regression by batch gradient descent, light L2 on the weights.
const train = samples.filter((s) => s.set !== 'dev');
const dims = FEATURE_NAMES.length;
const w = new Array<number>(dims + 1).fill(0);
for (let iter = 0; iter < 20000; iter++) {
  const grad = new Array<number>(dims + 1).fill(0);
  for (const s of train) {
    const xs = [1, ...FEATURE_NAMES.map((n) => s.x[n])];
    const z = xs.reduce((acc, v, i) => acc + v * w[i]!, 0);
    const err = 1 / (1 + Math.exp(-z)) - (s.right ? 1 : 0);
    xs.forEach((v, i) => (grad[i]! += (err * v) / train.length));
  }
  for (let i = 0; i <= dims; i++) w[i]! -= 2 * (grad[i]! + (i > 0 ? 1e-3 * w[i]! : 0));
}
const round = (v: number) => Math.round(v * 100) / 100;
const fitted: Calibration = {
  ...CALIBRATION,
  bias: round(w[0]!),
  weights: Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, round(w[i + 1]!)])) as Calibration['weights'],
};

function table(c: Calibration, threshold: number) {
  const out: Record<string, { answered: number; right: number; wrong: number; n: number }> = {};
  for (const s of samples) {
    const t = (out[s.set] ??= { answered: 0, right: 0, wrong: 0, n: 0 });
    t.n++;
    if (probability(s.x, c) >= threshold && s.passage >= c.answerPassage) {
      t.answered++;
      if (s.right) t.right++;
      else t.wrong++;
    }
  }
  return out;
}

// The answer threshold: the lowest at which held-out questions are answered wrongly at most 1 time
// in 50 and no out-of-scope question is answered.
let chosen = 0.95;
for (let th = 0.95; th >= 0.6; th -= 0.01) {
  const t = table(fitted, th);
  const loo = t.loo!;
  if ((t.neg?.answered ?? 0) > 0 || loo.wrong > 0.02 * loo.answered) break;
  chosen = Math.round(th * 100) / 100;
}
fitted.answerProbability = chosen;

process.stdout.write('threshold  set  answered/total  right  wrong\n');
for (const th of [0.75, 0.8, 0.85, 0.9, chosen]) {
  for (const [set, t] of Object.entries(table(fitted, th))) {
    process.stdout.write(`${th.toFixed(2).padEnd(10)} ${set.padEnd(4)} ${`${t.answered}/${t.n}`.padEnd(15)} ${String(t.right).padEnd(6)} ${t.wrong}\n`);
  }
}
process.stdout.write(`\nexport const CALIBRATION: Calibration = ${JSON.stringify(fitted, null, 2)};\n`);
