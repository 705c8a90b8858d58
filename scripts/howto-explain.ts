/**
 * `node dist/scripts/howto-explain.js "<question>" […]`: shows how /howto reads a question and why
 * it ranks what it ranks — the question's terms (kind, weight, idf, how many entries hold them),
 * the best hits with their features, and the tier it decides. For tuning the ranking; not part of
 * the bot.
 */
import { readLocaleFiles } from '../src/i18n/index.js';
import { loadKnowledgeBase } from '../src/knowledge/loader.js';
import { loadNormalizer } from '../src/knowledge/normalize.js';
import { HowtoIndex } from '../src/knowledge/search-index.js';
import { decide, features, probability } from '../src/knowledge/confidence.js';
import { loadLexicon } from '../src/knowledge/lexicon.js';

const questions = process.argv.slice(2);
if (!questions.length) {
  process.stderr.write('usage: node dist/scripts/howto-explain.js "<question>" […]\n');
  process.exit(2);
}
const index = new HowtoIndex(loadKnowledgeBase(readLocaleFiles()), await loadNormalizer(), undefined, { lexicon: loadLexicon() });
const f2 = (v: number) => v.toFixed(2);

for (const q of questions) {
  const result = index.search(q, 5);
  const decision = decide(result);
  const out = [`\n${q}`, `  terms (mass ${f2(result.mass)}):`];
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
