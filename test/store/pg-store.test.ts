import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/errors.js';
import { PgStore } from '../../src/store/pg-store.js';
import { SCHEMA_LATEST } from '../../src/store/pg-schema.js';
import { freshDatabase, sql } from '../support/pg.js';

type Track = { seq: number; items: Record<string, { id: string; notes: string[]; by: string }> };

/** Opens an item the way /track new does: the next number of the workspace's counter. */
function openItem(ws: Record<string, unknown>, by: string): string {
  const t = ((ws.track as Track | undefined) ?? (ws.track = { seq: 0, items: {} })) as Track;
  const id = String(++t.seq);
  t.items[id] = { id, notes: [], by };
  return id;
}

describe('the PostgreSQL store', () => {
  it('serializes the writes of two replicas to one workspace: nothing lost, ids unique and sequential', async () => {
    const url = await freshDatabase();
    const a = await PgStore.open(url);
    const b = await PgStore.open(url);
    const ids = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).update('w', (ws) => openItem(ws as Record<string, unknown>, i % 2 ? 'a' : 'b'))),
    );
    expect(new Set(ids).size).toBe(200);
    expect(ids.map(Number).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // Both replicas note on the same item at once: every note stays.
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).update('w', (ws) => void (ws.track as Track).items['1']!.notes.push(`n${i}`))),
    );
    await a.prepare('w');
    await b.prepare('w');
    expect([...(a.read('w').track as Track).items['1']!.notes].sort()).toEqual(Array.from({ length: 100 }, (_, i) => `n${i}`).sort());
    expect(b.read('w')).toEqual(a.read('w'));
    await a.close();
    await b.close();
  });

  it('never lets a replica act on a stale copy: an update sees the other replica\'s write', async () => {
    const url = await freshDatabase();
    const a = await PgStore.open(url);
    const b = await PgStore.open(url);
    await a.update('w', (ws) => void (ws.channels.c = { n: 1 }));
    await b.prepare('w');
    expect(b.read('w').channels.c).toEqual({ n: 1 });
    await a.update('w', (ws) => void (ws.channels.c = { n: 2 }));
    // b has not refreshed; its update still starts from n = 2.
    const seen = await b.update('w', (ws) => {
      const n = ws.channels.c!.n as number;
      ws.channels.c = { n: n + 1 };
      return n;
    });
    expect(seen).toBe(2);
    await a.prepare('w');
    expect(a.read('w').channels.c).toEqual({ n: 3 });
    await a.close();
    await b.close();
  });

  it('catches up by version, and reloads a copy older than the purged deletions', async () => {
    const url = await freshDatabase();
    const a = await PgStore.open(url, { tombstoneKeep: 5 });
    const b = await PgStore.open(url);
    await a.update('w', (ws) => void (ws.users = { u1: { bilingual: true }, u2: { bilingual: false } }));
    await b.prepare('w');
    for (let i = 0; i < 20; i++) await a.update('w', (ws) => void (i % 2 ? delete ws.users.u2 : (ws.users.u2 = { bilingual: i % 4 === 0 })));
    const floor = await sql<{ floor: string }>(url, 'SELECT floor FROM sd_workspaces WHERE id = $1', ['w']);
    expect(Number(floor[0]!.floor)).toBeGreaterThan(1);
    await b.prepare('w');
    expect(b.read('w').users).toEqual(a.read('w').users);
    expect(b.read('w').users).toEqual({ u1: { bilingual: true } });
    await a.close();
    await b.close();
  });

  it('rewrites only the records a change covers: those under its path go, neighbours whose keys start alike stay', async () => {
    const url = await freshDatabase();
    const a = await PgStore.open(url);
    // A quote and a backslash: the id goes into the lock statement as a literal.
    const w = "T'q\\x";
    await a.update(w, (ws) => void (ws.channels = { c: { x: 1, y: { deep: true } }, 'c-2': { x: 2 }, 'c.3': { x: 3 }, 'c/4': { x: 4 } }));
    await a.update(w, (ws) => void (ws.channels.c = { x: 5 }));
    const touched = await sql<{ key: string; value: unknown }>(url, 'SELECT key, value FROM sd_records WHERE workspace = $1 AND version = 2 ORDER BY key', [w]);
    expect(touched).toEqual([
      { key: 'channels/c/x', value: 5 },
      { key: 'channels/c/y', value: null },
    ]);
    const b = await PgStore.open(url);
    await b.prepare(w);
    expect(b.read(w).channels).toEqual({ c: { x: 5 }, 'c-2': { x: 2 }, 'c.3': { x: 3 }, 'c/4': { x: 4 } });
    // A write of more records than one statement takes: the same outcome, in steps.
    const many = (tag: string) => Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, { tag }]));
    await a.update(w, (ws) => void (ws.channels['c-2'] = many('one')));
    await a.update(w, (ws) => void (ws.channels['c-2'] = { ...many('two'), k0: undefined }));
    await b.prepare(w);
    expect(b.read(w).channels).toEqual(a.read(w).channels);
    expect(Object.keys(b.read(w).channels['c-2']!)).toHaveLength(299);
    expect(b.read(w).channels['c-2']!.k1).toEqual({ tag: 'two' });
    expect(b.read(w).channels.c).toEqual({ x: 5 });
    await a.close();
    await b.close();
  });

  it('leaves no trace of a failed write, and forgets the copy that held it', async () => {
    const url = await freshDatabase();
    const store = await PgStore.open(url);
    await store.update('w', (ws) => void (ws.settings.timezone = 'UTC'));
    await expect(store.update('w', (ws) => void (ws.settings.holidays = 10n as unknown as string))).rejects.toThrow(/BigInt/);
    await store.prepare('w');
    expect(store.read('w').settings).toEqual({ timezone: 'UTC' });
    await store.close();
  });

  it('loads nothing at start, loads a workspace on first use and evicts idle ones', async () => {
    const url = await freshDatabase();
    const seed = await PgStore.open(url);
    for (let i = 0; i < 20; i++) await seed.update(`w${i}`, (ws) => void (ws.settings.timezone = 'UTC'));
    await seed.close();
    const store = await PgStore.open(url, { idleMs: 1000 });
    expect(store.loadedCount).toBe(0);
    expect(await store.allWorkspaces()).toHaveLength(20);
    await store.prepare('w3');
    expect(store.loadedCount).toBe(1);
    expect(store.read('w3').settings.timezone).toBe('UTC');
    store.pin('w3');
    expect(store.evictIdle(Date.now() + 5000)).toBe(0);
    store.unpin('w3');
    expect(store.evictIdle(Date.now() + 5000)).toBe(1);
    expect(store.isLoaded('w3')).toBe(false);
    await store.prepare('w3');
    expect(store.read('w3').settings.timezone).toBe('UTC');
    await store.close();
  });

  it('migrates a new database once, and refuses one migrated by a newer sellerdesk, leaving it as it was', async () => {
    const url = await freshDatabase();
    await (await PgStore.open(url)).close();
    await (await PgStore.open(url)).close();
    expect((await sql(url, "SELECT max(version)::int AS v FROM sd_migrations"))[0]!.v).toBe(SCHEMA_LATEST);
    await sql(url, "INSERT INTO sd_migrations (version, name) VALUES ($1, 'from the future')", [SCHEMA_LATEST + 1]);
    const err = await PgStore.open(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/newer than this sellerdesk understands/);
    expect(await sql(url, 'SELECT count(*)::int AS n FROM sd_migrations')).toEqual([{ n: SCHEMA_LATEST + 1 }]);
  });

  it('names the database it cannot reach, without its password', async () => {
    const err = await PgStore.open('postgres://sellerdesk:hunter2@127.0.0.1:1/nothing').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain('127.0.0.1:1');
    expect((err as Error).message).not.toContain('hunter2');
  });
});
