import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { isAlive } from '../src/store/file-lock.js';
import { join } from 'node:path';

/**
 * A throw-away PostgreSQL server for the tests and the benchmarks: a fresh cluster in a temporary
 * folder, listening on 127.0.0.1 at a free port, trust authentication, no durability settings
 * (fsync off: the data is thrown away). Uses the server binaries of the machine (PG_BIN, else
 * Debian's /usr/lib/postgresql/<version>/bin, else `pg_config --bindir`); `.ci/run` installs them.
 * A missing server is an error, never a reason to skip.
 *
 * As root (CI), the cluster belongs to the `postgres` user: initdb refuses to run as root.
 */

export interface LocalPg {
  /** postgres://… of the `postgres` database as the superuser `sellerdesk`. */
  url: string;
  port: number;
  /** A URL for another database of the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export class PgNotFoundError extends Error {}

export function findPgBin(env: NodeJS.ProcessEnv = process.env): string {
  const candidates: string[] = [];
  if (env.PG_BIN) candidates.push(env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(join(debian, v, 'bin'));
  }
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (cfg.status === 0 && cfg.stdout.trim()) candidates.push(cfg.stdout.trim());
  for (const c of candidates) if (existsSync(join(c, 'initdb')) && existsSync(join(c, 'postgres'))) return c;
  throw new PgNotFoundError(
    'PostgreSQL server binaries (initdb, postgres) not found: install them (Debian: apt-get install -y postgresql; .ci/run does) or set PG_BIN to their folder',
  );
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** uid and gid to run the server as: the current user, or `postgres` when we are root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const res = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (res.status !== 0 || gid.status !== 0) {
    throw new PgNotFoundError('running as root, the PostgreSQL server needs a non-root user: create the `postgres` user (useradd --system postgres; .ci/run does)');
  }
  return { uid: Number(res.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function startLocalPg(opts: { maxConnections?: number; log?: (line: string) => void } = {}): Promise<LocalPg> {
  const bin = findPgBin();
  const user = serverUser();
  sweepOrphans();
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, OWNER), String(process.pid));
  const data = join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  const asUser = user ? { uid: user.uid, gid: user.gid } : {};
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'sellerdesk', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
    encoding: 'utf8',
    ...asUser,
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
  }
  let lastErr = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(
      join(bin, 'postgres'),
      [
        '-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', dir,
        '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
        '-c', `max_connections=${opts.maxConnections ?? 300}`, '-c', 'shared_buffers=32MB',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], ...asUser },
    );
    let log = '';
    child.stderr!.on('data', (c: Buffer) => {
      log += c.toString();
      opts.log?.(c.toString());
    });
    const ready = await waitReady(child, () => log);
    if (ready) {
      const url = `postgres://sellerdesk@127.0.0.1:${port}/postgres`;
      return {
        url,
        port,
        urlFor: (db) => `postgres://sellerdesk@127.0.0.1:${port}/${db}`,
        stop: () => stopServer(child, dir),
      };
    }
    lastErr = log;
    child.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`the PostgreSQL server did not start:\n${lastErr}`);
}

const PREFIX = 'sellerdesk-pg-';
/** The file in a server's folder naming the process that started it (and would stop it). */
const OWNER = 'owner.pid';

/**
 * Servers left behind by a test run that was killed before its teardown (SIGKILL, a closed
 * terminal): their owner process is gone, so stop the server (its postmaster.pid) and remove the
 * folder. A folder without an owner file is left alone unless it is over an hour old.
 */
export function sweepOrphans(root = tmpdir()): number {
  let swept = 0;
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.startsWith(PREFIX));
  } catch {
    return 0;
  }
  for (const name of names) {
    const dir = join(root, name);
    try {
      const ownerFile = join(dir, OWNER);
      if (existsSync(ownerFile)) {
        const owner = Number(readFileSync(ownerFile, 'utf8').trim());
        if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) continue;
      } else if (Date.now() - statSync(dir).mtimeMs < 3_600_000) {
        continue;
      }
      const pidFile = join(dir, 'data', 'postmaster.pid');
      if (existsSync(pidFile)) {
        const server = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        if (Number.isInteger(server) && server > 0 && isAlive(server)) process.kill(server, 'SIGQUIT');
      }
      rmSync(dir, { recursive: true, force: true });
      swept++;
    } catch {
      // Another run is sweeping or using it: leave it.
    }
  }
  return swept;
}

async function waitReady(child: ChildProcess, log: () => string): Promise<boolean> {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    if (child.exitCode !== null) return false;
    if (log().includes('database system is ready to accept connections')) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function stopServer(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // SIGINT: fast shutdown (open sessions are ended).
    child.kill('SIGINT');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  }
  rmSync(dir, { recursive: true, force: true });
}
