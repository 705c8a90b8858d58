import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import type { Delivered, Notifier } from '../src/core/notifier.js';
import type { Caller } from '../src/core/types.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { PgStore } from '../src/store/pg-store.js';
import { PgWorkspaceSource } from '../src/scheduler/pg-source.js';
import { startLocalPg } from '../scripts/pg-local.js';
import type { Store } from '../src/store/types.js';
import type { Item } from '../src/workflows/item.js';
import { writableTrack } from '../src/workflows/items.js';
import { Knowledge } from '../src/knowledge/resources.js';
import { routeAllTo } from '../src/scheduler/route.js';
import { Scheduler, type Timers } from '../src/scheduler/scheduler.js';
import { slotKey } from '../src/scheduler/ping-plan.js';
import { SlackNotifier } from '../src/adapters/slack/notifier.js';
import { webApi } from '@slack/bolt';
import { FakeSlackApi } from '../test/fakes/slack-api.js';
import { percentile, sample } from './util.js';
import type { Bench, Figures } from './run.js';

/*
 * Deadline pings at scale:
 * - planning the next wake-up with 100,000 open items: the first plan (every item's deadlines and
 *   slots derived), and the re-plan after one item changed (what every command costs the scheduler);
 * - lateness, from a ping's slot to the moment the platform (Slack on loopback) received it, on
 *   the real clock and timers, with 100,000 open items in the file store and on PostgreSQL, and commands changing
 *   items all the while: 500 pings due in the same millisecond, the ordinary case, and a bare
 *   setTimeout loop posting to the same platform; with the pings sent early, twice or never.
 */

const N = 100_000;
const W = 'w';
const NOW = Date.parse('2026-11-23T09:30:00+08:00');
const DAY = 86_400_000;

/** Open items of every template, deadlines spread over the next weeks (some overdue). */
function makeItem(i: number, base: number): Item {
  const id = String(i + 1);
  const created = new Date(base - 20 * DAY).toISOString();
  const by = { by: 'u1', recordedAt: created };
  const item = { id, title: `Case ${i}`, channel: `c${i % 50}`, status: 'open' as const, createdBy: 'u1', createdAt: created, notes: [], rev: 1, fields: {}, dues: {}, events: [] };
  const day = (offset: number) => new Date(base + offset * DAY).toISOString().slice(0, 10);
  switch (i % 4) {
    case 0:
      return { ...item, template: 'brand-appeal', events: [{ key: 'submitted', when: { day: day(-(i % 12)) }, ...by }, { key: 'video-invited', when: { day: day(-(i % 5)) }, ...by }], assignee: 'u2' };
    case 1:
      return { ...item, template: 'task', dues: { due: { when: { at: new Date(base + ((i * 7919) % (30 * DAY))).toISOString() } } } };
    case 2:
      return { ...item, template: 'brand-appeal', events: [{ key: 'video-scheduled', when: { at: new Date(base + ((i * 104729) % (20 * DAY))).toISOString() } }].map((e) => ({ ...e, ...by })) };
    default:
      return { ...item, template: 'handmade-press', events: [{ key: 'announce', when: { day: day(5 + (i % 40)) }, ...by }] };
  }
}

function fill(store: Store, base: number, n: number): Promise<void> {
  return store.update(W, (ws) => {
    const track = writableTrack(ws);
    for (let i = 0; i < n; i++) track.items[String(i + 1)] = makeItem(i, base);
    track.seq = n;
  });
}

const noTimers: Timers = { set: () => 0, clear: () => undefined };

class NullNotifier implements Notifier {
  readonly platform = 'shell' as const;
  post(): Promise<Delivered> {
    return Promise.resolve({ messageId: 'x' });
  }
}

