import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { PgWorkspaceSource } from '../../src/scheduler/pg-source.js';
import { PgStore } from '../../src/store/pg-store.js';
import { freshDatabase, sql } from '../support/pg.js';

/*
 * The workspace leases of src/scheduler/pg-source.ts, driven directly (the scheduler's part,
 * acquire and planned, played by the test): how much a poll takes, and what stays in memory.
 */

const NOW = Date.parse('2026-12-01T09:00:00+08:00');

async function withWorkspaces(n: number): Promise<string> {
  const url = await freshDatabase();
  const store = await PgStore.open(url);
  await Promise.all(Array.from({ length: n }, (_, i) => store.update(`T${String(i).padStart(4, '0')}`, (ws) => void (ws.settings.timezone = 'UTC'))));
  await store.close();
  return url;
}

describe('the workspace leases', () => {
  it('plans every workspace of a migrated database in a few polls, and keeps none of them in memory', async () => {
    const url = await withWorkspaces(300);
    const store = await PgStore.open(url);
    // A command is using one of them: that one stays loaded.
    await store.prepare('T0007');
    const source = new PgWorkspaceSource({ store, log: silentLogger });
    await source.register();
    const taken: number[] = [];
    for (;;) {
      const got = await source.acquire(NOW);
      if (!got.fresh.length) break;
      taken.push(got.fresh.length);
      // Nothing due within the lookahead: each is let go, its next wake-up written.
      await source.planned(new Map(got.workspaces.map((w) => [w, undefined])), NOW);
    }
    // Twice as many after each full poll (16 at first, so replicas starting together interleave).
    expect(taken).toEqual([16, 32, 64, 128, 60]);
    expect(await sql(url, "SELECT count(*)::int AS n FROM sd_workspaces WHERE next_wake IS NULL OR sched_owner IS NOT NULL")).toEqual([{ n: 0 }]);
    expect(store.loadedCount).toBe(1);
    expect(store.isLoaded('T0007')).toBe(true);
    await source.release();
    await store.close();
  });

  it('takes no more than its share of the due workspaces while another replica is live', async () => {
    const url = await withWorkspaces(100);
    const a = await PgStore.open(url);
    const b = await PgStore.open(url);
    const sa = new PgWorkspaceSource({ store: a, log: silentLogger });
    const sb = new PgWorkspaceSource({ store: b, log: silentLogger });
    await sa.register();
    await sb.register();
    // Every workspace has a ping due within the lookahead: each replica keeps what it takes.
    const poll = async (s: PgWorkspaceSource) => {
      const got = await s.acquire(NOW);
      await s.planned(new Map(got.workspaces.map((w) => [w, NOW + 60_000])), NOW);
      return got.workspaces.length;
    };
    const held: number[] = [];
    for (let i = 0; i < 4; i++) held.push(await poll(sa), await poll(sb));
    expect(held).toEqual([16, 16, 48, 48, 50, 50, 50, 50]);
    const owners = await sql<{ owner: string; n: number }>(url, 'SELECT sched_owner AS owner, count(*)::int AS n FROM sd_workspaces GROUP BY 1 ORDER BY 1');
    expect(owners.map((o) => o.n)).toEqual([50, 50]);
    await sa.release();
    await sb.release();
    await a.close();
    await b.close();
  });
  it("tells the items another process changed in a held workspace, and nothing for its own ledger writes", async () => {
    const url = await withWorkspaces(1);
    const a = await PgStore.open(url);
    const b = await PgStore.open(url);
    const source = new PgWorkspaceSource({ store: a, log: silentLogger });
    await source.register();
    const first = await source.acquire(NOW);
    expect(first.fresh).toEqual(['T0000']);
    await source.planned(new Map([['T0000', NOW + 60_000]]), NOW);
    // This process writes its ledger; another opens an item and changes a second one.
    await a.update('T0000', (ws) => void ((ws as unknown as { pings: unknown }).pings = { ledger: {} }));
    await b.update('T0000', (ws) => {
      const track = ((ws as unknown as { track?: { items: Record<string, unknown> } }).track ??= { items: {} });
      track.items['7'] = { id: '7' };
      track.items['a/b'] = { id: 'a/b' };
    });
    const got = await source.acquire(NOW);
    expect(got.changed).toEqual([]);
    expect([...(got.changedItems?.get('T0000') ?? [])].sort()).toEqual(['7', 'a/b']);
    await source.planned(new Map([['T0000', NOW + 60_000]]), NOW);
    await a.update('T0000', (ws) => void ((ws as unknown as { pings: { ledger: Record<string, unknown> } }).pings.ledger.k = { state: 'sent' }));
    const again = await source.acquire(NOW);
    expect(again.changed).toEqual([]);
    expect(again.changedItems?.get('T0000')).toEqual([]);
    await source.release();
    await a.close();
    await b.close();
  });
  it('tells, of a workspace it let go and takes again, the items changed since its plan (the plan made then still holds)', async () => {
    const url = await withWorkspaces(1);
    const a = await PgStore.open(url);
    const b = await PgStore.open(url);
    const source = new PgWorkspaceSource({ store: a, log: silentLogger });
    await source.register();
    expect((await source.acquire(NOW)).fresh).toEqual(['T0000']);
    // Nothing due within the lookahead: let go.
    await source.planned(new Map([['T0000', undefined]]), NOW);
    expect(source.holds('T0000')).toBe(false);
    // Another process opens an item, and pokes it (next wake-up NULL: plan me).
    await b.update('T0000', (ws) => {
      const track = ((ws as unknown as { track?: { items: Record<string, unknown> } }).track ??= { items: {} });
      track.items['9'] = { id: '9' };
    });
    await sql(url, 'UPDATE sd_workspaces SET next_wake = NULL');
    const got = await source.acquire(NOW);
    expect(got.fresh).toEqual(['T0000']);
    expect(got.changedItems?.get('T0000')).toEqual(['9']);
    await source.release();
    await a.close();
    await b.close();
  });
});
