/**
 * `node dist/scripts/howto-general-loo.js [en,zh,hyper …]`: the knowledge base's own alternative
 * questions and titles, each asked of an index built without it (as scripts/howto-loo.ts does),
 * with and without the general dictionaries' synonyms (locales/general-synonyms.json), each
 * variant a comma-separated list of parts. Prints, per variant, rank-1, top-3, answered right and
 * confident wrong. An experiment (README, "Asking"); not part of the bot.
 *
 * The generated file was derived from the whole knowledge base, so a word found only in the
 * held-out question is never one of its keys; for a fair measure, generate one with every key kept
 * (`howto-general-dict.js <modules> --all-keys --out /tmp/all.json`) and run with GENERAL_FILE=/tmp/all.json.
 */
import { LOCALES } from '../src/i18n/locales.js';
import { readLocaleFiles } from '../src/i18n/index.js';
import { loadKnowledgeBase } from '../src/knowledge/loader.js';
import { loadNormalizer } from '../src/knowledge/normalize.js';
import { DEFAULT_PARAMS, HowtoIndex, type SearchResult } from '../src/knowledge/search-index.js';
import { loadLexicon } from '../src/knowledge/lexicon.js';
import { decide } from '../src/knowledge/confidence.js';
import { GeneralSynonyms, readGeneralSynonyms } from '../src/knowledge/general-synonyms.js';
import type { IndexOptions } from '../src/knowledge/search-params.js';
import { foldCount, memoized } from './howto-loo.js';

const kb = loadKnowledgeBase(readLocaleFiles());
const normalizer = memoized(await loadNormalizer());
const file = readGeneralSynonyms(process.env.GENERAL_FILE || undefined);
const variants = ['none', ...(process.argv.slice(2).length ? process.argv.slice(2) : ['en', 'zh', 'en,zh', 'en,zh,hyper'])];

function ask(general: GeneralSynonyms | undefined): { id: string; result: SearchResult }[] {
  const out: { id: string; result: SearchResult }[] = [];
  const build = (options: IndexOptions) => new HowtoIndex(kb, normalizer, DEFAULT_PARAMS, { ...options, lexicon: loadLexicon(), general });
  for (let k = 0; k < foldCount(kb); k++) {
    const index = build({ skipQuestion: (_id, _locale, i) => i === k });
    for (const id of kb.ids) {
      for (const locale of LOCALES) {
        const q = kb.entry(id, locale)?.questions[k];
        if (q) out.push({ id, result: index.search(q, 5) });
      }
    }
  }
  for (const id of kb.ids) {
    const index = build({ skipTitle: (e) => e === id });
    for (const locale of LOCALES) {
      const q = kb.entry(id, locale)?.title;
      if (q) out.push({ id, result: index.search(q, 5) });
    }
  }
  return out;
}

const lines = ['variant        n     rank-1  top-3  answered right  confident wrong  (new right / new wrong against none)'];
let baseline: string[] | undefined;
for (const v of variants) {
  const parts = v.split(',');
  const general = v === 'none' ? undefined : new GeneralSynonyms(file, (s) => normalizer.normalize(s), { en: parts.includes('en'), zh: parts.includes('zh'), hyper: parts.includes('hyper') });
  let rank1 = 0;
  let top3 = 0;
  let right = 0;
  let wrong = 0;
  const asked = ask(general);
  const outcome: string[] = [];
  for (const { id, result } of asked) {
    const d = decide(result);
    outcome.push(d.tier === 'answer' ? (d.entryId === id ? 'right' : 'wrong') : 'not');
    const first = d.entryId ?? d.alternatives[0];
    if (first === id) rank1++;
    if (d.entryId === id || d.alternatives.includes(id)) top3++;
    if (d.tier === 'answer' && d.entryId === id) right++;
    else if (d.tier === 'answer') wrong++;
  }
  baseline ??= outcome;
  const changed = (to: string) => outcome.filter((o, i) => o === to && baseline![i] !== to).length;
  lines.push(`${v.padEnd(14)} ${String(asked.length).padEnd(5)} ${String(rank1).padEnd(7)} ${String(top3).padEnd(6)} ${String(right).padEnd(15)} ${String(wrong).padEnd(16)} +${changed('right')} / +${changed('wrong')}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
