import { Delivery } from './delivery.js';
import { DeliveryQueue } from './delivery-queue.js';
import { DAY_MS, emptyReport, realTimers, type SchedulerOptions, type TickReport, type Timers } from './options.js';
import { claimedEntries } from './ping-ledger.js';
import { decideDue, leftovers, pruneLedger } from './tick-decisions.js';
import { WorkspaceIndex, type WsView } from './workspace-index.js';

/**
 * The scheduler's run loop: finds the pings that are due, claims them in the delivery ledger,
 * posts them through the notifier of each item's platform and records what the platform confirmed.
 * It is made of parts, each in its own file:
 *
 * - workspace-index.ts: per workspace, a heap of every open item's next slot, and the next wake-up;
 * - tick-decisions.ts: what is sent, superseded or summarized as missed, written down at once;
 * - delivery-queue.ts: the deliveries waiting and in flight (p-queue, `concurrency` at a time);
 * - delivery.ts: claim, post, record the answer, retry or give up;
 * - ping-builder.ts: the message of a ledger entry as it reads when it is posted.
 *
 * It sleeps until the next due slot (a timer, capped at maxSleepMs so a clock change is noticed).
 * It hears of changes from the items repository only (`changes`): an item opened or changed is
 * re-planned alone, a schedule change re-plans the workspace when the plan signature changed, and
 * other writes (a /howto gap, a /guide step) cost it nothing. Time only from the injected clock.
 */

export type { SchedulerOptions, Timers } from './options.js';

/** How long a change notice waits for more changes before the re-plan. */
const CHANGE_DEBOUNCE_MS = 50;

export class Scheduler {
  private readonly services: SchedulerOptions['services'];
  private readonly maxSleepMs: number;
  private readonly graceMs: number;
  private readonly horizonMs: number;
  private readonly timers: Timers;
  private readonly index: WorkspaceIndex;
  private readonly queue: DeliveryQueue;
  /** How many pings are claimed in one write (as many as go out at once). */
  private readonly groupSize: number;
  private readonly delivery: Delivery;

  private readonly lastPrune = new Map<string, number>();
  private timer: unknown;
  private ticking: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private recovered = false;
  private changePending = false;
  private unsubscribe: (() => void)[] = [];
  private report: TickReport = emptyReport();
  /** With a source: the workspaces it handed this scheduler at the last tick. */
  private handled: string[] = [];

  constructor(private readonly opts: SchedulerOptions) {
    const services = (this.services = opts.services);
    this.graceMs = opts.graceMs ?? (services.config.PING_GRACE_HOURS ?? 24) * 3_600_000;
    this.horizonMs = Math.max(opts.horizonMs ?? 7 * DAY_MS, this.graceMs + DAY_MS);
    this.maxSleepMs = opts.maxSleepMs ?? 60_000;
    this.timers = opts.timers ?? realTimers;
    this.groupSize = Math.max(1, opts.concurrency ?? 32);
    this.queue = new DeliveryQueue(this.groupSize, services.log);
    this.index = new WorkspaceIndex({
      store: services.store,
      config: services.config,
      route: opts.route,
      graceMs: this.graceMs,
      horizonMs: this.horizonMs,
      busy: (w, key) => this.queue.has(w, key),
    });
    this.delivery = new Delivery({
      services,
      opts,
      maxAttempts: opts.maxAttempts ?? 5,
      report: () => this.report,
      handled: (w) => this.handled.includes(w),
      retryLater: (w, key, at) => this.retryLater(w, key, at),
    });
  }

  /** Re-plans so far, of whole workspaces and of single items. */
  get replans(): Readonly<{ full: number; items: number }> {
    return this.index.replans;
  }

  // -------------------------------------------------------------------------------------------
  // Running

  /** Starts: resolves unconfirmed claims, catches up, then sleeps until the next slot. */
  async start(): Promise<void> {
    this.stopped = false;
    // Claims whose posts a stop() left queued are resolved again, as after a crash.
    this.recovered = false;
    const changes = this.opts.changes;
    if (changes) {
      this.unsubscribe.push(
        changes.on('itemChanged', (e) => this.itemChanged(e.workspace, e.item.id)),
        changes.on('scheduleChanged', (e) => this.scheduleChanged(e.workspace)),
      );
    }
    await this.runTick();
  }

