/**
 * `npm run calibrate:howto`: fits the /howto confidence model (src/knowledge/confidence.ts) on the
 * knowledge base's own held-out questions and the out-of-scope negatives (howto-model.ts explains
 * how), reports what it would do on every labelled file, and writes the calibration to
 * locales/howto-calibration.json (loaded by confidence.ts; `--dry-run` only prints it). Re-run it after any change to the ranking.
 *
 * `--params '{"novel": 1}'` calibrates with other ranking parameters, to see what they would do.
 * `--wrong [p]` also lists every question answered with the wrong entry at probability ≥ p (default
 * 0.7), highest first, with the entry that won and the one expected: the ones that hold the threshold up.
 */
import { readLocaleFiles } from '../src/i18n/index.js';
import { loadKnowledgeBase } from '../src/knowledge/loader.js';
import { loadNormalizer } from '../src/knowledge/normalize.js';
import { DEFAULT_PARAMS, type SearchParams } from '../src/knowledge/search-index.js';
import { writeFileSync } from 'node:fs';
import { CALIBRATION_FILE, probability } from '../src/knowledge/confidence.js';
import { CALIBRATION_SET, HELD_OUT, SET_NAMES, calibrateWithOutOfFold, collectSamples, decidesOn, heldOut, isHeldOut, suggestionTally, table } from './howto-model.js';

const flag = process.argv.indexOf('--params');
const params: SearchParams = { ...DEFAULT_PARAMS, ...(flag > 0 ? (JSON.parse(process.argv[flag + 1] ?? '{}') as Partial<SearchParams>) : {}) };
const kb = loadKnowledgeBase(readLocaleFiles());
const samples = collectSamples(kb, await loadNormalizer(), params, true);
// The calibration, and what its threshold was picked on: each sample scored by the model fitted on the other folds.
const { calibration: fitted, outOfFold: oof } = calibrateWithOutOfFold(samples);
const chosen = fitted.answerProbability;

// The calibration set's questions are never printed: it prices a wrong answer, and reading its misses would invite tuning on it.
const text = (s: { set: string; q?: string }) => (s.set === CALIBRATION_SET ? '(calibration set)' : s.q);
const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;
const out: string[] = [];
const all = table(samples, fitted, 0);
for (const set of HELD_OUT) {
  const t = all[set]!;
  out.push(`held-out ${SET_NAMES[set]}: top-1 ${t.top1}/${t.n} (${pct(t.top1, t.n)})`);
}
out.push('', 'threshold  set       answered/total  right  wrong');
for (const th of [...new Set([0.7, 0.75, 0.8, 0.85, 0.9, chosen])].sort()) {
  for (const [set, t] of Object.entries(table(samples, fitted, th))) {
    out.push(`${th.toFixed(2).padEnd(10)} ${set.padEnd(9)} ${`${t.answered}/${t.n}`.padEnd(15)} ${String(t.right).padEnd(6)} ${t.wrong}${th === chosen ? '  ← chosen' : ''}`);
  }
}
const h = heldOut(samples, fitted, chosen);
out.push(
  '',
  `at ${chosen}, passage gate ${fitted.answerPassage}: held-out questions answered ${h.answered}/${h.n} (${pct(h.answered, h.n)}), ` +
    `wrong ${h.wrong} (${pct(h.wrong, h.answered)} of those answered, ${pct(h.wrong, h.n)} of those asked)`,
);
const negMax = Math.max(...samples.filter((s) => s.set === 'neg' && decidesOn(s)).map((s) => probability(s.x, fitted)));
out.push(`highest out-of-scope probability: ${negMax.toFixed(3)}`);
const passes = (i: number) => decidesOn(samples[i]!) && samples[i]!.passage >= fitted.answerPassage;
const top = (keep: (i: number) => boolean) => {
  const idx = samples.map((_, i) => i).filter((i) => passes(i) && keep(i));
  const i = idx.reduce((a, b) => (oof[b]! > oof[a]! ? b : a), idx[0] ?? 0);
  return idx.length ? `${oof[i]!.toFixed(3)} (${samples[i]!.set}: ${text(samples[i]!)})` : '-';
};
const isKb = (i: number) => isHeldOut(samples[i]!.set);
out.push(
  `out of fold: highest out-of-scope ${top((i) => samples[i]!.outOfScope === true)}; highest development-set question ranked wrong ${top((i) => !isKb(i) && !samples[i]!.right && !samples[i]!.outOfScope)}`,
);
if (process.argv.includes('--wrong')) {
  // The out-of-fold questions that hold the threshold up: out-of-scope ones and development-set ones ranked wrong, highest first.
  const ranked = samples
    .map((s, i) => ({ s, i }))
    .filter(({ s, i }) => passes(i) && !isKb(i) && (s.outOfScope === true || !s.right))
    .sort((a, b) => oof[b.i]! - oof[a.i]!)
    .slice(0, 12);
  out.push('out of fold, highest out-of-scope or ranked wrong (development sets and negatives):');
  for (const { s, i } of ranked) out.push(`  ${oof[i]!.toFixed(3)} ${s.set.padEnd(8)} ${s.outOfScope ? 'out of scope' : `→ ${s.result?.hits[0]?.id ?? '-'} (expected ${s.expect})`}: ${text(s)}`);
}
const oofAt = (th: number) => samples.map((s, i) => ({ s, i })).filter(({ i }) => passes(i) && oof[i]! >= th && !samples[i]!.outOfScope);
const answeredOof = oofAt(fitted.answerProbability);
out.push(
  `out of fold at ${fitted.answerProbability}: answered right ${answeredOof.filter(({ s }) => s.right).length}, held-out wrong ${answeredOof.filter(({ s, i }) => isKb(i) && !s.right).length}/${answeredOof.filter(({ i }) => isKb(i)).length}, development sets wrong ${answeredOof.filter(({ s, i }) => !isKb(i) && !s.right).length}`,
);
const offered = suggestionTally(samples, fitted, fitted);
out.push(
  `did you mean: rank ≥ ${fitted.suggestRank} with probability ≥ ${fitted.suggestProbability}, or probability ≥ ${fitted.suggestProbabilityAlone} alone (passage ≥ ${fitted.suggestPassage}): ` +
    `right entry first for ${offered.right} in-scope questions not answered (${offered.heldOutRight} held-out), out-of-scope offered something ${offered.outOfScope} (${offered.negatives} negatives)`,
);
const wrongFlag = process.argv.indexOf('--wrong');
if (wrongFlag > 0) {
  const floor = Number(process.argv[wrongFlag + 1]) || 0.7;
  const wrong = samples
    .filter((s) => !s.right && !s.outOfScope && s.passage >= fitted.answerPassage)
    .map((s) => ({ s, p: probability(s.x, fitted) }))
    .filter(({ p }) => p >= floor)
    .sort((a, b) => b.p - a.p);
  out.push('', `answered wrongly at probability ≥ ${floor} (${wrong.length}):`);
  for (const { s, p } of wrong) out.push(`  ${p.toFixed(3)} ${s.set.padEnd(8)} ${text(s)} → ${s.result?.hits[0]?.id ?? '-'} (expected ${s.expect})`);
}
if (process.argv.includes('--dry-run')) out.push('', '(--dry-run: calibration not written)', JSON.stringify(fitted, null, 2));
else {
  writeFileSync(CALIBRATION_FILE, `${JSON.stringify(fitted, null, 2)}\n`);
  out.push('', `written to ${CALIBRATION_FILE}`);
}
process.stdout.write(`${out.join('\n')}\n`);
