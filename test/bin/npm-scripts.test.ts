import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { childEnv } from '../support/env.js';

// What `npm start` and `npm run discord:register` do before the program runs: read .env when there
// is one (bin/load-env.mjs), and build when a source is newer than the last build (bin/ensure-built.mjs).
const SCRIPTS = (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const LOADER = pathToFileURL(projectPath('bin', 'load-env.mjs')).href;
const BIN = projectPath('bin', 'sellerdesk.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-npm-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `npm start -- <args>` as npm runs it (in the folder holding .env), without the build step. */
function start(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', LOADER, BIN, ...args], { cwd: dir, env: childEnv(env), encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm scripts that start the bot or register its commands', () => {
  it('read .env through the loader, then run the program', () => {
    expect(SCRIPTS.start).toMatch(/^node bin\/ensure-built\.mjs && node --import \.\/bin\/load-env\.mjs bin\/sellerdesk\.js$/);
    expect(SCRIPTS['discord:register']).toContain('--import ./bin/load-env.mjs dist/scripts/discord-register.js');
    expect(SCRIPTS.prepare).toBe('node bin/ensure-built.mjs --always');
  });

  it('works with .env copied literally from .env.example (empty variables are not set)', () => {
    copyFileSync(projectPath('.env.example'), join(dir, '.env'));
    const r = start(['--json', '/settings']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).settings.timezone).toBe('Asia/Shanghai');
    // DATA_FILE=./data/sellerdesk.json from the example, beside .env.
    expect(start(['/settings bilingual on']).code).toBe(0);
    expect(existsSync(join(dir, 'data', 'sellerdesk.json'))).toBe(true);
  });

  it('takes the values of .env, and a variable set in the environment wins, even empty', () => {
    writeFileSync(join(dir, '.env'), 'DEFAULT_TIMEZONE=Europe/Paris\nDATA_FILE=./here.json\nLOG_LEVEL=\n');
    expect(JSON.parse(start(['--json', '/settings']).out).settings.timezone).toBe('Europe/Paris');
    expect(start(['/settings bilingual on']).code).toBe(0);
    expect(existsSync(join(dir, 'here.json'))).toBe(true);
    expect(JSON.parse(start(['--json', '/settings'], { DEFAULT_TIMEZONE: 'Asia/Taipei' }).out).settings.timezone).toBe('Asia/Taipei');
    // `SLACK_BOT_TOKEN= npm start` opens the shell even when .env has a token.
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=s\nSLACK_API_URL=http://127.0.0.1:9/api/\n');
    const r = start(['--json'], { SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '' });
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });

  it('run without a .env, silently', () => {
    const r = start(['--json', '/help']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).ok).toBe(true);
  });

  it('a malformed value in .env stops start-up with its name', () => {
    writeFileSync(join(dir, '.env'), 'LOG_LEVEL=loud\n');
    const r = start(['/help']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('LOG_LEVEL');
  });
});

describe('npm start builds when the sources are newer than the last build', () => {
  /** A package with ensure-built.mjs whose `npm run build` counts its runs. */
  function fakePackage(): { root: string; builds: () => number; run: (...args: string[]) => number | null } {
    const root = join(dir, 'pkg');
    mkdirSync(join(root, 'bin'), { recursive: true });
    mkdirSync(join(root, 'src'));
    copyFileSync(projectPath('bin', 'ensure-built.mjs'), join(root, 'bin', 'ensure-built.mjs'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'p', type: 'module', scripts: { build: 'node -e "require(\'fs\').appendFileSync(\'builds.log\', \'x\')"' } }));
    writeFileSync(join(root, 'src', 'a.ts'), 'export {};\n');
    const builds = () => (existsSync(join(root, 'builds.log')) ? readFileSync(join(root, 'builds.log'), 'utf8').length : 0);
    const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'ensure-built.mjs'), ...args], { cwd: root, env: childEnv(), encoding: 'utf8', timeout: 60_000 }).status;
    return { root, builds, run };
  }

  it('builds the first time, not again while nothing changed, and again after a source changed', () => {
    const p = fakePackage();
    expect(p.run()).toBe(0);
    expect(p.builds()).toBe(1);
    expect(p.run()).toBe(0);
    expect(p.builds()).toBe(1);
    // A minute after the file's own time (the file system's clock, not the test's).
    const later = new Date(statSync(join(p.root, 'src', 'a.ts')).mtimeMs + 60_000);
    utimesSync(join(p.root, 'src', 'a.ts'), later, later);
    expect(p.run()).toBe(0);
    expect(p.builds()).toBe(2);
    expect(p.run('--always')).toBe(0);
    expect(p.builds()).toBe(3);
  });

  it('stops with the build\'s exit code when the build fails, and tries again next time', () => {
    const p = fakePackage();
    writeFileSync(join(p.root, 'package.json'), JSON.stringify({ name: 'p', scripts: { build: 'node -e "process.exit(3)"' } }));
    expect(p.run()).toBe(3);
    expect(existsSync(join(p.root, 'dist', '.built'))).toBe(false);
  });
});
