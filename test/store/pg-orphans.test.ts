import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepOrphans } from '../../scripts/pg-local.js';

// A test run killed before its teardown leaves its PostgreSQL server running; the next run stops it.
let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function serverFolder(name: string, owner: number | undefined, serverPid: number): string {
  const dir = join(root, `sellerdesk-pg-${name}`);
  mkdirSync(join(dir, 'data'), { recursive: true });
  if (owner !== undefined) writeFileSync(join(dir, 'owner.pid'), String(owner));
  writeFileSync(join(dir, 'data', 'postmaster.pid'), `${serverPid}\n${dir}/data\n`);
  return dir;
}

describe('servers left by a killed test run', () => {
  it('are stopped and removed when their owner is gone; a live owner’s and a fresh unowned one stay', async () => {
    root = mkdtempSync(join(tmpdir(), 'sellerdesk-orphans-'));
    const server = spawn('sleep', ['60'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => server.once('exit', (_c, sig) => resolve(sig)));
    const orphan = serverFolder('orphan', deadPid(), server.pid!);
    const owned = serverFolder('owned', process.pid, process.pid);
    const fresh = serverFolder('fresh', undefined, process.pid);

    expect(sweepOrphans(root)).toBe(1);
    expect(await exited).toBe('SIGQUIT');
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(owned)).toBe(true);
    expect(existsSync(fresh)).toBe(true);
  });
});
