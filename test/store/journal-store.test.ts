import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { types } from 'node:util';
import { crc32 } from 'node:zlib';
import { crc32 as storeCrc, NATIVE_CRC_BYTES } from '../../src/store/crc32.js';
import { LowdbStore, workspaceFileName } from '../../src/store/lowdb-store.js';
import { tree } from '../support/tree.js';
import { StoreError } from '../../src/store/errors.js';
import { ChangeTracker } from '../../src/store/change-tracker.js';
import { emptyWorkspace, type WorkspaceData } from '../../src/store/types.js';
import { projectPath } from '../../src/paths.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-journal-'));
  file = join(dir, 'db.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Items = Record<string, { title: string; events: number[]; assignee?: string; note?: string | null }>;
// A feature of the tests' own (the store checks the shape of the real features, such as `track`).
const items = (ws: Readonly<WorkspaceData>) => (ws.board as { items: Items } | undefined)?.items ?? {};

function line(seq: number, records: unknown[]): string {
  const json = JSON.stringify({ seq, r: records });
  return `${json}\t${crc32(json).toString(16)}\n`;
}

describe('the change tracker', () => {
  it('notes the records an update wrote, not the ones it read', () => {
    const tracker = new ChangeTracker();
    const ws = emptyWorkspace();
    ws.track = { items: { '1': { title: 'a', events: [] }, '2': { title: 'b', events: [] } } };
    const view = tracker.wrap(ws, 'w') as WorkspaceData & { track: { items: Items } };
    void view.track.items['2']!.title;
    view.track.items['1']!.events.push(5);
    view.settings.timezone = 'UTC';
    expect(tracker.take()).toEqual([
      ['w', 'settings', 'timezone'],
      ['w', 'track', 'items', '1'],
    ]);
    expect(ws.track).toEqual({ items: { '1': { title: 'a', events: [5] }, '2': { title: 'b', events: [] } } });
  });

  it('keeps one proxy per object within an update and stores objects, never proxies', () => {
    const tracker = new ChangeTracker();
    const ws = emptyWorkspace();
    ws.track = { items: { '1': { title: 'a', events: [] } } };
    const view = tracker.wrap(ws, 'w') as WorkspaceData & { track: { items: Items }; archive?: Items };
    expect(view.track.items['1']).toBe(view.track.items['1']);
    view.archive = { '1': view.track.items['1']! };
    expect(types.isProxy((ws.archive as Items)['1'])).toBe(false);
    expect(types.isProxy(tracker.unwrap(view.track))).toBe(false);
  });
});

describe('the journaled file store', () => {
  const folder = () => join(dir, 'db.json.d');
  const journalOf = (ws = 'w') => {
    const names = readdirSync(folder()).filter((n) => n.startsWith(workspaceFileName(ws)) && n.endsWith('.journal'));
    return join(folder(), names.sort().at(-1)!);
  };
  const snapshotOf = (ws = 'w') => join(folder(), `${workspaceFileName(ws)}.json`);

  it('appends a change to the workspace journal and leaves the rest alone', async () => {
    const store = await LowdbStore.open(file);
    await store.update('w', (ws) => void (ws.board = { items: { '1': { title: 'a', events: [] } } }));
    await store.update('other', (ws) => void (ws.settings.timezone = 'UTC'));
    const manifest = readFileSync(file);
    const otherJournal = readFileSync(journalOf('other'));
    await store.update('w', (ws) => void items(ws)['1']!.events.push(1));
    expect(readFileSync(file).equals(manifest)).toBe(true);
    expect(readFileSync(journalOf('other')).equals(otherJournal)).toBe(true);
    expect(statSync(journalOf('w')).size).toBeGreaterThan(0);
    // A restart without close (a crash) replays the journal.
    const again = await LowdbStore.open(file);
    expect(items(again.read('w'))['1']!.events).toEqual([1]);
  });

  it('journals one small line per change, whatever the size of the data', async () => {
    const store = await LowdbStore.open(file);
    await store.update('w', (ws) => {
      const all: Items = {};
      for (let i = 0; i < 5000; i++) all[String(i)] = { title: `item ${i}`, events: [] };
      ws.board = { items: all };
    });
    const before = statSync(journalOf()).size;
    await store.update('w', (ws) => void (items(ws)['4321']!.assignee = 'U1'));
    expect(statSync(journalOf()).size - before).toBeLessThan(300);
  });

  it('replays deletions, nulls, new workspaces and changes deep inside a record', async () => {
    const store = await LowdbStore.open(file);
    await store.update('w', (ws) => void (ws.board = { items: { '1': { title: 'a', events: [] }, '2': { title: 'b', events: [] } } }));
    await store.update('w', (ws) => {
      delete items(ws)['2'];
      items(ws)['1']!.note = null;
      items(ws)['1']!.events.push(1, 2, 3);
      items(ws)['1']!.events.splice(0, 1);
      delete ws.settings.timezone;
      ws.settings.holidays = 'US';
    });
    await store.update('new', (ws) => void (ws.users.u = { bilingual: true }));
    const again = await LowdbStore.open(file);
    expect(items(again.read('w'))).toEqual({ '1': { title: 'a', events: [2, 3], note: null } });
    expect(again.read('w').settings).toEqual({ holidays: 'US' });
    expect(again.read('new').users).toEqual({ u: { bilingual: true } });
  });

  it('writes nothing when it stops (a one-shot command does not rewrite the data)', async () => {
    const store = await LowdbStore.open(file, { compactBytes: 100_000 });
    await store.update('w', (ws) => void (ws.settings.timezone = 'UTC'));
    const before = tree(dir);
    await store.update('w', (ws) => void (ws.settings.holidays = 'TW'));
    const afterWrite = tree(dir);
    await store.close();
    const afterClose = tree(dir);
    delete afterWrite['db.json.lock'];
    expect(afterClose).toEqual(afterWrite);
    expect(Object.keys(afterClose).sort()).toEqual(Object.keys(before).filter((k) => k !== 'db.json.lock').sort());
    const again = await LowdbStore.open(file);
    expect(again.read('w').settings).toEqual({ timezone: 'UTC', holidays: 'TW' });
  });

  it('folds a journal into a new snapshot when it outgrows it, and keeps every write', async () => {
    const store = await LowdbStore.open(file, { compactBytes: 2000 });
    await store.update('w', (ws) => void (ws.settings.timezone = 'UTC'));
    for (let i = 0; i < 40; i++) await store.update('w', (ws) => void (ws.users[`u${i}`] = { bilingual: i % 2 === 0 }));
    await store.close();
    expect(statSync(journalOf()).size).toBeLessThan(2100);
    expect(existsSync(snapshotOf())).toBe(true);
    const again = await LowdbStore.open(file);
    expect(Object.keys(again.read('w').users)).toHaveLength(40);
    expect(again.read('w').settings.timezone).toBe('UTC');
  });

  it('keeps writing while it folds, and loses none of the writes made during the fold', async () => {
    const store = await LowdbStore.open(file, { compactBytes: 20_000 });
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 400; i++) {
      writes.push(
        store.update('w', (ws) => {
          const track = (ws.board ??= { items: {} }) as { items: Items };
          track.items[String(i % 50)] = { title: `t${i}`, events: [i] };
        }),
      );
      if (i % 7 === 0) await Promise.all(writes.splice(0));
    }
    await Promise.all(writes);
    await store.close();
    const again = await LowdbStore.open(file);
    for (let k = 0; k < 50; k++) {
      const last = 350 + k;
      expect(items(again.read('w'))[String(k)]).toEqual({ title: `t${last}`, events: [last] });
    }
  });

  it('drops a torn last line (a write never confirmed), cuts it off at the next write, and keeps working', async () => {
    const store = await LowdbStore.open(file);
    await store.update('w', (ws) => void (ws.settings.timezone = 'UTC'));
    await store.update('w', (ws) => void (ws.settings.holidays = 'US'));
    await store.close();
    const j = journalOf();
    const good = statSync(j).size;
    appendFileSync(j, '{"seq":3,"r":[[["settings","holidays"],"CN"]');
    const torn = readFileSync(j);
    const again = await LowdbStore.open(file);
    expect(again.read('w').settings).toEqual({ timezone: 'UTC', holidays: 'US' });
    // Opening wrote nothing.
    expect(readFileSync(j).equals(torn)).toBe(true);
    await again.update('w', (ws) => void (ws.settings.locale = 'zh-TW'));
    expect(readFileSync(j).subarray(0, good).equals(torn.subarray(0, good))).toBe(true);
    expect(readFileSync(j, 'utf8')).not.toContain('"CN"');
    const third = await LowdbStore.open(file);
    expect(third.read('w').settings).toEqual({ timezone: 'UTC', holidays: 'US', locale: 'zh-TW' });
  });

  it('refuses a journal whose complete last line fails its checksum (damage, not a torn write), byte for byte', async () => {
    const store = await LowdbStore.open(file);
    await store.update('w', (ws) => void (ws.settings.timezone = 'UTC'));
    await store.update('w', (ws) => void (ws.settings.holidays = 'US'));
    await store.close();
    const j = journalOf();
    const damaged = readFileSync(j, 'utf8').replace('"US"', '"CN"');
    writeFileSync(j, damaged);
    const before = tree(dir);
    const err = await LowdbStore.open(file, { preload: 'all' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toContain(j);
    expect((err as StoreError).message).toMatch(/line 2/);
    expect((err as StoreError).message).toMatch(/truncate -s \d+/);
    expect(tree(dir)).toEqual(before);
  });

  it('refuses a journal damaged before its last line, and leaves it byte for byte', async () => {
    const store = await LowdbStore.open(file);
    await store.update('w', (ws) => void (ws.settings.timezone = 'UTC'));
    await store.update('w', (ws) => void (ws.settings.holidays = 'US'));
    await store.update('w', (ws) => void (ws.settings.locale = 'en'));
    await store.close();
    const j = journalOf();
    const damaged = readFileSync(j, 'utf8').replace('"US"', '"CN"');
    writeFileSync(j, damaged);
    const opened = await LowdbStore.open(file);
    expect(() => opened.read('w')).toThrow(StoreError);
    // A workspace it cannot read is never written over.
    await expect(opened.update('w', (ws) => void (ws.settings.locale = 'zh-CN'))).rejects.toThrow(StoreError);
    expect(readFileSync(j, 'utf8')).toBe(damaged);
  });

  it('migrates a version-2 file and its journal, skipping lines the file already includes, and keeps the old file', async () => {
    const v2 = JSON.stringify({ schemaVersion: 2, journalSeq: 5, workspaces: { w: { settings: { timezone: 'UTC' }, users: {}, channels: {} } } });
    writeFileSync(file, v2);
    const journal =
      line(4, [[['w', 'settings', 'timezone'], 'Asia/Tokyo']]) + line(5, [[['w', 'settings', 'timezone'], 'Asia/Seoul']]) + line(6, [[['w', 'settings', 'holidays'], 'US']]);
    writeFileSync(`${file}.journal`, journal);
    const store = await LowdbStore.open(file);
    expect(store.read('w').settings).toEqual({ timezone: 'UTC', holidays: 'US' });
    await store.update('w', (ws) => void (ws.settings.locale = 'en'));
    await store.close();
    expect(readFileSync(`${file}.v2-backup.json`, 'utf8')).toBe(v2);
    expect(readFileSync(`${file}.v2-backup.json.journal`, 'utf8')).toBe(journal);
    expect(existsSync(`${file}.journal`)).toBe(false);
    const again = await LowdbStore.open(file);
    expect(again.read('w').settings).toEqual({ timezone: 'UTC', holidays: 'US', locale: 'en' });
  });

  it('opens a version-1 file (no journal) and writes it as version 3', async () => {
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, workspaces: { w: { settings: { timezone: 'UTC' }, users: {}, channels: {} } } }));
    const store = await LowdbStore.open(file);
    expect(store.read('w').settings.timezone).toBe('UTC');
    await store.update('w', (ws) => void (ws.settings.holidays = 'US'));
    await store.close();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: 3, workspaces: { w: { snapshot: true } } });
    const again = await LowdbStore.open(file);
    expect(again.read('w').settings).toEqual({ timezone: 'UTC', holidays: 'US' });
  });

  it('returns objects, not proxies, from an update', async () => {
    const store = await LowdbStore.open(file);
    const made = await store.update('w', (ws) => (ws.board = { items: {} }));
    const back = await store.update('w', (ws) => ws.board);
    expect(types.isProxy(made)).toBe(false);
    expect(types.isProxy(back)).toBe(false);
    expect(back).toBe(store.read('w').board);
  });

  // Needs the compiled store (`npm test` builds first), like the command-line tests.
  it.skipIf(!existsSync(projectPath('dist', 'src', 'store', 'journal.js')))(
    'loses no confirmed write when the process is killed at random moments (SIGKILL, 12 times)',
    async () => {
      const writer = projectPath('test', 'store', 'fixtures', 'journal-writer.mjs');
      let next = 0;
      for (let round = 0; round < 12; round++) {
        // Every other round folds the journal often, so kills also land during snapshots.
        const confirmed = await runAndKill(writer, next, round % 2 ? 3000 : 8 * 1024 * 1024, 150 + ((round * 137) % 400));
        const store = await LowdbStore.open(file);
        const log = (store.read('w').crashlog ?? {}) as Record<string, { i: number }>;
        for (const i of confirmed) expect(log[String(i)]?.i, `write ${i} was confirmed`).toBe(i);
        const last = confirmed.at(-1) ?? next - 1;
        expect(Number((store.read('w2').settings as Record<string, unknown>).last ?? -1)).toBeGreaterThanOrEqual(last);
        // At most the write in flight may have landed beyond the last confirmed one.
        next = Math.max(last + 1, ...Object.keys(log).map(Number).map((n) => n + 1));
        // Release the file (and its lock) for the next writer.
        await store.close();
      }
      expect(next).toBeGreaterThan(20);
    },
    60_000,
  );
});

