import type { Config } from '../config.js';
import type { Store } from '../store/types.js';
import type { Item } from '../workflows/item.js';
import { trackOf } from '../workflows/items.js';
import { calendarFor, type Calendar } from '../workflows/working-days.js';
import { MinHeap } from './heap.js';
import { digestKey, ledgerOf, type LedgerEntry } from './ping-ledger.js';
import { cachedPlan, firstPending, passingPlan, planSignature, type PlannedSlot } from './ping-plan.js';
import type { NotifierRoute } from './route.js';
import { pingsOf, scheduleOf, scheduleSince, type DigestSetting, type PingSchedule } from './schedule.js';

/**
 * The per-workspace index: a min-heap of every open item's next slot, and what else is pending
 * (digests, retries). It is built once (in slices, so commands never wait for a first plan of
 * 100,000 items), rebuilt whole only when what every plan depends on changed (the calendar, the
 * schedule: the plan signature), and otherwise kept current one item at a time: the items the
 * repository said changed, and the ones a tick just handled. A heap entry that no longer holds
 * is dropped or re-filed when it comes to the top.
 */

/** What planning a workspace needs, read once per pass. */
export interface WsView {
  w: string;
  items: Readonly<Record<string, Item>>;
  cal: Calendar;
  schedule: Readonly<PingSchedule>;
  notBefore: number;
  signature: string;
  ledger: Readonly<Record<string, LedgerEntry>>;
  /** The horizon: slots older than this are not looked at. */
  since: number;
}

export interface DueDigest {
  channel: string;
  day: string;
  at: number;
  setting: DigestSetting;
}

/** What is due in a workspace now, taken out of the index. */
export interface Due {
  items: Item[];
  digests: DueDigest[];
  /** Ledger keys whose retry time has come. */
  retries: string[];
}

export interface IndexDeps {
  store: Pick<Store, 'read'>;
  config: Config;
  route: NotifierRoute;
  graceMs: number;
  horizonMs: number;
  /** Whether a ledger key is queued or being delivered (not planned again meanwhile). */
  busy(workspace: string, key: string): boolean;
}

interface Entry {
  heap: MinHeap;
  /** The plan signature the heap was built for; another one means a full re-plan. */
  signature: string;
  /** Never built yet (or forgotten). */
  fresh: boolean;
  /** Items to re-plan at the next look. */
  items: Set<string>;
}

/** Items planned between two yields of a full re-plan. */
const REPLAN_SLICE = 1_000;

export class WorkspaceIndex {
  /** Re-plans so far: of whole workspaces, and of single items (tests and benchmarks count them). */
  readonly replans = { full: 0, items: 0 };
  private readonly entries = new Map<string, Entry>();
  /** Claims waiting to be tried again, per workspace: key → when (ms). */
  private readonly retries = new Map<string, Map<string, number>>();

  constructor(private readonly deps: IndexDeps) {}

  view(w: string, now: number): WsView {
    const ws = this.deps.store.read(w);
    const cal = calendarFor(ws, this.deps.config);
    const schedule = scheduleOf(ws);
    const notBefore = scheduleSince(ws);
    return { w, items: trackOf(ws).items, cal, schedule, notBefore, signature: planSignature(cal, schedule, notBefore), ledger: ledgerOf(ws), since: now - this.deps.horizonMs };
  }

  /** An item was opened or changed: it is re-planned at the next look. */
  itemChanged(w: string, itemId: string): void {
    this.entry(w).items.add(itemId);
  }

  /** Forgets a workspace's heap (another process changed it, or it was just taken on): rebuilt at the next look. */
  forget(w: string): void {
    this.entries.delete(w);
  }

  /** A claimed key to try again at `at` (ms). */
  retryAt(w: string, key: string, at: number): void {
    let m = this.retries.get(w);
    if (!m) this.retries.set(w, (m = new Map()));
    m.set(key, at);
  }

