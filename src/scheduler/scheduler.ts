import { DeliveryError, type Delivered, type Notifier, type Ping } from '../core/notifier.js';
import type { Services } from '../core/types.js';
import type { WorkspaceData } from '../store/types.js';
import { deadlinesOf } from '../workflows/deadlines.js';
import type { Item } from '../workflows/item.js';
import { trackOf } from '../workflows/items.js';
import { calendarFor, type Calendar } from '../workflows/working-days.js';
import type { ChangeFeed } from './changes.js';
import { digestPing, missedPing, pingKey, slotPing } from './message.js';
import { claim, claimedEntries, ledgerOf, markFailed, markRetry, markSent, prune, skip, type LedgerEntry, type MissedLine } from './ping-ledger.js';
import { cachedPlan, firstPending, parseSlotKey, planSignature, type PlannedSlot } from './ping-plan.js';
import { guessPlatform, type NotifierRoute } from './route.js';
import { pingsOf, scheduleOf, scheduleSince, type DigestSetting } from './schedule.js';

/**
 * The scheduler: finds the pings that are due, claims them in the delivery ledger, posts them
 * through the notifier of each item's platform and records what the platform confirmed.
 *
 * - It sleeps until the next due slot (a timer, capped at maxSleepMs so a clock change is noticed)
 *   and is told when a workspace changes (a new item, an event, a closed item, a setting), so it
 *   re-plans that workspace at once.
 * - Catch-up: of the slots of one deadline that came due since they were last looked at, only the
 *   latest is sent, and only within the grace window; the earlier ones are superseded, and a
 *   deadline whose latest slot is older than the grace window goes into one "missed while
 *   offline" summary per channel.
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
  services: Pick<Services, 'store' | 'clock' | 'config' | 'log' | 'shared'>;
  route: NotifierRoute;
  /** Updates made by the commands. */
  changes?: ChangeFeed | undefined;
  /** Catch-up: the latest missed slot of a deadline is still sent when at most this late. Default: PING_GRACE_HOURS. */
  graceMs?: number | undefined;
  /** Slots older than this are not looked at any more (and their ledger entries are pruned). Default 7 days. */
  horizonMs?: number | undefined;
  /** The longest sleep, so a changed wall clock is noticed. Default 60 s. */
  maxSleepMs?: number | undefined;
  /** Posts in flight at once. Default 4. */
  concurrency?: number | undefined;
  /** Attempts for a delivery that failed for another reason than a rate limit or a gone channel. Default 5. */
  maxAttempts?: number | undefined;
  timers?: Timers | undefined;
  /** Called after the platform confirmed a message (logging, tests, benchmarks). */
  onDelivered?: ((ping: Ping, delivered: Delivered, notifier: Notifier) => void) | undefined;
}

export interface TickReport {
  /** Pings and summaries claimed for sending in this tick. */
  claimed: number;
  /** Earlier slots of a deadline whose later slot was due too. */
  superseded: number;
  /** Slots beyond the grace window, listed in a summary instead. */
  missed: number;
  /** Unconfirmed claims found and resolved (asked the platform, or posted). */
  recovered: number;
}

const DAY_MS = 86_400_000;

interface Scan {
  /** The earliest pending thing (slot, digest, retry), ms; may be in the past. */
  next: number | undefined;
  dueItems: Item[];
  dueDigests: { channel: string; day: string; at: number; setting: DigestSetting }[];
  dueRetries: string[];
}

export class Scheduler {
  private readonly services: SchedulerOptions['services'];
  private readonly graceMs: number;
  private readonly horizonMs: number;
  private readonly maxSleepMs: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly timers: Timers;

  /** Per workspace: whether it changed since its last scan, and its earliest pending time. */
  private readonly cache = new Map<string, { dirty: boolean; next: number | undefined }>();
  /** Claims waiting to be tried again, per workspace: key → when (ms). */
  private readonly retries = new Map<string, Map<string, number>>();
  private readonly lastPrune = new Map<string, number>();
  private readonly queue: { w: string; key: string; run: () => Promise<void> }[] = [];
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
  private unsubscribe: (() => void) | undefined;
  private report: TickReport = emptyReport();

