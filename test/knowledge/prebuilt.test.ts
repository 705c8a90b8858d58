import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/knowledge/howto.js';
import { knowledgeBaseOf, loadKnowledgeParts, type KnowledgeBase } from '../../src/knowledge/loader.js';
import { loadNormalizer, type Normalizer } from '../../src/knowledge/normalize.js';
import { deserializePrebuilt, serializePrebuilt } from '../../src/knowledge/prebuilt.js';
import { knowledgeFiles } from '../../src/knowledge/render.js';
import { DEFAULT_PARAMS, HowtoIndex } from '../../src/knowledge/search-index.js';
import { loadLexicon, loadOutside } from '../../src/knowledge/lexicon.js';
import { readCalibration } from '../../src/knowledge/calibration.js';
import { LOCALES } from '../../src/i18n/locales.js';
import { projectPath } from '../../src/paths.js';

/** A few questions of every kind, and every question of the tuning sets (not the blind ones). */
const TUNING = ['dev-questions', 'chat-dev-questions', 'chat-dev2-questions', 'calibration-negatives'].flatMap((f) =>
  readFileSync(projectPath('test', 'eval', `${f}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { q: string }).q),
);
const QUESTIONS = ['how do I approve a design', '设计被拒了怎么办', '怎麼撤銷設計', 'link my EU and US accounts', 'hwo to apply for handmade', '信用卡付款失败', '', '👍', ...TUNING];

let dir: string;
let reader: string;
let normalizer: Normalizer;
let kb: KnowledgeBase;
let index: HowtoIndex;
let bytes: Buffer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-prebuilt-'));
  reader = join(dir, 'sellerdesk.cjs');
  writeFileSync(reader, '// the program that reads the prebuilt file\n');
  normalizer = await loadNormalizer();
  const parts = loadKnowledgeParts(knowledgeFiles());
  kb = knowledgeBaseOf(parts);
  index = new HowtoIndex(kb, normalizer, DEFAULT_PARAMS, { lexicon: loadLexicon() });
  bytes = serializePrebuilt(parts, index, reader);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the prebuilt knowledge base and /howto index', () => {
  it('answers every question exactly as the index it was written from', () => {
    const again = deserializePrebuilt(bytes, reader)?.index(normalizer);
    expect(again).toBeInstanceOf(HowtoIndex);
    for (const q of QUESTIONS) expect(answer(again!, q), q).toEqual(answer(index, q));
  });

  it('gives back every entry, source check and program, the outside topics and the calibration', () => {
    const restored = deserializePrebuilt(bytes, reader)!;
    expect(restored.outside).toEqual(loadOutside());
    expect(restored.calibration).toEqual(readCalibration());
    expect(restored.kb.ids).toEqual(kb.ids);
    expect(restored.kb.programs).toEqual(kb.programs);
    for (const id of kb.ids) {
      expect(restored.kb.has(id)).toBe(true);
      for (const l of LOCALES) {
        expect(restored.kb.entry(id, l)).toEqual(kb.entry(id, l));
        expect(restored.kb.lastCheck(id, l)).toEqual(kb.lastCheck(id, l));
      }
    }
    expect(restored.kb.has('no.such-entry')).toBe(false);
    expect(restored.kb.entry('no.such-entry', 'en')).toBeUndefined();
  });

  it('is refused when truncated, corrupt or of another format version, so the caller builds anew', () => {
    expect(deserializePrebuilt(bytes.subarray(0, bytes.length - 4), reader)).toBeUndefined();
    expect(deserializePrebuilt(bytes.subarray(0, 16), reader)).toBeUndefined();
    expect(deserializePrebuilt(Buffer.alloc(0), reader)).toBeUndefined();
    const version = Buffer.from(bytes);
    version.writeUInt32LE(version.readUInt32LE(4) + 1, 4);
    expect(deserializePrebuilt(version, reader)).toBeUndefined();
    const json = Buffer.from(bytes);
    json.fill('x', json.length - 200, json.length - 100);
    expect(deserializePrebuilt(json, reader)).toBeUndefined();
    const random = Buffer.from(bytes.map((_, i) => (i * 7919) % 251));
    expect(deserializePrebuilt(random, reader)).toBeUndefined();
  });

  it('is refused by any other program file, and once its reader changed', () => {
    expect(deserializePrebuilt(bytes, join(dir, 'other.cjs'))).toBeUndefined();
    utimesSync(reader, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    expect(deserializePrebuilt(bytes, reader)).toBeUndefined();
  });
});