  /** Stops the timer and waits for the posts in flight; queued ones are left for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    await this.ticking;
    this.queue.clear();
    await this.queue.idle();
    await this.opts.source?.release();
  }

  /** One pass for `sellerdesk tick`: everything due now, delivered, on disk. */
  async runOnce(): Promise<TickReport> {
    const report = await this.tick();
    await this.queue.idle();
    await this.services.store.flush();
    return report;
  }

  /** An item was opened or changed (the items repository says so): only it is re-planned. */
  itemChanged(workspace: string, itemId: string): void {
    if (this.elsewhere(workspace)) return;
    this.index.itemChanged(workspace, itemId);
    this.soon();
  }

  /**
   * The ping schedule, a digest, the time zone or the holidays of a workspace changed: look again
   * (a changed plan signature re-plans the workspace; digests are read at every look).
   */
  scheduleChanged(workspace: string): void {
    if (this.elsewhere(workspace)) return;
    this.soon();
  }

  /** Another process handles the workspace (replicas on one database): it is told to look again. */
  private elsewhere(workspace: string): boolean {
    const source = this.opts.source;
    if (!source || source.holds(workspace)) return false;
    source.poke(workspace);
    return true;
  }

  /** Re-plans after a short wait, so a stream of changes costs one re-plan, not one each. */
  private soon(): void {
    if (this.changePending || this.stopped) return;
    this.changePending = true;
    this.timers.set(() => {
      this.changePending = false;
      this.arm();
    }, CHANGE_DEBOUNCE_MS);
  }

  /** Resolves when no delivery is queued or in flight. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Resolves when no tick is running and no delivery is queued or in flight. */
  async settled(): Promise<void> {
    while (this.ticking || this.queue.size > 0) {
      await this.ticking;
      await this.queue.idle();
    }
  }

  /** The earliest time anything is pending (ms; may be past); see WorkspaceIndex.nextWake. */
  nextWake(): number | undefined {
    return this.index.nextWake(this.list(), this.now());
  }

  /** Re-plans every workspace from scratch (as at start) and returns the next wake-up. */
  async replanAll(): Promise<number | undefined> {
    const now = this.now();
    for (const w of this.list()) await this.index.refreshAll(this.index.view(w, now));
    return this.nextWake();
  }

