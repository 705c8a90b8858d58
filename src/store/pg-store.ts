import type { Pool, PoolClient, QueryResult } from 'pg';
import { StoreError } from './errors.js';
import { ChangeTracker, valueAt } from './change-tracker.js';
import { migrateSchema } from './pg-schema.js';
import { ANALYZE_AFTER, analyzeRecords, writeRecords } from './pg-write.js';
import { applyChanges, assemble, explode, encodeKey, type RecordRow } from './records.js';
import { emptyWorkspace, type Store, type WorkspaceData } from './types.js';

/**
 * The PostgreSQL store, for deployments where several replicas share one database
 * (DATABASE_URL). Each workspace is a row in sd_workspaces plus its records in sd_records
 * (src/store/records.ts); an update writes the records it changed.
 *
 * - **Serialized writes.** An update runs in a transaction that first locks the workspace's row
 *   (SELECT … FOR UPDATE), so the writes of all replicas to one workspace happen one at a time.
 *   Under the lock, the cached copy is brought up to the row's version (other replicas' writes)
 *   before the update function sees it: it never acts on a stale copy, so two replicas changing
 *   one item never lose either change, and counters (item numbers) stay sequential. Updates of
 *   one workspace queued in this process share one transaction: three round trips (BEGIN with
 *   the lock, the write, COMMIT; src/store/pg-write.ts).
 * - **Durable when acknowledged**: update() resolves after COMMIT. A failed transaction drops the
 *   cached copy (reloaded on the next use), so nothing of it stays.
 * - **Reads** are from memory. prepare(workspace), called by the command core before every
 *   command, loads a workspace on first use and catches up with other replicas' writes (one
 *   indexed query when nothing changed).
 * - **Memory bounded by activity**: a workspace not used for `idleMs` is evicted (unless pinned:
 *   the scheduler holds it), and one the scheduler loaded only to plan it is evicted when it lets
 *   it go (evictUnused). Start-up reads nothing but the schema version.
 */

export interface PgStoreOptions {
  /** Connections in the pool. Default 10. */
  poolSize?: number | undefined;
  /** Evict a workspace unused for this long. Default 10 minutes. */
  idleMs?: number | undefined;
  /** How often to look for idle workspaces. Default 60 s. */
  sweepMs?: number | undefined;
  /** Deleted records are purged this many versions after their deletion. Default 1,000. */
  tombstoneKeep?: number | undefined;
}

interface Cached {
  data: WorkspaceData;
  version: number;
  used: number;
  pins: number;
}

interface Job {
  fn: (ws: WorkspaceData) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Queue {
  jobs: Job[];
  running: Promise<void> | undefined;
}

interface LockRow {
  version: string;
  floor: string;
}
const LOCK_SQL = 'SELECT version, floor FROM sd_workspaces WHERE id = ';

const EMPTY: Readonly<WorkspaceData> = Object.freeze(emptyWorkspace());
/** Updates of one workspace committed in one transaction, at most. */
const BATCH = 200;

export class PgStore implements Store {
  readonly location: string;
  private readonly cache = new Map<string, Cached>();
  private readonly queues = new Map<string, Queue>();
  private readonly refreshing = new Map<string, Promise<void>>();
  /** When a command last prepared each workspace in memory. */
  private readonly commandUse = new Map<string, number>();
  private readonly idleMs: number;
  private readonly tombstoneKeep: number;
  private readonly sweep: NodeJS.Timeout;
  private closed = false;

  private constructor(
    readonly pool: Pool,
    location: string,
    opts: PgStoreOptions,
  ) {
    this.location = location;
    this.idleMs = opts.idleMs ?? 10 * 60_000;
    this.tombstoneKeep = opts.tombstoneKeep ?? 1_000;
    this.sweep = setInterval(() => this.evictIdle(), opts.sweepMs ?? 60_000);
    this.sweep.unref();
  }

