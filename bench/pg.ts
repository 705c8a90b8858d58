import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { projectPath } from '../src/paths.js';
import { PgStore } from '../src/store/pg-store.js';
import { explode } from '../src/store/records.js';
import type { Caller } from '../src/core/types.js';
import { startLocalPg } from '../scripts/pg-local.js';
import { percentile, sample } from './util.js';
import type { Bench, Figures } from './run.js';

/*
 * PostgreSQL with replicas (DATABASE_URL), on a throw-away local server (fsync off: these are the
 * costs of sellerdesk, not of a disk):
 * - a replica's start time (spawn to the scheduler started) and RSS, with BENCH_PG_ITEMS open items
 *   across BENCH_PG_WORKSPACES workspaces in the database (default 100,000 across 1,000: the
 *   issue's 1,000,000 across 10,000 takes too long to load on a shared 2-core machine; set them
 *   to run it), planned as in a running deployment (their next wake-up written), and the same with
 *   an empty database;
 * - `/track list` and `/track event` p50/p99 through the command core on the PostgreSQL store
 *   (each command: the catch-up query, the transaction under the workspace's row lock);
 * - lateness of 500 pings due at once across 50 workspaces, from the due time to the post (a
 *   20 ms fake Slack), with one replica and with three.
 */

const ITEMS = Number(process.env.BENCH_PG_ITEMS ?? 100_000);
const WORKSPACES = Number(process.env.BENCH_PG_WORKSPACES ?? 1_000);
const CREATED = '2026-11-23T10:00:00+08:00';

async function seedBackground(url: string): Promise<void> {
  // One real item through the command path, copied with its own id into every workspace.
  const store = await PgStore.open(url);
  const core = createApp({ config: loadConfig({}), store, log: silentLogger, clock: () => new Date(CREATED) });
  await core.dispatch({ platform: 'slack', workspace: 'T0TEMPLATE', channel: 'C1', user: 'U1', command: 'track', text: 'new task "Background" due:2026-12-20' });
  await store.prepare('T0TEMPLATE');
  const item = (store.read('T0TEMPLATE').track as { items: Record<string, Record<string, unknown>> }).items['1']!;
  await store.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const per = Math.max(1, Math.floor(ITEMS / WORKSPACES));
  for (let w0 = 0; w0 < WORKSPACES; w0 += 100) {
    const ids: string[] = [];
    const keys: string[] = [];
    const rows: { w: string; key: string; depth: number; json: string }[] = [];
    for (let w = w0; w < Math.min(WORKSPACES, w0 + 100); w++) {
      const id = `T0BG${String(w).padStart(6, '0')}`;
      ids.push(id);
      const items: Record<string, unknown> = {};
      for (let i = 1; i <= per; i++) items[String(i)] = { ...item, id: String(i), title: `Background ${w}-${i}` };
      for (const r of explode([], { settings: {}, users: {}, channels: {}, track: { seq: per, items } })) rows.push({ w: id, ...r });
    }
    keys.push(...ids);
    // As a running deployment has them: planned, their next ping (2 working days before the due day) written down.
    await client.query("INSERT INTO sd_workspaces (id, version, next_wake) SELECT unnest($1::text[]), 1, '2026-12-16T09:00:00+08:00'", [ids]);
    await client.query(
      'INSERT INTO sd_records (workspace, key, depth, value, version) SELECT w, k, d, v::json, 1 FROM unnest($1::text[], $2::text[], $3::smallint[], $4::text[]) AS t(w, k, d, v)',
      [rows.map((r) => r.w), rows.map((r) => r.key), rows.map((r) => r.depth), rows.map((r) => r.json)],
    );
  }
  await client.end();
}

/** 50 workspaces × 10 items due on `day`, only the due-day ping (no overdue), through the command path. */
async function seedBurst(url: string, prefix: string, day: string): Promise<void> {
  const store = await PgStore.open(url);
  const core = createApp({ config: loadConfig({}), store, log: silentLogger, clock: () => new Date(CREATED) });
  const jobs: Promise<unknown>[] = [];
  for (let w = 0; w < 50; w++) {
    const caller: Caller = { platform: 'slack', workspace: `${prefix}${String(w).padStart(2, '0')}`, channel: 'C0BURST', user: 'U1', isAdmin: true };
    await core.dispatch({ ...caller, command: 'settings', text: 'pings days:0 overdue:off hour:off' });
    for (let i = 0; i < 10; i++) jobs.push(core.dispatch({ ...caller, command: 'track', text: `new task "Burst ${w}-${i}" due:${day}` }));
  }
  await Promise.all(jobs);
  await store.close();
  // Planned, as in a running deployment: their next wake-up is the slot.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`UPDATE sd_workspaces SET next_wake = $2 WHERE id LIKE $1 || '%'`, [prefix, `${day}T09:00:00+08:00`]);
  await client.end();
}

interface Replica {
  startMs: number;
  rss: number;
  lates: number[];
  maxRss: number;
  stop(): Promise<void>;
}

