import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { percentile, sample } from './util.js';
import type { Bench } from './run.js';

/** The cost of one durable write to the lowdb file at a few sizes of workspace data. */
const bench: Bench = {
  name: 'store',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-bench-'));
    try {
      const store = await LowdbStore.open(join(dir, 'db.json'));
      const small = await sample(100, (i) => store.update('w', (ws) => void (ws.settings.timezone = i % 2 ? 'UTC' : 'Asia/Shanghai')));
      const concurrent = performanceOf(async () => {
        await Promise.all(Array.from({ length: 1000 }, (_, i) => store.update(`w${i % 10}`, (ws) => void (ws.users[`u${i}`] = { bilingual: true }))));
      });
      const burst = await concurrent;
      await store.close();
      return {
        writeP50: { value: percentile(small, 50), unit: 'ms', label: 'one settings write, small file, p50' },
        writeP99: { value: percentile(small, 99), unit: 'ms', label: 'one settings write, small file, p99' },
        burst1000: { value: burst, unit: 'ms', label: '1,000 concurrent updates (group commit), total' },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function performanceOf(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export default bench;
