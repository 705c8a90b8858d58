import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import type { Delivered, Notifier, Ping } from '../src/core/notifier.js';
import type { Caller } from '../src/core/types.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
import type { Store } from '../src/store/types.js';
import type { Item } from '../src/workflows/item.js';
import { writableTrack } from '../src/workflows/items.js';
import { Knowledge } from '../src/knowledge/resources.js';
import { routeAllTo } from '../src/scheduler/route.js';
import { Scheduler, type Timers } from '../src/scheduler/scheduler.js';
import { ledgerOf } from '../src/scheduler/ping-ledger.js';
import { percentile, sample } from './util.js';
import type { Bench, Figures } from './run.js';

/*
 * Deadline pings at scale:
 * - planning the next wake-up with 100,000 open items: the first plan (every item's deadlines and
 *   slots derived), and the re-plan after one item changed (what every command costs the scheduler);
 * - lateness, from a ping's due time to its post leaving for the platform, on the real clock and
 *   timers, with 100,000 open items in the file store, 500 pings due in the same millisecond, and
 *   commands changing items all the while.
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
 * A platform on loopback that answers after `latencyMs`; records when each post left, with the
 * time of the slot it is for (from the ledger entry the scheduler claimed for it). Lateness is
 * measured against that slot: an item may have several (its deadline day at 09:00, the hour
 * before a timed due, …), and crediting every ping of an item to one of them once made a ping
 * for the 09:00 slot look a second early.
 */
class TimedNotifier implements Notifier {
  readonly platform = 'shell' as const;
  readonly sent = new Map<string, { at: number; slotAt: number; slot: string; itemId: string }>();
  constructor(
    private readonly latencyMs: number,
    private readonly store: Store,
  ) {}
  post(ping: Ping): Promise<Delivered> {
    const at = Date.now();
    const entry = ledgerOf(this.store.read(ping.workspace))[ping.key.slice(ping.workspace.length + 1)];
    this.sent.set(ping.key, { at, slotAt: Date.parse(entry?.at ?? ''), slot: ping.slot, itemId: ping.itemId });
    return new Promise((resolve) => setTimeout(() => resolve({ messageId: ping.key }), this.latencyMs));
  }
}

async function lateness(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-bench-pings-'));
  try {
    const file = join(dir, 'db.json');
    let inner: Store = await LowdbStore.open(file);
    // 100,000 open items whose pings all come later (opened, as far as the plan knows, in 40 days).
    await fill(inner, Date.now() + 60 * DAY, N);
    await inner.close();
    inner = await LowdbStore.open(file);
    const store = inner;
    const core = createApp({ config: loadConfig({}), store, log: silentLogger });
    const notifier = new TimedNotifier(15, inner);
    const scheduler = new Scheduler({ services: core.services, route: routeAllTo(notifier), changes: core.services.items });
    await scheduler.start();
    // The pings to measure, opened once the bot runs: 500 timed deadlines whose one-hour pings are
    // all due in the same millisecond, 1.5 s from now.
    const start = Date.now() + 1500;
    const due = new Map<string, number>();
    const created = new Date(Date.now() - 3_600_000).toISOString();
    await store.update(W, (ws) => {
      const track = writableTrack(ws);
      for (let k = 0; k < 500; k++) {
        const at = start;
        const id = String(N + 1 + k);
        track.items[id] = { id, template: 'task', title: `Timed ${k}`, channel: `c${k % 50}`, status: 'open', createdBy: 'u1', createdAt: created, fields: {}, dues: { due: { when: { at: new Date(at + 3_600_000).toISOString() } } }, events: [], notes: [], rev: 1 };
        due.set(id, at);
      }
      track.seq = N + 500;
    });
    // As the items repository tells the scheduler of each item /track new opens.
    for (const id of due.keys()) scheduler.itemChanged(W, id);
    // Load: a command changing an item every 25 ms (each one a durable write and a re-plan).
    const caller: Caller = { platform: 'shell', workspace: W, channel: 'c1', user: 'u1', isAdmin: true };
    let commands = 0;
    let stopLoad = false;
    const load = (async () => {
      while (!stopLoad) {
        await core.dispatch({ ...caller, command: 'track', text: `note ${1 + ((commands * 7919) % N)} called the seller` });
        commands++;
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const oneHourSent = () => [...notifier.sent.values()].filter((p) => p.slot === '1h' && due.has(p.itemId)).length;
    while (oneHourSent() < due.size && Date.now() < start + 30_000) await new Promise((r) => setTimeout(r, 50));
    stopLoad = true;
    await load;
    await scheduler.stop();
    await inner.close();
    const late: number[] = [];
    let planned = 0;
    for (const p of notifier.sent.values()) {
      if (!due.has(p.itemId)) continue;
      late.push(p.at - p.slotAt);
      if (p.slot === '1h' && p.slotAt === due.get(p.itemId)) planned++;
    }
    late.sort((a, b) => a - b);
    return {
      latenessMin: { value: late[0] ?? NaN, unit: 'ms', label: 'ping lateness, 500 due at once among 100k items, under load, min (< 0: early)' },
      latenessP50: { value: percentile(late, 50), unit: 'ms', label: 'ping lateness under load, p50' },
      latenessP99: { value: percentile(late, 99), unit: 'ms', label: 'ping lateness under load, p99 (target ≤ 1000)' },
      latenessMax: { value: late.at(-1) ?? NaN, unit: 'ms', label: 'ping lateness under load, max (target ≤ 1000)' },
      latenessSent: { value: late.length, unit: 'pings', label: `pings of the timed items sent (${planned} of ${due.size} one-hour pings; ${commands} commands meanwhile)` },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: Bench = {
  name: 'pings',
  async run() {
    return { ...(await planning()), ...(await lateness()) };
  },
};
export default bench;