  constructor(private readonly opts: SchedulerOptions) {
    this.services = opts.services;
    this.graceMs = opts.graceMs ?? (opts.services.config.PING_GRACE_HOURS ?? 24) * 3_600_000;
    this.horizonMs = Math.max(opts.horizonMs ?? 7 * DAY_MS, this.graceMs + DAY_MS);
    this.maxSleepMs = opts.maxSleepMs ?? 60_000;
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.timers = opts.timers ?? realTimers;
  }

  // -------------------------------------------------------------------------------------------
  // Running

  /** Starts: resolves unconfirmed claims, catches up, then sleeps until the next slot. */
  async start(): Promise<void> {
    this.stopped = false;
    this.unsubscribe = this.opts.changes?.subscribe((w) => this.changed(w));
    await this.runTick();
  }

  /** Stops the timer and waits for the posts in flight; queued ones stay claimed for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    await this.ticking;
    for (const task of this.queue.splice(0)) this.busy.get(task.w)?.delete(task.key);
    await this.idle();
  }

  /** One pass for `sellerdesk tick`: everything due now, delivered, on disk. */
  async runOnce(): Promise<TickReport> {
    const report = await this.tick();
    await this.idle();
    await this.services.store.flush();
    return report;
  }

  /** Tells the scheduler a workspace changed (the change feed calls this). */
  changed(workspace: string): void {
    this.cacheOf(workspace).dirty = true;
    if (this.changePending || this.stopped) return;
    this.changePending = true;
    this.timers.set(() => {
      this.changePending = false;
      this.arm();
    }, 0);
  }

  /** Resolves when no delivery is queued or in flight. */
  idle(): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves when no tick is running and no delivery is queued or in flight. */
  async settled(): Promise<void> {
    while (this.ticking || this.active > 0 || this.queue.length > 0) {
      await this.ticking;
      await this.idle();
    }
  }

