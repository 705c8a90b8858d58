import { describe, expect, it } from 'vitest';
import { PgStore } from '../../src/store/pg-store.js';
import { ANALYZE_AFTER } from '../../src/store/pg-write.js';
import { freshDatabase, sql } from '../support/pg.js';

/*
 * A big write (a first fill, an import) brings the planner's statistics of the records up to
 * date (src/store/pg-write.ts, ANALYZE_AFTER): with the statistics of a near-empty table, the next
 * writes' deletion by key prefixes scanned the whole workspace once per prefix, under its row lock.
 */

const analyzed = async (url: string) =>
  (await sql<{ n: number }>(url, "SELECT (last_analyze IS NOT NULL)::int AS n FROM pg_stat_user_tables WHERE relname = 'sd_records'"))[0]?.n;

describe('the records statistics', () => {
  it('are refreshed after a write of many records, not after a small one', async () => {
    const url = await freshDatabase();
    const store = await PgStore.open(url);
    await store.update('w', (ws) => void (ws.settings.timezone = 'UTC'));
    expect(await analyzed(url)).toBe(0);
    await store.update('w', (ws) => {
      const bulk: Record<string, number> = {};
      for (let i = 0; i < ANALYZE_AFTER; i++) bulk[`k${i}`] = i;
      (ws.settings as unknown as Record<string, unknown>).bulk = bulk;
    });
    expect(await analyzed(url)).toBe(1);
    await store.close();
  });
});
