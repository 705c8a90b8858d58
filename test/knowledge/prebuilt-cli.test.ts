import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedChecksum, VERSION } from '../../src/knowledge/packed.js';
import { projectPath } from '../../src/paths.js';

// Drives the compiled program (`npm test` builds it first) in a copy of the package: its bundle, its
// prebuilt knowledge file and the locale files, times kept (the prebuilt file names them).
let root: string;
let good: Buffer;
const QUESTION = '/howto how do I approve a design';
const file = () => join(root, 'dist', 'knowledge.bin');

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sellerdesk-prebuilt-cli-'));
  // (cp -a: Node's cpSync keeps modification times to the millisecond only, and they are compared whole.)
  for (const part of ['package.json', 'bin', 'locales', join('dist', 'sellerdesk.cjs'), join('dist', 'knowledge.bin')]) {
    mkdirSync(join(root, part, '..'), { recursive: true });
    const r = spawnSync('cp', ['-a', projectPath(part), join(root, part)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  }
  symlinkSync(projectPath('node_modules'), join(root, 'node_modules'));
  good = readFileSync(file());
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function cli(input: string) {
  const env = { ...process.env, DATA_FILE: '', LOG_LEVEL: 'warn', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '' };
  const r = spawnSync(process.execPath, [join(root, 'bin', 'sellerdesk.js'), '--db', join(root, 'db.json')], { input, encoding: 'utf8', env, timeout: 30_000 });
  expect(r.status, r.stderr).toBe(0);
  return { out: r.stdout, warnings: r.stderr.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { level: number; msg: string; reason: string; file: string }) };
}

describe('a damaged or stale dist/knowledge.bin', () => {
  it('is refused with one warning, the answers stay the same, and the file is left byte for byte', () => {
    const expected = cli(`${QUESTION}\n/guide collab.approve-design\n`);
    expect(expected.warnings).toEqual([]);
    expect(expected.out).toContain('Approve a design');

    const flipped = Buffer.from(good);
    flipped[Math.floor(good.length / 2)]! ^= 0x01;
    const version = Buffer.from(good);
    version.writeUInt32LE(VERSION + 1, 4);
    version.writeUInt32LE(packedChecksum(version), 16);
    const cases: [string, Buffer, RegExp][] = [
      ['a flipped byte', flipped, /^checksum mismatch/],
      ['a truncated file', good.subarray(0, good.length - 1000), /cut/],
      ['a file of another format version', version, new RegExp(`^format version ${VERSION + 1},`)],
    ];
    for (const [what, bytes, reason] of cases) {
      writeFileSync(file(), bytes);
      const mtime = statSync(file()).mtimeMs;
      const r = cli(`${QUESTION}\n/guide collab.approve-design\n`);
      expect(r.out, what).toBe(expected.out);
      expect(r.warnings, what).toHaveLength(1);
      expect(r.warnings[0]!.level, what).toBe(40);
      expect(r.warnings[0]!.reason, what).toMatch(reason);
      expect(r.warnings[0]!.file, what).toBe(file());
      expect(r.warnings[0]!.msg, what).toMatch(/^prebuilt knowledge file ignored \(.*\); building the knowledge base and \/howto index from locales\/ instead/);
      expect(readFileSync(file()).equals(bytes), what).toBe(true);
      expect(statSync(file()).mtimeMs, what).toBe(mtime);
    }
    writeFileSync(file(), good);
    expect(cli(`${QUESTION}\n`).warnings).toEqual([]);
  }, 120_000);

  it('is refused, said why, once a knowledge-base file changed after the build', () => {
    writeFileSync(file(), good);
    const kb = join(root, 'locales', 'zh-TW', 'kb-collab.json');
    utimesSync(kb, new Date('2026-01-02T00:00:00Z'), new Date('2026-01-02T00:00:00Z'));
    const r = cli(`${QUESTION}\n`);
    expect(r.out).toContain('Approve a design');
    expect(r.warnings.map((w) => w.reason)).toEqual(['stale: locales/zh-TW/kb-collab.json changed since it was written']);
    expect(readFileSync(file()).equals(good)).toBe(true);
  }, 60_000);
});
