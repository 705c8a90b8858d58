import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/knowledge/howto.js';
import { knowledgeBaseOf, loadKnowledgeParts, type KnowledgeBase } from '../../src/knowledge/loader.js';
import { loadNormalizer, type Normalizer } from '../../src/knowledge/normalize.js';
import { deserializePrebuilt, loadPrebuilt, serializePrebuilt } from '../../src/knowledge/prebuilt.js';
import { packedChecksum, VERSION } from '../../src/knowledge/packed.js';
import { knowledgeFiles } from '../../src/knowledge/render.js';
import { DEFAULT_PARAMS, HowtoIndex } from '../../src/knowledge/search-index.js';
import { latinPhrases, loadLexicon, loadOutside, loadVague } from '../../src/knowledge/lexicon.js';
import { OutsideTopics } from '../../src/knowledge/outside.js';
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
/** Written for its own reader, rebuilt.cjs (whose modification time a test changes). */
let ownBytes: Buffer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-prebuilt-'));
  reader = join(dir, 'sellerdesk.cjs');
  writeFileSync(reader, '// the program that reads the prebuilt file\n');
  normalizer = await loadNormalizer();
  const parts = loadKnowledgeParts(knowledgeFiles());
  kb = knowledgeBaseOf(parts);
  index = new HowtoIndex(kb, normalizer, DEFAULT_PARAMS, { lexicon: loadLexicon() });
  bytes = serializePrebuilt(parts, index, reader);
  writeFileSync(join(dir, 'rebuilt.cjs'), '// another program that reads the prebuilt file\n');
  ownBytes = serializePrebuilt(parts, index, join(dir, 'rebuilt.cjs'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the prebuilt knowledge base and /howto index', () => {
  it('answers every question exactly as the index it was written from', () => {
    // (On a copy: the index's typed arrays are views into the bytes read, and it keeps scratch and caches in some.)
    const again = deserializePrebuilt(Buffer.from(bytes), reader)?.index(normalizer);
    expect(again).toBeInstanceOf(HowtoIndex);
    for (const q of QUESTIONS) expect(answer(again!, q), q).toEqual(answer(index, q));
  });

  it('gives back every entry, source check and program, the outside topics and the calibration', () => {
    const restored = deserializePrebuilt(bytes, reader)!;
    expect(restored.outside).toEqual(loadOutside());
    expect(restored.vague).toEqual(loadVague());
    // The outside and vague phrases without Chinese characters, normalized as a question is: an English question matches them as it would the phrases.
    expect(restored.outsideLatin).toEqual(latinPhrases(loadOutside(), (t) => normalizer.normalize(t)));
    expect(restored.vagueLatin).toEqual(latinPhrases(loadVague(), (t) => normalizer.normalize(t)));
    expect(restored.outsideLatin.length).toBeGreaterThan(100);
    const stored = new OutsideTopics(restored.outside, normalizer, restored.outsideLatin);
    const plain = new OutsideTopics(loadOutside(), normalizer);
    for (const q of ['how do I delete my Amazon account', 'what are the fees for Handmade', 'where do I put our bank details', ...TUNING]) expect(stored.find(q), q).toBe(plain.find(q));
    expect(stored.find('how do I delete my Amazon account')).toBeDefined();
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

  /** Why deserializePrebuilt refused `b` (undefined: it did not, or passed over it quietly). */
  const refusal = (b: Uint8Array, r = reader): string | undefined => {
    let why: string | undefined;
    deserializePrebuilt(b, r, (w) => (why = w));
    return why;
  };

  it('is refused when truncated, corrupt or of another format version, so the caller builds anew', () => {
    expect(refusal(bytes)).toBeUndefined();
    expect(deserializePrebuilt(bytes.subarray(0, bytes.length - 4), reader)).toBeUndefined();
    expect(refusal(bytes.subarray(0, bytes.length - 4))).toMatch(/cut/);
    expect(refusal(bytes.subarray(0, 16))).toMatch(/shorter than its header/);
    expect(refusal(Buffer.alloc(0))).toMatch(/shorter than its header/);
    const version = Buffer.from(bytes);
    version.writeUInt32LE(version.readUInt32LE(4) + 1, 4);
    expect(refusal(version)).toMatch(/format version/);
    const json = Buffer.from(bytes);
    json.fill('x', json.length - 200, json.length - 100);
    expect(refusal(json)).toMatch(/checksum mismatch/);
    const random = Buffer.from(bytes.map((_, i) => (i * 7919) % 251));
    expect(refusal(random)).toMatch(/another magic number/);
    // One bit anywhere in the typed arrays (read in place, never parsed) or in the JSON.
    const binaryEnd = 32 + bytes.readUInt32LE(8);
    for (const at of [40, Math.floor(binaryEnd / 2), binaryEnd - 8, binaryEnd + 100, bytes.length - 10]) {
      const flipped = Buffer.from(bytes);
      flipped[at]! ^= 0x10;
      expect(deserializePrebuilt(flipped, reader), `byte ${at}`).toBeUndefined();
      expect(refusal(flipped), `byte ${at}`).toMatch(/checksum mismatch/);
    }
  });

  it('is passed over quietly by any other program file (the sources, the tsc output), and refused once its reader changed', () => {
    expect(deserializePrebuilt(bytes, join(dir, 'other.cjs'))).toBeUndefined();
    expect(refusal(bytes, join(dir, 'other.cjs'))).toBeUndefined();
    const own = join(dir, 'rebuilt.cjs');
    const written = ownBytes;
    expect(deserializePrebuilt(written, own)).toBeDefined();
    utimesSync(own, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    expect(deserializePrebuilt(written, own)).toBeUndefined();
    expect(refusal(written, own)).toMatch(/^stale: written for another build of .*rebuilt\.cjs$/);
  });

  it('loaded from its file: a flipped byte, a cut file and another format version are refused, said why, and left byte for byte', () => {
    const file = join(dir, 'knowledge.bin');
    const version = Buffer.from(bytes);
    version.writeUInt32LE(VERSION + 1, 4);
    version.writeUInt32LE(packedChecksum(version), 16);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 3)]! ^= 0x01;
    const cases: [string, Buffer, RegExp][] = [
      ['a flipped byte', flipped, /^checksum mismatch/],
      ['a cut file', bytes.subarray(0, bytes.length - 4096), /cut/],
      ['another format version', version, new RegExp(`^format version ${VERSION + 1}, this program reads version ${VERSION}$`)],
    ];
    for (const [what, damaged, reason] of cases) {
      writeFileSync(file, damaged);
      const before = readFileSync(file);
      const { mtimeMs } = statSync(file);
      const reasons: string[] = [];
      expect(loadPrebuilt(file, reader, (r) => reasons.push(r)), what).toBeUndefined();
      expect(reasons, what).toHaveLength(1);
      expect(reasons[0], what).toMatch(reason);
      expect(readFileSync(file).equals(before), what).toBe(true);
      expect(statSync(file).mtimeMs, what).toBe(mtimeMs);
    }
    writeFileSync(file, bytes);
    const reasons: string[] = [];
    const good = loadPrebuilt(file, reader, (r) => reasons.push(r));
    expect(reasons).toEqual([]);
    expect(answer(good!.index(normalizer)!, 'how do I approve a design')).toEqual(answer(index, 'how do I approve a design'));
    expect(loadPrebuilt(join(dir, 'none.bin'), reader, (r) => reasons.push(r))).toBeUndefined();
    expect(reasons).toEqual([]);
  });
});