  private arm(): void {
    if (this.stopped || this.ticking) return;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    const now = this.now();
    const next = this.nextWake();
    const delay = next === undefined ? this.maxSleepMs : Math.min(this.maxSleepMs, Math.max(0, next - now));
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      void this.runTick();
    }, delay);
  }

  private runTick(): Promise<void> {
    if (this.ticking) {
      this.again = true;
      return this.ticking;
    }
    let failed = false;
    this.ticking = (async () => {
      try {
        do {
          this.again = false;
          await this.tick();
        } while (this.again && !this.stopped);
      } catch (err) {
        failed = true;
        this.services.log.error({ err }, 'scheduler tick failed');
      }
    })().finally(() => {
      this.ticking = undefined;
      if (!failed) this.arm();
      else if (!this.stopped) this.timer = this.timers.set(() => void this.runTick(), 5_000);
    });
    return this.ticking;
  }

  private retryLater(w: string, key: string, at: number): void {
    this.index.retryAt(w, key, at);
    if (!this.ticking) this.arm();
  }

  // -------------------------------------------------------------------------------------------
  // One tick

  /**
   * Everything due at the clock's now: unconfirmed claims from an earlier run (first tick only),
   * due slots, digests and retries. Returns once its decisions are on disk; the posts run on.
   */
  async tick(): Promise<TickReport> {
    this.report = emptyReport();
    const source = this.opts.source;
    let nowMs = this.now();
    if (source) {
      const got = await source.acquire(nowMs);
      // After the poll: the time it took, and the shared clock as it found it.
      nowMs = this.now();
      this.handled = got.workspaces;
      // Taken on (or changed) with no word of which items changed: planned again from scratch.
      for (const w of [...got.fresh, ...got.changed]) if (!got.changedItems?.has(w)) this.index.forget(w);
      for (const [w, ids] of got.changedItems ?? []) for (const id of ids) this.index.itemChanged(w, id);
      this.recoverLeftovers(nowMs, got.fresh);
    } else if (!this.recovered) {
      this.recovered = true;
      this.recoverLeftovers(nowMs, this.list());
    }
    const now = new Date(nowMs);
    const writes: Promise<void>[] = [];
    for (const w of this.list()) {
      await this.index.refresh(this.index.view(w, nowMs));
      // Read again: a full re-plan yields to other work, which may have changed the workspace.
      const v = this.index.view(w, nowMs);
      const next = this.index.nextOf(v, nowMs);
      if (next !== undefined && next <= nowMs) writes.push(this.process(v, now));
      writes.push(this.maybePrune(w, nowMs));
    }
    await Promise.all(writes);
    if (source) {
      const next = new Map<string, number | undefined>();
      for (const w of this.list()) {
        const busy = this.queue.count(w) > 0 || claimedEntries(this.services.store.read(w)).length > 0;
        // A workspace with deliveries in flight or unconfirmed claims stays with this process.
        next.set(w, busy ? nowMs : this.index.nextOf(this.index.view(w, nowMs), nowMs));
      }
      await source.planned(next, nowMs);
      this.handled = this.handled.filter((w) => source.holds(w));
    }
    return this.report;
  }

  /**
   * Now, as far as what is due goes: the injected clock, held back by as much as the clock the
   * replicas share (the database's) is behind it, so a replica whose own clock runs fast never
   * posts a ping before its slot by the shared clock. A timer that fires early finds nothing due
   * and sleeps again for the rest (arm).
   */
  private now(): number {
    return this.services.clock().getTime() - Math.max(0, this.opts.source?.behindMs?.() ?? 0);
  }

  /** The workspaces this scheduler handles. */
  private list(): string[] {
    return this.opts.source ? this.handled : this.services.store.workspaces();
  }

  /** What is due in one workspace: decided and written down, then queued for delivery. */
  private async process(v: WsView, now: Date): Promise<void> {
    const w = v.w;
    const due = this.index.takeDue(v, now.getTime());
    if (!due.items.length && !due.digests.length && !due.retries.length) return;
    const deps = { store: this.services.store, graceMs: this.graceMs, busy: (key: string) => this.queue.has(w, key) };
    const decided = await decideDue(deps, v, now, due, this.report);
    // The pings are claimed a group at a time (as many as go out at once), by the group's first
    // delivery to start: one write per group instead of one per ping, and a crash or a stop leaves
    // at most two groups claimed and not yet confirmed (each resolved on restart by asking the
    // platform first), not a whole burst.
    const sends = decided.flatMap((d) => (d.send ? [{ d, send: d.send }] : []));
    // Every group is complete before any of its deliveries can start (the queue may start one at once).
    const claimOf = new Map<string, () => Promise<Set<string>>>();
    for (let i = 0; i < sends.length; i += this.groupSize) {
      const members = sends.slice(i, i + this.groupSize).map(({ send }) => ({ item: send.item, known: send }));
      let once: Promise<Set<string>> | undefined;
      const claim = () => (once ??= this.delivery.claimAll(w, members));
      for (const m of members) claimOf.set(m.known.slot.key, claim);
    }
    for (const d of decided) {
      const send = d.send;
      const claim = send && claimOf.get(d.key);
      if (!send || !claim) {
        this.queue.add(w, d.key, (release) => this.delivery.deliver(w, d.key, true, undefined, release));
        continue;
      }
      this.queue.add(w, d.key, async (release) => {
        if (!(await claim()).has(d.key)) return;
        await this.delivery.deliver(w, d.key, true, send, release);
      });
    }
    for (const key of due.retries) this.queue.add(w, key, (release) => this.delivery.deliver(w, key, false, undefined, release));
  }

  /** Claims left by a process that died between claiming and recording the platform's answer. */
  private recoverLeftovers(now: number, workspaces: readonly string[]): void {
    for (const w of workspaces) {
      for (const { key, retryAt } of leftovers(this.services.store, w, now)) {
        if (retryAt !== undefined) this.retryLater(w, key, retryAt);
        else this.queue.add(w, key, (release) => this.delivery.deliver(w, key, false, undefined, release));
      }
    }
  }

  private async maybePrune(w: string, now: number): Promise<void> {
    const last = this.lastPrune.get(w);
    if (last !== undefined && now - last < DAY_MS) return;
    this.lastPrune.set(w, now);
    await pruneLedger(this.services.store, w, now, this.horizonMs);
  }
}