async function planning(): Promise<Figures> {
  const store = new MemoryStore();
  await fill(store, NOW, N);
  const services = { store, clock: () => new Date(NOW), config: loadConfig({}), log: silentLogger, knowledge: new Knowledge() };
  const notifier = new NullNotifier();
  const scheduler = new Scheduler({ services, route: routeAllTo(notifier), timers: noTimers, concurrency: 64 });
  const stalls = monitorEventLoopDelay({ resolution: 5 });
  stalls.enable();
  const t0 = performance.now();
  await scheduler.replanAll();
  const cold = performance.now() - t0;
  stalls.disable();
  // The first tick catches up (a ping, a superseded or a missed slot for most items); afterwards
  // the scheduler is in its steady state, where every slot before now is handled.
  const c0 = performance.now();
  const report = await scheduler.tick();
  await scheduler.settled();
  const catchUp = performance.now() - c0;
  const items = (store.read(W).track as { items: Record<string, Item> }).items;
  // What a /track command costs the scheduler: the changed item is re-planned, the others not.
  const replan = await sample(200, (i) => {
    const item = items[String(1 + ((i * 7919) % N))]!;
    item.rev++;
    scheduler.itemChanged(W, item.id);
    scheduler.nextWake();
  });
  const still = await sample(200, () => scheduler.nextWake());
  // A full re-plan with every item's plan known (as after a change of the schedule or the calendar).
  const full = await sample(5, () => new Scheduler({ services, route: routeAllTo(notifier), timers: noTimers }).replanAll(), 1);
  return {
    planCold100k: { value: cold, unit: 'ms', label: 'plan the next wake-up, 100k open items, first time (in slices)' },
    planColdStall: { value: stalls.max / 1e6, unit: 'ms', label: 'longest the event loop waited meanwhile (commands wait that long)' },
    catchUp100k: { value: catchUp, unit: 'ms', label: `catch up at start: ${report.claimed} pings and summaries, ${report.superseded + report.missed} slots settled` },
    replan100kP50: { value: percentile(replan, 50), unit: 'ms', label: 'plan it again after one item changed, p50' },
    replan100kP95: { value: percentile(replan, 95), unit: 'ms', label: 'plan it again after one item changed, p95' },
    replanFull100k: { value: percentile(full, 50), unit: 'ms', label: 'full re-plan of 100k items, plans known, p50' },
    nextWakeCached: { value: percentile(still, 50), unit: 'ms', label: 'next wake-up, nothing changed, p50' },
  };
}

/**
 * The pings Slack's Web API on loopback (test/fakes/slack-api.ts) received, as the platform the
 * lateness is measured at: each chat.postMessage timed when its request had fully arrived (the
 * moment the message is in the channel), with the ping key from its metadata.
 */
function received(fake: FakeSlackApi): { key: string; at: number }[] {
  return fake.callsTo('chat.postMessage').map((c) => {
    const meta = (typeof c.params.metadata === 'string' ? JSON.parse(c.params.metadata) : c.params.metadata) as { event_payload?: { key?: string } } | undefined;
    return { key: String(meta?.event_payload?.key ?? c.params.text), at: c.at };
  });
}

/** How many times each key arrived. */
function counts(fake: FakeSlackApi): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of received(fake)) out.set(r.key, (out.get(r.key) ?? 0) + 1);
  return out;
}

/** A Web API client as the Slack adapter makes its posting one (src/adapters/slack/index.ts). */
function postClient(apiUrl: string): webApi.WebClient {
  return new webApi.WebClient('xoxb-bench', { slackApiUrl: apiUrl, logLevel: webApi.LogLevel.ERROR, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 15_000 });
}

/** A run's figures: lateness of each expected ping at the platform, and what went wrong. */
interface Outcome {
  late: number[];
  early: number;
  doubled: number;
  lost: number;
}

/** Lateness at the platform's receipt of the expected pings (key → slot ms); every post of one key counts. */
function outcome(fake: FakeSlackApi, expected: ReadonlyMap<string, number>): Outcome {
  const late: number[] = [];
  let early = 0;
  for (const r of received(fake)) {
    const slot = expected.get(r.key);
    if (slot === undefined) continue;
    late.push(r.at - slot);
    if (r.at < slot) early++;
  }
  const arrivals = counts(fake);
  let doubled = 0;
  let lost = 0;
  for (const key of expected.keys()) {
    const n = arrivals.get(key) ?? 0;
    if (n === 0) lost++;
    if (n > 1) doubled += n - 1;
  }
  return { late: late.sort((a, b) => a - b), early, doubled, lost };
}

function figures(prefix: string, what: string, o: Outcome, expected: number): Figures {
  return {
    [`${prefix}Min`]: { value: o.late[0] ?? NaN, unit: 'ms', label: `${what}: lateness min (< 0: early)` },
    [`${prefix}P50`]: { value: percentile(o.late, 50), unit: 'ms', label: `${what}: lateness p50` },
    [`${prefix}P99`]: { value: percentile(o.late, 99), unit: 'ms', label: `${what}: lateness p99 (target ≤ 1000)` },
    [`${prefix}Max`]: { value: o.late.at(-1) ?? NaN, unit: 'ms', label: `${what}: lateness max (target ≤ 1000)` },
    [`${prefix}Early`]: { value: o.early, unit: 'pings', label: `${what}: sent before their slot (must be 0)` },
    [`${prefix}Doubled`]: { value: o.doubled, unit: 'pings', label: `${what}: posted twice (must be 0)` },
    [`${prefix}Lost`]: { value: o.lost, unit: 'pings', label: `${what}: never posted, of ${expected} (must be 0)` },
  };
}

