import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { percentile, sample } from './util.js';
import type { Bench, Figures } from './run.js';

/** The file store: the cost of one durable write (the scale table is `store-scale`, store-table.ts). */
const bench: Bench = {
  name: 'store',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-bench-'));
    try {
      const store = await LowdbStore.open(join(dir, 'db.json'));
      const small = await sample(100, (i) => store.update('w', (ws) => void (ws.settings.timezone = i % 2 ? 'UTC' : 'Asia/Shanghai')));
      const t0 = performance.now();
      await Promise.all(Array.from({ length: 1000 }, (_, i) => store.update(`w${i % 10}`, (ws) => void (ws.users[`u${i}`] = { bilingual: true }))));
      const burst = performance.now() - t0;
      await store.close();
      const figures: Figures = {
        writeP50: { value: percentile(small, 50), unit: 'ms', label: 'one settings write, small file, p50' },
        writeP99: { value: percentile(small, 99), unit: 'ms', label: 'one settings write, small file, p99' },
        burst1000: { value: burst, unit: 'ms', label: '1,000 concurrent updates (group commit), total' },
      };
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
