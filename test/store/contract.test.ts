import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { types } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { PgStore } from '../../src/store/pg-store.js';
import type { Store, WorkspaceData } from '../../src/store/types.js';
import { freshDatabase } from '../support/pg.js';

/**
 * The Store contract, run against every store: the embedded file store and PostgreSQL. A store
 * shared with other processes is read after prepare() (the command core calls it before a command).
 */

interface Kind {
  name: string;
  /** A new, empty place for data; open() opens a store on it (again and again). */
  place(): Promise<{ open(): Promise<Store> }>;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const KINDS: Kind[] = [
  {
    name: 'lowdb file store',
    async place() {
      const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-contract-'));
      dirs.push(dir);
      return { open: () => LowdbStore.open(join(dir, 'db.json')) };
    },
  },
  {
    name: 'PostgreSQL store',
    async place() {
      const url = await freshDatabase();
      return { open: () => PgStore.open(url) };
    },
  },
];

async function current(store: Store, w: string): Promise<Readonly<WorkspaceData>> {
  await store.prepare?.(w);
  return store.read(w);
}


describe.each(KINDS)('the store contract: $name', (kind) => {
  it('keeps an update across a restart', async () => {
    const place = await kind.place();
    const store = await place.open();
    await store.update('w', (ws) => void (ws.settings.timezone = 'UTC'));
    await store.close();
    const again = await place.open();
    expect((await current(again, 'w')).settings.timezone).toBe('UTC');
    await again.close();
  });

  it('never loses an update among many concurrent ones', async () => {
    const place = await kind.place();
    const store = await place.open();
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        store.update('w', (ws) => {
          const n = (ws.channels.c?.n as number | undefined) ?? 0;
          ws.channels.c = { n: n + 1 };
          ws.users[`u${i}`] = { bilingual: true };
        }),
      ),
    );
    await store.close();
    const again = await place.open();
    const ws = await current(again, 'w');
    expect(ws.channels.c?.n).toBe(300);
    expect(Object.keys(ws.users)).toHaveLength(300);
    await again.close();
  });

  // Record semantics on a key no feature validates (the features' own shapes are checked at load).
  it('replays deletions, nulls, new workspaces and changes deep inside a record', async () => {
    const place = await kind.place();
    const store = await place.open();
    await store.update('w', (ws) => void (ws.scratch = { items: { '1': { title: 'a', events: [] }, '2': { title: 'b', events: [] } } }));
    await store.update('w', (ws) => {
      const it = ws.scratch as { items: Record<string, { events: number[]; note?: unknown }> };
      delete it.items['2'];
      it.items['1']!.note = null;
      it.items['1']!.events.push(1, 2, 3);
      it.items['1']!.events.splice(0, 1);
      delete ws.settings.timezone;
      ws.settings.holidays = 'US';
    });
    await store.update('new', (ws) => void (ws.users.u = { bilingual: true }));
    await store.close();
    const again = await place.open();
    expect(((await current(again, 'w')).scratch as { items: unknown }).items).toEqual({ '1': { title: 'a', events: [2, 3], note: null } });
    expect((await current(again, 'w')).settings).toEqual({ holidays: 'US' });
    expect((await current(again, 'new')).users).toEqual({ u: { bilingual: true } });
    await again.close();
  });

  it('replaces a whole subtree, and grows an empty object into records', async () => {
    const place = await kind.place();
    const store = await place.open();
    await store.update('w', (ws) => void (ws.scratch = { seq: 0, items: {} }));
    await store.update('w', (ws) => {
      const t = ws.scratch as { seq: number; items: Record<string, unknown> };
      t.items[String(++t.seq)] = { title: 'x' };
      t.items[String(++t.seq)] = { title: 'y' };
    });
    await store.update('w', (ws) => void (ws.scratch = { seq: 2, items: { '2': { title: 'y2' } } }));
    await store.close();
    const again = await place.open();
    expect((await current(again, 'w')).scratch).toEqual({ seq: 2, items: { '2': { title: 'y2' } } });
    await again.close();
  });

  it('reads an unknown workspace as empty without creating it, and keeps no workspace whose update threw', async () => {
    const place = await kind.place();
    const store = await place.open();
    expect((await current(store, 'nobody')).settings).toEqual({});
    await expect(
      store.update('w', () => {
        throw new Error('bad');
      }),
    ).rejects.toThrow('bad');
    expect(store.workspaces()).toEqual([]);
    await store.close();
  });

  it('keeps workspaces apart', async () => {
    const place = await kind.place();
    const store = await place.open();
    await store.update('a', (ws) => void (ws.settings.timezone = 'UTC'));
    await store.update('b', (ws) => void (ws.settings.timezone = 'Asia/Taipei'));
    expect((await current(store, 'a')).settings.timezone).toBe('UTC');
    expect((await current(store, 'b')).settings.timezone).toBe('Asia/Taipei');
    expect(store.workspaces().sort()).toEqual(['a', 'b']);
    await store.close();
  });

  it('returns objects, not proxies, from an update', async () => {
    const place = await kind.place();
    const store = await place.open();
    const made = await store.update('w', (ws) => (ws.track = { items: {} }));
    const back = await store.update('w', (ws) => ws.track);
    expect(types.isProxy(made)).toBe(false);
    expect(types.isProxy(back)).toBe(false);
    expect(back).toBe((await current(store, 'w')).track);
    await store.close();
  });

  it('keeps keys with slashes, percent signs and other characters apart', async () => {
    const place = await kind.place();
    const store = await place.open();
    await store.update('w', (ws) => {
      ws.channels['a/b'] = { x: 1 };
      ws.channels['a%2Fb'] = { x: 2 };
      ws.channels['a'] = { x: 3 };
      ws.channels['中文 频道'] = { x: 4 };
    });
    await store.update('w', (ws) => void delete ws.channels['a']);
    await store.close();
    const again = await place.open();
    expect((await current(again, 'w')).channels).toEqual({ 'a/b': { x: 1 }, 'a%2Fb': { x: 2 }, '中文 频道': { x: 4 } });
    await again.close();
  });
});
