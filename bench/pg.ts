import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { projectPath } from '../src/paths.js';
import { PgStore } from '../src/store/pg-store.js';
import type { Caller } from '../src/core/types.js';
import { startLocalPg } from '../scripts/pg-local.js';
import { seedWorkspaces } from './pg-seed.js';
import { percentile, sample } from './util.js';
import type { Bench, Figures } from './run.js';

/*
 * PostgreSQL with replicas (DATABASE_URL), on a throw-away local server (fsync off: these are the
 * costs of sellerdesk, not of a disk), with a background of `--pg-items` open items (default the
 * issue's 1,000,000) across `--pg-workspaces` workspaces (default one per 100 items), loaded
 * straight into the tables (bench/pg-seed.ts, about a minute for a million), planned as in a
 * running deployment (their next wake-up written). `npm run bench -- pg --pg-items=20000` is a
 * small run. Figures:
 * - a replica's start time (spawn to the scheduler started) and RSS, with the background and with
 *   an empty database;
 * - `/track list` and `/track note` p50/p99 through the command core on the PostgreSQL store
 *   (each command: the catch-up query, the transaction under the workspace's row lock);
 * - lateness of 500 pings due at once across 50 workspaces, from the due time to the post (a
 *   20 ms fake Slack), with one replica and with three; beside it what does not depend on the
 *   machine's load: statements sent per ping, and the CPU time per ping of the replicas and of the
 *   database server;
 * - after `migrate` (no workspace planned): the time until one replica, then three, have planned
 *   every background workspace, and their peak RSS.
 * BENCH_PG_PROFILE=1 prints each replica's timeline and every statement it sent (count, time).
 */

/** `--pg-items=N` / `--pg-workspaces=N` (or BENCH_PG_ITEMS / BENCH_PG_WORKSPACES): the background's size. */
function sizeArg(flag: string, env: string | undefined, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${flag}=`));
  const n = Number(arg ? arg.slice(flag.length + 3) : (env ?? fallback));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive whole number (e.g. --${flag}=10000)`);
  return n;
}
const ITEMS = sizeArg('pg-items', process.env.BENCH_PG_ITEMS, 1_000_000);
const WORKSPACES = sizeArg('pg-workspaces', process.env.BENCH_PG_WORKSPACES, Math.max(1, Math.round(ITEMS / 100)));
const PER = Math.max(1, Math.floor(ITEMS / WORKSPACES));
const CREATED = '2026-11-23T10:00:00+08:00';

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
  /** At exit: statements sent (first words → [count, ms]) and CPU time. */
  queries: Record<string, [number, number]>;
  cpuMs: number;
  /** CPU time used before it was ready (start-up, first poll). */
  startCpuMs: number;
  /** The most workspaces it held in memory at once. */
  maxLoaded: number;
  rss: number;
  lates: number[];
  maxRss: number;
  stop(): Promise<void>;
}

function startReplica(url: string, slotAt: string, wallAt: number): Promise<Replica> {
  const t0 = performance.now();
  // BENCH_PG_REPLICA: another build's replica script (before/after comparisons on one run).
  const script = process.env.BENCH_PG_REPLICA ?? projectPath('dist', 'bench', 'pg-replica.js');
  const child = spawn(process.execPath, [script, url, slotAt, String(wallAt)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const r: Replica = {
    startMs: 0,
    rss: 0,
    lates: [],
    maxRss: 0,
    queries: {},
    cpuMs: 0,
    startCpuMs: 0,
    maxLoaded: 0,
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
        const line = JSON.parse(buf.slice(0, nl)) as { ready?: number; late?: number; rss: number; loaded?: number; queries?: Replica['queries']; cpuMs?: number };
        r.maxLoaded = Math.max(r.maxLoaded, line.loaded ?? 0);
        if (line.ready !== undefined) r.startCpuMs = line.cpuMs ?? 0;
        buf = buf.slice(nl + 1);
        r.maxRss = Math.max(r.maxRss, line.rss);
        if (line.ready !== undefined) {
          r.startMs = performance.now() - t0;
          r.rss = line.rss;
          resolve(r);
        } else if (line.late !== undefined) r.lates.push(line.late);
        else if (line.queries) {
          r.queries = line.queries;
          r.cpuMs = line.cpuMs ?? 0;
        }
      }
    });
  });
}

