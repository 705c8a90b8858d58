import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { LowdbStore, workspaceFileName } from '../../src/store/lowdb-store.js';
import { StoreError } from '../../src/store/errors.js';
import { StoreWriteError } from '../../src/store/journal.js';
import type { WorkspaceData } from '../../src/store/types.js';
import { FaultyFs } from '../support/faulty-fs.js';
import { files, tree } from '../support/tree.js';

/*
 * The fault suite: full disks (an injected file system that stops writes at a chosen byte, and a
 * real tiny tmpfs when the tests run as root), torn and bit-flipped journal lines, damaged and
 * missing snapshots, symbolic links, prototype-key ids. Each checks that no confirmed write is
 * lost, no failed write shows up later, and a file that is refused stays byte for byte.
 */

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-faults-'));
  file = join(dir, 'db.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Notes = Record<string, { n: number; text: string }>;
/** A feature of the tests' own: numbered notes. */
const notes = (ws: Readonly<WorkspaceData>) => (ws.notes ?? {}) as Notes;
const put = (n: number, text = 'x'.repeat(40)) => (ws: WorkspaceData) => {
  const all = (ws.notes ??= {}) as Notes;
  all[String(n)] = { n, text };
};

function memoryLog() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as { level: number; msg: string });
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

async function refusal(open: () => Promise<unknown>): Promise<StoreError> {
  try {
    await open();
  } catch (e) {
    if (e instanceof StoreError) return e;
    throw e;
  }
  throw new Error('the store opened data it should refuse');
}

const journals = (ws = 'w') => readdirSync(join(dir, 'db.json.d')).filter((n) => n.startsWith(workspaceFileName(ws)) && n.endsWith('.journal'));
const journalPath = (ws = 'w') => join(dir, 'db.json.d', journals(ws).sort().at(-1)!);
const snapshotPath = (ws = 'w') => join(dir, 'db.json.d', `${workspaceFileName(ws)}.json`);

