/**
 * `node dist/scripts/howto-cv.js`: cross-validated comparison of ways to fit the /howto confidence
 * model (experiment; see howto-model.ts). Every tuning sample (the knowledge base's held-out
 * questions, the negatives, the development sets) is put in one of FOLDS folds; for each fold the
 * model is fitted and its threshold chosen on the others only (the threshold by an inner
 * cross-validation), then applied to the fold. Prints, per set, what the held-out folds would get.
 */
import { readLocaleFiles } from '../src/i18n/index.js';
import { loadKnowledgeBase } from '../src/knowledge/loader.js';
import { loadNormalizer } from '../src/knowledge/normalize.js';
import { DEFAULT_PARAMS, type SearchResult } from '../src/knowledge/search-index.js';
import { FEATURE_NAMES, features } from '../src/knowledge/confidence.js';
import { collectSamples, solve, type Sample } from './howto-model.js';

const FOLDS = 5;
const NEG_W = Number(process.env.NEG_W ?? 3);
const L2 = Number(process.env.L2 ?? 0.001);

type Vec = Record<string, number>;

function extended(r: SearchResult): Vec {
  const base = features(r.hits, r.terms)! as unknown as Vec;
  const a = r.hits[0]!;
  let otherLm = 0;
  for (let i = 1; i < r.hits.length; i++) otherLm = Math.max(otherLm, r.hits[i]!.lm);
  const mass = Math.max(1e-9, r.mass);
  let unseen = 0;
  let corrected = 0;
  let words = 0;
  for (const t of r.terms) {
    if (t.df === 0) unseen += t.weight * t.idf;
    if (t.typed) corrected += t.weight * t.idf;
    if (t.kind !== 'cue') words++;
  }
  return {
    ...base,
    novelShare: r.novel / mass,
    unseenShare: unseen / mass,
    correctedShare: corrected / mass,
    length: Math.log(1 + words),
    lmMargin: a.lm - otherLm,
    lmAgree: a.lm >= otherLm ? 1 : 0,
    kind: a.kind,
    role: a.role,
  };
}

/** The features the model reads today, and (BASE) those before the question's length was added. */
const CURRENT: string[] = [...FEATURE_NAMES];
const BASE = CURRENT.filter((f) => f !== 'length');
/** Features tried and not kept (they answered fewer on the held-out folds). */
const EXTRA = ['novelShare', 'unseenShare', 'correctedShare', 'lmMargin', 'lmAgree', 'kind', 'role'];

interface Row {
  s: Sample;
  v: number[];
  fold: number;
}

const isLoo = (s: Sample) => s.set === 'loo' || s.set === 'para' || s.set === 'title';
const CHAT_W = Number(process.env.CHAT_W ?? 1);
const weightOf = (s: Sample) => (s.outOfScope ? NEG_W : 1) * (isLoo(s) ? 1 : CHAT_W);

