/* global process, console */
// `npm run test:clocks [-- --runs N] [-- <vitest file filters>]`: the test suite with the wall clock
// pinned to awkward moments and TZ set to other zones (test/clocks/pinned-clock.mjs, preloaded into
// every Node process of the run, the bots the tests start included). Every test must pass under
// each. Run `npm run build` first (the tests start the compiled program); `npm test` does.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const preload = pathToFileURL(join(root, 'test', 'clocks', 'pinned-clock.mjs')).href;

export const SETTINGS = [
  // The minute after the default 09:00 ping, on a working day, in the default workspace zone.
  { name: 'Monday 09:00:30 in Shanghai', now: '2026-11-23T09:00:30+08:00', tz: 'Asia/Shanghai' },
  // The last second of a working week; the machine's zone is already on Saturday.
  { name: 'Friday 23:59:59 in Shanghai, machine in Auckland', now: '2026-11-27T23:59:59+08:00', tz: 'Pacific/Auckland' },
  // 30 s before Los Angeles falls back from PDT to PST (01:59:59 → 01:00:00), during the run.
  { name: 'DST change in Los Angeles', now: '2026-11-01T01:59:30-07:00', tz: 'America/Los_Angeles' },
];

const argv = process.argv.slice(2);
let runs = 1;
const runsAt = argv.indexOf('--runs');
if (runsAt >= 0) {
  runs = Number(argv[runsAt + 1]);
  argv.splice(runsAt, 2);
}
let only;
const onlyAt = argv.indexOf('--only');
if (onlyAt >= 0) {
  only = Number(argv[onlyAt + 1]);
  argv.splice(onlyAt, 2);
}

const results = [];
for (const [i, s] of SETTINGS.entries()) {
  if (only !== undefined && only !== i + 1) continue;
  let passed = 0;
  for (let run = 1; run <= runs; run++) {
    const env = {
      ...process.env,
      TZ: s.tz,
      SELLERDESK_PIN_NOW: s.now,
      SELLERDESK_PIN_AT: String(Date.now()),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${preload}`.trim(),
    };
    const seen = spawnSync(process.execPath, ['-e', 'process.stdout.write(new Date().toString())'], { env, encoding: 'utf8' }).stdout;
    console.log(`\n=== ${s.name} (run ${run}/${runs}): TZ=${s.tz}, the clock reads ${seen}`);
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...argv], { cwd: root, env, stdio: 'inherit' });
    if (r.status === 0) passed++;
  }
  results.push({ name: s.name, tz: s.tz, now: s.now, passed, runs });
}

console.log('\nPinned clocks:');
for (const r of results) console.log(`  ${r.passed === r.runs ? 'ok  ' : 'FAIL'} ${r.passed}/${r.runs} runs passed: ${r.name} (${r.now}, TZ=${r.tz})`);
process.exitCode = results.every((r) => r.passed === r.runs) ? 0 : 1;
