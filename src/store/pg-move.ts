import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadConfig, ConfigError } from '../config.js';
import { StoreError } from './errors.js';
import { LowdbStore } from './lowdb-store.js';
import { PgStore } from './pg-store.js';
import { analyzeRecords } from './pg-write.js';
import { assemble, explode, workspaceRecords } from './records.js';
import type { WorkspaceData } from './types.js';

/**
 * Moving in and out of the database:
 *
 *   sellerdesk migrate --from data/sellerdesk.json [--replace]
 *   sellerdesk export --to backup.json
 *
 * migrate copies every workspace of a data file into DATABASE_URL. It is idempotent: a workspace
 * already in the database with the same data is left alone; one with other data is left alone too
 * and reported (its data in the database is newer than the file) unless --replace. Afterwards every
 * workspace is read back and compared with the file record by record; the counts are printed.
 * export writes the database to a new data file through the embedded store, and reads it back
 * to check it.
 */

interface Out {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export interface MigrateReport {
  workspaces: number;
  copied: number;
  unchanged: number;
  differ: string[];
  items: number;
  records: number;
  ledger: number;
}

const USAGE = `usage:
  sellerdesk migrate --from FILE [--replace]   copy a data file into the database (DATABASE_URL)
  sellerdesk export --to FILE                  write the database to a new data file`;

export async function runMoveCommand(verb: 'migrate' | 'export', argv: string[], io: Out): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: { from: { type: 'string' }, to: { type: 'string' }, replace: { type: 'boolean', default: false } },
    }).values;
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let url: string | undefined;
  try {
    url = loadConfig(io.env).DATABASE_URL;
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (!url) {
    io.stderr.write(`sellerdesk ${verb}: DATABASE_URL is not set (e.g. DATABASE_URL=postgres://sellerdesk@localhost/sellerdesk)\n`);
    return 2;
  }
  const file = verb === 'migrate' ? values.from : values.to;
  if (!file) {
    io.stderr.write(`sellerdesk ${verb}: ${verb === 'migrate' ? '--from FILE' : '--to FILE'} is required\n${USAGE}\n`);
    return 2;
  }
  let store: PgStore | undefined;
  try {
    store = await PgStore.open(url);
    if (verb === 'migrate') {
      if (!existsSync(file)) {
        io.stderr.write(`sellerdesk migrate: ${resolve(file)} does not exist\n`);
        return 1;
      }
      const r = await migrateFile(store, file, { replace: values.replace === true });
      io.stdout.write(
        [
          `migrated ${resolve(file)} into ${store.location}`,
          `  workspaces: ${r.workspaces} in the file; ${r.copied} copied, ${r.unchanged} already there`,
          `  items: ${r.items}, ping ledger entries: ${r.ledger}, records: ${r.records}: each read back and equal to the file`,
          ...(r.differ.length
            ? [`  not copied, the database holds other data for them (use --replace to overwrite): ${r.differ.join(', ')}`]
            : []),
          '',
        ].join('\n'),
      );
      return r.differ.length ? 1 : 0;
    }
    if (existsSync(file)) {
      io.stderr.write(`sellerdesk export: ${resolve(file)} exists; export writes a new file (choose another name)\n`);
      return 1;
    }
    const r = await exportFile(store, file);
    io.stdout.write(`exported ${store.location} to ${resolve(file)}\n  workspaces: ${r.workspaces}, items: ${r.items}, records: ${r.records}: read back and equal to the database\n`);
    return 0;
  } catch (err) {
    if (err instanceof StoreError) {
      io.stderr.write(`sellerdesk ${verb}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await store?.close();
  }
}

function countItems(ws: Readonly<WorkspaceData>): number {
  const track = ws.track as { items?: Record<string, unknown> } | undefined;
  return track?.items ? Object.keys(track.items).length : 0;
}

function countLedger(ws: Readonly<WorkspaceData>): number {
  const pings = ws.pings as { ledger?: Record<string, unknown> } | undefined;
  return pings?.ledger ? Object.keys(pings.ledger).length : 0;
}

/** The records of a workspace as key → JSON, for comparing. */
function recordMap(ws: Readonly<WorkspaceData>): Map<string, string> {
  return new Map(workspaceRecords(ws).map((r) => [r.key, r.json]));
}

async function readWhole(store: PgStore, w: string): Promise<WorkspaceData> {
  const { rows } = await store.pool.query<{ key: string; value: unknown }>(
    'SELECT key, value FROM sd_records WHERE workspace = $1 AND value IS NOT NULL ORDER BY depth, version, key',
    [w],
  );
  return assemble(rows);
}

async function migrateFile(store: PgStore, file: string, opts: { replace?: boolean } = {}): Promise<MigrateReport> {
  const source = await LowdbStore.open(file);
  const report: MigrateReport = { workspaces: 0, copied: 0, unchanged: 0, differ: [], items: 0, records: 0, ledger: 0 };
  try {
    for (const w of source.workspaces()) {
      const ws = source.read(w);
      report.workspaces++;
      const want = recordMap(ws);
      const outcome = await copyWorkspace(store, w, ws, want, opts.replace === true);
      if (outcome === 'differ') {
        report.differ.push(w);
        continue;
      }
      if (outcome === 'copied') report.copied++;
      else report.unchanged++;
      // Read back, record by record.
      const got = recordMap(await readWhole(store, w));
      const mismatch = [...want].find(([k, v]) => got.get(k) !== v) ?? [...got.keys()].find((k) => !want.has(k));
      if (mismatch !== undefined || got.size !== want.size) {
        throw new StoreError(`workspace ${w} did not read back equal to the file (record ${Array.isArray(mismatch) ? mismatch[0] : String(mismatch)})`, store.location);
      }
      report.records += want.size;
      report.items += countItems(ws);
      report.ledger += countLedger(ws);
    }
    // The planner's statistics, before the first write (see ANALYZE_AFTER in pg-write.ts).
    if (report.copied) await analyzeRecords(store.pool);
  } finally {
    await source.close();
  }
  return report;
}

/** Copies one workspace under its row lock: 'copied', 'same' (already there), or 'differ' (left alone). */
async function copyWorkspace(store: PgStore, w: string, ws: Readonly<WorkspaceData>, want: Map<string, string>, replace: boolean): Promise<'copied' | 'same' | 'differ'> {
  const client = await store.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO sd_workspaces (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [w]);
    const { rows } = await client.query<{ version: string }>('SELECT version FROM sd_workspaces WHERE id = $1 FOR UPDATE', [w]);
    const version = Number(rows[0]!.version);
    if (version > 0) {
      const have = await client.query<{ key: string; value: unknown }>('SELECT key, value FROM sd_records WHERE workspace = $1 AND value IS NOT NULL', [w]);
      const existing = recordMap(assemble(have.rows));
      if (isDeepStrictEqual(existing, want)) {
        await client.query('ROLLBACK');
        return 'same';
      }
      if (!replace) {
        await client.query('ROLLBACK');
        return 'differ';
      }
    }
    const next = version + 1;
    const recs = explode([], ws);
    await client.query('UPDATE sd_records SET value = NULL, version = $2 WHERE workspace = $1 AND value IS NOT NULL', [w, next]);
    await client.query(
      `INSERT INTO sd_records (workspace, key, depth, value, version)
       SELECT $1, k, d, v::json, $2 FROM unnest($3::text[], $4::smallint[], $5::text[]) AS t(k, d, v)
       ON CONFLICT (workspace, key) DO UPDATE SET value = EXCLUDED.value, depth = EXCLUDED.depth, version = EXCLUDED.version`,
      [w, next, recs.map((r) => r.key), recs.map((r) => r.depth), recs.map((r) => r.json)],
    );
    // A copied workspace is planned afresh by the scheduler.
    await client.query('UPDATE sd_workspaces SET version = $2, next_wake = NULL WHERE id = $1', [w, next]);
    await client.query('COMMIT');
    return 'copied';
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function exportFile(store: PgStore, file: string): Promise<{ workspaces: number; items: number; records: number }> {
  // Written through the file store itself, so the file is what the bot opens (format, journal, lock).
  const out = await LowdbStore.open(file);
  const expected = new Map<string, Map<string, string>>();
  let items = 0;
  let records = 0;
  try {
    for (const w of await store.allWorkspaces()) {
      const ws = await readWhole(store, w);
      await out.update(w, (target) => {
        const t = target as Record<string, unknown>;
        for (const k of Object.keys(t)) delete t[k];
        Object.assign(t, ws);
      });
      const recs = recordMap(ws);
      expected.set(w, recs);
      items += countItems(ws);
      records += recs.size;
    }
  } finally {
    await out.close();
  }
  // Read back, as the bot would open it.
  const check = await LowdbStore.open(file);
  try {
    for (const [w, recs] of expected) {
      if (!isDeepStrictEqual(recordMap(check.read(w)), recs)) throw new StoreError(`the exported file does not read back equal for workspace ${w}`, file);
    }
    if (check.workspaces().length !== expected.size) throw new StoreError('the exported file does not hold every workspace', file);
  } finally {
    await check.close();
  }
  return { workspaces: expected.size, items, records };
}