  /** Connects, migrates the schema (refusing a newer one) and returns the store. Loads no workspace. */
  static async open(url: string, opts: PgStoreOptions = {}): Promise<PgStore> {
    const location = redact(url);
    const pg = (await import('pg')).default;
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, application_name: 'sellerdesk' });
    // An idle connection that breaks (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    try {
      await migrateSchema(pool, location);
    } catch (err) {
      await pool.end().catch(() => undefined);
      if (err instanceof StoreError) throw err;
      const code = (err as { code?: string }).code;
      throw new StoreError(`cannot use the database ${location} (${code ?? ''}${code ? ': ' : ''}${(err as Error).message})`, location, { cause: err });
    }
    return new PgStore(pool, location, opts);
  }

  // -------------------------------------------------------------------------------------------
  // Reads

  read(workspace: string): Readonly<WorkspaceData> {
    const c = this.cache.get(workspace);
    if (!c) return EMPTY;
    c.used = Date.now();
    return c.data;
  }

  /** The workspaces loaded in this process that have data. */
  workspaces(): string[] {
    return [...this.cache].filter(([, c]) => c.version > 0).map(([w]) => w);
  }

  /** Every workspace in the database. */
  async allWorkspaces(): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM sd_workspaces WHERE version > 0 ORDER BY id');
    return rows.map((r) => r.id);
  }

  /** Whether a workspace is in memory (tests, health). */
  isLoaded(workspace: string): boolean {
    return this.cache.has(workspace);
  }

  /** The version of the copy in memory (undefined: not loaded). */
  versionOf(workspace: string): number | undefined {
    return this.cache.get(workspace)?.version;
  }

  get loadedCount(): number {
    return this.cache.size;
  }

  /**
   * Makes read(workspace) current: loads the workspace on first use, or catches up with what
   * other replicas committed since this copy was read. The command core calls it before every
   * command (and reads right after): a workspace a command prepared lately is never evicted.
   */
  prepare(workspace: string): Promise<void> {
    this.commandUse.set(workspace, Date.now());
    return this.load(workspace);
  }

  /** prepare() for the scheduler: the same, without counting as a command's use. */
  load(workspace: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    const q = this.queues.get(workspace);
    // An update in progress catches up under the row lock, later than this call: wait for it.
    if (q?.running) return q.running;
    let r = this.refreshing.get(workspace);
    if (!r) {
      r = this.refresh(workspace).finally(() => this.refreshing.delete(workspace));
      this.refreshing.set(workspace, r);
    }
    return r;
  }

  /** Keeps a workspace in memory until unpin (the scheduler holds the ones it plans). */
  pin(workspace: string): void {
    const c = this.cache.get(workspace);
    if (c) c.pins++;
  }

  unpin(workspace: string): void {
    const c = this.cache.get(workspace);
    if (c && c.pins > 0) c.pins--;
  }

  private async refresh(w: string): Promise<void> {
    const before = this.cache.get(w);
    const { rows } = await this.pool.query<{ version: string; floor: string }>('SELECT version, floor FROM sd_workspaces WHERE id = $1', [w]);
    const row = rows[0];
    const version = row ? Number(row.version) : 0;
    const floor = row ? Number(row.floor) : 0;
    if (before && before.version === version) {
      before.used = Date.now();
      return;
    }
    const loaded = await this.fetch(this.pool, w, before, version, floor);
    // An update of this process ran meanwhile: it caught up under the lock, later than this read.
    const now = this.cache.get(w);
    if (now !== before || this.queues.get(w)?.running || (now && now.version !== before?.version)) return;
    this.install(w, before, loaded, version);
  }

  /** What brings a copy (or nothing) to a version: the whole workspace, or the rows changed since. */
  private async fetch(
    db: Pool | PoolClient,
    w: string,
    cached: Cached | undefined,
    version: number,
    floor: number,
  ): Promise<{ whole: WorkspaceData } | { changes: { key: string; value: unknown; deleted: boolean }[] }> {
    if (!cached || cached.version < floor || cached.version > version || version === 0) {
      if (version === 0) return { whole: emptyWorkspace() };
      const { rows } = await db.query<{ key: string; value: unknown }>(
        'SELECT key, value FROM sd_records WHERE workspace = $1 AND value IS NOT NULL ORDER BY depth, version, key',
        [w],
      );
      return { whole: assemble(rows) };
    }
    const { rows } = await db.query<{ key: string; value: unknown; deleted: boolean }>(
      'SELECT key, value, value IS NULL AS deleted FROM sd_records WHERE workspace = $1 AND version > $2 ORDER BY depth, version, key',
      [w, cached.version],
    );
    return { changes: rows };
  }

  private install(w: string, cached: Cached | undefined, loaded: Awaited<ReturnType<PgStore['fetch']>>, version: number): Cached {
    if ('whole' in loaded) {
      const c: Cached = { data: loaded.whole, version, used: Date.now(), pins: cached?.pins ?? 0 };
      this.cache.set(w, c);
      return c;
    }
    applyChanges(cached!.data, loaded.changes);
    cached!.version = version;
    cached!.used = Date.now();
    return cached!;
  }

  // -------------------------------------------------------------------------------------------
  // Writes

  update<T>(workspace: string, fn: (ws: WorkspaceData) => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    if (!workspace) return Promise.reject(new Error('store.update needs a workspace id'));
    let q = this.queues.get(workspace);
    if (!q) this.queues.set(workspace, (q = { jobs: [], running: undefined }));
    const queue = q;
    const done = new Promise<T>((resolve, reject) => queue.jobs.push({ fn, resolve: resolve as (v: unknown) => void, reject }));
    queue.running ??= this.drain(workspace, queue);
    return done;
  }

  private async drain(w: string, q: Queue): Promise<void> {
    // Let the updates of this turn of the event loop join the first transaction.
    await Promise.resolve();
    try {
      while (q.jobs.length) await this.commit(w, q.jobs.splice(0, BATCH));
    } finally {
      q.running = undefined;
      if (!q.jobs.length) this.queues.delete(w);
      else q.running = this.drain(w, q);
    }
  }

  private async commit(w: string, jobs: Job[]): Promise<void> {
    let client: PoolClient | undefined;
    const results: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
    try {
      client = await this.pool.connect();
      // BEGIN and the row lock in one round trip (a simple query: the id goes in as a literal).
      const begun = (await client.query(`BEGIN; ${LOCK_SQL}${client.escapeLiteral(w)} FOR UPDATE`)) as unknown as QueryResult<LockRow>[];
      let locked = begun[1]!;
      if (!locked.rows[0]) {
        await client.query('INSERT INTO sd_workspaces (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [w]);
        locked = await client.query<LockRow>(`${LOCK_SQL}$1 FOR UPDATE`, [w]);
      }
      const version = Number(locked.rows[0]!.version);
      const floor = Number(locked.rows[0]!.floor);
      let cached = this.cache.get(w);
      if (!cached || cached.version !== version) cached = this.install(w, cached, await this.fetch(client, w, cached, version, floor), version);
      const data = cached.data;
      const tracker = new ChangeTracker();
      for (const job of jobs) {
        try {
          results.push({ ok: true, value: tracker.unwrap(job.fn(tracker.wrap(data, w))) });
        } catch (err) {
          results.push({ ok: false, err });
        }
      }
      const paths = tracker.take().map((p) => p.slice(1));
      if (paths.length === 0) {
        await client.query('ROLLBACK');
      } else {
        const next = version + 1;
        const rows: RecordRow[] = [];
        const prefixes: string[] = [];
        let all = false;
        for (const p of paths) {
          if (p.length === 0) all = true;
          else prefixes.push(encodeKey(p));
          explode(p, valueAt(data, p), rows);
        }
        let newFloor = floor;
        if (next - floor > 2 * this.tombstoneKeep) {
          newFloor = next - this.tombstoneKeep;
          await client.query('DELETE FROM sd_records WHERE workspace = $1 AND value IS NULL AND version <= $2', [w, newFloor]);
        }
        await writeRecords(client, w, next, newFloor, all ? undefined : prefixes, rows);
        await client.query('COMMIT');
        cached.version = next;
        if (rows.length >= ANALYZE_AFTER) await analyzeRecords(client);
      }
      cached.used = Date.now();
    } catch (err) {
      if (client) await client.query('ROLLBACK').catch(() => undefined);
      // The copy may hold changes that were not committed: marked stale, it is reloaded whole on
      // the next use (prepare, or the next update's catch-up). Pins stay.
      const c = this.cache.get(w);
      if (c) c.version = -1;
      for (const job of jobs) job.reject(err);
      return;
    } finally {
      client?.release();
    }
    jobs.forEach((job, i) => {
      const r = results[i]!;
      if (r.ok) job.resolve(r.value);
      else job.reject(r.err);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Life

  /** Drops workspaces unused for idleMs (not pinned, nothing queued). */
  evictIdle(now = Date.now()): number {
    let n = 0;
    for (const [w, c] of this.cache) {
      if (!this.evictable(w, c) || now - c.used < this.idleMs) continue;
      this.drop(w);
      n++;
    }
    return n;
  }

  /**
   * Drops a workspace the scheduler loaded and is done with (it planned it and let it go), unless
   * it is pinned, busy, or a command prepared it in the last `guardMs`: a planning pass over every
   * workspace (after `migrate`) keeps in memory only what it is planning, not the whole database.
   */
  evictUnused(workspace: string, guardMs = 60_000, now = Date.now()): boolean {
    const c = this.cache.get(workspace);
    if (!c || !this.evictable(workspace, c) || now - (this.commandUse.get(workspace) ?? -Infinity) < guardMs) return false;
    this.drop(workspace);
    return true;
  }

  private evictable(w: string, c: Cached): boolean {
    return c.pins === 0 && !this.queues.has(w) && !this.refreshing.has(w);
  }

  private drop(w: string): void {
    this.cache.delete(w);
    this.commandUse.delete(w);
  }

  async flush(): Promise<void> {
    for (;;) {
      const running = [...this.queues.values()].map((q) => q.running).filter((p): p is Promise<void> => p !== undefined);
      if (!running.length) return;
      await Promise.all(running);
    }
  }

  /** Whether the database answers (health checks). */
  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    clearInterval(this.sweep);
    await this.pool.end();
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the database';
  }
}
