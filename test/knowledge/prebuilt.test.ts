import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/knowledge/howto.js';
import { knowledgeBaseOf, loadKnowledgeParts } from '../../src/knowledge/loader.js';
import { loadNormalizer, type Normalizer } from '../../src/knowledge/normalize.js';
import { deserializePrebuilt, serializePrebuilt } from '../../src/knowledge/prebuilt.js';
import { knowledgeFiles } from '../../src/knowledge/render.js';
import { DEFAULT_PARAMS, HowtoIndex } from '../../src/knowledge/search-index.js';
import { loadLexicon, loadOutside } from '../../src/knowledge/lexicon.js';
import { readCalibration } from '../../src/knowledge/calibration.js';

const QUESTIONS = ['how do I approve a design', '设计被拒了怎么办', '怎麼撤銷設計', 'link my EU and US accounts', 'hwo to apply for handmade', '信用卡付款失败'];

let dir: string;
let reader: string;
let normalizer: Normalizer;
let index: HowtoIndex;
let bytes: Buffer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-prebuilt-'));
  reader = join(dir, 'sellerdesk.cjs');
  writeFileSync(reader, '// the program that reads the prebuilt file\n');
  normalizer = await loadNormalizer();
  const parts = loadKnowledgeParts(knowledgeFiles());
  index = new HowtoIndex(knowledgeBaseOf(parts), normalizer, DEFAULT_PARAMS, { lexicon: loadLexicon() });
  bytes = serializePrebuilt(parts, index, reader);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the prebuilt knowledge base and /howto index', () => {
  it('answers every question exactly as the index it was written from', () => {
    const restored = deserializePrebuilt(bytes, reader);
    const again = restored?.index(normalizer);
    expect(again).toBeInstanceOf(HowtoIndex);
    for (const q of QUESTIONS) expect(answer(again!, q)).toEqual(answer(index, q));
    expect(restored!.outside).toEqual(loadOutside());
    expect(restored!.calibration).toEqual(readCalibration());
    const kb = knowledgeBaseOf(restored!.kb);
    expect(kb.entry('collab.approve-design', 'zh-TW')?.title).toBe(knowledgeBaseOf(loadKnowledgeParts(knowledgeFiles())).entry('collab.approve-design', 'zh-TW')?.title);
  });

  it('is refused by any other program file, and once its reader changed', () => {
    expect(deserializePrebuilt(bytes, join(dir, 'other.cjs'))).toBeUndefined();
    utimesSync(reader, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    expect(deserializePrebuilt(bytes, reader)).toBeUndefined();
  });
});