function startReplica(url: string, slotAt: string, wallAt: number): Promise<Replica> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [projectPath('dist', 'bench', 'pg-replica.js'), url, slotAt, String(wallAt)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const r: Replica = {
    startMs: 0,
    rss: 0,
    lates: [],
    maxRss: 0,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  let buf = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (r.startMs ? undefined : reject(new Error(`replica exited ${code}`))));
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = JSON.parse(buf.slice(0, nl)) as { ready?: number; late?: number; rss: number };
        buf = buf.slice(nl + 1);
        r.maxRss = Math.max(r.maxRss, line.rss);
        if (line.ready !== undefined) {
          r.startMs = performance.now() - t0;
          r.rss = line.rss;
          resolve(r);
        } else if (line.late !== undefined) r.lates.push(line.late);
      }
    });
  });
}

async function burst(url: string, replicas: number, slotAt: string): Promise<{ p50: number; p99: number; max: number; startMs: number; rss: number }> {
  // The slot comes due 6 s from now on the replicas' clocks (they start, register, take their share).
  const wallAt = Date.now() + 6_000;
  const reps = await Promise.all(Array.from({ length: replicas }, () => startReplica(url, slotAt, wallAt)));
  const end = Date.now() + 90_000;
  while (reps.reduce((n, r) => n + r.lates.length, 0) < 500 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  const lates = reps.flatMap((r) => r.lates).sort((a, b) => a - b);
  await Promise.all(reps.map((r) => r.stop()));
  if (lates.length < 500) throw new Error(`only ${lates.length} of 500 pings were posted`);
  return {
    p50: percentile(lates, 50),
    p99: percentile(lates, 99),
    max: lates[lates.length - 1]!,
    startMs: Math.max(...reps.map((r) => r.startMs)),
    rss: Math.max(...reps.map((r) => r.maxRss)),
  };
}

const bench: Bench = {
  name: 'pg',
  async run(): Promise<Figures> {
    const server = await startLocalPg();
    try {
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query('CREATE DATABASE bench_empty');
      await admin.query('CREATE DATABASE bench_big');
      await admin.end();
      const emptyUrl = server.urlFor('bench_empty');
      const url = server.urlFor('bench_big');
      await (await PgStore.open(emptyUrl)).close();
      await (await PgStore.open(url)).close();

      const empty = await startReplica(emptyUrl, '2026-12-01T09:00:00+08:00', Date.now());
      await empty.stop();

      const t0 = performance.now();
      await seedBackground(url);
      const seedMs = performance.now() - t0;
      await seedBurst(url, 'T0ONE', '2026-12-02');
      await seedBurst(url, 'T0THREE', '2026-12-03');

      // Commands through the core on the store, one workspace of the big database.
      const store = await PgStore.open(url);
      const core = createApp({ config: loadConfig({}), store, log: silentLogger, clock: () => new Date('2026-12-01T10:00:00+08:00') });
      const caller: Caller = { platform: 'slack', workspace: 'T0BG000007', channel: 'C1', user: 'U1' };
      const list = await sample(200, () => core.dispatch({ ...caller, command: 'track', text: 'list' }), 20);
      const event = await sample(200, (i) => core.dispatch({ ...caller, command: 'track', text: `note ${1 + (i % 50)} bench note ${i}` }), 20);
      await store.close();

      const one = await burst(url, 1, '2026-12-02T09:00:00+08:00');
      const three = await burst(url, 3, '2026-12-03T09:00:00+08:00');
      const per = Math.max(1, Math.floor(ITEMS / WORKSPACES));
      return {
        seed: { value: seedMs / 1000, unit: 's', label: `load ${per * WORKSPACES} items across ${WORKSPACES} workspaces (setup)` },
        startEmpty: { value: empty.startMs, unit: 'ms', label: 'replica start (spawn to scheduler started), empty database' },
        rssEmpty: { value: empty.rss / 1e6, unit: 'MB', label: 'replica RSS at start, empty database' },
        startBig: { value: one.startMs, unit: 'ms', label: `replica start, ${per * WORKSPACES} items in the database` },
        rssBig: { value: one.rss / 1e6, unit: 'MB', label: 'replica RSS, peak during the 500-ping burst (big database)' },
        listP50: { value: percentile(list, 50), unit: 'ms', label: '/track list p50 (100 items in the workspace)' },
        listP99: { value: percentile(list, 99), unit: 'ms', label: '/track list p99' },
        eventP50: { value: percentile(event, 50), unit: 'ms', label: '/track note (a write) p50' },
        eventP99: { value: percentile(event, 99), unit: 'ms', label: '/track note (a write) p99' },
        late1p50: { value: one.p50, unit: 'ms', label: '500 pings due at once, 1 replica: lateness p50' },
        late1p99: { value: one.p99, unit: 'ms', label: '500 pings due at once, 1 replica: lateness p99' },
        late1max: { value: one.max, unit: 'ms', label: '500 pings due at once, 1 replica: lateness max' },
        late3p50: { value: three.p50, unit: 'ms', label: '500 pings due at once, 3 replicas: lateness p50' },
        late3p99: { value: three.p99, unit: 'ms', label: '500 pings due at once, 3 replicas: lateness p99' },
        late3max: { value: three.max, unit: 'ms', label: '500 pings due at once, 3 replicas: lateness max' },
        rss3: { value: three.rss / 1e6, unit: 'MB', label: '3 replicas: peak RSS of one' },
      };
    } finally {
      await server.stop();
    }
  },
};

export default bench;