  /** The earliest time anything is pending (ms), after re-planning the workspaces that changed. */
  nextWake(): number | undefined {
    const now = this.services.clock().getTime();
    let next: number | undefined;
    for (const w of this.services.store.workspaces()) {
      const c = this.cacheOf(w);
      if (c.dirty) {
        c.next = this.scan(w, now).next;
        c.dirty = false;
      }
      if (c.next !== undefined && (next === undefined || c.next < next)) next = c.next;
    }
    return next;
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
  // One tick

  /**
   * Everything due at the clock's now: unconfirmed claims from an earlier run (first tick only),
   * due slots, digests and retries. Returns once the claims are on disk; the posts run on.
   */
  async tick(): Promise<TickReport> {
    this.report = emptyReport();
    const now = this.services.clock();
    const nowMs = now.getTime();
    if (!this.recovered) {
      this.recovered = true;
      this.recoverLeftovers(nowMs);
    }
    const writes: Promise<void>[] = [];
    for (const w of this.services.store.workspaces()) {
      const c = this.cacheOf(w);
      if (!c.dirty && (c.next === undefined || c.next > nowMs)) continue;
      const scan = this.scan(w, nowMs);
      c.next = scan.next;
      c.dirty = false;
      if (scan.dueItems.length || scan.dueDigests.length || scan.dueRetries.length) {
        c.dirty = true; // its ledger changes now
        writes.push(this.process(w, now, scan));
      }
      writes.push(this.maybePrune(w, nowMs));
    }
    await Promise.all(writes);
    return this.report;
  }

  /** The pending work of one workspace at `now`, and its earliest pending time. */
  private scan(w: string, now: number): Scan {
    const ws = this.services.store.read(w);
    const cal = calendarFor(ws, this.services.config);
    const schedule = scheduleOf(ws);
    const notBefore = scheduleSince(ws);
    const ledger = ledgerOf(ws);
    const handled = (k: string) => ledger[k] !== undefined;
    const busyKeys = this.busy.get(w);
    const busy = (k: string) => busyKeys !== undefined && busyKeys.has(k);
    const signature = planSignature(cal, schedule, notBefore);
    const since = now - this.horizonMs;
    const out: Scan = { next: undefined, dueItems: [], dueDigests: [], dueRetries: [] };
    const consider = (at: number) => {
      if (out.next === undefined || at < out.next) out.next = at;
    };
    const items = trackOf(ws).items;
    for (const id in items) {
      const item = items[id]!;
      if (item.status !== 'open' || !this.opts.route(w, item.platform)) continue;
      const plan = cachedPlan(item, cal, schedule, notBefore, signature);
      if (plan.slots.length === 0) continue;
      const s = firstPending(plan, handled, busy, since);
      if (!s) continue;
      consider(s.at);
      if (s.at <= now) out.dueItems.push(item);
    }
    const digests = pingsOf(ws).digests ?? {};
    for (const channel in digests) {
      const setting = digests[channel]!;
      if (!this.opts.route(w, setting.platform)) continue;
      const today = cal.dayOf(new Date(now));
      const h = Math.floor(setting.minute / 60);
      const m = setting.minute % 60;
      if (cal.isWorkingDay(today) && !handled(digestKey(channel, today))) {
        const at = cal.at(today, h, m).getTime();
        if (at > now) consider(at);
        else if (now - at <= this.graceMs) {
          consider(at);
          out.dueDigests.push({ channel, day: today, at, setting });
        }
      }
      consider(cal.at(cal.addWorkingDays(today, 1), h, m).getTime());
    }
    for (const [key, at] of this.retries.get(w) ?? []) {
      consider(at);
      if (at <= now) out.dueRetries.push(key);
    }
    return out;
  }

  /**
   * Decides about the due slots of one workspace. Superseded and missed slots, missed-while-offline
   * summaries and digests are recorded in one durable write; each ping to send is queued, and
   * claimed only right before it is posted, so a crash leaves at most `concurrency` claims open.
   */
  private async process(w: string, now: Date, scan: Scan): Promise<void> {
    const nowMs = now.getTime();
    const ws = this.services.store.read(w);
    const cal = calendarFor(ws, this.services.config);
    const schedule = scheduleOf(ws);
    const notBefore = scheduleSince(ws);
    const ledger = ledgerOf(ws);
    const since = nowMs - this.horizonMs;
    const sends: { item: Item; slot: PlannedSlot }[] = [];
    const superseded: { item: Item; slot: PlannedSlot }[] = [];
    const missed = new Map<string, { item: Item; slot: PlannedSlot }[]>();
    for (const item of scan.dueItems) {
      const plan = cachedPlan(item, cal, schedule, notBefore);
      const byDeadline = new Map<string, PlannedSlot[]>();
      for (let i = plan.pos; i < plan.slots.length; i++) {
        const s = plan.slots[i]!;
        if (s.at > nowMs) break;
        if (s.at < since || ledger[s.key] !== undefined || this.busy.get(w)?.has(s.key)) continue;
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
    if (superseded.length || missed.size || scan.dueDigests.length) {
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
        for (const d of scan.dueDigests) {
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
    const retries = this.retries.get(w);
    for (const key of scan.dueRetries) {
      retries?.delete(key);
      this.enqueue(w, key, () => this.deliver(w, key, false));
    }
  }

  /** Claims left by a process that died between claiming and recording the platform's answer. */
  private recoverLeftovers(now: number): void {
    for (const w of this.services.store.workspaces()) {
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

  // -------------------------------------------------------------------------------------------
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
    const claimed = await this.services.store.update(w, (ws) => claim(ws, slot.key, entry, now));
    if (claimed) await this.deliver(w, slot.key, true);
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queue.length) {
      const task = this.queue.shift()!;
      this.active++;
      void task
        .run()
        .catch((err: unknown) => this.services.log.error({ err }, 'ping delivery failed unexpectedly'))
        .finally(() => {
          this.active--;
          this.busy.get(task.w)?.delete(task.key);
          this.pump();
          if (this.active === 0 && this.queue.length === 0) for (const r of this.idleWaiters.splice(0)) r();
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
    const c = this.cacheOf(w);
    if (c.next === undefined || at < c.next) c.next = at;
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

  private cacheOf(w: string): { dirty: boolean; next: number | undefined } {
    let c = this.cache.get(w);
    if (!c) this.cache.set(w, (c = { dirty: true, next: undefined }));
    return c;
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
