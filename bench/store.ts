import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { percentile, sample } from './util.js';
import type { Bench, Figures } from './run.js';

/**
 * The file store: the cost of one durable write, and the scale table (open, longest event-loop
 * block during a fold and shutdown, a one-shot write, RSS after the first ping plan) at 10k,
 * 100k and 300k items in one workspace, with 50 small workspaces beside it. Each size runs in
 * processes of its own. The figures of format 2 (one JSON file, measured the same way before
 * the change) are printed beside them.
 */
const SIZES = [10_000, 100_000, 300_000];
const BEFORE: Record<number, { open: number; block: string; oneShot: string; rss: number }> = {
  10_000: { open: 38, block: '20', oneShot: '–', rss: 125 },
  100_000: { open: 559, block: '230–300', oneShot: '1300', rss: 365 },
  300_000: { open: 2300, block: '800–1100', oneShot: '–', rss: 862 },
};

const child = fileURLToPath(new URL('./store-scale.js', import.meta.url));

function run(args: string[]): string {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', child, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`store-scale ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

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
      const table: string[] = [];
      for (const size of SIZES) {
        const sizeDir = join(dir, String(size));
        run(['fill', sizeDir, String(size), '50']);
        const m = JSON.parse(run(['measure', sizeDir, String(size)])) as Record<string, number>;
        const k = `${size / 1000}k`;
        const b = BEFORE[size]!;
        figures[`open${k}`] = { value: m.open!, unit: 'ms', label: `open, ${k} items (all workspaces loaded; before ${b.open} ms)` };
        figures[`block${k}`] = { value: m.block!, unit: 'ms', label: `longest event-loop block, fold + stop, ${k} (before ${b.block} ms)` };
        figures[`oneShot${k}`] = { value: m.oneShot!, unit: 'ms', label: `one-shot write: open, one event, stop, ${k} (before ${b.oneShot} ms)` };
        figures[`oneShotSmall${k}`] = { value: m.oneShotSmall!, unit: 'ms', label: `the same in a 20-item workspace beside the ${k} one` };
        figures[`rss${k}`] = { value: m.rss!, unit: 'MiB', label: `RSS after the first ping plan, ${k} (before ${b.rss} MiB)` };
        figures[`fold${k}`] = { value: m.fold!, unit: 'ms', label: `fold of the ${k} workspace, wall time (writes go on meanwhile)` };
        figures[`writeDuringFold${k}`] = { value: m.writeDuringFold!, unit: 'ms', label: `slowest of ${m.writesDuringFold} writes made during that fold` };
        table.push(`  ${k.padStart(5)} | open ${fmt(m.open!)} (was ${b.open}) | block ${fmt(m.block!)} (was ${b.block}) | one-shot ${fmt(m.oneShot!)} (was ${b.oneShot}) | RSS ${fmt(m.rss!)} MiB (was ${b.rss})`);
      }
      process.stdout.write(`\n  store scale, ms unless noted (before: format 2, one JSON file)\n${table.join('\n')}\n`);
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

export default bench;
