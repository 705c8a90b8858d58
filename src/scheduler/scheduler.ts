import { DeliveryError, type Delivered, type Notifier, type Ping } from '../core/notifier.js';
import type { Services } from '../core/types.js';
import type { WorkspaceData } from '../store/types.js';
import { deadlinesOf } from '../workflows/deadlines.js';
import type { Item } from '../workflows/item.js';
import { trackOf } from '../workflows/items.js';
import { calendarFor, type Calendar } from '../workflows/working-days.js';
import type { ChangeFeed } from './changes.js';
import { MinHeap } from './heap.js';
import { digestPing, missedPing, pingKey, slotPing } from './message.js';
import { claim, claimedEntries, ledgerOf, markFailed, markRetry, markSent, prune, skip, type LedgerEntry, type MissedLine } from './ping-ledger.js';
import { cachedPlan, firstPending, parseSlotKey, planSignature, type PlannedSlot } from './ping-plan.js';
import { guessPlatform, type NotifierRoute } from './route.js';
import { pingsOf, scheduleOf, scheduleSince, type DigestSetting, type PingSchedule } from './schedule.js';

/**
 * The scheduler: finds the pings that are due, claims them in the delivery ledger, posts them
 * through the notifier of each item's platform and records what the platform confirmed.
 *
 * - It sleeps until the next due slot (a timer, capped at maxSleepMs so a clock change is noticed).
 *   Each workspace keeps an index (a min-heap) of every open item's next slot; the track commands
 *   announce each item they change, and only that item is re-planned. A change the announcements
 *   do not explain (another feature's write) is re-checked with a full re-plan, at most every
 *   SUSPECT_RESCAN_MS; a change of what every plan depends on (time zone, holidays, the ping
 *   schedule) re-plans the workspace at once.
 * - Catch-up: of the slots of one deadline that came due since they were last looked at, only the
 *   latest is sent, and only within the grace window; the earlier ones are superseded, and a
 *   deadline whose latest slot is older than the grace window goes into one "missed while
 *   offline" summary per channel.
 * - Each ping is claimed (durably) just before it is posted, so a crash leaves at most
 *   `concurrency` claims unconfirmed; the next start resolves them through Notifier.findPosted.
 * - Time only from the injected clock.
 */

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => {
    const h = setTimeout(fn, ms);
    h.unref();
    return h;
  },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface SchedulerOptions {
  /** The scheduler writes its ledger through services.store (not the observed store the commands use). */
  services: Pick<Services, 'store' | 'clock' | 'config' | 'log' | 'knowledge' | 'itemChanges'>;
  route: NotifierRoute;
  /** Updates made through the commands' store. */
  changes?: ChangeFeed | undefined;
  /** Catch-up: the latest missed slot of a deadline is still sent when at most this late. Default: PING_GRACE_HOURS. */
  graceMs?: number | undefined;
  /** Slots older than this are not looked at any more (and their ledger entries are pruned). Default 7 days. */
  horizonMs?: number | undefined;
  /** The longest sleep, so a changed wall clock is noticed. Default 60 s. */
  maxSleepMs?: number | undefined;
  /**
   * Posts in flight at once. Default 32: each post waits for its claim's fsync and the platform's
   * answer, so with 8, 500 pings due at once went out in 63 waves and the last ones seconds late.
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
   * those another process changed since the last tick (re-planned whole).
   */
  acquire(now: number): Promise<{ workspaces: string[]; fresh: string[]; changed: string[] }>;
  /** Whether deliveries for the workspace may still go out from here (its lease is held). */
  holds(workspace: string): boolean;
  /** After a tick: when each handled workspace next needs attention (ms; undefined: nothing pending). */
  planned(next: ReadonlyMap<string, number | undefined>, now: number): Promise<void>;
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

const DAY_MS = 86_400_000;
/** How long a change notice waits for more changes before the re-plan. */
const CHANGE_DEBOUNCE_MS = 50;
/** The least time between full re-plans for changes no item announcement explained. */
const SUSPECT_RESCAN_MS = 30_000;
/** Items planned between two yields of a full re-plan. */
const REPLAN_SLICE = 1_000;

/** One workspace's index of its items' next slots. */
interface WsIndex {
  heap: MinHeap;
  /** The plan signature the heap was built for; another one means a full re-plan. */
  signature: string;
  /** Never built yet. */
  fresh: boolean;
  /** Items announced as changed, to re-plan. */
  items: Set<string>;
  /** Store updates and item announcements since the last re-plan (more updates: a suspect change). */
  updates: number;
  announced: number;
  suspect: boolean;
  lastFull: number;
}

/** What planning a workspace needs, read once per pass. */
interface WsView {
  w: string;
  items: Readonly<Record<string, Item>>;
  cal: Calendar;
  schedule: Readonly<PingSchedule>;
  notBefore: number;
  signature: string;
  ledger: Readonly<Record<string, LedgerEntry>>;
  since: number;
}

interface Due {
  items: Item[];
  digests: { channel: string; day: string; at: number; setting: DigestSetting }[];
  retries: string[];
}

export class Scheduler {
  private readonly services: SchedulerOptions['services'];
  private readonly graceMs: number;
  private readonly horizonMs: number;
  private readonly maxSleepMs: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly timers: Timers;

  private readonly index = new Map<string, WsIndex>();
  /** Claims waiting to be tried again, per workspace: key → when (ms). */
  private readonly retries = new Map<string, Map<string, number>>();
  private readonly lastPrune = new Map<string, number>();
  private queue: { w: string; key: string; run: () => Promise<void> }[] = [];
  private queueHead = 0;
  /** Keys queued or being delivered, per workspace. */
  private readonly busy = new Map<string, Set<string>>();
  private active = 0;
  private idleWaiters: (() => void)[] = [];
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
    this.services = opts.services;
    this.graceMs = opts.graceMs ?? (opts.services.config.PING_GRACE_HOURS ?? 24) * 3_600_000;
    this.horizonMs = Math.max(opts.horizonMs ?? 7 * DAY_MS, this.graceMs + DAY_MS);
    this.maxSleepMs = opts.maxSleepMs ?? 60_000;
    this.concurrency = Math.max(1, opts.concurrency ?? 32);
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.timers = opts.timers ?? realTimers;
  }

  // -------------------------------------------------------------------------------------------
  // Running

  /** Starts: resolves unconfirmed claims, catches up, then sleeps until the next slot. */
  async start(): Promise<void> {
    this.stopped = false;
    const feed = this.opts.changes?.subscribe((w) => this.changed(w));
    if (feed) this.unsubscribe.push(feed);
    this.unsubscribe.push(this.services.itemChanges.listen((w, id) => this.itemChanged(w, id)));
    await this.runTick();
  }

  /** Stops the timer and waits for the posts in flight; queued ones are left for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    await this.ticking;
    for (const task of this.queue.slice(this.queueHead)) this.busy.get(task.w)?.delete(task.key);
    this.queue = [];
    this.queueHead = 0;
    await this.idle();
    await this.opts.source?.release();
  }

  /** One pass for `sellerdesk tick`: everything due now, delivered, on disk. */
  async runOnce(): Promise<TickReport> {
    const report = await this.tick();
    await this.idle();
    await this.services.store.flush();
    return report;
  }

  /** A workspace changed in the store (the change feed calls this). */
  changed(workspace: string): void {
    const source = this.opts.source;
    if (source && !source.holds(workspace)) {
      source.poke(workspace);
      return;
    }
    this.indexOf(workspace).updates++;
    this.soon();
  }

  /** An item was opened or changed (the track commands announce it). */
  itemChanged(workspace: string, itemId: string): void {
    const idx = this.indexOf(workspace);
    idx.items.add(itemId);
    idx.announced++;
    this.soon();
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
    if (this.active === 0 && this.queued() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves when no tick is running and no delivery is queued or in flight. */
  async settled(): Promise<void> {
    while (this.ticking || this.active > 0 || this.queued() > 0) {
      await this.ticking;
      await this.idle();
    }
  }

  /**
   * The earliest time anything is pending (ms; may be past), after re-planning the items that
   * changed. A workspace that needs a full re-plan makes it "now": the tick does that re-plan,
   * in slices, without holding up the commands.
   */
  nextWake(): number | undefined {
    const now = this.services.clock().getTime();
    let next: number | undefined;
    for (const w of this.list()) {
      const view = this.view(w, now);
      if (this.needsFull(view, now)) return now;
      this.refreshItems(view);
      const at = this.nextOf(view, now);
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** Re-plans every workspace from scratch (as at start) and returns the next wake-up. */
  async replanAll(): Promise<number | undefined> {
    const now = this.services.clock().getTime();
    for (const w of this.list()) await this.refreshAll(this.view(w, now), now);
    return this.nextWake();
  }

  private arm(): void {
    if (this.stopped || this.ticking) return;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    const now = this.services.clock().getTime();
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

  // -------------------------------------------------------------------------------------------
  // Planning

  private indexOf(w: string): WsIndex {
    let idx = this.index.get(w);
    if (!idx) {
      idx = { heap: new MinHeap(), signature: '', fresh: true, items: new Set(), updates: 0, announced: 0, suspect: false, lastFull: -Infinity };
      this.index.set(w, idx);
    }
    return idx;
  }

  private view(w: string, now: number): WsView {
    const ws = this.services.store.read(w);
    const cal = calendarFor(ws, this.services.config);
    const schedule = scheduleOf(ws);
    const notBefore = scheduleSince(ws);
    return { w, items: trackOf(ws).items, cal, schedule, notBefore, signature: planSignature(cal, schedule, notBefore), ledger: ledgerOf(ws), since: now - this.horizonMs };
  }

  /** An item's next slot to handle, or undefined (closed, nothing left, no notifier for it here). */
  private nextFor(v: WsView, item: Item | undefined): PlannedSlot | undefined {
    if (!item || item.status !== 'open' || !this.opts.route(v.w, item.platform)) return undefined;
    const plan = cachedPlan(item, v.cal, v.schedule, v.notBefore, v.signature);
    if (plan.slots.length === 0) return undefined;
    const busy = this.busy.get(v.w);
    return firstPending(plan, (k) => v.ledger[k] !== undefined, (k) => busy !== undefined && busy.has(k), v.since);
  }

  /** Whether a workspace's index must be rebuilt: never built, the calendar or schedule changed, or a suspect change. */
  private needsFull(v: WsView, now: number): boolean {
    const idx = this.indexOf(v.w);
    if (idx.updates > idx.announced) idx.suspect = true;
    idx.updates = 0;
    idx.announced = 0;
    return idx.fresh || idx.signature !== v.signature || (idx.suspect && now - idx.lastFull >= SUSPECT_RESCAN_MS);
  }

  /** Brings a workspace's index up to date: the announced items, or every item when needed. */
  private async refresh(v: WsView, now: number): Promise<void> {
    if (this.needsFull(v, now)) await this.refreshAll(v, now);
    else this.refreshItems(v);
  }

  /** Re-plans the items announced as changed. */
  private refreshItems(v: WsView): void {
    const idx = this.indexOf(v.w);
    for (const id of idx.items) {
      const s = this.nextFor(v, v.items[id]);
      if (s) idx.heap.push(s.at, id);
    }
    idx.items.clear();
  }

  /**
   * Rebuilds a workspace's index from every item, yielding to other work every REPLAN_SLICE items
   * (a first plan of 100,000 items takes seconds; commands must not wait for it). Items announced
   * meanwhile are re-planned after it.
   */
  private async refreshAll(v: WsView, now: number): Promise<void> {
    const idx = this.indexOf(v.w);
    const heap = new MinHeap();
    const items = Object.values(v.items);
    for (let i = 0; i < items.length; i++) {
      if (i > 0 && i % REPLAN_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const item = items[i]!;
      const s = this.nextFor(v, item);
      if (s) heap.push(s.at, item.id);
    }
    idx.heap = heap;
    idx.fresh = false;
    idx.suspect = false;
    idx.signature = v.signature;
    idx.lastFull = now;
    this.refreshItems(v);
  }

  /** The index's earliest entry that still holds (stale ones are dropped or re-filed). */
  private peekItem(v: WsView): { at: number; id: string } | undefined {
    const heap = this.indexOf(v.w).heap;
    for (let top = heap.peek(); top; top = heap.peek()) {
      const s = this.nextFor(v, v.items[top.id]);
      if (s && s.at === top.at) return top;
      heap.pop();
      if (s) heap.push(s.at, top.id);
    }
    return undefined;
  }

  /** The earliest pending time of a workspace: an item's slot, a digest, a retry. */
  private nextOf(v: WsView, now: number): number | undefined {
    let next = this.peekItem(v)?.at;
    const consider = (at: number) => {
      if (next === undefined || at < next) next = at;
    };
    for (const d of this.digestTimes(v, now)) consider(d.at);
    for (const at of this.retries.get(v.w)?.values() ?? []) consider(at);
    return next;
  }

  /** Today's digests not sent yet (due within the grace window, or later today), and tomorrow's. */
  private digestTimes(v: WsView, now: number): { channel: string; day: string; at: number; setting: DigestSetting }[] {
    const digests = pingsOf(this.services.store.read(v.w)).digests;
    if (!digests) return [];
    const out: { channel: string; day: string; at: number; setting: DigestSetting }[] = [];
    const today = v.cal.dayOf(new Date(now));
    for (const [channel, setting] of Object.entries(digests)) {
      if (!this.opts.route(v.w, setting.platform)) continue;
      const h = Math.floor(setting.minute / 60);
      const m = setting.minute % 60;
      if (v.cal.isWorkingDay(today) && v.ledger[digestKey(channel, today)] === undefined) {
        const at = v.cal.at(today, h, m).getTime();
        if (at > now || now - at <= this.graceMs) out.push({ channel, day: today, at, setting });
      }
      const next = v.cal.addWorkingDays(today, 1);
      out.push({ channel, day: next, at: v.cal.at(next, h, m).getTime(), setting });
    }
    return out;
  }

  /** Takes what is due now out of the index (its items are re-planned once processed). */
  private takeDue(v: WsView, now: number): Due {
    const idx = this.indexOf(v.w);
    const ids = new Set<string>();
    for (let top = this.peekItem(v); top && top.at <= now; top = this.peekItem(v)) {
      idx.heap.pop();
      ids.add(top.id);
    }
    const items: Item[] = [];
    for (const id of ids) {
      items.push(v.items[id]!);
      idx.items.add(id);
    }
    const retries: string[] = [];
    const pending = this.retries.get(v.w);
    for (const [key, at] of pending ?? []) {
      if (at > now) continue;
      retries.push(key);
      pending!.delete(key);
    }
    return { items, digests: this.digestTimes(v, now).filter((d) => d.at <= now), retries };
  }

  // -------------------------------------------------------------------------------------------
  // One tick

  /**
   * Everything due at the clock's now: unconfirmed claims from an earlier run (first tick only),
   * due slots, digests and retries. Returns once its decisions are on disk; the posts run on.
   */
  async tick(): Promise<TickReport> {
    this.report = emptyReport();
    const now = this.services.clock();
    const nowMs = now.getTime();
    const source = this.opts.source;
    if (source) {
      const got = await source.acquire(nowMs);
      this.handled = got.workspaces;
      for (const w of [...got.fresh, ...got.changed]) this.index.delete(w);
      this.recoverLeftovers(nowMs, got.fresh);
    } else if (!this.recovered) {
      this.recovered = true;
      this.recoverLeftovers(nowMs, this.list());
    }
    const writes: Promise<void>[] = [];
    for (const w of this.list()) {
      await this.refresh(this.view(w, nowMs), nowMs);
      // Read again: a full re-plan yields to other work, which may have changed the workspace.
      const v = this.view(w, nowMs);
      const next = this.nextOf(v, nowMs);
      if (next !== undefined && next <= nowMs) {
        const due = this.takeDue(v, nowMs);
        if (due.items.length || due.digests.length || due.retries.length) writes.push(this.process(v, now, due));
      }
      writes.push(this.maybePrune(w, nowMs));
    }
    await Promise.all(writes);
    if (source) {
      const next = new Map<string, number | undefined>();
      for (const w of this.list()) {
        const busy = (this.busy.get(w)?.size ?? 0) > 0 || claimedEntries(this.services.store.read(w)).length > 0;
        // A workspace with deliveries in flight or unconfirmed claims stays with this process.
        next.set(w, busy ? nowMs : this.nextOf(this.view(w, nowMs), nowMs));
      }
      await source.planned(next, nowMs);
      this.handled = this.handled.filter((w) => source.holds(w));
    }
    return this.report;
  }

  /** The workspaces this scheduler handles. */
  private list(): string[] {
    return this.opts.source ? this.handled : this.services.store.workspaces();
  }

  /**
   * Decides about the due slots of one workspace. Superseded and missed slots, missed-while-offline
   * summaries and digests are recorded in one durable write; each ping to send is queued, and
   * claimed only right before it is posted.
   */
  private async process(v: WsView, now: Date, due: Due): Promise<void> {
    const w = v.w;
    const nowMs = now.getTime();
    const sends: { item: Item; slot: PlannedSlot }[] = [];
    const superseded: { item: Item; slot: PlannedSlot }[] = [];
    const missed = new Map<string, { item: Item; slot: PlannedSlot }[]>();
    const busy = this.busy.get(w);
    for (const item of due.items) {
      const plan = cachedPlan(item, v.cal, v.schedule, v.notBefore, v.signature);
      const byDeadline = new Map<string, PlannedSlot[]>();
      for (let i = plan.pos; i < plan.slots.length; i++) {
        const s = plan.slots[i]!;
        if (s.at > nowMs) break;
        if (s.at < v.since || v.ledger[s.key] !== undefined || busy?.has(s.key)) continue;
        const list = byDeadline.get(s.deadline) ?? [];
        list.push(s);
        byDeadline.set(s.deadline, list);
      }
      for (const list of byDeadline.values()) {
        const latest = list[list.length - 1]!;
        for (const s of list.slice(0, -1)) superseded.push({ item, slot: s });
        if (nowMs - latest.at <= this.graceMs) sends.push({ item, slot: latest });
        else {
          const l = missed.get(item.channel) ?? [];
          l.push({ item, slot: latest });
          missed.set(item.channel, l);
        }
      }
    }
    const claimed: { key: string; at: number }[] = [];
    const nowIso = now.toISOString();
    const iso = (ms: number) => new Date(ms).toISOString();
    if (superseded.length || missed.size || due.digests.length) {
      await this.services.store.update(w, (wsw) => {
        for (const { item, slot } of superseded) {
          if (skip(wsw, slot.key, { kind: 'slot', channel: item.channel, at: iso(slot.at), reason: 'superseded' }, now)) this.report.superseded++;
        }
        for (const [channel, list] of missed) {
          const summary = `missed/${channel}/${nowIso}`;
          const lines: MissedLine[] = list.map(({ item, slot }) => ({ item: item.id, deadline: slot.deadline, due: iso(slot.due), slot: slot.slot }));
          const first = list[0]!.item;
          // The summary and the slots it covers in one write: never a summary and the pings too.
          if (!claim(wsw, summary, { kind: 'missed', channel, platform: first.platform ?? guessPlatform(w), at: nowIso, lines }, now)) continue;
          claimed.push({ key: summary, at: nowMs });
          for (const { slot } of list) {
            if (skip(wsw, slot.key, { kind: 'slot', channel, at: iso(slot.at), reason: 'missed', summary }, now)) this.report.missed++;
          }
        }
        for (const d of due.digests) {
          const key = digestKey(d.channel, d.day);
          if (claim(wsw, key, { kind: 'digest', channel: d.channel, platform: d.setting.platform, at: iso(d.at), day: d.day }, now)) claimed.push({ key, at: d.at });
        }
      });
    }
    const queued = [
      ...claimed.map((c) => ({ ...c, run: () => this.deliver(w, c.key, true) })),
      ...sends.map(({ item, slot }) => ({ key: slot.key, at: slot.at, run: () => this.claimAndDeliver(w, item, slot) })),
    ];
    queued.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
    this.report.claimed += queued.length;
    for (const q of queued) this.enqueue(w, q.key, q.run);
    for (const key of due.retries) this.enqueue(w, key, () => this.deliver(w, key, false));
  }

  /** Claims left by a process that died between claiming and recording the platform's answer. */
  private recoverLeftovers(now: number, workspaces: readonly string[]): void {
    for (const w of workspaces) {
      for (const [key, e] of claimedEntries(this.services.store.read(w))) {
        const retryAt = e.retryAt ? Date.parse(e.retryAt) : undefined;
        if (retryAt !== undefined && retryAt > now) this.retryLater(w, key, retryAt);
        else this.enqueue(w, key, () => this.deliver(w, key, false));
      }
    }
  }

  private async maybePrune(w: string, now: number): Promise<void> {
    const last = this.lastPrune.get(w);
    if (last !== undefined && now - last < DAY_MS) return;
    this.lastPrune.set(w, now);
    const before = now - this.horizonMs - DAY_MS;
    const ledger = ledgerOf(this.services.store.read(w));
    let any = false;
    for (const k in ledger) {
      const e = ledger[k]!;
      if (e.state !== 'claimed' && Date.parse(e.at) < before) {
        any = true;
        break;
      }
    }
    if (any) await this.services.store.update(w, (ws) => prune(ws, before));
  }

  // Delivery

  private enqueue(w: string, key: string, run: () => Promise<void>): void {
    let keys = this.busy.get(w);
    if (!keys) this.busy.set(w, (keys = new Set()));
    if (keys.has(key)) return;
    keys.add(key);
    this.queue.push({ w, key, run });
    this.pump();
  }

  /** A due slot: claimed (durably) just before it is posted. */
  private async claimAndDeliver(w: string, item: Item, slot: PlannedSlot): Promise<void> {
    const now = this.services.clock();
    const entry = { kind: 'slot' as const, channel: item.channel, platform: item.platform ?? guessPlatform(w), at: new Date(slot.at).toISOString() };
    if (this.opts.source && !this.opts.source.holds(w)) return;
    const claimed = await this.services.store.update(w, (ws) => claim(ws, slot.key, entry, now));
    if (claimed) await this.deliver(w, slot.key, true);
  }

  private queued(): number {
    return this.queue.length - this.queueHead;
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queued() > 0) {
      const task = this.queue[this.queueHead++]!;
      if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.queueHead);
        this.queueHead = 0;
      }
      this.active++;
      void task
        .run()
        .catch((err: unknown) => this.services.log.error({ err }, 'ping delivery failed unexpectedly'))
        .finally(() => {
          this.active--;
          this.busy.get(task.w)?.delete(task.key);
          this.pump();
          if (this.active === 0 && this.queued() === 0) for (const r of this.idleWaiters.splice(0)) r();
        });
    }
  }

  /**
   * Posts one claimed entry and records the answer. `fresh`: claimed just now by this process, so
   * the platform cannot have it yet. Otherwise (a leftover claim, a retry) the platform is asked
   * first whether the message is already there, so a crash never makes it post twice.
   */
  private async deliver(w: string, key: string, fresh: boolean): Promise<void> {
    const entry = ledgerOf(this.services.store.read(w))[key];
    if (!entry || entry.state !== 'claimed') return;
    // The lease is not (or no longer) certain here: look again in a second. If another process
    // took the workspace, the claim is its to resolve, and this retry finds the workspace not held.
    if (this.opts.source && !this.opts.source.holds(w)) {
      if (this.handled.includes(w)) this.retryLater(w, key, this.services.clock().getTime() + 1_000);
      return;
    }
    const notifier = this.opts.route(w, entry.platform);
    if (!notifier) return; // no notifier for that platform here: it stays claimed for a run that has one
    const built = this.build(w, key, entry);
    try {
      if (!fresh && notifier.findPosted) {
        const found = await notifier.findPosted(built.ping);
        if (found) {
          this.report.recovered++;
          await this.services.store.update(w, (ws) => markSent(ws, key, found.messageId, this.services.clock()));
          return;
        }
      }
      if (built.skip) {
        await this.services.store.update(w, (ws) => skip(ws, key, { kind: entry.kind, channel: entry.channel, at: entry.at, reason: built.skip }, this.services.clock()));
        return;
      }
      if (!fresh) this.report.recovered++;
      const delivered = await notifier.post(built.ping);
      await this.services.store.update(w, (ws) => markSent(ws, key, delivered.messageId, this.services.clock()));
      this.opts.onDelivered?.(built.ping, delivered, notifier);
    } catch (err) {
      await this.failed(w, key, entry, err);
    }
  }

  private async failed(w: string, key: string, entry: LedgerEntry, err: unknown): Promise<void> {
    const log = this.services.log;
    const now = this.services.clock();
    const e = err instanceof DeliveryError ? err : new DeliveryError('other', (err as Error)?.message ?? String(err), { cause: err });
    const where = { workspace: w, channel: entry.channel, key, reason: e.reason };
    const attempts = (entry.attempts ?? 0) + 1;
    try {
      if (e.reason === 'channel-gone' || e.reason === 'not-in-channel' || (e.reason === 'other' && attempts >= this.maxAttempts)) {
        log.warn({ ...where, err: e.message, attempts }, 'ping not delivered; giving up');
        await this.services.store.update(w, (ws) => markFailed(ws, key, e.reason, now));
        return;
      }
      const wait = e.reason === 'rate-limited' ? (e.retryAfterMs ?? 60_000) : Math.min(10 * 60_000, 5_000 * 4 ** (attempts - 1));
      const retryAt = now.getTime() + wait;
      log.info({ ...where, err: e.message, attempts, retryInMs: wait }, 'ping not delivered; will retry');
      await this.services.store.update(w, (ws) => markRetry(ws, key, new Date(retryAt), e.reason, now));
      this.retryLater(w, key, retryAt);
    } catch (storeErr) {
      log.error({ ...where, err: storeErr }, 'could not record a failed delivery');
    }
  }

  private retryLater(w: string, key: string, at: number): void {
    let m = this.retries.get(w);
    if (!m) this.retries.set(w, (m = new Map()));
    m.set(key, at);
    if (!this.ticking) this.arm();
  }

  /** The message of a ledger entry as it reads now, or why it no longer applies. */
  private build(w: string, key: string, entry: LedgerEntry): { ping: Ping; skip?: string } {
    const ws = this.services.store.read(w);
    const cal = calendarFor(ws, this.services.config);
    const now = this.services.clock();
    const base = { services: this.services, workspace: w, ws, cal, now };
    const bare = (itemId: string, deadline: string, slot: string): Ping => ({
      key: pingKey(w, key),
      workspace: w,
      channel: entry.channel,
      itemId,
      deadline,
      slot,
      text: '',
      reply: { blocks: [] },
    });
    if (entry.kind === 'missed') {
      const lines = entry.lines ?? [];
      const person = firstCreator(ws, lines);
      return { ping: missedPing({ ...base, channel: entry.channel, key, lines, person }) };
    }
    if (entry.kind === 'digest') {
      const setting = pingsOf(ws).digests?.[entry.channel];
      const day = entry.day ?? '';
      if (!setting || day !== cal.dayOf(now)) return { ping: bare('', 'digest', day), skip: 'withdrawn' };
      const ping = digestPing({ ...base, channel: entry.channel, key, day, minute: setting.minute, person: setting.by });
      return ping ? { ping } : { ping: bare('', 'digest', day), skip: 'empty' };
    }
    const parts = parseSlotKey(key);
    if (!parts) return { ping: bare('', '', ''), skip: 'withdrawn' };
    const item = trackOf(ws).items[parts.itemId];
    const slot = item ? findSlot(item, cal, ws, key) : undefined;
    const deadline = item && slot ? deadlinesOf(item, cal).find((d) => d.key === slot.deadline) : undefined;
    if (!item || !slot || !deadline) return { ping: bare(parts.itemId, parts.deadline, parts.slot), skip: 'withdrawn' };
    return { ping: slotPing({ ...base, item, deadline, slot }) };
  }

}

export function digestKey(channel: string, day: string): string {
  return `digest/${channel}/${day}`;
}

function emptyReport(): TickReport {
  return { claimed: 0, superseded: 0, missed: 0, recovered: 0 };
}

/** The slot of a key in an item's current plan (absent: the item closed or the deadline moved). */
function findSlot(item: Item, cal: Calendar, ws: Readonly<WorkspaceData>, key: string): PlannedSlot | undefined {
  if (item.status !== 'open') return undefined;
  return cachedPlan(item, cal, scheduleOf(ws), scheduleSince(ws)).slots.find((s) => s.key === key);
}

function firstCreator(ws: Readonly<WorkspaceData>, lines: MissedLine[]): string | undefined {
  const items = trackOf(ws).items;
  for (const l of lines) {
    const item = items[l.item];
    if (item) return item.createdBy;
  }
  return undefined;
}
