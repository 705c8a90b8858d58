/**
 * `node dist/scripts/howto-explain.js "<question>" […]`: shows how /howto reads a question and why
 * it ranks what it ranks — the question's terms (kind, weight, idf, how many entries hold them),
 * the best hits with their features, and the tier it decides. For tuning the ranking; not part of
 * the bot.
 *
 * `--held-out`: a question that is one of the knowledge base's own alternative questions or titles is
 * asked of the index the calibration asks it of (howto-loo.ts: its fold left out, or its entry's
 * titles), so the explanation is of the held-out ranking howto-calibrate.ts `--wrong` lists.
 */
import { readLocaleFiles } from '../src/i18n/index.js';
import { loadKnowledgeBase } from '../src/knowledge/loader.js';
import { loadNormalizer } from '../src/knowledge/normalize.js';
import { HowtoIndex } from '../src/knowledge/search-index.js';
import { decide, features, probability } from '../src/knowledge/confidence.js';
import { loadLexicon } from '../src/knowledge/lexicon.js';
import { LOCALES } from '../src/i18n/locales.js';

const heldOutFlag = process.argv.includes('--held-out');
const questions = process.argv.slice(2).filter((a) => a !== '--held-out');
if (!questions.length) {
  process.stderr.write('usage: node dist/scripts/howto-explain.js "<question>" […]\n');
  process.exit(2);
}
const kb = loadKnowledgeBase(readLocaleFiles());
const normalizer = await loadNormalizer();
const full = new HowtoIndex(kb, normalizer, undefined, { lexicon: loadLexicon() });

/** The index the calibration asks a knowledge-base question of (the full one for any other question). */
function indexFor(q: string): { index: HowtoIndex; note: string } {
  if (!heldOutFlag) return { index: full, note: '' };
  for (const id of kb.ids) {
    for (const locale of LOCALES) {
      const e = kb.entry(id, locale);
      if (!e) continue;
      if (e.title === q) return { index: new HowtoIndex(kb, normalizer, undefined, { skipTitle: (x) => x === id, lexicon: loadLexicon() }), note: ` (title of ${id}, its titles left out)` };
      const k = e.questions.indexOf(q);
      if (k >= 0) return { index: new HowtoIndex(kb, normalizer, undefined, { skipQuestion: (_id, _l, i) => i === k, lexicon: loadLexicon() }), note: ` (question ${k} of ${id}, fold ${k} left out)` };
    }
  }
  return { index: full, note: ' (not a knowledge-base question: full index)' };
}
const f2 = (v: number) => v.toFixed(2);

for (const q of questions) {
  const { index, note } = indexFor(q);
  const result = index.search(q, 5);
  const decision = decide(result);
  const out = [`\n${q}${note}`, `  terms (mass ${f2(result.mass)}):`];
  for (const t of result.terms) {
    out.push(`    ${t.term.padEnd(12)} ${t.kind.padEnd(6)} w ${f2(t.weight)} idf ${f2(t.idf)} df ${t.df}${t.typed ? ` (typed ${t.typed})` : ''}`);
  }
  out.push('  hits:');
  result.hits.forEach((h, i) => {
    const p = i === 0 ? ` p ${f2(probability(features(result)!))}` : '';
    const rest = Object.entries(h)
      .filter(([k, v]) => k !== 'id' && typeof v === 'number')
      .map(([k, v]) => `${k} ${f2(v as number)}`)
      .join(' ');
    out.push(`    ${h.id.padEnd(48)} ${rest}${p}`);
    if (h.matched) out.push(`      best passage: ${h.matched}`);
  });
  out.push(`  → ${decision.tier}${decision.entryId ? ` ${decision.entryId}` : ''}${decision.alternatives.length ? ` [${decision.alternatives.join(', ')}]` : ''} (p ${f2(decision.confidence)})`);
  process.stdout.write(`${out.join('\n')}\n`);
}