  /**
   * The earliest time anything is pending in these workspaces (ms; may be past), after re-planning
   * the items that changed. A workspace that needs a full re-plan makes it "now": the tick does
   * that re-plan, in slices, without holding up the commands.
   */
  nextWake(workspaces: readonly string[], now: number): number | undefined {
    let next: number | undefined;
    for (const w of workspaces) {
      const view = this.view(w, now);
      if (this.needsFull(view)) return now;
      this.refreshItems(view);
      const at = this.nextOf(view, now);
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** Brings a workspace's index up to date: the changed items, or every item when needed. */
  async refresh(v: WsView): Promise<void> {
    if (this.needsFull(v)) await this.refreshAll(v);
    else this.refreshItems(v);
  }

  /**
   * Rebuilds a workspace's index from every item, yielding to other work every REPLAN_SLICE items
   * (a first plan of 100,000 items takes seconds; commands must not wait for it). Items changed
   * meanwhile are re-planned after it.
   */
  async refreshAll(v: WsView): Promise<void> {
    const idx = this.entry(v.w);
    const heap = new MinHeap();
    const items = Object.values(v.items);
    for (let i = 0; i < items.length; i++) {
      if (i > 0 && i % REPLAN_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const item = items[i]!;
      // Not remembered: a plan per item would hold about 1 KB each.
      const s = this.nextFor(v, item, passingPlan);
      if (s) heap.push(s.at, item.id);
    }
    idx.heap = heap;
    idx.fresh = false;
    idx.signature = v.signature;
    this.replans.full++;
    this.refreshItems(v);
  }

  /** The earliest pending time of a workspace: an item's slot, a digest, a retry. */
  nextOf(v: WsView, now: number): number | undefined {
    let next = this.peekItem(v)?.at;
    const consider = (at: number) => {
      if (next === undefined || at < next) next = at;
    };
    for (const d of this.digestTimes(v, now)) consider(d.at);
    for (const at of this.retries.get(v.w)?.values() ?? []) consider(at);
    return next;
  }

  /** Takes what is due now out of the index (its items are re-planned once processed). */
  takeDue(v: WsView, now: number): Due {
    const idx = this.entry(v.w);
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

  private entry(w: string): Entry {
    let idx = this.entries.get(w);
    if (!idx) {
      idx = { heap: new MinHeap(), signature: '', fresh: true, items: new Set() };
      this.entries.set(w, idx);
    }
    return idx;
  }

  /** Whether a workspace's index must be rebuilt: never built, or the calendar or schedule changed. */
  private needsFull(v: WsView): boolean {
    const idx = this.entry(v.w);
    return idx.fresh || idx.signature !== v.signature;
  }

  /** Re-plans the items that changed. */
  private refreshItems(v: WsView): void {
    const idx = this.entry(v.w);
    for (const id of idx.items) {
      this.replans.items++;
      const s = this.nextFor(v, v.items[id]);
      if (s) idx.heap.push(s.at, id);
    }
    idx.items.clear();
  }

  /** An item's next slot to handle, or undefined (closed, nothing left, no notifier for it here). */
  private nextFor(v: WsView, item: Item | undefined, planOf: typeof passingPlan = cachedPlan): PlannedSlot | undefined {
    if (!item || item.status !== 'open' || !this.deps.route(v.w, item.platform)) return undefined;
    const plan = planOf(item, v.cal, v.schedule, v.notBefore, v.signature);
    if (plan.slots.length === 0) return undefined;
    return firstPending(plan, (k) => v.ledger[k] !== undefined, (k) => this.deps.busy(v.w, k), v.since);
  }

  /** The index's earliest entry that still holds (stale ones are dropped or re-filed). */
  private peekItem(v: WsView): { at: number; id: string } | undefined {
    const heap = this.entry(v.w).heap;
    for (let top = heap.peek(); top; top = heap.peek()) {
      const s = this.nextFor(v, v.items[top.id]);
      if (s && s.at === top.at) return top;
      heap.pop();
      if (s) heap.push(s.at, top.id);
    }
    return undefined;
  }

  /** Today's digests not sent yet (due within the grace window, or later today), and tomorrow's. */
  private digestTimes(v: WsView, now: number): DueDigest[] {
    const digests = pingsOf(this.deps.store.read(v.w)).digests;
    if (!digests) return [];
    const out: DueDigest[] = [];
    const today = v.cal.dayOf(new Date(now));
    for (const [channel, setting] of Object.entries(digests)) {
      if (!this.deps.route(v.w, setting.platform)) continue;
      const h = Math.floor(setting.minute / 60);
      const m = setting.minute % 60;
      if (v.cal.isWorkingDay(today) && v.ledger[digestKey(channel, today)] === undefined) {
        const at = v.cal.at(today, h, m).getTime();
        if (at > now || now - at <= this.deps.graceMs) out.push({ channel, day: today, at, setting });
      }
      const next = v.cal.addWorkingDays(today, 1);
      out.push({ channel, day: next, at: v.cal.at(next, h, m).getTime(), setting });
    }
    return out;
  }
}
