import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { PgWorkspaceSource } from '../../src/scheduler/pg-source.js';
import { PgStore } from '../../src/store/pg-store.js';
import { freshDatabase, sql } from '../support/pg.js';

/*
 * The statements of src/scheduler/pg-source.ts that change several workspace rows (the plan's
 * write, lease renewal, pokes) lock them in the order of their ids: while one waits for a row, it
 * holds no row of a greater id, so two of them (a replica's renewal timer and its after-tick write,
 * another replica's pokes) never wait for each other in a cycle ("deadlock detected").
 *
 * A transaction of the test holds the row of the smallest id; the statement under test then waits
 * for it; the test checks (NOWAIT) that the rows of greater ids are still free.
 */

const NOW = Date.parse('2026-12-01T09:00:00+08:00');
// Created in the reverse order of their ids: the table's physical order, and the order the plan
// lists them in, are not the ids' order.
const IDS = ['W3', 'W2', 'W1'];

async function waitingForLock(url: string, n: number): Promise<void> {
  for (;;) {
    const [row] = await sql<{ n: number }>(url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    if ((row?.n ?? 0) >= n) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Holds W1 while `start` runs a statement, waits until it waits, and tells whether W2 and W3 were free. */
async function othersFreeWhileWaiting(url: string, start: () => Promise<unknown>): Promise<boolean> {
  const t = new pg.Client({ connectionString: url });
  await t.connect();
  try {
    await t.query("BEGIN; SELECT id FROM sd_workspaces WHERE id = 'W1' FOR UPDATE");
    const running = start();
    await waitingForLock(url, 1);
    let free = true;
    try {
      await t.query("SELECT id FROM sd_workspaces WHERE id IN ('W2', 'W3') FOR UPDATE NOWAIT");
    } catch (err) {
      if ((err as { code?: string }).code !== '55P03') throw err;
      free = false;
    }
    await t.query(free ? 'COMMIT' : 'ROLLBACK');
    await running;
    return free;
  } finally {
    await t.end();
  }
}

describe('the lock order of the workspace leases', () => {
  it('locks the rows of several workspaces in the order of their ids (plan write, renewal, pokes)', async () => {
    const url = await freshDatabase();
    const store = await PgStore.open(url);
    for (const w of IDS) await store.update(w, (ws) => void (ws.settings.timezone = 'UTC'));
    const source = new PgWorkspaceSource({ store, log: silentLogger });
    await source.register();
    expect((await source.acquire(NOW)).fresh.sort()).toEqual(['W1', 'W2', 'W3']);

    // The after-tick write, the plan listing W3 first.
    expect(await othersFreeWhileWaiting(url, () => source.planned(new Map(IDS.map((w) => [w, NOW + 60_000])), NOW))).toBe(true);
    // Renewal (the poll renews first), and pokes from another replica.
    expect(await othersFreeWhileWaiting(url, () => source.acquire(NOW))).toBe(true);
    const other = new PgWorkspaceSource({ store, log: silentLogger });
    for (const w of IDS) other.poke(w);
    expect(await othersFreeWhileWaiting(url, () => other.acquire(NOW))).toBe(true);
    expect(await sql(url, 'SELECT id, sched_owner = $1 AS mine FROM sd_workspaces ORDER BY id', [source.replicaId])).toEqual(
      ['W1', 'W2', 'W3'].map((id) => ({ id, mine: true })),
    );
    await other.release();
    await source.release();
    await store.close();
  });
});
