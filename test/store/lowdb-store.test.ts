import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { StoreError } from '../../src/store/errors.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { SCHEMA_VERSION } from '../../src/store/types.js';
import { files } from '../support/tree.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(file: string): Promise<StoreError> {
  try {
    await LowdbStore.open(file);
  } catch (e) {
    if (e instanceof StoreError) return e;
    throw e;
  }
  throw new Error('the store opened a file it should refuse');
}

describe('the lowdb store', () => {
  it('creates the file on the first write, with the schema version', async () => {
    const file = join(dir, 'sub', 'db.json');
    const store = await LowdbStore.open(file);
    await store.update('w', (ws) => void (ws.settings.timezone = 'UTC'));
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.schemaVersion).toBe(SCHEMA_VERSION);
    expect(Object.keys(json.workspaces)).toEqual(['w']);
    const again = await LowdbStore.open(file);
    expect(again.read('w').settings.timezone).toBe('UTC');
  });

  it('never loses an update among many concurrent ones, and batches their writes', async () => {
    const file = join(dir, 'db.json');
    const store = await LowdbStore.open(file);
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        store.update('w', (ws) => {
          const n = (ws.channels.c?.n as number | undefined) ?? 0;
          ws.channels.c = { n: n + 1 };
          ws.users[`u${i}`] = { bilingual: true };
        }),
      ),
    );
    const reopened = await LowdbStore.open(file);
    expect(reopened.read('w').channels.c?.n).toBe(500);
    expect(Object.keys(reopened.read('w').users)).toHaveLength(500);
  });

  it('leaves no temporary file behind', async () => {
    const store = await LowdbStore.open(join(dir, 'db.json'));
    await store.update('w', (ws) => void (ws.settings.holidays = 'US'));
    await store.close();
    expect(files(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['db.json', 'db.json.d']);
  });

  it('refuses a corrupt file, names it, and leaves it byte for byte', async () => {
    const file = join(dir, 'db.json');
    const bytes = Buffer.from('{"schemaVersion":1,"workspaces":{"w":{"settings":{}, TRUNCATED', 'utf8');
    writeFileSync(file, bytes);
    const err = await refusal(file);
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/not valid JSON/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses an empty file and a file of another shape', async () => {
    const file = join(dir, 'db.json');
    writeFileSync(file, '');
    expect((await refusal(file)).message).toContain(file);
    writeFileSync(file, '[1,2,3]');
    expect((await refusal(file)).message).toMatch(/not a sellerdesk data file/);
    expect(readFileSync(file, 'utf8')).toBe('[1,2,3]');
  });

  it('refuses a file written by a newer schema version', async () => {
    const file = join(dir, 'db.json');
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, workspaces: {} });
    writeFileSync(file, text);
    expect((await refusal(file)).message).toMatch(/newer/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  // Root reads a file whatever its mode, so this cannot be shown as root (CI and containers run as root).
  const asRoot = process.getuid?.() === 0;
  if (asRoot) console.warn('skipped "refuses a file it cannot read": running as root, which can read every file; run the tests as another user to include it');
  it.skipIf(asRoot)('refuses a file it cannot read', async () => {
    const file = join(dir, 'db.json');
    writeFileSync(file, '{}');
    chmodSync(file, 0o000);
    expect((await refusal(file)).message).toContain(file);
  });

  it('refuses a path that is a folder', async () => {
    expect((await refusal(dir)).message).toContain(dir);
  });

  it('reads an unknown workspace as empty without creating it', async () => {
    const store = new MemoryStore();
    expect(store.read('nobody').settings).toEqual({});
    expect(store.workspaces()).toEqual([]);
  });

  it('does not keep a workspace whose update threw before it was created', async () => {
    const store = new MemoryStore();
    await expect(store.update('w', () => { throw new Error('bad'); })).rejects.toThrow('bad');
    expect(store.workspaces()).toEqual([]);
  });

  it('takes back every change of an update that throws halfway', async () => {
    const store = new MemoryStore();
    await store.update('w', (ws) => {
      ws.settings.timezone = 'UTC';
      ws.track = { seq: 1, items: { '1': { title: 'a', events: [1] } } };
    });
    await expect(
      store.update('w', (ws) => {
        ws.settings.timezone = 'Asia/Taipei';
        delete ws.settings.holidays;
        (ws.track as { seq: number }).seq = 2;
        (ws.track as { items: Record<string, { events: number[] }> }).items['1']!.events.push(2);
        (ws.track as { items: Record<string, unknown> }).items['2'] = { title: 'b', events: [] };
        ws.users.u1 = { locale: 'en' };
        throw new Error('halfway');
      }),
    ).rejects.toThrow('halfway');
    expect(JSON.parse(JSON.stringify(store.read('w')))).toEqual({ settings: { timezone: 'UTC' }, users: {}, channels: {}, track: { seq: 1, items: { '1': { title: 'a', events: [1] } } } });
  });

  it('reports a failed write as failed and keeps none of it, nor of the updates that joined it', async () => {
    const store = new MemoryStore();
    await store.update('w', (ws) => void (ws.settings.timezone = 'UTC'));
    store.failWith = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
    const a = store.update('w', (ws) => void (ws.settings.timezone = 'Asia/Taipei'));
    const b = store.update('w', (ws) => void (ws.users.u = { bilingual: true }));
    const other = store.update('w2', (ws) => void (ws.settings.holidays = 'US'));
    await expect(a).rejects.toThrow('ENOSPC');
    await expect(b).rejects.toThrow('ENOSPC');
    await expect(other).rejects.toThrow('ENOSPC');
    expect(store.read('w').settings).toEqual({ timezone: 'UTC' });
    expect(store.read('w').users).toEqual({});
    expect(store.workspaces()).toEqual(['w']);
    store.failWith = undefined;
    await store.update('w', (ws) => void (ws.settings.locale = 'en'));
    expect(store.read('w').settings).toEqual({ timezone: 'UTC', locale: 'en' });
  });

  it('refuses a data file another live process holds, and names that process', async () => {
    const file = join(dir, 'db.json');
    // The test runner's parent is alive and is not this process.
    writeFileSync(`${file}.lock`, String(process.ppid));
    const err = await refusal(file);
    expect(err.message).toContain(`pid ${process.ppid}`);
    expect(existsSync(`${file}.lock`)).toBe(true);
  });

  it('takes over the lock of a process that died, and releases it on close', async () => {
    const file = join(dir, 'db.json');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${file}.lock`, dead.stdout);
    const store = await LowdbStore.open(file);
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(String(process.pid));
    await store.update('w', (ws) => void (ws.settings.timezone = 'UTC'));
    await store.close();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
