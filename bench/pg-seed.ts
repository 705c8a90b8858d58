import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { PgStore } from '../src/store/pg-store.js';
import { explode } from '../src/store/records.js';
import { emptyWorkspace, type WorkspaceData } from '../src/store/types.js';

/*
 * The background of bench/pg.ts: `workspaces` workspaces of `per` open items each, written straight
 * into the tables in the record layout PgStore writes (src/store/records.ts), by the database
 * itself (INSERT … SELECT over generate_series: nothing crosses the socket per row), so a million
 * items load in about a minute instead of the hour the command path would take.
 *
 * The rows are not made up by hand: the item is one opened by `/track new` through the command
 * core, its JSON text with placeholders for the id and the title, and the workspace's other records
 * are explode()'s of the same workspace. A sample of the workspaces is then read back through
 * PgStore and compared with the workspace the records describe; a difference fails the bench.
 */

const CREATED = '2026-11-23T10:00:00+08:00';
const ID = '@@I@@';
const WS = '@@W@@';
/** Workspaces per INSERT statement. */
const CHUNK = 500;

export interface SeedOptions {
  workspaces: number;
  per: number;
  /** Id prefix; workspace w is prefix + w zero-padded to 6 digits. */
  prefix: string;
  /** Their next wake-up as a running deployment has it written (null: never planned, as after `migrate`). */
  nextWake: string | null;
  onProgress?: (done: number) => void;
}

export function workspaceId(prefix: string, w: number): string {
  return `${prefix}${String(w).padStart(6, '0')}`;
}

/** One item as `/track new` opens it, through the command core on the PostgreSQL store. */
async function templateItem(url: string): Promise<Record<string, unknown>> {
  const store = await PgStore.open(url);
  try {
    const core = createApp({ config: loadConfig({}), store, log: silentLogger, clock: () => new Date(CREATED) });
    await core.dispatch({ platform: 'slack', workspace: 'T0TEMPLATE', channel: 'C1', user: 'U1', command: 'track', text: 'new task "Background" due:2026-12-20' });
    await store.prepare('T0TEMPLATE');
    return (store.read('T0TEMPLATE').track as { items: Record<string, Record<string, unknown>> }).items['1']!;
  } finally {
    await store.close();
  }
}

/** What the seeded workspace w holds. */
function expected(item: Record<string, unknown>, w: number, per: number): WorkspaceData {
  const ws = emptyWorkspace();
  const items: Record<string, unknown> = {};
  for (let i = 1; i <= per; i++) items[String(i)] = { ...item, id: String(i), title: `Background ${w}-${i}` };
  ws.track = { seq: per, items };
  return ws;
}

/** Seeds the workspaces; returns the number of items written. */
export async function seedWorkspaces(url: string, opts: SeedOptions): Promise<number> {
  const item = await templateItem(url);
  const tmpl = JSON.stringify({ ...item, id: ID, title: `Background ${WS}-${ID}` });
  // The placeholders stand where JSON.stringify writes the values (plain digits need no escaping).
  const probe = tmpl.replaceAll(ID, '7').replaceAll(WS, '3');
  if (probe !== JSON.stringify({ ...item, id: '7', title: 'Background 3-7' })) throw new Error('the item template does not serialize like the item');
  // Every record but the items: explode() of a workspace whose items are left out.
  const fixed = explode([], { ...expected(item, 0, 0), track: { seq: opts.per } });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let w0 = 0; w0 < opts.workspaces; w0 += CHUNK) {
      const w1 = Math.min(opts.workspaces, w0 + CHUNK) - 1;
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO sd_workspaces (id, version, next_wake)
         SELECT $1 || lpad(w::text, 6, '0'), 1, $2::timestamptz FROM generate_series($3::int, $4::int) w`,
        [opts.prefix, opts.nextWake, w0, w1],
      );
      await client.query(
        `INSERT INTO sd_records (workspace, key, depth, value, version)
         SELECT $1 || lpad(w::text, 6, '0'), f.k, f.d, f.v::json, 1
           FROM generate_series($2::int, $3::int) w, unnest($4::text[], $5::smallint[], $6::text[]) AS f(k, d, v)
         UNION ALL
         SELECT $1 || lpad(w::text, 6, '0'), 'track/items/' || i, 3, replace(replace($7, '${WS}', w::text), '${ID}', i::text)::json, 1
           FROM generate_series($2::int, $3::int) w, generate_series(1, $8::int) i`,
        [opts.prefix, w0, w1, fixed.map((r) => r.key), fixed.map((r) => r.depth), fixed.map((r) => r.json), tmpl, opts.per],
      );
      await client.query('COMMIT');
      opts.onProgress?.(w1 + 1);
    }
    await client.query('ANALYZE sd_workspaces');
    await client.query('ANALYZE sd_records');
  } finally {
    await client.end();
  }
  await verifySample(url, item, opts);
  return opts.workspaces * opts.per;
}

/** Reads the first, the last and a few other seeded workspaces through PgStore and compares them. */
async function verifySample(url: string, item: Record<string, unknown>, opts: SeedOptions): Promise<void> {
  const n = opts.workspaces;
  const sample = [...new Set([0, n - 1, Math.floor(n / 2), Math.floor(n / 3), Math.floor((2 * n) / 3)])].filter((w) => w >= 0 && w < n);
  const store = await PgStore.open(url);
  try {
    for (const w of sample) {
      const id = workspaceId(opts.prefix, w);
      await store.prepare(id);
      // Record by record (each value's JSON text, so key order too), as `migrate` checks.
      const got = new Map(explode([], store.read(id)).map((r) => [r.key, r.json]));
      const want = new Map(explode([], expected(item, w, opts.per)).map((r) => [r.key, r.json]));
      if (!isDeepStrictEqual(got, want)) throw new Error(`seeded workspace ${id} does not read back through PgStore as written`);
      if (store.versionOf(id) !== 1) throw new Error(`seeded workspace ${id} has version ${store.versionOf(id)}, not 1`);
    }
  } finally {
    await store.close();
  }
}
