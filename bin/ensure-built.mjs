#!/usr/bin/env node
// `npm start` runs this first: when a source is newer than the last build made here (after a pull
// or an edit), or there is none, it runs `npm run build`, then notes the time in dist/.built.
// When nothing changed it only compares modification times (a few milliseconds).
//   node bin/ensure-built.mjs [--always]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.built');
/** What the build reads. */
const SOURCES = ['src', 'commands', 'scripts', 'bench', 'locales', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

function newest(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

/** The newest source time the last build here covered (-1: none). */
function builtAt() {
  try {
    const at = Number(readFileSync(stamp, 'utf8').trim());
    return Number.isFinite(at) ? at : -1;
  } catch {
    return -1;
  }
}

const always = process.argv.includes('--always');
const sourcesAt = Math.max(...SOURCES.map((s) => newest(join(root, s))));
if (always || builtAt() < sourcesAt) {
  const npm = process.env.npm_execpath;
  // Under npm, npm_execpath is npm's own script: run it with this node, as npm does.
  const r = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
    : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('sellerdesk: the build failed (see above); fix it, or run `npm run build` to see it again.\n');
    process.exit(r.status ?? 1);
  }
  mkdirSync(dirname(stamp), { recursive: true });
  // The stamp holds the newest source time the build covered, so a source saved during the build is newer.
  writeFileSync(stamp, `${sourcesAt}\n`);
}
