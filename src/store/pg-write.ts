import type { Pool, PoolClient } from 'pg';
import type { RecordRow } from './records.js';

/*
 * The statements of one committed version of a workspace (src/store/pg-store.ts), kept to the
 * fewest round trips: a command's or a ping's write is one statement; the records it replaces are
 * found by a range of the primary key (workspace, key), so a write costs the same in a workspace
 * of 100 items as in one of 100,000.
 */

/** A write of at most this many records goes to the database as one statement. */
const ONE_STATEMENT = 256;

/** Records at or below a prefix (`track/items/12` and `track/items/12/…`), by a range of the primary key. */
const UNDER = `r.key >= p.key AND r.key < p.key || '0' AND (r.key = p.key OR r.key >= p.key || '/')`;
const UPSERT = `INSERT INTO sd_records (workspace, key, depth, value, version)
  SELECT $1, k, d, v::json, $2 FROM unnest($3::text[], $4::smallint[], $5::text[]) AS t(k, d, v)
  ON CONFLICT (workspace, key) DO UPDATE SET value = EXCLUDED.value, depth = EXCLUDED.depth, version = EXCLUDED.version`;

/**
 * Writes one committed version of a workspace, inside the transaction holding its row lock: the
 * records at or below the changed prefixes (every record: prefixes undefined) become deletions,
 * then the new records are written, and the workspace's row gets the version. A small write
 * (every command's, every ping's) is one statement; its deletions leave out the keys it writes,
 * as one statement may change a row only once.
 */
export async function writeRecords(client: PoolClient, w: string, next: number, floor: number, prefixes: string[] | undefined, rows: RecordRow[]): Promise<void> {
  const recs = [rows.map((r) => r.key), rows.map((r) => r.depth), rows.map((r) => r.json)];
  if (prefixes && rows.length <= ONE_STATEMENT) {
    await client.query(
      `WITH gone AS (
         UPDATE sd_records r SET value = NULL, version = $2 FROM unnest($6::text[]) AS p(key)
         WHERE r.workspace = $1 AND r.value IS NOT NULL AND ${UNDER} AND NOT (r.key = ANY($3::text[]))
       ), put AS (${UPSERT})
       UPDATE sd_workspaces SET version = $2, floor = $7 WHERE id = $1`,
      [w, next, ...recs, prefixes, floor],
    );
    return;
  }
  if (prefixes) {
    await client.query(`UPDATE sd_records r SET value = NULL, version = $2 FROM unnest($3::text[]) AS p(key) WHERE r.workspace = $1 AND r.value IS NOT NULL AND ${UNDER}`, [w, next, prefixes]);
  } else {
    await client.query('UPDATE sd_records SET value = NULL, version = $2 WHERE workspace = $1 AND value IS NOT NULL', [w, next]);
  }
  if (rows.length) await client.query(UPSERT, [w, next, ...recs]);
  await client.query('UPDATE sd_workspaces SET version = $2, floor = $3 WHERE id = $1', [w, next, floor]);
}

/**
 * A write of at least this many records (an import, a first fill) is followed by ANALYZE: until
 * autovacuum gets to it, the planner believes the records table as small as before, and the next
 * writes' deletion by key prefixes (below) joins every prefix with every record of the
 * workspace (seconds at 100,000 items, holding the workspace's row lock: every other write, and
 * the lease renewal, waits) instead of a range of the primary key per prefix (milliseconds).
 */
export const ANALYZE_AFTER = 10_000;

/** Brings the planner's statistics of the records up to date (errors ignored: autovacuum does it later). */
export async function analyzeRecords(db: Pool | PoolClient): Promise<void> {
  await db.query('ANALYZE sd_records').catch(() => undefined);
}
