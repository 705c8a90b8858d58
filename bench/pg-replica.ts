import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger, type LogFn, type Logger } from '../src/log.js';
import type { Delivered, Notifier, Ping } from '../src/core/notifier.js';
import { startScheduler } from '../src/scheduler/index.js';
import { PgStore } from '../src/store/pg-store.js';

/*
 * One replica for bench/pg.ts, as chat mode runs it (the PostgreSQL store, the app, the
 * scheduler with its workspace leases) with a Slack notifier that takes 20 ms per post and reports
 * each ping's lateness (due time to post, on the replica's clock). The clock runs at real speed,
 * shifted so that `slotAt` (ISO) comes at wall time `wallAt` (ms).
 *
 *   node dist/bench/pg-replica.js <DATABASE_URL> <slotAt ISO> <wallAt ms>
 *
 * Prints JSON lines: {"ready": ms since the module started, "rss": bytes, "cpuMs"}, then {"late": ms, "rss"} per ping
 * and {"rss", "heap", "loaded": workspaces in memory} every half second,
 * and on SIGTERM {"queries": {statement: [count, ms]}, "cpuMs"}: every statement sent to the
 * database (counts do not depend on the machine's load) and the process's CPU time.
 */
const [url, slotAt, wallAt] = process.argv.slice(2) as [string, string, string];
const t0 = performance.now();
const offset = Date.parse(slotAt) - Number(wallAt);
const clock = () => new Date(Date.now() + offset);

let posted = 0;
class TimedNotifier implements Notifier {
  readonly platform = 'slack' as const;
  async post(ping: Ping): Promise<Delivered> {
    await new Promise((r) => setTimeout(r, 20));
    const due = /\/due\/due\/(.+)$/.exec(ping.key) ? Date.parse(slotAt) : NaN;
    const late = clock().getTime() - due;
    if (process.env.BENCH_PG_PROFILE && (posted === 0 || ++posted % 50 === 0)) log.debug({ late, posted: posted || ++posted }, 'posted');
    process.stdout.write(`${JSON.stringify({ late, rss: process.memoryUsage().rss })}\n`);
    return { messageId: `${Date.now()}.${Math.random()}` };
  }
  async findPosted(): Promise<Delivered | undefined> {
    return undefined;
  }
}

// Every statement of the process, by its first words (pg.Pool's clients are pg.Client).
const queries: Record<string, [number, number]> = {};
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
  const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '?');
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 60);
  const entry = (queries[key] ??= [0, 0]);
  entry[0]++;
  const t = performance.now();
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    args[args.length - 1] = (...r: unknown[]) => {
      entry[1] += performance.now() - t;
      return (last as (...a: unknown[]) => unknown)(...r);
    };
  }
  const out = original.apply(this, args);
  if (out instanceof Promise) void out.finally(() => (entry[1] += performance.now() - t)).catch(() => undefined);
  return out;
};

/** BENCH_PG_PROFILE: the scheduler's debug lines on stderr, stamped with ms from the slot. */
function timeline(): Logger {
  const line: LogFn = (a, b) => {
    const fields = typeof a === 'string' ? {} : a;
    const msg = typeof a === 'string' ? a : b;
    process.stderr.write(`    [${process.pid} ${String(clock().getTime() - Date.parse(slotAt)).padStart(6)} ms] ${msg ?? ''} ${JSON.stringify(fields)}\n`);
  };
  const log: Logger = { fatal: line, error: line, warn: line, info: () => undefined, debug: line, trace: () => undefined, child: () => log };
  return log;
}
const log = process.env.BENCH_PG_PROFILE ? timeline() : silentLogger;

const store = await PgStore.open(url, { poolSize: 10 });
const core = createApp({ config: loadConfig({}), store, log, clock });
// BENCH_PG_CONCURRENCY: deliveries in flight (default: chat mode's on the database).
const concurrency = process.env.BENCH_PG_CONCURRENCY ? { concurrency: Number(process.env.BENCH_PG_CONCURRENCY) } : {};
const scheduler = await startScheduler(core.services, [new TimedNotifier()], concurrency);
log.debug({ readyMs: Math.round(performance.now() - t0) }, "ready");
const atReady = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ ready: performance.now() - t0, rss: process.memoryUsage().rss, cpuMs: (atReady.user + atReady.system) / 1000 })}\n`);
// Memory between pings too (a planning pass posts nothing).
setInterval(() => process.stdout.write(`${JSON.stringify({ rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed, loaded: store.loadedCount })}\n`), 500).unref();
process.on('SIGTERM', () => {
  void scheduler.stop().then(async () => {
    await store.close();
    const cpu = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ queries, cpuMs: (cpu.user + cpu.system) / 1000, rss: process.memoryUsage().rss })}\n`);
    process.exit(0);
  });
});