interface BurstResult {
  p50: number;
  p99: number;
  max: number;
  startMs: number;
  rss: number;
  /** Statements sent to the database per ping, all replicas together, from spawn to stop. */
  queriesPerPing: number;
  /** CPU time of the replicas per ping, once they were started. */
  cpuPerPing: number;
  /** CPU time of the database server per ping, from the replicas' spawn to the last ping. */
  dbCpuPerPing: number;
  /** Pings each replica posted. */
  split: number[];
}

/** CPU time (ms) of each process of the database server (the postmaster's children), from /proc, by pid and start time (a pid may be reused). */
async function serverCpu(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const stat = (pid: number | string) => {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(f[1]), ms: ((Number(f[11]) + Number(f[12])) * 1000) / 100, started: f[19] };
    } catch {
      return undefined;
    }
  };
  // Read while the connection is open: its server process is a child of the postmaster.
  const postmaster = stat(rows[0]!.pid)?.ppid;
  await client.end();
  const out = new Map<string, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(name);
    if (s && s.ppid === postmaster) out.set(`${name}:${s.started}`, s.ms);
  }
  return out;
}

async function burst(url: string, replicas: number, slotAt: string, prefix: string): Promise<BurstResult> {
  // The slot comes due 6 s from now on the replicas' clocks (they start, register, take their share).
  const wallAt = Date.now() + 6_000;
  const dbBefore = await serverCpu(url);
  const reps = await Promise.all(Array.from({ length: replicas }, () => startReplica(url, slotAt, wallAt)));
  const end = Date.now() + 90_000;
  while (reps.reduce((n, r) => n + r.lates.length, 0) < 500 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  const lates = reps.flatMap((r) => r.lates).sort((a, b) => a - b);
  const dbAfter = await serverCpu(url);
  let dbCpu = 0;
  for (const [pid, ms] of dbAfter) dbCpu += ms - (dbBefore.get(pid) ?? 0);
  await Promise.all(reps.map((r) => r.stop()));
  // Stopping gives the leases back as "plan me again"; every ping of the burst is sent, so its plan
  // is "nothing pending": written down, so the next measurement does not re-plan these too.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`UPDATE sd_workspaces SET next_wake = 'infinity' WHERE id LIKE $1 || '%'`, [prefix]);
  await client.end();
  if (lates.length < 500) throw new Error(`only ${lates.length} of 500 pings were posted`);
  const queries: Record<string, [number, number]> = {};
  for (const r of reps) {
    for (const [k, [n, ms]] of Object.entries(r.queries)) {
      const e = (queries[k] ??= [0, 0]);
      e[0] += n;
      e[1] += ms;
    }
  }
  const total = Object.values(queries).reduce((n, [c]) => n + c, 0);
  if (process.env.BENCH_PG_PROFILE) {
    process.stderr.write(`  pg: ${replicas} replica(s), statements sent (count, ms waited):\n`);
    for (const [k, [n, ms]] of Object.entries(queries).sort((a, b) => b[1][0] - a[1][0])) process.stderr.write(`    ${String(n).padStart(7)} ${ms.toFixed(0).padStart(8)}  ${k}\n`);
  }
  return {
    queriesPerPing: total / lates.length,
    cpuPerPing: reps.reduce((n, r) => n + r.cpuMs - r.startCpuMs, 0) / lates.length,
    dbCpuPerPing: dbCpu / lates.length,
    split: reps.map((r) => r.lates.length),
    p50: percentile(lates, 50),
    p99: percentile(lates, 99),
    max: lates[lates.length - 1]!,
    startMs: Math.max(...reps.map((r) => r.startMs)),
    rss: Math.max(...reps.map((r) => r.maxRss)),
  };
}

/**
 * After `migrate` no workspace is planned (next_wake NULL): the time from spawning `replicas`
 * replicas until every background workspace has its next wake-up written, and their peak RSS.
 */
async function planAll(url: string, replicas: number): Promise<{ ms: number; rss: number; loaded: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("UPDATE sd_workspaces SET next_wake = NULL, sched_owner = NULL, sched_until = NULL WHERE id LIKE 'T0BG%'");
    const t0 = performance.now();
    const reps = await Promise.all(Array.from({ length: replicas }, () => startReplica(url, '2026-12-01T10:00:00+08:00', Date.now())));
    const end = Date.now() + 20 * 60_000;
    for (;;) {
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM sd_workspaces WHERE next_wake IS NULL AND id LIKE 'T0BG%'");
      if (rows[0]!.n === 0) break;
      if (Date.now() > end) throw new Error(`${rows[0]!.n} workspaces still unplanned after 20 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const ms = performance.now() - t0;
    await Promise.all(reps.map((r) => r.stop()));
    return { ms, rss: Math.max(...reps.map((r) => r.maxRss)), loaded: Math.max(...reps.map((r) => r.maxLoaded)) };
  } finally {
    await client.end();
  }
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
      await seedWorkspaces(url, {
        workspaces: WORKSPACES,
        per: PER,
        prefix: 'T0BG',
        // As a running deployment has them: planned, their next ping (2 working days before the due day) written down.
        nextWake: '2026-12-16T09:00:00+08:00',
        onProgress: (n) => process.stderr.write(`\r  pg: seeded ${n} of ${WORKSPACES} workspaces`),
      });
      process.stderr.write('\n');
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

      const one = await burst(url, 1, '2026-12-02T09:00:00+08:00', 'T0ONE');
      const three = await burst(url, 3, '2026-12-03T09:00:00+08:00', 'T0THREE');
      const plan1 = await planAll(url, 1);
      const plan3 = await planAll(url, 3);
      return {
        seed: { value: seedMs / 1000, unit: 's', label: `load ${PER * WORKSPACES} items across ${WORKSPACES} workspaces (setup)` },
        startEmpty: { value: empty.startMs, unit: 'ms', label: 'replica start (spawn to scheduler started), empty database' },
        rssEmpty: { value: empty.rss / 1e6, unit: 'MB', label: 'replica RSS at start, empty database' },
        startBig: { value: one.startMs, unit: 'ms', label: `replica start, ${PER * WORKSPACES} items in the database` },
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
        plan1: { value: plan1.ms / 1000, unit: 's', label: `after migrate: 1 replica plans all ${WORKSPACES} workspaces (from spawn)` },
        planRss1: { value: plan1.rss / 1e6, unit: 'MB', label: 'after migrate, 1 replica: its peak RSS while planning' },
        planLoaded1: { value: plan1.loaded, unit: '', label: 'after migrate, 1 replica: most workspaces in its memory at once (sampled)' },
        plan3: { value: plan3.ms / 1000, unit: 's', label: `after migrate: 3 replicas plan all ${WORKSPACES} workspaces` },
        planRss3: { value: plan3.rss / 1e6, unit: 'MB', label: 'after migrate, 3 replicas: peak RSS of one' },
        queries1: { value: one.queriesPerPing, unit: '', label: '1 replica: statements sent to the database per ping (start to stop)' },
        queries3: { value: three.queriesPerPing, unit: '', label: `3 replicas: statements per ping (pings posted by each: ${three.split.join('/')})` },
        cpu1: { value: one.cpuPerPing, unit: 'ms', label: '1 replica: its CPU time per ping (ready to stop)' },
        cpu3: { value: three.cpuPerPing, unit: 'ms', label: '3 replicas: their CPU time per ping (ready to stop)' },
        dbCpu1: { value: one.dbCpuPerPing, unit: 'ms', label: '1 replica: the database server\'s CPU time per ping' },
        dbCpu3: { value: three.dbCpuPerPing, unit: 'ms', label: '3 replicas: the database server\'s CPU time per ping' },
      };
    } finally {
      await server.stop();
    }
  },
};

export default bench;
