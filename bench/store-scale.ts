import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { routeAllTo } from '../src/scheduler/route.js';
import type { Notifier, Delivered } from '../src/core/notifier.js';
import type { Timers } from '../src/scheduler/scheduler.js';
import { writableTrack } from '../src/workflows/items.js';
import { Knowledge } from '../src/knowledge/resources.js';
import { makeItem } from './track.js';

/**
 * One size of the store's scale table, in a process of its own (so RSS is this size's alone):
 *
 *   node dist/bench/store-scale.js fill <dir> <items> [<other workspaces>]
 *   node dist/bench/store-scale.js measure <dir> <items>
 *   node dist/bench/store-scale.js spread-fill <dir> <items> <workspaces of 1,000 items>
 *   node dist/bench/store-scale.js spread <dir>
 *
 * `fill` writes the data through the store (in batches, as a busy team would over months);
 * `measure` prints one JSON line of figures.
 */

const NOW = '2026-11-23T09:00:00+08:00';
const [mode, dir, countText, othersText] = process.argv.slice(2);
const n = Number(countText);
const file = join(dir!, 'db.json');

/**
 * The longest time the event loop was held while fn ran (a 1 ms probe timer), and the most CPU
 * the process used within one such gap: on a loaded machine a gap can be the process waiting for
 * a core, which the CPU figure does not count.
 */
async function longestBlock<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; result: T }> {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let worst = 0;
  let worstCpu = 0;
  const note = () => {
    const t = performance.now();
    const c = process.cpuUsage(lastCpu);
    worst = Math.max(worst, t - last);
    worstCpu = Math.max(worstCpu, (c.user + c.system) / 1000);
    last = t;
    lastCpu = process.cpuUsage();
  };
  const probe = setInterval(note, 1);
  try {
    const result = await fn();
    note();
    return { ms: worst, cpuMs: worstCpu, result };
  } finally {
    clearInterval(probe);
  }
}

async function fill(): Promise<void> {
  // No folds while filling: one at the end.
  const store = await LowdbStore.open(file, { compactBytes: 1 << 30 });
  const batch = 5000;
  for (let from = 0; from < n; from += batch) {
    await store.update('w', (ws) => {
      const track = writableTrack(ws);
      for (let i = from; i < Math.min(n, from + batch); i++) track.items[String(i + 1)] = makeItem(i);
      track.seq = Math.min(n, from + batch);
    });
  }
  // Small workspaces beside it (the many-workspaces case).
  const others = Number(othersText ?? 0);
  for (let k = 0; k < others; k++) {
    await store.update(`small-${k}`, (ws) => {
      const track = writableTrack(ws);
      for (let i = 0; i < 20; i++) track.items[String(i + 1)] = makeItem(i);
      track.seq = 20;
    });
  }
  store.foldNow('w');
  await store.folded();
  await store.close();
}

const noTimers: Timers = { set: () => 0, clear: () => undefined };
class NullNotifier implements Notifier {
  readonly platform = 'shell' as const;
  post(): Promise<Delivered> {
    return Promise.resolve({ messageId: 'x' });
  }
}

/** Milliseconds of CPU (user + system) since `from`: what a loaded machine's waiting does not inflate. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
};

async function measure(): Promise<void> {
  const out: Record<string, number> = {};
  // A one-shot `/track event`: open, record one event on one item, stop.
  const o0 = performance.now();
  const oc = process.cpuUsage();
  let store = await LowdbStore.open(file, { preload: ['w'] });
  const id = String(1 + ((n * 7) >> 4));
  await store.update('w', (ws) => {
    const item = writableTrack(ws).items[id]!;
    item.events.push({ key: 'video-scheduled', when: { at: '2026-12-10T02:00:00.000Z' }, by: 'u1', recordedAt: '2026-11-23T01:00:00.000Z' });
    item.rev++;
  });
  await store.close();
  out.oneShot = performance.now() - o0;
  out.oneShotCpu = cpuMs(oc);
  // The same in a small workspace beside the big one: it must not pay for the big one.
  const s0 = performance.now();
  store = await LowdbStore.open(file, { preload: ['small-0'] });
  await store.update('small-0', (ws) => void (writableTrack(ws).items['1']!.rev += 1));
  await store.close();
  out.oneShotSmall = performance.now() - s0;
  // Open, as the bot does (every workspace loaded).
  const t0 = performance.now();
  const tc = process.cpuUsage();
  store = await LowdbStore.open(file, { preload: 'all' });
  out.open = performance.now() - t0;
  out.openCpu = cpuMs(tc);
  // The first ping plan reads every item.
  const services = { store, clock: () => new Date(NOW), config: loadConfig({}), log: silentLogger, knowledge: new Knowledge() };
  const scheduler = new Scheduler({ services, route: routeAllTo(new NullNotifier()), timers: noTimers, concurrency: 64 });
  const p0 = performance.now();
  await scheduler.replanAll();
  out.plan = performance.now() - p0;
  out.rss = process.memoryUsage().rss / 1048576;
  // A write that starts a fold of the whole workspace (compactBytes: 1), then stopping: the
  // longest time the event loop was held, while writes keep coming every 5 ms.
  let writes = 0;
  let slowest = 0;
  const { ms, cpuMs: blockCpu } = await longestBlock(async () => {
    await store.update('w', (ws) => void (writableTrack(ws).items['1']!.rev += 1));
    store.foldNow('w');
    const writer = setInterval(() => {
      const w0 = performance.now();
      void store.update('w', (ws) => void (writableTrack(ws).items[String(1 + (writes++ % n))]!.rev += 1)).then(() => (slowest = Math.max(slowest, performance.now() - w0)));
    }, 5);
    const f0 = performance.now();
    await store.folded();
    out.fold = performance.now() - f0;
    clearInterval(writer);
    await store.close();
  });
  out.block = ms;
  out.blockCpu = blockCpu;
  out.writeDuringFold = slowest;
  out.writesDuringFold = writes;
  out.rssAfterFold = process.memoryUsage().rss / 1048576;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/**
 * The many-workspaces case: one workspace of `n` items, with `others` workspaces of 1,000 items
 * beside it (`spread-fill`); `spread` prints the one-shot write into the small one, median of 5.
 */
async function spreadFill(): Promise<void> {
  const store = await LowdbStore.open(file, { compactBytes: 1 << 30 });
  const others = Number(othersText ?? 0);
  const put = (w: string, count: number) =>
    store.update(w, (ws) => {
      const track = writableTrack(ws);
      for (let i = 0; i < count; i++) track.items[String(i + 1)] = makeItem(i);
      track.seq = count;
    });
  await put('small', n);
  store.foldNow('small');
  for (let k = 0; k < others; k++) {
    await put(`big-${k}`, 1000);
    store.foldNow(`big-${k}`);
    await store.folded();
  }
  await store.folded();
  await store.close();
}

async function spread(): Promise<void> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const store = await LowdbStore.open(file, { preload: ['small'] });
    await store.update('small', (ws) => void (writableTrack(ws).items[String(1 + r)]!.rev += 1));
    await store.close();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs(c0));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  process.stdout.write(`${JSON.stringify({ oneShot: median(wall), oneShotCpu: median(cpu) })}\n`);
}

if (mode === 'fill') await fill();
else if (mode === 'spread-fill') await spreadFill();
else if (mode === 'spread') await spread();
else await measure();