function fit(rows: readonly Row[]): number[] {
  const dims = rows[0]!.v.length + 1;
  let w = new Array<number>(dims).fill(0);
  for (let iter = 0; iter < 60; iter++) {
    const grad = new Array<number>(dims).fill(0);
    const hess = Array.from({ length: dims }, () => new Array<number>(dims).fill(0));
    for (const r of rows) {
      const xs = [1, ...r.v];
      const weight = weightOf(r.s);
      const p = 1 / (1 + Math.exp(-xs.reduce((acc, v, i) => acc + v * w[i]!, 0)));
      const err = p - (r.s.right ? 1 : 0);
      for (let i = 0; i < dims; i++) {
        grad[i]! += weight * err * xs[i]!;
        for (let j = i; j < dims; j++) hess[i]![j]! += weight * p * (1 - p) * xs[i]! * xs[j]!;
      }
    }
    for (let i = 0; i < dims; i++) for (let j = 0; j < i; j++) hess[i]![j] = hess[j]![i]!;
    for (let i = 1; i < dims; i++) {
      grad[i]! += L2 * rows.length * w[i]!;
      hess[i]![i]! += L2 * rows.length;
    }
    const step = solve(hess, grad);
    w = w.map((v, i) => v - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return w;
}

const prob = (w: number[], v: number[]) => 1 / (1 + Math.exp(-v.reduce((acc, x, i) => acc + x * w[i + 1]!, w[0]!)));

const GATES = [0.3, 0.25, 0.2, 0.15, 0.1];
const MARGIN = Number(process.env.MARGIN ?? 0.02);
const LOO_WRONG = Number(process.env.LOO_WRONG ?? 0.02);

/** Lowest threshold (and gate) at which the chat/dev sets and negatives get no wrong answer within MARGIN, and the KB's own questions ≤ LOO_WRONG wrong. */
function choose(rows: readonly Row[], p: readonly number[]): { th: number; gate: number } {
  let best = { th: 0.99, gate: 0.3, answered: -1 };
  for (const gate of GATES) {
    let th = 0.99;
    for (let t = 0.99; t >= 0.3; t -= 0.01) {
      let strictWrong = 0;
      let looWrong = 0;
      let looAnswered = 0;
      rows.forEach((r, i) => {
        if (r.s.passage < gate) return;
        if (isLoo(r.s)) {
          if (p[i]! >= t) {
            looAnswered++;
            if (!r.s.right) looWrong++;
          }
        } else if (!r.s.right && p[i]! >= t - (r.s.outOfScope ? MARGIN : 0)) strictWrong++;
      });
      if (strictWrong > 0) break;
      if (looWrong <= LOO_WRONG * looAnswered) th = Math.round(t * 100) / 100;
    }
    const answered = rows.filter((r, i) => r.s.passage >= gate && p[i]! >= th && r.s.right).length;
    if (answered > best.answered) best = { th, gate, answered };
  }
  return { th: best.th, gate: best.gate };
}


interface Rule {
  th: number;
  gate: number;
  th2: number;
  gate2: number;
}
const answers = (rule: Rule, passage: number, p: number, slack = 0) => (passage >= rule.gate && p >= rule.th - slack) || (passage >= rule.gate2 && p >= rule.th2 - slack);
const GATES2 = [0.35, 0.4, 0.5, 0.6, 0.7, 0.8];

/** The constraints of choose(), for a two-tier rule: returns right answered, or -1 when broken. */
function score(rows: readonly Row[], p: readonly number[], rule: Rule): number {
  let looWrong = 0;
  let looAnswered = 0;
  let right = 0;
  for (let i = 0; i < rows.length; i++) {
    const s = rows[i]!.s;
    if (isLoo(s)) {
      if (answers(rule, s.passage, p[i]!)) {
        looAnswered++;
        if (!s.right) looWrong++;
        else right++;
      }
    } else if (!s.right) {
      if (answers(rule, s.passage, p[i]!, s.outOfScope ? MARGIN : 0)) return -1;
    } else if (answers(rule, s.passage, p[i]!)) right++;
  }
  return looWrong <= LOO_WRONG * looAnswered ? right : -2;
}

function choose2(rows: readonly Row[], p: readonly number[]): Rule {
  const one = choose(rows, p);
  let best: Rule = { ...one, th2: 1.01, gate2: 1 };
  let bestScore = score(rows, p, best);
  for (const gate2 of GATES2) {
    for (let t = one.th; t >= 0.3; t -= 0.01) {
      const rule = { ...one, gate2, th2: Math.round(t * 100) / 100 };
      const sc = score(rows, p, rule);
      if (sc === -1) break;
      if (sc > bestScore) {
        bestScore = sc;
        best = rule;
      }
    }
  }
  return best;
}

function oof(rows: readonly Row[], trainSet: (s: Sample) => boolean): number[] {
  const p = new Array<number>(rows.length).fill(0);
  const folds = [...new Set(rows.map((r) => r.fold))];
  for (const k of folds) {
    const w = fit(rows.filter((r) => r.fold !== k && trainSet(r.s)));
    rows.forEach((r, i) => {
      if (r.fold === k) p[i] = prob(w, r.v);
    });
  }
  return p;
}

function evaluate(name: string, samples: readonly Sample[], cols: string[], trainSet: (s: Sample) => boolean): void {
  const rows: Row[] = samples.map((s, i) => {
    const v = extended(s.result!);
    return { s, v: cols.map((c) => v[c]!), fold: (i * 7919) % FOLDS };
  });
  const outcome = new Array<'right' | 'wrong' | 'no'>(rows.length).fill('no');
  const ths: string[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const train = rows.filter((r) => r.fold !== k).map((r) => ({ ...r, fold: r.fold - (r.fold > k ? 1 : 0) }));
    const inner = oof(train, trainSet);
    const rule = process.env.TWO ? choose2(train, inner) : { ...choose(train, inner), th2: 1.01, gate2: 1 };
    ths.push(`${rule.th}/${rule.gate}${rule.th2 <= 1 ? `+${rule.th2}/${rule.gate2}` : ''}`);
    const w = fit(train.filter((r) => trainSet(r.s)));
    rows.forEach((r, i) => {
      if (r.fold !== k) return;
      if (answers(rule, r.s.passage, prob(w, r.v))) outcome[i] = r.s.right ? 'right' : 'wrong';
    });
  }
  const sets = [...new Set(samples.map((s) => s.set))];
  const cells = sets.map((set) => {
    const idx = rows.map((r, i) => (r.s.set === set ? i : -1)).filter((i) => i >= 0);
    const inScope = idx.filter((i) => !rows[i]!.s.outOfScope);
    const right = inScope.filter((i) => outcome[i] === 'right').length;
    const wrong = inScope.filter((i) => outcome[i] === 'wrong').length;
    const oosAns = idx.filter((i) => rows[i]!.s.outOfScope && outcome[i] !== 'no').length;
    const top1 = inScope.filter((i) => rows[i]!.s.right).length;
    return `${set} ${right}/${inScope.length} (rank1 ${top1}) w${wrong} oos${oosAns}`;
  });
  process.stdout.write(`${name.padEnd(28)} th ${ths.join(' ')}\n  ${cells.join(' | ')}\n`);
}

const kb = loadKnowledgeBase(readLocaleFiles());
const samples = collectSamples(kb, await loadNormalizer(), DEFAULT_PARAMS, true);
const counts: Record<string, number> = {};
for (const s of samples) counts[s.set] = (counts[s.set] ?? 0) + 1;
process.stdout.write(`${JSON.stringify(counts)}\n`);
const onlyKb = (s: Sample) => isLoo(s) || s.set === 'neg';
const all = () => true;
const which = process.argv.slice(2);
const runs: [string, string[], (s: Sample) => boolean][] = [
  ['before: base, fit KB+neg', BASE, onlyKb],
  ['base, fit all', BASE, all],
  ['current, fit KB+neg', CURRENT, onlyKb],
  ['current, fit all', CURRENT, all],
  ['current+all extra, fit all', [...CURRENT, ...EXTRA], all],
];
for (const extra of EXTRA) runs.push([`current+${extra}, fit all`, [...CURRENT, extra], all]);
for (const [name, cols, train] of runs) if (!which.length || which.some((w) => name.includes(w))) evaluate(name, samples, cols, train);

if (process.env.DUMP) {
  const cols = process.env.DUMP.split(',');
  const rows = samples.map((s) => ({ s, v: cols.map((c) => extended(s.result!)[c]!), fold: 0 }));
  const w = fit(rows);
  process.stdout.write(`weights ${w.map((x) => x.toFixed(2)).join(' ')}\n`);
  const scored = rows.map((r) => ({ ...r, p: prob(w, r.v) })).filter((r) => !isLoo(r.s)).sort((a, b) => b.p - a.p);
  for (const r of scored.slice(0, Number(process.env.TOP ?? 80))) {
    const h = r.s.result!.hits;
    process.stdout.write(`${r.p.toFixed(3)} ${r.s.right ? '+' : r.s.outOfScope ? 'O' : 'X'} ${r.s.set} pass ${r.s.passage.toFixed(2)} ${h[0]!.id}${r.s.right ? '' : ` (exp ${r.s.expect})`} | ${r.s.q}\n`);
  }
}
