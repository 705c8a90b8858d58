import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench, Figures } from './run.js';

/**
 * `npm run bench -- store-scale`: the file store's scale table (open, longest event-loop block
 * during a fold and shutdown, a one-shot write, RSS after the first ping plan) at 10k, 100k and
 * 300k items in one workspace with 50 small workspaces beside it, each size filled once and
 * measured ROUNDS times, each in a process of its own (median, and the spread); and the
 * many-workspaces case: a one-shot write into a workspace of 100 items alone, and beside 99
 * workspaces of 1,000 items. Times are wall clock and, for open and the one-shot write, CPU too
 * (which a loaded machine inflates less). The figures before are printed beside them.
 */
const SIZES = [10_000, 100_000, 300_000];
const ROUNDS = Number(process.env.STORE_SCALE_ROUNDS ?? 3);
const TARGETS = { open: 300, block: 50, oneShot: 300, rss: 300 };
/**
 * Format 2 (one JSON file), from issue 15; format 3 before the scale work (commit 8c6b09f, run
 * alternately with this code on copies of the same files, 2026-12-02, a 2-core machine at load 11-19:
 * medians of 2 / 5 / 1 runs).
 */
const BEFORE: Record<number, { v2: { open: string; block: string; oneShot: string; rss: string }; v3: { open: string; block: string; oneShot: string; rss: string } }> = {
  10_000: { v2: { open: '38', block: '20', oneShot: '–', rss: '125' }, v3: { open: '236', block: '45', oneShot: '269', rss: '123' } },
  100_000: { v2: { open: '559', block: '230–300', oneShot: '1300', rss: '365' }, v3: { open: '1021', block: '99', oneShot: '1095', rss: '433' } },
  300_000: { v2: { open: '2300', block: '800–1100', oneShot: '–', rss: '862' }, v3: { open: '3302', block: '120', oneShot: '2185', rss: '924' } },
};

const child = fileURLToPath(new URL('./store-scale.js', import.meta.url));

function run(args: string[]): Record<string, number> {
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', child, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`store-scale ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, number>) : {};
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

/** Median (min–max) of one figure over the rounds. */
function cell(rounds: Record<string, number>[], key: string): string {
  const xs = rounds.map((m) => m[key]!);
  return xs.length > 1 ? `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})` : fmt(xs[0]!);
}

const bench: Bench = {
  name: 'store-scale',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-bench-'));
    const figures: Figures = {};
    const table: string[] = [];
    try {
      for (const size of SIZES) {
        const sizeDir = join(dir, String(size));
        run(['fill', sizeDir, String(size), '50']);
        const rounds = Array.from({ length: ROUNDS }, () => run(['measure', sizeDir, String(size)]));
        rmSync(sizeDir, { recursive: true, force: true });
        const k = `${size / 1000}k`;
        const b = BEFORE[size]!;
        const m = (key: string) => median(rounds.map((r) => r[key]!));
        figures[`open${k}`] = { value: m('open'), unit: 'ms', label: `open, ${k} items, all workspaces (target ${TARGETS.open}; before ${b.v3.open})` };
        figures[`openCpu${k}`] = { value: m('openCpu'), unit: 'ms', label: `  CPU of that open` };
        figures[`block${k}`] = { value: m('block'), unit: 'ms', label: `longest event-loop block, fold + stop, ${k} (target ${TARGETS.block}; before ${b.v3.block})` };
        figures[`blockCpu${k}`] = { value: m('blockCpu'), unit: 'ms', label: `  most CPU within one such block (not counting waits for a core)` };
        figures[`oneShot${k}`] = { value: m('oneShot'), unit: 'ms', label: `one-shot write: open, one event, stop, ${k} (target ${TARGETS.oneShot}; before ${b.v3.oneShot})` };
        figures[`oneShotCpu${k}`] = { value: m('oneShotCpu'), unit: 'ms', label: `  CPU of that one-shot write` };
        figures[`oneShotSmall${k}`] = { value: m('oneShotSmall'), unit: 'ms', label: `the same in a 20-item workspace beside the ${k} one` };
        figures[`rss${k}`] = { value: m('rss'), unit: 'MiB', label: `RSS after the first ping plan, ${k} (target ${TARGETS.rss}; before ${b.v3.rss})` };
        figures[`plan${k}`] = { value: m('plan'), unit: 'ms', label: `first ping plan, ${k} (reads every item)` };
        figures[`fold${k}`] = { value: m('fold'), unit: 'ms', label: `fold of the ${k} workspace, wall time (writes go on meanwhile)` };
        figures[`writeDuringFold${k}`] = { value: m('writeDuringFold'), unit: 'ms', label: `slowest write made during that fold` };
        table.push(
          `  ${k.padStart(5)} | open ${cell(rounds, 'open')}, CPU ${cell(rounds, 'openCpu')} (before ${b.v3.open}; v2 ${b.v2.open})` +
            ` | block ${cell(rounds, 'block')}, CPU ${cell(rounds, 'blockCpu')} (before ${b.v3.block}; v2 ${b.v2.block})` +
            ` | one-shot ${cell(rounds, 'oneShot')}, CPU ${cell(rounds, 'oneShotCpu')} (before ${b.v3.oneShot}; v2 ${b.v2.oneShot})` +
            ` | RSS ${cell(rounds, 'rss')} MiB (before ${b.v3.rss}; v2 ${b.v2.rss})`,
        );
      }
      // Many workspaces: the small one's command does not pay for the others' data.
      const alone = join(dir, 'alone');
      const beside = join(dir, 'beside');
      run(['spread-fill', alone, '100', '0']);
      run(['spread-fill', beside, '100', '99']);
      const a = run(['spread', alone]);
      const s = run(['spread', beside]);
      figures.spreadAlone = { value: a.oneShot!, unit: 'ms', label: 'one-shot write, 100-item workspace alone (median of 5)' };
      figures.spreadAloneCpu = { value: a.oneShotCpu!, unit: 'ms', label: '  CPU of it' };
      figures.spreadBeside = { value: s.oneShot!, unit: 'ms', label: 'the same beside 99 workspaces of 1,000 items' };
      figures.spreadBesideCpu = { value: s.oneShotCpu!, unit: 'ms', label: '  CPU of it' };
      process.stdout.write(
        `\n  store scale, ms unless noted; median (min–max) of ${ROUNDS} runs; before: format 3 before this work (loaded machine); v2: format 2, one JSON file\n${table.join('\n')}\n` +
          `  spread | one-shot in a 100-item workspace: alone ${fmt(a.oneShot!)} (CPU ${fmt(a.oneShotCpu!)}), beside 99 × 1,000 items ${fmt(s.oneShot!)} (CPU ${fmt(s.oneShotCpu!)})\n`,
      );
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
