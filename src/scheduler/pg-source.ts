import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../log.js';
import type { PgStore } from '../store/pg-store.js';
import type { WorkspaceSource } from './options.js';

/**
 * How several replicas share the deadline pings of one database: by workspace. A replica's
 * scheduler handles a workspace only while it holds the workspace's lease (sd_workspaces
 * sched_owner / sched_until, database time), so each due ping is claimed (in the workspace's
 * ledger, under the row lock) by one replica only.
 *
 * - Each poll (every tick, at most `pollMs` apart) a replica renews its leases and takes, of the
 *   workspaces that need attention within `lookaheadMs` (next_wake, or never planned) and that no
 *   live replica holds, up to its fair share (the workspaces that need attention divided by the live
 *   replicas in sd_replicas), `batch` at first, twice as many after each poll that got all it
 *   asked for (up to `maxBatch`): replicas starting together interleave, and planning a whole
 *   migrated database takes a few dozen polls instead of one poll per `batch` workspaces.
 * - After planning, a workspace with nothing due within the lookahead is let go, its next wake-up
 *   written, and unpinned; if it was loaded only for this, it leaves memory at once (else when
 *   idle): memory follows what is due soon, even during a pass over every workspace.
 * - A replica that dies stops renewing; once its leases run out (`leaseMs`) another replica takes
 *   the workspaces and resolves the claims left unconfirmed there (the scheduler asks the platform
 *   first: Slack message metadata, Discord nonce) instead of posting again.
 * - A replica whose renewal fails (database unreachable) stops delivering for those workspaces a
 *   third of the lease before it runs out, before any other replica can take them.
 */

export interface PgSourceOptions {
  store: PgStore;
  log: Logger;
  /** The lease on a workspace (ms). Default 15 s. */
  leaseMs?: number | undefined;
  /** Take workspaces due within this window (ms of the application clock). Default 2 minutes. */
  lookaheadMs?: number | undefined;
  /**
   * Workspaces taken per poll: `batch` at first (so replicas starting together interleave; default
   * 16), twice as many after each poll that took all it asked for, up to `maxBatch` (default 256),
   * so that planning every workspace (after `migrate`) is not capped at `batch` a second.
   */
  batch?: number | undefined;
  maxBatch?: number | undefined;
  /** Take every workspace no live replica holds, due or not, and keep them (`sellerdesk tick`). */
  greedy?: boolean | undefined;
  replicaId?: string | undefined;
}

/** Database clock readings kept (see behindMs). */
const SKEW_SAMPLES = 8;
/** A database clock behind by at most this much (ms) is taken as agreeing (a round trip on a busy machine). */
const SKEW_TOLERANCE_MS = 25;
/** Workspaces let go whose plan version is remembered (see `released`), at most. */
const MAX_RELEASED = 10_000;

/**
 * The rows of sd_workspaces a statement changing several of them is about, locked in the order of
 * their ids (a locking SELECT locks after its ORDER BY): every such statement (renewal, the plan's
 * write, pokes, release) takes its row locks in one order, so two of them (this replica's renewal
 * timer and its after-tick write, or another replica's pokes) never deadlock. A store update locks
 * one workspace row only; the poll's take skips locked rows.
 */
function lockInOrder(where: string): string {
  return `SELECT id FROM sd_workspaces WHERE ${where} ORDER BY id FOR UPDATE`;
}

