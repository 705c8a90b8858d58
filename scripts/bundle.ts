import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { projectPath } from '../src/paths.js';
import { checkApp, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { writePrebuiltStrings } from '../src/i18n/index.js';
import { loadKnowledgeParts } from '../src/knowledge/loader.js';
import { writePrebuilt } from '../src/knowledge/prebuilt.js';
import { knowledgeFiles } from '../src/knowledge/render.js';
import { silentLogger } from '../src/log.js';
import { writeHolidayTables } from '../src/settings/holiday-table.js';
import { writeZoneTables } from '../src/settings/zone-table.js';
import { MemoryStore } from '../src/store/memory-store.js';

/**
 * The second half of `npm run build` (after tsc): what makes the one-shot CLI start fast.
 *
 * 1. dist/sellerdesk.cjs: src/main.ts and what it imports in one script, so Node reads one file
 *    instead of resolving some 180 modules one by one. The chat platforms' libraries
 *    (@slack/bolt, discord.js), the database client (pg) and the large lazily loaded ones
 *    (date-holidays, chrono-node; opencc-js and pinyin-pro, which the sources load with require
 *    for Chinese text only) stay in node_modules and are loaded on first use, as from the sources:
 *    every start reads (and V8 deserializes) the whole script, so what most commands never run
 *    stays out of it. zod is bundled with its English messages only: its other 60-odd locales are
 *    never used.
 * 2. dist/knowledge.bin: the validated knowledge base and the /howto index, built here instead of
 *    on every one-shot /howto or /guide.
 * 2b. dist/strings/<locale>.json: each language's strings in one file instead of one per namespace.
 * 3. dist/holidays/<CC>.json: every country's full-day public holidays over the years around the
 *    build (src/settings/holiday-table.ts), instead of date-holidays' rules for every country.
 * 4. dist/zones/<Area>/<City>.json: every time zone's UTC offsets over the same years
 *    (src/settings/zone-table.ts), so deadlines convert wall clocks without loading ICU's zone data.
 * 5. dist/sellerdesk.cjs.cache: V8's compiled code for the bundle after it ran the commands a
 *    script runs most (bin/sellerdesk.js hands it to vm.Script; Node 20 has no compile cache).
 */

const EXTERNAL = ['@slack/bolt', 'discord.js', 'pg', 'date-holidays', 'chrono-node'];

/** zod's `locales` namespace with English only (the app never switches zod's language). */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: join(args.resolveDir, '..', 'locales', 'index.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(args.path, '..', 'en.js'))};`,
      resolveDir: join(args.path, '..'),
    }));
  },
};

/**
 * zod evaluated on first use instead of at every start: the app's `import { z } from 'zod'`
 * resolves to a stand-in whose `z` loads zod (bundled, but wrapped by esbuild because it is
 * required) when a property of it is first read. A command whose values all pass the plain checks
 * (options, config, the store's quick checks) never sets zod up. `z.config(…)` calls made before
 * that are kept and applied when zod loads. SELLERDESK_TRACE_ZOD=1 prints where zod was first
 * needed (to stderr).
 */
const lazyZod: Plugin = {
  name: 'lazy-zod',
  setup(b) {
    const real = join(projectPath('node_modules', 'zod'), 'index.js');
    b.onResolve({ filter: /^zod$/ }, (args) => (/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) || args.namespace === 'lazy-zod' ? undefined : { path: 'zod', namespace: 'lazy-zod' }));
    b.onResolve({ filter: /^real-zod$/, namespace: 'lazy-zod' }, () => ({ path: real }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-zod' }, () => ({
      resolveDir: projectPath(),
      contents: `
let zod;
const configs = [];
function load() {
  if (!zod) {
    if (process.env.SELLERDESK_TRACE_ZOD) process.stderr.write('sellerdesk: zod loaded ' + new Error().stack.split('\\n').slice(3, 9).join('\\n') + '\\n');
    zod = require('real-zod').z;
    for (const c of configs) zod.config(c);
  }
  return zod;
}
export const z = new Proxy({}, {
  get(_, key) {
    if (key === 'config' && !zod) return (c) => { if (c) configs.push(c); };
    return load()[key];
  },
  has: (_, key) => key in load(),
});
export default z;
`,
    }));
  },
};

export async function bundle(): Promise<void> {
  // The start-up checks, done once here instead of at every start.
  checkApp();
  const out = projectPath('dist', 'sellerdesk.cjs');
  const result = await build({
    entryPoints: [projectPath('src', 'main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    // import() of an external library becomes require(): the script runs outside the ESM loader.
    supported: { 'dynamic-import': false },
    metafile: true,
    // bin/sellerdesk.js passes the bundle's own URL (paths.ts finds the package root from it).
    define: { 'import.meta.url': '__bundleUrl' },
    plugins: [lazyZod, zodEnglishOnly],
    sourcemap: 'external',
    minify: process.env.BUNDLE_MINIFY !== '0',
    keepNames: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  writeFileSync(projectPath('dist', 'sellerdesk.meta.json'), JSON.stringify(result.metafile));
  asciiOnly(out);
  // The knowledge base and its index as the app builds them (prebuilt.ts: only this bundle, over
  // these kb files, reads them).
  const app = createApp({ config: loadConfig({}), store: new MemoryStore(), log: silentLogger });
  writePrebuilt(loadKnowledgeParts(knowledgeFiles()), await app.services.knowledge.howto(), out);
  // Each language's strings in one file (src/i18n/index.ts: only this bundle reads them).
  writePrebuiltStrings(out);
  // Holiday tables: computed once per date-holidays version and span of years (half a minute).
  const year = new Date().getUTCFullYear();
  if (!statSync(projectPath('dist', 'holidays', 'index.json'), { throwIfNoEntry: false })) process.stderr.write('sellerdesk build: computing the public holiday tables (once)…\n');
  writeHolidayTables(year - 1, year + 3);
  writeZoneTables(year - 1, year + 3);
  trainCodeCache(out);
}

/**
 * esbuild writes non-ASCII characters in regular expression literals as they are (the Chinese
 * punctuation and words the parsers match), and one such character makes V8 hold the whole
 * script as a two-byte string: twice the memory, and Node decodes it from UTF-8 instead of
 * copying ASCII. Written as \u escapes they match the same (in a `u` regex too, a surrogate pair
 * of escapes is one code point); the source maps' columns after them on those lines shift.
 */
function asciiOnly(file: string): void {
  const source = readFileSync(file, 'utf8');
  if (/\\[^\0-\x7f]/.test(source)) throw new Error(`${file}: a non-ASCII character after a backslash (asciiOnly would change its meaning)`);
  writeFileSync(file, source.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Runs the bundle on typical one-shot commands in a scratch data file and keeps V8's code. */
function trainCodeCache(out: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-build-'));
  try {
    const cache = `${out}.cache`;
    rmSync(cache, { force: true });
    const db = join(dir, 'db.json');
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, LOG_LEVEL: 'silent', SELLERDESK_WRITE_CODE_CACHE: cache };
    const lines = ['/settings holidays CN', '/track new task "Check the listing" due:"3 working days"', '/track list', '/help', '/howto how do I approve a design', '/deadlines', '/guide collab.approve-design'];
    const r = spawnSync(process.execPath, [projectPath('bin', 'sellerdesk.js'), '--db', db], { input: `${lines.join('\n')}\n`, env, encoding: 'utf8' });
    if (r.status !== 0 || !statSync(cache, { throwIfNoEntry: false })) {
      throw new Error(`the bundled CLI failed while building its code cache (exit ${r.status}):\n${r.stderr}${r.stdout}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await bundle();