/** Timed tasks opened an hour ago, one per slot time given: their one-hour pings are due then. */
async function openTimed(store: Store, first: number, slots: readonly number[]): Promise<Map<string, number>> {
  const expected = new Map<string, number>();
  const created = new Date(Date.now() - 3_600_000).toISOString();
  await store.update(W, (ws) => {
    const track = writableTrack(ws);
    slots.forEach((at, k) => {
      const id = String(first + k);
      const due = new Date(at + 3_600_000).toISOString();
      track.items[id] = { id, template: 'task', title: `Timed ${id}`, channel: `c${k % 50}`, status: 'open', createdBy: 'u1', createdAt: created, fields: {}, dues: { due: { when: { at: due } } }, events: [], notes: [], rev: 1 };
      expected.set(`${W}:${slotKey(id, 'due', '1h', at + 3_600_000)}`, at);
    });
    track.seq = Math.max(track.seq, first + slots.length - 1);
  });
  return expected;
}

async function until(done: () => boolean, ms: number): Promise<void> {
  const stop = Date.now() + ms;
  while (!done() && Date.now() < stop) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Lateness at the platform, on the real clock and timers, with 100,000 open items in the file
 * store (lowdb) and a command changing an item every 25 ms all the while: the scheduler posting
 * through the Slack adapter's notifier to Slack on loopback (20 ms to answer). ROUNDS rounds, each
 * of 500 pings due in the same millisecond, followed by the baseline: a bare loop (one setTimeout
 * per ping, posting with the same client to the same platform: no store, no ledger) for 500 at
 * once; then the ordinary case (50 pings, each at its own slot 100 ms apart). The machine is
 * shared: the ratio to the baseline, per round, says more than the milliseconds.
 * BENCH_PINGS_ITEMS sets the background's size, BENCH_PINGS_CONCURRENCY the posts in flight.
 */
const ROUNDS = 3;

async function lateness(kind: 'lowdb' | 'pg'): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-bench-pings-'));
  const items = Number(process.env.BENCH_PINGS_ITEMS ?? N);
  const concurrency = process.env.BENCH_PINGS_CONCURRENCY ? { concurrency: Number(process.env.BENCH_PINGS_CONCURRENCY) } : {};
  const fake = await FakeSlackApi.start();
  fake.latencyMs = 20;
  const server = kind === 'pg' ? await startLocalPg() : undefined;
  try {
    let store: Store;
    // Open items whose pings all come later (opened, as far as the plan knows, in 60 days).
    if (server) {
      store = await PgStore.open(server.url);
      await fill(store, Date.now() + 60 * DAY, items);
    } else {
      const file = join(dir, 'db.json');
      store = await LowdbStore.open(file);
      await fill(store, Date.now() + 60 * DAY, items);
      await store.close();
      store = await LowdbStore.open(file);
    }
    const core = createApp({ config: loadConfig({}), store, log: silentLogger });
    const client = postClient(fake.apiUrl);
    const notifier = new SlackNotifier({ client, directory: { lookup: () => Promise.resolve(undefined) }, log: silentLogger });
    // On PostgreSQL as chat mode runs it (src/scheduler/index.ts): with the workspace leases.
    const source = store instanceof PgStore ? { source: new PgWorkspaceSource({ store, log: silentLogger }), maxSleepMs: 1_000 } : {};
    const scheduler = new Scheduler({ ...source, services: core.services, route: routeAllTo(notifier), changes: core.services.items, ...concurrency });
    await scheduler.start();
    const caller: Caller = { platform: 'shell', workspace: W, channel: 'c1', user: 'u1', isAdmin: true };
    let commands = 0;
    let stopLoad = false;
    const load = (async () => {
      while (!stopLoad) {
        await core.dispatch({ ...caller, command: 'track', text: `note ${1 + ((commands * 7919) % items)} called the seller` });
        commands++;
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const loads: number[] = [loadavg()[0]!];
    const sampleLoad = setInterval(() => loads.push(loadavg()[0]!), 1000);
    const arrived = (expected: ReadonlyMap<string, number>) => () => {
      const arrivals = counts(fake);
      for (const k of expected.keys()) if (!arrivals.has(k)) return false;
      return true;
    };
    /** Opens the timed items, as the items repository tells the scheduler of each one /track new opens. */
    const open = async (first: number, slots: number[]) => {
      const expected = await openTimed(store, first, slots);
      for (const key of expected.keys()) scheduler.itemChanged(W, key.slice(W.length + 1).split('/')[0]!);
      return expected;
    };
    const ours = new Map<string, number>();
    const bare = new Map<string, number>();
    const ratios: number[] = [];
    const ordinary = await open(items + 1, Array.from({ length: 50 }, (_, k) => Date.now() + 1500 + k * 100));
    await until(arrived(ordinary), 30_000);
    let next = items + 51;
    const cpu = { ours: 0, bare: 0 };
    let quiet = new Map<string, number>();
    /** CPU time of this process from just before `at` until `done`, ms (measured in the round without load). */
    const cpuUntil = async (at: number, done: () => boolean) => {
      await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now() - 50)));
      const c0 = process.cpuUsage();
      await until(done, 30_000);
      const c = process.cpuUsage(c0);
      return (c.user + c.system) / 1000;
    };
    // The last round runs without the commands: the CPU time per ping, which the machine's load does not change.
    for (let r = 0; r <= ROUNDS; r++) {
      if (r === ROUNDS) {
        stopLoad = true;
        await load;
      }
      const burst = await open(next, Array.from({ length: 500 }, () => Date.now() + 1500));
      next += 500;
      if (r === ROUNDS) cpu.ours = (await cpuUntil(burst.values().next().value!, arrived(burst))) / burst.size;
      await until(arrived(burst), 30_000);
      // The baseline, under the same load: a timer per ping, each posting the moment it fires.
      const at = Date.now() + 1500;
      const base = new Map(Array.from({ length: 500 }, (_, k) => [`bare/${r}/${k}`, at] as const));
      for (const key of base.keys()) {
        setTimeout(() => void client.chat.postMessage({ channel: 'c1', text: key, metadata: { event_type: 'bench', event_payload: { key } } }).catch(() => undefined), at - Date.now());
      }
      if (r === ROUNDS) {
        cpu.bare = (await cpuUntil(at, arrived(base))) / base.size;
        quiet = burst;
        break;
      }
      await until(arrived(base), 30_000);
      ratios.push(percentile(outcome(fake, burst).late, 99) / percentile(outcome(fake, base).late, 99));
      for (const [k, v] of burst) ours.set(k, v);
      for (const [k, v] of base) bare.set(k, v);
    }
    await new Promise((r) => setTimeout(r, 1000)); // a second post of a key would show by now
    await scheduler.stop();
    clearInterval(sampleLoad);
    await store.close();
    const sortedLoads = loads.sort((a, b) => a - b);
    // Early, doubled and lost count the round without commands too.
    const loaded = outcome(fake, ours);
    const calm = outcome(fake, quiet);
    const all = { ...loaded, early: loaded.early + calm.early, doubled: loaded.doubled + calm.doubled, lost: loaded.lost + calm.lost };
    return {
      ...figures('burst', `scheduler, 500 due at once ×${ROUNDS}, ${items / 1000}k items`, all, ours.size + quiet.size),
      ...figures('bare', `baseline, setTimeout per ping, 500 at once ×${ROUNDS}`, outcome(fake, bare), bare.size),
      burstRatioP99: { value: percentile(ratios.sort((a, b) => a - b), 50), unit: '×', label: 'scheduler p99 / baseline p99, median of rounds' },
      cpuOurs: { value: cpu.ours, unit: 'ms', label: 'CPU time per ping, scheduler (500 at once, no commands)' },
      cpuBare: { value: cpu.bare, unit: 'ms', label: 'CPU time per ping, baseline (500 at once, no commands)' },
      ...figures('ordinary', 'scheduler, 50 due 100 ms apart', outcome(fake, ordinary), ordinary.size),
      fullReplans: { value: scheduler.replans.full, unit: '', label: `full re-plans of the ${items / 1000}k items meanwhile (the first one included)` },
      loadAvg: { value: percentile(sortedLoads, 50), unit: '', label: `1-min load average meanwhile, median (max ${sortedLoads.at(-1)}; ${commands} commands)` },
    };
  } finally {
    await fake.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: Bench = {
  name: 'pings',
  async run() {
    const out: Figures = process.env.BENCH_PINGS_LATENESS_ONLY ? {} : await planning();
    for (const kind of ['lowdb', 'pg'] as const) {
      if (process.env.BENCH_PINGS_STORE && process.env.BENCH_PINGS_STORE !== kind) continue;
      for (const [k, f] of Object.entries(await lateness(kind))) out[`${kind}.${k}`] = { ...f, label: `${kind}: ${f.label}` };
    }
    return out;
  },
};
export default bench;