describe('a full disk (injected: writes stop at a chosen byte)', () => {
  it('confirms a write only when all of it is on disk, cuts a short write back, and works again once space returns', async () => {
    const io = new FaultyFs();
    const { log, lines } = memoryLog();
    const store = await LowdbStore.open(file, { io, log });
    await store.update('w', put(1));
    await store.update('w', put(2));
    const good = statSync(journalPath()).size;
    // Room for part of the next line only.
    io.space = 30;
    const failed = store.update('w', put(3));
    await expect(failed).rejects.toBeInstanceOf(StoreWriteError);
    await expect(failed).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(io.written).toBeGreaterThan(0);
    // The fragment was cut back before anything else: the journal is its confirmed lines.
    expect(statSync(journalPath()).size).toBe(good);
    // And it is not in memory either.
    expect(notes(store.read('w'))['3']).toBeUndefined();
    await expect(store.update('w', put(4))).rejects.toBeInstanceOf(StoreWriteError);
    expect(lines.filter((l) => l.level === 50)).toHaveLength(1);
    expect(lines[0]!.msg).toMatch(/free some disk space/);
    io.space = undefined;
    await store.update('w', put(5));
    expect(lines.at(-1)!.msg).toMatch(/work again/);
    // A crash now (no close): what was confirmed is there, what failed is not.
    const again = await LowdbStore.open(file);
    expect(Object.keys(notes(again.read('w'))).sort()).toEqual(['1', '2', '5']);
    await store.close();
    // And the clean close did not bring the failed writes back.
    const third = await LowdbStore.open(file);
    expect(Object.keys(notes(third.read('w'))).sort()).toEqual(['1', '2', '5']);
  });

  it('fails every update that joined a failed write (they may have built on it), and only in that workspace', async () => {
    const io = new FaultyFs();
    const store = await LowdbStore.open(file, { io });
    await store.update('w', (ws) => void (ws.settings.timezone = 'UTC'));
    await store.update('w2', (ws) => void (ws.settings.timezone = 'UTC'));
    io.space = 10;
    const a = store.update('w', (ws) => void (ws.counter = 1));
    const b = store.update('w', (ws) => void (ws.counter = (ws.counter as number) + 1));
    await expect(a).rejects.toBeInstanceOf(StoreWriteError);
    await expect(b).rejects.toBeInstanceOf(StoreWriteError);
    expect(store.read('w').counter).toBeUndefined();
    io.space = undefined;
    await store.update('w2', (ws) => void (ws.settings.holidays = 'TW'));
    await store.close();
    const again = await LowdbStore.open(file);
    expect(again.read('w').counter).toBeUndefined();
    expect(again.read('w2').settings).toEqual({ timezone: 'UTC', holidays: 'TW' });
  });

  it('treats a failed fsync as a failed write, and cuts it back', async () => {
    const io = new FaultyFs();
    const store = await LowdbStore.open(file, { io });
    await store.update('w', put(1));
    const good = statSync(journalPath()).size;
    io.failFsync = true;
    await expect(store.update('w', put(2))).rejects.toBeInstanceOf(StoreWriteError);
    io.failFsync = false;
    expect(statSync(journalPath()).size).toBe(good);
    await store.update('w', put(3));
    await store.close();
    const again = await LowdbStore.open(file);
    expect(Object.keys(notes(again.read('w'))).sort()).toEqual(['1', '3']);
  });

  it('when even the cut fails, cuts the fragment before the next write, never writing after it', async () => {
    const io = new FaultyFs();
    const store = await LowdbStore.open(file, { io });
    await store.update('w', put(1));
    const good = statSync(journalPath()).size;
    io.space = 25;
    io.failTruncate = true;
    await expect(store.update('w', put(2))).rejects.toBeInstanceOf(StoreWriteError);
    expect(statSync(journalPath()).size).toBe(good + 25);
    io.space = undefined;
    // Still cannot cut: the next write fails rather than land after the fragment.
    await expect(store.update('w', put(3))).rejects.toBeInstanceOf(StoreWriteError);
    io.failTruncate = false;
    await store.update('w', put(4));
    const again = await LowdbStore.open(file, { preload: 'all' });
    expect(Object.keys(notes(again.read('w'))).sort()).toEqual(['1', '4']);
    await store.close();
  });

  it('a new workspace whose first write fails is not half made', async () => {
    const io = new FaultyFs();
    const store = await LowdbStore.open(file, { io });
    await store.update('w', put(1));
    io.space = 0;
    await expect(store.update('new', put(1))).rejects.toBeInstanceOf(Error);
    expect(store.read('new').notes).toBeUndefined();
    io.space = undefined;
    await store.update('new', put(2));
    await store.close();
    const again = await LowdbStore.open(file);
    expect(Object.keys(notes(again.read('new')))).toEqual(['2']);
  });

  it('at close, says clearly that a fold failed, removes its temporary file and the lock, and keeps the data as it was', async () => {
    const io = new FaultyFs();
    const store = await LowdbStore.open(file, { io, compactBytes: 3000 });
    for (let i = 0; i < 30; i++) await store.update('w', put(i));
    await store.close();
    const before = tree(dir);
    const again = await LowdbStore.open(file, { io, compactBytes: 3000 });
    // The next write crosses the threshold and starts a fold; the disk fills during it.
    io.space = 6000;
    await again.update('w', put(100, 'z'.repeat(4000)));
    const err = await refusal(() => again.close());
    expect(err.message).toMatch(/the disk is full/);
    expect(err.message).toMatch(/Nothing was lost/);
    expect(files(dir).filter((f) => f.includes('.tmp') || f.endsWith('.lock'))).toEqual([]);
    io.space = undefined;
    const third = await LowdbStore.open(file, { preload: 'all' });
    expect(Object.keys(notes(third.read('w')))).toHaveLength(31);
    // The snapshot and the old journal are untouched; only the new write's journal was added.
    for (const [path, bytes] of Object.entries(before)) expect(tree(dir)[path], path).toBe(bytes);
  });
});