function runAndKill(script: string, start: number, compactBytes: number, afterMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, file, String(start), String(compactBytes)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const confirmed: number[] = [];
    let armed = false;
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines) if (l.startsWith('ok ')) confirmed.push(Number(l.slice(3)));
      if (confirmed.length && !armed) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the writer stopped by itself: ${err}`));
      else resolve(confirmed);
    });
  });
}

describe('the store checksum', () => {
  it('is zlib\'s CRC-32 of the UTF-8 bytes, also when continued, so files written before read the same', () => {
    for (const text of ['', 'a', '{"w":"w1","path":["settings"],"value":{"timezone":"Asia/Taipei"}}', '設計被拒了怎麼辦 🎉', 'x'.repeat(70_000)]) {
      expect(storeCrc(text)).toBe(crc32(text));
      const bytes = Buffer.from(text, 'utf8');
      const half = Math.floor(bytes.length / 2);
      expect(storeCrc(bytes.subarray(half), storeCrc(bytes.subarray(0, half)))).toBe(crc32(bytes));
    }
  });

  it('gives the same numbers for big inputs (zlib) as for the small pieces they are made of (our own loop)', () => {
    const bytes = Buffer.from(Array.from({ length: 9000 }, (_, i) => `["track","items","${i}"]\t{"id":"${i}","title":"設計 ${i}"}\n`).join(''), 'utf8');
    expect(bytes.length).toBeGreaterThan(NATIVE_CRC_BYTES * 4);
    let running = 0;
    for (let at = 0; at < bytes.length; at += 1000) running = storeCrc(bytes.subarray(at, Math.min(bytes.length, at + 1000)), running);
    expect(storeCrc(bytes)).toBe(running);
    const split = NATIVE_CRC_BYTES + 17;
    expect(storeCrc(bytes.subarray(split), storeCrc(bytes.subarray(0, split)))).toBe(running);
  });
});
