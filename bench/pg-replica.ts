import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
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
 * Prints JSON lines: {"ready": ms since the module started, "rss": bytes}, then {"late": ms, "rss"} per ping.
 */
const [url, slotAt, wallAt] = process.argv.slice(2) as [string, string, string];
const t0 = performance.now();
const offset = Date.parse(slotAt) - Number(wallAt);
const clock = () => new Date(Date.now() + offset);

class TimedNotifier implements Notifier {
  readonly platform = 'slack' as const;
  async post(ping: Ping): Promise<Delivered> {
    await new Promise((r) => setTimeout(r, 20));
    const due = /\/due\/due\/(.+)$/.exec(ping.key) ? Date.parse(slotAt) : NaN;
    process.stdout.write(`${JSON.stringify({ late: clock().getTime() - due, rss: process.memoryUsage().rss })}\n`);
    return { messageId: `${Date.now()}.${Math.random()}` };
  }
  async findPosted(): Promise<Delivered | undefined> {
    return undefined;
  }
}

const store = await PgStore.open(url, { poolSize: 10 });
const core = createApp({ config: loadConfig({}), store, log: silentLogger, clock });
const scheduler = await startScheduler(core.services, [new TimedNotifier()]);
process.stdout.write(`${JSON.stringify({ ready: performance.now() - t0, rss: process.memoryUsage().rss })}\n`);
process.on('SIGTERM', () => {
  void scheduler.stop().then(async () => {
    await store.close();
    process.exit(0);
  });
});
