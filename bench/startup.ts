import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectPath } from '../src/paths.js';
import { percentile } from './util.js';
import type { Bench, Figures } from './run.js';

const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 25);

/**
 * One-shot CLI start-up: `sellerdesk "<command>"` from process start to exit, beside `node -e 0`
 * started the same way in the same round (rounds alternate the runs, so load on the machine hits
 * both alike). Each figure is the median over rounds of the command's time over the baseline's.
 * NODE_EXTRA_CA_CERTS is removed from the environment: it makes every Node start parse a
 * certificate bundle, which is not the program's cost.
 */
const bench: Bench = {
  name: 'startup',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-bench-startup-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', DATA_FILE: '', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' };
      delete env.NODE_EXTRA_CA_CERTS;
      const bin = process.env.BENCH_STARTUP_BIN ?? projectPath('bin', 'sellerdesk.js');
      const db = join(dir, 'db.json');
      const run = (args: string[]): number => {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
        const ms = performance.now() - t0;
        if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
        return ms;
      };
      const cli = (command: string) => [bin, '--db', db, '--now', '2026-11-23T09:00:00+08:00', command];
      // A workspace with a holiday region and a few tracked items, as a team has.
      for (const c of ['/settings holidays CN', '/settings timezone Asia/Shanghai', '/track new brand-appeal Acme submitted:2026-11-20', '/track new task "Check the listing" due:"3 working days"']) run(cli(c));
      const cases = {
        help: { args: cli('/help'), label: 'sellerdesk "/help"', target: 2.5 },
        howto: { args: cli('/howto how do I approve a design'), label: 'sellerdesk "/howto how do I approve a design"', target: 3 },
        track: { args: cli('/track list'), label: 'sellerdesk "/track list" (holiday region CN)', target: 3 },
      };
      const base: number[] = [];
      const times: Record<string, number[]> = {};
      const ratios: Record<string, number[]> = {};
      for (const k of Object.keys(cases)) run(cases[k as keyof typeof cases].args); // warm the file cache
      for (let round = 0; round < ROUNDS; round++) {
        const b = run(['-e', '0']);
        base.push(b);
        for (const [k, c] of Object.entries(cases)) {
          const t = run(c.args);
          (times[k] ??= []).push(t);
          (ratios[k] ??= []).push(t / b);
        }
      }
      const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
      const figures: Figures = { nodeBaseline: { value: med(base), unit: 'ms', label: 'baseline: node -e 0, median' } };
      for (const [k, c] of Object.entries(cases)) {
        figures[`${k}Ms`] = { value: med(times[k]!), unit: 'ms', label: `${c.label}, median` };
        figures[`${k}Ratio`] = { value: med(ratios[k]!), unit: '×', label: `  over node -e 0, median of ${ROUNDS} rounds (target ≤ ${c.target})` };
      }
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
