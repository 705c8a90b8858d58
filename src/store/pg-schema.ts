import type { Pool } from 'pg';
import { StoreError } from './errors.js';

/**
 * The database schema, as numbered migrations. Each runs once, in its own transaction, recorded in
 * sd_migrations; start-up applies the missing ones under an advisory lock (replicas starting at the
 * same time wait for each other) and refuses a database migrated by a newer sellerdesk.
 *
 * - sd_workspaces: one row per workspace; `version` counts its committed writes (a replica
 *   compares it with its cached copy), `floor` is the version below which deleted records were
 *   purged (a copy older than that is reloaded whole). The scheduler's lease on the workspace
 *   (`sched_owner` until `sched_until`, database time) and its next wake-up (`next_wake`, the
 *   application's clock) live here too.
 * - sd_records: the workspace's records (src/store/records.ts); a deleted record stays as a row
 *   with value NULL, at the version that deleted it, so other replicas can catch up by version.
 * - sd_replicas: the processes whose schedulers share the work, with when each was last seen (a
 *   replica's fair share of the due workspaces is counted from the live ones).
 */
const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'workspaces and records',
    sql: `
      CREATE TABLE sd_workspaces (
        id text PRIMARY KEY,
        version bigint NOT NULL DEFAULT 0,
        floor bigint NOT NULL DEFAULT 0,
        next_wake timestamptz,
        sched_owner text,
        sched_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sd_workspaces_wake ON sd_workspaces (next_wake NULLS FIRST);
      CREATE TABLE sd_records (
        workspace text NOT NULL REFERENCES sd_workspaces (id) ON DELETE CASCADE,
        key text COLLATE "C" NOT NULL,
        depth smallint NOT NULL,
        value json,
        version bigint NOT NULL,
        PRIMARY KEY (workspace, key)
      );
      CREATE INDEX sd_records_version ON sd_records (workspace, version);
    `,
  },
  {
    version: 2,
    name: 'replicas',
    sql: `
      CREATE TABLE sd_replicas (
        id text PRIMARY KEY,
        started_at timestamptz NOT NULL DEFAULT now(),
        seen_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sd_workspaces_owner ON sd_workspaces (sched_owner);
    `,
  },
];

export const SCHEMA_LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** An arbitrary constant: the advisory lock that serializes migrations across replicas. */
const MIGRATION_LOCK = 0x5e11e7d5;

/** Brings the database up to SCHEMA_LATEST; returns the migrations applied. */
export async function migrateSchema(pool: Pool, location: string): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS sd_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM sd_migrations ORDER BY version');
      const have = new Set(rows.map((r) => r.version));
      const newest = rows.length ? rows[rows.length - 1]!.version : 0;
      if (newest > SCHEMA_LATEST) {
        throw new StoreError(
          `the database ${location} has schema version ${newest}, newer than this sellerdesk understands (${SCHEMA_LATEST}); upgrade sellerdesk. Nothing was changed.`,
          location,
        );
      }
      const applied: number[] = [];
      for (const m of MIGRATIONS) {
        if (have.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO sd_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
        applied.push(m.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
