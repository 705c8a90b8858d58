/**
 * `npm run bench`: every benchmark, a table for people; `npm run bench -- --json` prints one JSON
 * object of named figures. A benchmark is a module listed below whose run() returns its figures.
 */
export interface Figure {
  value: number;
  unit: string;
  /** What the figure measures, for the table. */
  label: string;
}
export type Figures = Record<string, Figure>;
export interface Bench {
  name: string;
  run(): Promise<Figures>;
}

const BENCHES: (() => Promise<{ default: Bench }>)[] = [
  () => import('./startup.js'),
  () => import('./store.js'),
  () => import('./store-table.js'),
  () => import('./howto.js'),
  () => import('./track.js'),
  () => import('./discord.js'),
  () => import('./slack.js'),
  () => import('./slack-mention.js'),
  () => import('./pings.js'),
  () => import('./pg.js'),
];

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const all: Record<string, number> = {};
  for (const load of BENCHES) {
    const bench = (await load()).default;
    if (only.length && !only.includes(bench.name)) continue;
    if (!json) process.stdout.write(`\n${bench.name}\n`);
    const figures = await bench.run();
    for (const [key, f] of Object.entries(figures)) {
      all[`${bench.name}.${key}`] = f.value;
      if (!json) process.stdout.write(`  ${f.label.padEnd(58)} ${formatValue(f.value).padStart(12)} ${f.unit}\n`);
    }
  }
  if (json) process.stdout.write(`${JSON.stringify(all)}\n`);
}

function formatValue(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(4);
}

await main();