function newReplicaId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export class PgWorkspaceSource implements WorkspaceSource {
  readonly replicaId: string;
  private readonly store: PgStore;
  private readonly log: Logger;
  private readonly leaseMs: number;
  private readonly lookaheadMs: number;
  private readonly batch: number;
  private readonly maxBatch: number;
  /** What the next poll asks for. */
  private take: number;
  /** Held workspaces that were not in memory when taken: dropped from memory when let go. */
  private readonly loadedHere = new Set<string>();
  private readonly greedy: boolean;
  /** Workspace → until when (performance.now() ms) this replica may deliver for it. */
  private readonly held = new Map<string, number>();
  /** The next wake-up last written per held workspace. */
  private readonly written = new Map<string, number | null>();
  /** Versions of the copies when last handed to the scheduler. */
  private readonly versions = new Map<string, number>();
  /**
   * Workspaces let go after planning (nothing due soon): the version their plan was made from.
   * Taken again (a ping came due, a command poked it), only the items changed since are
   * re-planned, not all of them (a full plan of 100,000 items takes seconds, and made the pings
   * of a workspace just taken on that much late).
   */
  private readonly released = new Map<string, number>();
  private readonly poked = new Set<string>();
  private pokeTimer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The last readings of how far this machine's clock is ahead of the database's, at most (ms). */
  private ahead: number[] = [];

  constructor(opts: PgSourceOptions) {
    this.store = opts.store;
    this.log = opts.log;
    this.leaseMs = opts.leaseMs ?? 15_000;
    this.lookaheadMs = opts.lookaheadMs ?? 120_000;
    this.batch = opts.batch ?? 16;
    this.maxBatch = Math.max(this.batch, opts.maxBatch ?? 256);
    this.take = this.batch;
    this.greedy = opts.greedy === true;
    this.replicaId = opts.replicaId ?? newReplicaId();
    // Renewal runs on its own timer too, so a long tick never lets a lease run out.
    this.renewTimer = setInterval(() => void this.renew().catch(() => undefined), Math.max(200, Math.floor(this.leaseMs / 3)));
    this.renewTimer.unref();
  }

  holds(workspace: string): boolean {
    const until = this.held.get(workspace);
    return until !== undefined && performance.now() < until;
  }

  /**
   * Announces this replica (or that it is still alive): other replicas count it for their fair
   * share. Reads the database's clock on the way (see behindMs).
   */
  async register(): Promise<void> {
    const { rows } = await this.store.pool.query<{ db_ms: number }>(
      `INSERT INTO sd_replicas (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET seen_at = now()
       RETURNING (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS db_ms`,
      [this.replicaId],
    );
    const db = rows[0]?.db_ms;
    // The database read its clock before the answer came back: by now it reads at least
    // db + (now - answered), so this process's clock is at most `answered - db` ahead of it.
    if (typeof db === 'number' && Number.isFinite(db)) this.ahead = [...this.ahead.slice(1 - SKEW_SAMPLES), Date.now() - db];
  }

  /**
   * How far the database's clock is behind this machine's, at most: the smallest bound of the last
   * few readings (the one with the quickest answer bounds it best); 0 within SKEW_TOLERANCE_MS,
   * which the round trip alone can reach. The scheduler holds its now back by that much, so a
   * replica whose clock runs fast does not post before the slot by the database's clock.
   */
  behindMs(): number {
    if (!this.ahead.length) return 0;
    const bound = Math.min(...this.ahead);
    return bound > SKEW_TOLERANCE_MS ? bound : 0;
  }

  /** Renews the leases held; drops the ones lost. Returns the workspaces still held. */
  private async renew(): Promise<string[]> {
    if (this.stopped) return [];
    const pool = this.store.pool;
    const started = performance.now();
    await this.register();
    const ids = [...this.held.keys()];
    if (!ids.length) return [];
    const { rows } = await pool.query<{ id: string }>(
      `WITH l AS (${lockInOrder('id = ANY($2::text[]) AND sched_owner = $1')})
       UPDATE sd_workspaces s SET sched_until = clock_timestamp() + $3 * interval '1 millisecond'
       FROM l WHERE s.id = l.id AND s.sched_owner = $1 RETURNING s.id`,
      [this.replicaId, ids, this.leaseMs],
    );
    const kept = new Set(rows.map((r) => r.id));
    const until = started + (this.leaseMs * 2) / 3;
    for (const w of ids) {
      if (kept.has(w)) this.held.set(w, until);
      else this.drop(w);
    }
    return [...kept];
  }

  private drop(w: string): void {
    if (!this.held.has(w)) return;
    this.held.delete(w);
    this.loadedHere.delete(w);
    this.written.delete(w);
    this.versions.delete(w);
    this.store.unpin(w);
  }

  async acquire(now: number): Promise<{ workspaces: string[]; fresh: string[]; changed: string[]; changedItems?: Map<string, string[]> }> {
    if (this.stopped) return { workspaces: [], fresh: [], changed: [] };
    await this.flushPokes();
    await this.renew();
    const pool = this.store.pool;
    const horizon = new Date(now + this.lookaheadMs);
    let limit = this.take;
    if (!this.greedy) {
      const { rows } = await pool.query<{ replicas: number; pending: number }>(
        `SELECT (SELECT count(*)::int FROM sd_replicas WHERE seen_at > now() - $1 * interval '1 millisecond') AS replicas,
                (SELECT count(*)::int FROM sd_workspaces WHERE version > 0 AND (next_wake IS NULL OR next_wake <= $2)) AS pending`,
        [this.leaseMs, horizon],
      );
      const replicas = Math.max(1, rows[0]?.replicas ?? 1);
      const pending = rows[0]?.pending ?? 0;
      const share = Math.ceil(pending / replicas);
      limit = Math.min(this.take, Math.max(share - this.held.size, pending > 0 ? 1 : 0));
    }
    const fresh: string[] = [];
    if (limit > 0) {
      const started = performance.now();
      const { rows } = await pool.query<{ id: string }>(
        `UPDATE sd_workspaces SET sched_owner = $1, sched_until = clock_timestamp() + $2 * interval '1 millisecond'
         WHERE id IN (
           SELECT id FROM sd_workspaces
           WHERE version > 0 AND ($5 OR next_wake IS NULL OR next_wake <= $3)
             AND (sched_owner IS NULL OR sched_until < clock_timestamp())
           ORDER BY next_wake NULLS FIRST
           LIMIT $4
           FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [this.replicaId, this.leaseMs, horizon, limit, this.greedy],
      );
      // All it asked for: there is more to take, ask for twice as many next time.
      this.take = rows.length >= this.take ? Math.min(this.maxBatch, this.take * 2) : this.batch;
      for (const { id } of rows) {
        if (this.held.has(id)) this.store.unpin(id); // pinned again below
        else if (!this.store.isLoaded(id)) this.loadedHere.add(id);
        this.held.set(id, started + (this.leaseMs * 2) / 3);
        fresh.push(id);
      }
    }
    // Load what was taken, and catch up with what other replicas changed in what is held.
    const ids = [...this.held.keys()];
    const changed: string[] = [];
    const changedItems = new Map<string, string[]>();
    if (ids.length) {
      const { rows } = await pool.query<{ id: string; version: string; floor: string }>('SELECT id, version, floor FROM sd_workspaces WHERE id = ANY($1::text[])', [ids]);
      const freshSet = new Set(fresh);
      await Promise.all(
        rows.map(async ({ id, version, floor }) => {
          const v = Number(version);
          if (this.store.versionOf(id) !== v) await this.store.load(id);
          const seen = this.versions.get(id);
          const before = this.released.get(id);
          if (freshSet.has(id)) {
            this.store.pin(id);
            this.released.delete(id);
            // Taken again: the scheduler's plan from when it was let go still holds but for these.
            const items = before === undefined || before < Number(floor) ? undefined : await this.itemsChangedSince(id, before);
            if (items) changedItems.set(id, items);
          } else if (seen !== this.store.versionOf(id)) {
            const items = seen === undefined || seen < Number(floor) ? undefined : await this.itemsChangedSince(id, seen);
            if (items) changedItems.set(id, items);
            else changed.push(id);
          }
          this.versions.set(id, this.store.versionOf(id) ?? v);
        }),
      );
    }
    if (fresh.length) this.log.debug({ replica: this.replicaId, taken: fresh.length, held: this.held.size }, 'scheduler took workspaces');
    return { workspaces: [...this.held.keys()], fresh, changed, changedItems };
  }

  /**
   * The items of a workspace whose records changed after `version` (by this process or another),
   * from the records' version index: what a held workspace's plan must look at again, instead of
   * every item (a full re-plan of 100,000 items takes seconds, and this process's own commands
   * and ledger writes move the version every few milliseconds). Undefined when more than items
   * changed in a way this cannot tell (the items map or the track written as one record).
   */
  private async itemsChangedSince(w: string, version: number): Promise<string[] | undefined> {
    const { rows } = await this.store.pool.query<{ key: string }>(
      `SELECT DISTINCT CASE WHEN key LIKE 'track/items/%' THEN split_part(key, '/', 3) ELSE key END AS key
       FROM sd_records WHERE workspace = $1 AND version > $2 AND (key = '' OR key = 'track' OR key LIKE 'track/items%')`,
      [w, version],
    );
    const out: string[] = [];
    for (const { key } of rows) {
      if (key === '' || key === 'track' || key === 'track/items') return undefined;
      out.push(decodeURIComponent(key));
    }
    return out;
  }

  async planned(next: ReadonlyMap<string, number | undefined>, now: number): Promise<void> {
    const horizon = now + this.lookaheadMs;
    const keep: { id: string; wake: string; version: number }[] = [];
    const letGo: { id: string; wake: string; version: number }[] = [];
    for (const [w, at] of next) {
      if (!this.held.has(w)) continue;
      const version = this.store.versionOf(w) ?? 0;
      this.versions.set(w, version);
      // Nothing pending: infinity (NULL means "plan me", which a poke writes).
      const wake = at === undefined ? 'infinity' : new Date(at).toISOString();
      if (!this.greedy && (at === undefined || at > horizon)) letGo.push({ id: w, wake, version });
      else if (this.written.get(w) !== (at ?? null)) keep.push({ id: w, wake, version });
    }
    const pool = this.store.pool;
    // Only where the plan was made from the workspace as it is: a change committed meanwhile (by
    // another replica) is planned at the next tick instead of being overwritten by an older plan.
    const write = (list: typeof keep, release: boolean) =>
      pool.query<{ id: string }>(
        `WITH t AS (SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::bigint[]) AS t(id, wake, version)),
         l AS (${lockInOrder('id = ANY($2::text[]) AND sched_owner = $1')})
         UPDATE sd_workspaces s SET next_wake = t.wake${release ? ', sched_owner = NULL, sched_until = NULL' : ''}
         FROM t, l WHERE s.id = t.id AND s.id = l.id AND s.sched_owner = $1 AND s.version = t.version
         RETURNING s.id`,
        [this.replicaId, list.map((k) => k.id), list.map((k) => k.wake), list.map((k) => k.version)],
      );
    if (keep.length) {
      const { rows } = await write(keep, false);
      const done = new Set(rows.map((r) => r.id));
      for (const k of keep) if (done.has(k.id)) this.written.set(k.id, k.wake === 'infinity' ? null : Date.parse(k.wake));
    }
    if (letGo.length) {
      const { rows } = await write(letGo, true);
      const versionOf = new Map(letGo.map((k) => [k.id, k.version]));
      for (const r of rows) {
        this.released.delete(r.id);
        if (this.released.size >= MAX_RELEASED) this.released.delete(this.released.keys().next().value!);
        this.released.set(r.id, versionOf.get(r.id)!);
        const mine = this.loadedHere.has(r.id);
        this.drop(r.id);
        // Loaded for planning only: out of memory now, unless a command uses it.
        if (mine) this.store.evictUnused(r.id);
      }
    }
  }

  poke(workspace: string): void {
    if (this.stopped) return;
    this.poked.add(workspace);
    this.pokeTimer ??= setTimeout(() => {
      this.pokeTimer = undefined;
      void this.flushPokes().catch((err: unknown) => this.log.warn({ err }, 'could not mark workspaces for planning'));
    }, 20);
  }

  /** Marks the poked workspaces as needing a plan (whoever holds or takes them re-plans them). */
  private async flushPokes(): Promise<void> {
    if (!this.poked.size) return;
    const ids = [...this.poked];
    this.poked.clear();
    await this.store.pool.query(`WITH l AS (${lockInOrder('id = ANY($1::text[])')}) UPDATE sd_workspaces s SET next_wake = NULL FROM l WHERE s.id = l.id`, [ids]);
  }

  async release(): Promise<void> {
    if (this.stopped) return;
    if (this.pokeTimer) clearTimeout(this.pokeTimer);
    this.pokeTimer = undefined;
    await this.flushPokes().catch(() => undefined);
    this.stopped = true;
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = undefined;
    const ids = [...this.held.keys()];
    for (const w of ids) this.drop(w);
    try {
      if (ids.length) {
        await this.store.pool.query(
          `WITH l AS (${lockInOrder('id = ANY($2::text[]) AND sched_owner = $1')})
           UPDATE sd_workspaces s SET sched_owner = NULL, sched_until = NULL, next_wake = NULL FROM l WHERE s.id = l.id AND s.sched_owner = $1`,
          [this.replicaId, ids],
        );
      }
      await this.store.pool.query('DELETE FROM sd_replicas WHERE id = $1', [this.replicaId]);
    } catch (err) {
      this.log.warn({ err }, 'could not release the scheduler leases (they run out by themselves)');
    }
  }
}
