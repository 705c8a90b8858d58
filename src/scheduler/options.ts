import type { Delivered, Notifier, Ping } from '../core/notifier.js';
import type { Services } from '../core/types.js';
import type { ItemFeed } from '../workflows/item-repository.js';
import type { NotifierRoute } from './route.js';

/** What the scheduler's parts are given and what they report (scheduler.ts wires them). */

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => {
    const h = setTimeout(fn, ms);
    h.unref();
    return h;
  },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** What the scheduler uses of the services: it writes its ledger to the store directly. */
export type SchedulerServices = Pick<Services, 'store' | 'clock' | 'config' | 'log' | 'knowledge'>;

export interface SchedulerOptions {
  services: SchedulerServices;
  route: NotifierRoute;
  /** The items repository (services.items), whose item and schedule changes re-plan at once. */
  changes?: ItemFeed | undefined;
  /** Catch-up: the latest missed slot of a deadline is still sent when at most this late. Default: PING_GRACE_HOURS. */
  graceMs?: number | undefined;
  /** Slots older than this are not looked at any more (and their ledger entries are pruned). Default 7 days. */
  horizonMs?: number | undefined;
  /** The longest sleep, so a changed wall clock is noticed. Default 60 s. */
  maxSleepMs?: number | undefined;
  /**
   * Posts in flight at once. Default 32: each post waits for the platform's answer, so with 8, 500
   * pings due at once went out in 63 waves and the last ones seconds late.
   */
  concurrency?: number | undefined;
  /** Attempts for a delivery that failed for another reason than a rate limit or a gone channel. Default 5. */
  maxAttempts?: number | undefined;
  timers?: Timers | undefined;
  /** Called after the platform confirmed a message (logging, tests, benchmarks). */
  onDelivered?: ((ping: Ping, delivered: Delivered, notifier: Notifier) => void) | undefined;
  /**
   * Which workspaces this scheduler handles (several replicas on one database: those it holds a
   * lease on, src/scheduler/pg-source.ts). Default: every workspace of the store.
   */
  source?: WorkspaceSource | undefined;
}

/** The workspaces a scheduler plans and delivers for, when it shares the work with other processes. */
export interface WorkspaceSource {
  /**
   * At the start of each tick: the workspaces to handle now (loaded and current), those newly
   * taken on (their unconfirmed claims are resolved: another process may have died with them) and
   * those changed since the last tick: re-planned whole (`changed`), or, where the source can tell
   * which items changed (`changedItems`), those items only. A workspace both `fresh` and in
   * `changedItems` was handled here before and let go: the plan made then holds but for those items.
   */
  acquire(now: number): Promise<{ workspaces: string[]; fresh: string[]; changed: string[]; changedItems?: ReadonlyMap<string, readonly string[]> }>;
  /** Whether deliveries for the workspace may still go out from here (its lease is held). */
  holds(workspace: string): boolean;
  /** After a tick: when each handled workspace next needs attention (ms; undefined: nothing pending). */
  planned(next: ReadonlyMap<string, number | undefined>, now: number): Promise<void>;
  /**
   * How far the clock the replicas share (the database's) is behind this process's clock, ms, at
   * most (0: not behind, or not by more than the source can tell). The scheduler waits that much
   * longer before anything is due.
   */
  behindMs?(): number;
  /** A command of this process changed a workspace: whoever handles it must look again. */
  poke(workspace: string): void;
  /** Lets every workspace go (shutdown). */
  release(): Promise<void>;
}

export interface TickReport {
  /** Pings, summaries and digests queued for sending in this tick. */
  claimed: number;
  /** Earlier slots of a deadline whose later slot was due too. */
  superseded: number;
  /** Slots beyond the grace window, listed in a summary instead. */
  missed: number;
  /** Unconfirmed claims found and resolved (asked the platform, or posted). */
  recovered: number;
}

export function emptyReport(): TickReport {
  return { claimed: 0, superseded: 0, missed: 0, recovered: 0 };
}

export const DAY_MS = 86_400_000;