// A real full disk: a 1 MiB tmpfs, mounted when the tests run as root (else the injected one above covers it).
const canMount = (() => {
  if (process.getuid?.() !== 0 || process.platform !== 'linux') return false;
  const probe = mkdtempSync(join(tmpdir(), 'sellerdesk-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

describe.runIf(canMount)('a full disk (a real 1 MiB tmpfs)', () => {
  let mnt: string;
  beforeAll(() => {
    mnt = mkdtempSync(join(tmpdir(), 'sellerdesk-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
  });
  afterAll(() => {
    execFileSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  });

  it('loses no confirmed write and keeps no failed one while the disk fills and empties', async () => {
    const db = join(mnt, 'db.json');
    const store = await LowdbStore.open(db, { compactBytes: 64 * 1024 });
    const confirmed = new Set<number>();
    const failed = new Set<number>();
    let filler = 0;
    for (let i = 0; i < 400; i++) {
      // Every 50 writes, fill the disk with a file, then remove it 20 writes later.
      if (i % 50 === 0) {
        try {
          writeFileSync(join(mnt, `filler-${filler++}`), Buffer.alloc(1024 * 1024));
        } catch {
          // Filled up to the last byte: that is the point.
        }
      }
      if (i % 50 === 20) for (const f of readdirSync(mnt).filter((n) => n.startsWith('filler-'))) unlinkSync(join(mnt, f));
      try {
        await store.update('w', put(i, 'y'.repeat(200 + (i % 300))));
        confirmed.add(i);
      } catch (err) {
        expect(err).toBeInstanceOf(StoreWriteError);
        failed.add(i);
      }
    }
    expect(failed.size).toBeGreaterThan(10);
    expect(confirmed.size).toBeGreaterThan(100);
    for (const f of readdirSync(mnt).filter((n) => n.startsWith('filler-'))) unlinkSync(join(mnt, f));
    await store.close().catch(() => undefined);
    const again = await LowdbStore.open(db, { preload: 'all' });
    const kept = new Set(Object.keys(notes(again.read('w'))).map(Number));
    for (const i of confirmed) expect(kept.has(i), `confirmed write ${i}`).toBe(true);
    for (const i of failed) expect(kept.has(i), `failed write ${i}`).toBe(false);
    await again.close();
  });

  it('refuses to open on a full disk (the lock cannot be written), clearly, leaving no handle and no lock file', async () => {
    const db = join(mnt, 'full.json');
    const fds = () => readdirSync('/proc/self/fd').length;
    const start = fds();
    try {
      writeFileSync(join(mnt, 'filler-full'), Buffer.alloc(2 * 1024 * 1024));
    } catch {
      // Filled up to the last byte.
    }
    const err = await refusal(() => LowdbStore.open(db));
    expect(err.message).toContain(db);
    expect(err.message).toMatch(/ENOSPC|disk is full/);
    expect(existsSync(`${db}.lock`)).toBe(false);
    expect(fds()).toBe(start);
    unlinkSync(join(mnt, 'filler-full'));
    const store = await LowdbStore.open(db);
    await store.update('w', put(1));
    await store.close();
    expect(existsSync(`${db}.lock`)).toBe(false);
  });
});

describe('damaged, missing and linked files', () => {
  async function seeded(): Promise<void> {
    const store = await LowdbStore.open(file, { compactBytes: 1500 });
    for (let i = 0; i < 30; i++) await store.update('w', put(i, `note ${i} due 2026-12-0${1 + (i % 9)}`));
    await store.update('w', (ws) => void (ws.settings.timezone = 'Asia/Taipei'));
    await store.close();
    expect(existsSync(snapshotPath())).toBe(true);
  }

  it('refuses a data file moved away while its folder or journal stays, and touches nothing', async () => {
    await seeded();
    renameSync(file, join(dir, 'moved.json'));
    const before = tree(dir);
    const err = await refusal(() => LowdbStore.open(file));
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/missing/);
    expect(err.message).toMatch(/Put the data file back/);
    expect(tree(dir)).toEqual(before);
    // A version-2 journal without its file, likewise.
    rmSync(join(dir, 'db.json.d'), { recursive: true });
    writeFileSync(`${file}.journal`, '{"seq":1,"r":[]}\t0\n');
    const before2 = tree(dir);
    expect((await refusal(() => LowdbStore.open(file))).message).toMatch(/journal/);
    expect(tree(dir)).toEqual(before2);
  });

  it('refuses a workspace whose snapshot is missing (or a dangling link) while its journal goes on', async () => {
    await seeded();
    renameSync(snapshotPath(), join(dir, 'away.json'));
    const before = tree(dir);
    const err = await refusal(() => LowdbStore.open(file, { preload: 'all' }));
    expect(err.message).toContain(snapshotPath());
    expect(err.message).toMatch(/missing/);
    expect(tree(dir)).toEqual(before);
    symlinkSync(join(dir, 'nowhere.json'), snapshotPath());
    const linked = tree(dir);
    expect((await refusal(() => LowdbStore.open(file, { preload: 'all' }))).message).toMatch(/missing/);
    expect(tree(dir)).toEqual(linked);
  });

  it('refuses a data file that is a dangling symbolic link, and writes through a link that resolves', async () => {
    symlinkSync(join(dir, 'real', 'db.json'), file);
    const before = tree(dir);
    const err = await refusal(() => LowdbStore.open(file));
    expect(err.message).toMatch(/symbolic link to a file that does not exist/);
    expect(tree(dir)).toEqual(before);
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'db.json'), JSON.stringify({ schemaVersion: 1, workspaces: {} }));
    const store = await LowdbStore.open(file);
    await store.update('w', put(1));
    await store.close();
    expect(tree(dir)['db.json']).toBe(`-> ${join(dir, 'real', 'db.json')}`);
    expect(existsSync(join(dir, 'real', 'db.json.d'))).toBe(true);
    const again = await LowdbStore.open(file);
    expect(notes(again.read('w'))['1']).toBeDefined();
  });

  it('refuses a snapshot with one changed byte that still parses (a title, a date), byte for byte', async () => {
    await seeded();
    const bytes = readFileSync(snapshotPath());
    const at = bytes.indexOf('due 2026-12-05');
    expect(at).toBeGreaterThan(0);
    const flipped = Buffer.from(bytes);
    flipped[at + 13] = '6'.charCodeAt(0);
    writeFileSync(snapshotPath(), flipped);
    const before = tree(dir);
    const err = await refusal(() => LowdbStore.open(file, { preload: 'all' }));
    expect(err.message).toContain(snapshotPath());
    expect(err.message).toMatch(/checksum/);
    expect(tree(dir)).toEqual(before);
  });

  it('refuses a snapshot cut short, or with a record dropped', async () => {
    await seeded();
    const bytes = readFileSync(snapshotPath());
    writeFileSync(snapshotPath(), bytes.subarray(0, bytes.length - 30));
    expect((await refusal(() => LowdbStore.open(file, { preload: 'all' }))).message).toMatch(/cut short/);
    const lines = bytes.toString('utf8').split('\n');
    lines.splice(3, 1);
    writeFileSync(snapshotPath(), lines.join('\n'));
    expect((await refusal(() => LowdbStore.open(file, { preload: 'all' }))).message).toMatch(/damaged/);
  });

  it('refuses a bit flipped in the last complete journal line, instead of dropping that confirmed write', async () => {
    const store = await LowdbStore.open(file);
    await store.update('w', put(1));
    await store.update('w', put(2, 'the last confirmed write'));
    await store.close();
    const j = journalPath();
    const bytes = readFileSync(j);
    const at = bytes.lastIndexOf('confirmed');
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(j, bytes);
    const before = tree(dir);
    const err = await refusal(() => LowdbStore.open(file, { preload: 'all' }));
    expect(err.message).toContain(j);
    expect(err.message).toMatch(/damaged at line 2/);
    expect(tree(dir)).toEqual(before);
  });

  it.runIf(existsSync('/proc/self/fd'))('leaves no file handle open and no lock behind when an open is refused, or a store is dropped after a failed write', async () => {
    const openFds = () => readdirSync('/proc/self/fd').length;
    await seeded();
    const start = openFds();
    const bytes = readFileSync(snapshotPath());
    const flipped = Buffer.from(bytes);
    const at = flipped.indexOf('note 3');
    flipped[at] = flipped[at]! ^ 0x02;
    writeFileSync(snapshotPath(), flipped);
    for (let i = 0; i < 20; i++) await refusal(() => LowdbStore.open(file, { preload: 'all' }));
    writeFileSync(snapshotPath(), bytes);
    writeFileSync(journalPath(), Buffer.concat([readFileSync(journalPath()), Buffer.from('{"seq":99,"r":[]}\t0\n{"seq":100,"r":[]}\t0\n')]));
    for (let i = 0; i < 20; i++) await refusal(() => LowdbStore.open(file, { preload: 'all' }));
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(openFds()).toBe(start);
    // A store whose writes fail (its journal was opened), then closed: its handle is released too.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const io = new FaultyFs();
    const store = await LowdbStore.open(file, { io });
    await store.update('w', put(1));
    io.space = 0;
    await expect(store.update('w', put(2))).rejects.toThrow();
    await store.close().catch(() => undefined);
    expect(openFds()).toBe(start);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a changed manifest', async () => {
    await seeded();
    const text = readFileSync(file, 'utf8').replace('"snapshot":true', '"snapshot":false');
    writeFileSync(file, text);
    expect((await refusal(() => LowdbStore.open(file))).message).toMatch(/checksum/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('refuses a newer format of a workspace snapshot', async () => {
    await seeded();
    const bytes = readFileSync(snapshotPath(), 'utf8').replace('"version":3', '"version":4');
    writeFileSync(snapshotPath(), bytes);
    expect((await refusal(() => LowdbStore.open(file, { preload: 'all' }))).message).toMatch(/newer/);
  });
});

describe('stored data is checked when it is loaded, feature by feature', () => {
  const base = { settings: {}, users: {}, channels: {} };
  const item = { id: '1', template: 'task', title: 'a', channel: 'c', status: 'open', createdBy: 'u', createdAt: '2026-11-01T00:00:00.000Z', fields: {}, dues: {}, events: [], notes: [], rev: 1 };
  const cases: [string, Record<string, unknown>, string][] = [
    ['an item without its events', { track: { seq: 1, items: { '1': { ...item, events: undefined } } } }, 'track.items.1.events'],
    ['an event without its key', { track: { seq: 1, items: { '1': { ...item, events: [{ when: { day: '2026-11-02' }, by: 'u', recordedAt: 'x' }] } } } }, 'track.items.1.events.0.key'],
    ['a ledger entry of an unknown state', { pings: { ledger: { k: { state: 'lost', kind: 'slot', channel: 'c', at: 'x', changedAt: 'x' } } } }, 'pings.ledger.k.state'],
    ['a time zone that is a number', { settings: { timezone: 8 } }, 'settings.timezone'],
    ['a user language that does not exist', { users: { U1: { locale: 'fr' } } }, 'users.U1.locale'],
    ['a gap with a count of zero', { howto: { gaps: { q: { question: 'q', count: 0, tier: 'unknown', offered: [], first: 'x', last: 'x' } } } }, 'howto.gaps.q.count'],
    ['guide progress at step 0', { guideProgress: { U1: { e1: { step: 0, at: 'x' } } } }, 'guideProgress.U1.e1.step'],
  ];
  for (const [what, data, field] of cases) {
    it(`refuses ${what}, naming the file, the workspace and the field`, async () => {
      const text = JSON.stringify({ schemaVersion: 2, workspaces: { T0ACME: { ...base, ...data } } });
      writeFileSync(file, text);
      const err = await refusal(() => LowdbStore.open(file));
      expect(err.message).toContain(file);
      expect(err.message).toContain('workspace "T0ACME"');
      expect(err.message).toContain(`field ${field}`);
      expect(readFileSync(file, 'utf8')).toBe(text);
      expect(readdirSync(dir)).toEqual(['db.json']);
    });
  }

  it('checks a record of a snapshot when it is first read', async () => {
    const store = await LowdbStore.open(file, { compactBytes: 10 });
    await store.update('w', (ws) => void (ws.track = { seq: 2, items: { '1': item, '2': { ...item, id: '2' } } }));
    await store.close();
    // Damage item 2 and recompute the checksum, as a buggy writer would.
    const lines = readFileSync(snapshotPath(), 'utf8').split('\n');
    const i = lines.findIndex((l) => l.startsWith('["track","items","2"]'));
    lines[i] = lines[i]!.replace('"events":[]', '"events":"none"');
    const body = `${lines.slice(0, -2).join('\n')}\n`;
    const trailer = JSON.parse(lines.at(-2)!) as { records: number };
    writeFileSync(snapshotPath(), `${body}${JSON.stringify({ end: true, records: trailer.records, crc: crc32(body).toString(16) })}\n`);
    const again = await LowdbStore.open(file, { preload: 'all' });
    const items = (again.read('w').track as { items: Record<string, unknown> }).items;
    expect(items['1']).toMatchObject({ id: '1' });
    expect(() => items['2']).toThrow(/field track\.items\.2\.events/);
  });
});

describe('stored data of format 3 is checked when it is loaded', () => {
  const item = { id: '1', template: 'task', title: 'a', channel: 'c', status: 'open', createdBy: 'u', createdAt: '2026-11-01T00:00:00.000Z', fields: {}, dues: {}, events: [], notes: [], rev: 1 };
  /** Rewrites a snapshot line and its checksum, as a buggy writer would. */
  function rewriteSnapshot(edit: (lines: string[]) => void): void {
    const lines = readFileSync(snapshotPath(), 'utf8').split('\n');
    edit(lines);
    const body = `${lines.slice(0, -2).join('\n')}\n`;
    const trailer = JSON.parse(lines.at(-2)!) as { records: number };
    writeFileSync(snapshotPath(), `${body}${JSON.stringify({ end: true, records: trailer.records, crc: crc32(body).toString(16) })}\n`);
  }

  it('refuses a small record of a snapshot (parsed at open) of the wrong shape, before anything is written', async () => {
    const store = await LowdbStore.open(file, { compactBytes: 10 });
    await store.update('w', (ws) => {
      ws.settings.timezone = 'UTC';
      ws.track = { seq: 1, items: { '1': item } };
    });
    await store.close();
    rewriteSnapshot((lines) => {
      const i = lines.findIndex((l) => l.startsWith('["track","seq"]'));
      lines[i] = '["track","seq"]\t-4';
    });
    const before = tree(dir);
    const err = await refusal(() => LowdbStore.open(file, { preload: ['w'] }));
    expect(err.message).toContain(snapshotPath());
    expect(err.message).toContain('workspace "w"');
    expect(err.message).toContain('field track.seq');
    expect(tree(dir)).toEqual(before);
  });

  it('refuses a record the journal replays of the wrong shape, and accepts one a later write replaced', async () => {
    const store = await LowdbStore.open(file);
    await store.update('w', (ws) => void (ws.track = { seq: 1, items: { '1': item } }));
    await store.update('w', (ws) => void ((ws.track as { items: Record<string, unknown> }).items['2'] = { ...item, id: '2' }));
    await store.close();
    const journal = join(dir, 'db.json.d', `${workspaceFileName('w')}.1.journal`);
    const good = readFileSync(journal);
    const line = (seq: number, r: unknown[]) => {
      const json = JSON.stringify({ seq, r });
      return `${json}\t${crc32(json).toString(16)}\n`;
    };
    writeFileSync(journal, Buffer.concat([good, Buffer.from(line(3, [[['track', 'items', '2'], { ...item, id: '2', events: 'none' }]]))]));
    const before = tree(dir);
    const err = await refusal(() => LowdbStore.open(file, { preload: ['w'] }));
    expect(err.message).toContain('workspace "w"');
    expect(err.message).toContain('field track.items.2.events');
    expect(tree(dir)).toEqual(before);
    // The same bad value replaced by the next write: what the journal ends with is fine.
    writeFileSync(journal, Buffer.concat([good, Buffer.from(line(3, [[['track', 'items', '2'], { ...item, id: '2', events: 'none' }]]) + line(4, [[['track', 'items', '2'], { ...item, id: '2', title: 'b' }]]))]));
    const again = await LowdbStore.open(file, { preload: ['w'] });
    expect((again.read('w').track as { items: Record<string, { title: string }> }).items['2']!.title).toBe('b');
    await again.close();
  });

  it('refuses a snapshot record four keys deep, also among the records of one map', async () => {
    const store = await LowdbStore.open(file, { compactBytes: 10 });
    await store.update('w', (ws) => void (ws.track = { seq: 3, items: { '1': item, '2': { ...item, id: '2' }, '3': { ...item, id: '3' } } }));
    await store.close();
    rewriteSnapshot((lines) => {
      const i = lines.findIndex((l) => l.startsWith('["track","items","2"]'));
      lines[i] = lines[i]!.replace('["track","items","2"]', '["track","items","2","x"]');
    });
    expect((await refusal(() => LowdbStore.open(file, { preload: ['w'] }))).message).toMatch(/record \d+ has a bad path/);
  });
});

describe('ids that are prototype keys', () => {
  const ids = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

  it('stores and reloads workspaces, users, channels and map keys named like Object.prototype members', async () => {
    const store = await LowdbStore.open(file);
    for (const id of ids) {
      await store.update(id, (ws) => {
        ws.settings.timezone = 'UTC';
        ws.users[id] ??= {};
        ws.users[id].locale = 'zh-TW';
        ws.channels[id] = { digest: true };
        ws.howto ??= { gaps: {} };
        const gaps = (ws.howto as { gaps: Record<string, unknown> }).gaps;
        gaps[id] = { question: id, count: 1, tier: 'unknown', offered: [], first: 'x', last: 'x' };
        ws.guideProgress ??= {};
        const progress = ws.guideProgress as Record<string, Record<string, unknown>>;
        progress[id] ??= {};
        progress[id][id] = { step: 2, at: 'x' };
      });
    }
    expect(({} as Record<string, unknown>).locale).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    const check = (s: LowdbStore) => {
      expect(s.workspaces().sort()).toEqual([...ids].sort());
      for (const id of ids) {
        const ws = s.read(id);
        expect(Object.hasOwn(ws.users, id)).toBe(true);
        expect(ws.users[id]!.locale).toBe('zh-TW');
        expect(ws.channels[id]).toEqual({ digest: true });
        expect(Object.keys((ws.howto as { gaps: object }).gaps)).toEqual([id]);
        expect((ws.guideProgress as Record<string, Record<string, { step: number }>>)[id]![id]!.step).toBe(2);
      }
    };
    check(store);
    const ctor: string = 'constructor';
    await store.update('__proto__', (ws) => void (ws.users[ctor] = { locale: 'en' }));
    const crashed = await LowdbStore.open(file);
    check(crashed);
    expect(crashed.read('__proto__').users[ctor]).toEqual({ locale: 'en' });
    await store.close();
    const again = await LowdbStore.open(file, { compactBytes: 10 });
    check(again);
    // Through a fold into a snapshot, too.
    await again.update('toString', (ws) => void (ws.settings.holidays = 'TW'));
    await again.close();
    check(await LowdbStore.open(file, { preload: 'all' }));
  });

  it('reads back through a snapshot map keys with quotes, escapes, brackets, tabs, non-Latin letters and none at all', async () => {
    const keys = ['__proto__', 'a"b', 'a\\b', 'a]', '"]\t', '', 'x\ny', '設計', '🎉', 'a","b', '12', 'constructor'];
    const item = (id: string) => ({ id, template: 'task', title: `t ${id}`, channel: 'c', status: 'open', createdBy: 'u', createdAt: 'x', fields: {}, dues: {}, events: [], notes: [], rev: 1 });
    const store = await LowdbStore.open(file, { compactBytes: 10 });
    await store.update('w', (ws) => {
      const items: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const k of keys) items[k] = item(k);
      ws.track = { seq: 1, items };
      ws.channels.c1 = { digest: true, ['a"b']: 'x' };
      ws.pings = { ledger: Object.fromEntries(keys.map((k) => [k, { state: 'sent', kind: 'slot', channel: k, at: 'x', changedAt: 'x' }])) };
    });
    await store.close();
    const again = await LowdbStore.open(file, { preload: 'all' });
    const ws = again.read('w');
    const items = (ws.track as { items: Record<string, { id: string }> }).items;
    expect(Object.keys(items).sort()).toEqual([...keys].sort());
    for (const k of keys) expect(items[k]!.id).toBe(k);
    const ledger = (ws.pings as { ledger: Record<string, { channel: string }> }).ledger;
    for (const k of keys) expect(ledger[k]!.channel).toBe(k);
    expect(ws.channels.c1).toEqual({ digest: true, ['a"b']: 'x' });
    await again.close();
  });

  it('reads a workspace that does not exist as empty, whatever its id', async () => {
    const store = await LowdbStore.open(file);
    for (const id of ids) {
      expect(store.read(id).settings).toEqual({});
      expect(store.read(id).users[id]).toBeUndefined();
    }
    expect(store.workspaces()).toEqual([]);
  });
});
