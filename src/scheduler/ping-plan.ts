import { boundedCache } from '../cache.js';
import { deadlinesOnce, isLive, type Deadline } from '../workflows/deadlines.js';
import { latestEvent, type Item } from '../workflows/item.js';
import type { Calendar } from '../workflows/working-days.js';
import { scheduleSignature, type PingSchedule } from './schedule.js';

/**
 * The ping plan: when each deadline of an open item pings its channel. Pure: the same item,
 * calendar and schedule always give the same slots. A slot's idempotency key holds the item, the
 * deadline, the slot and the deadline's due time, so a deadline that moves gets fresh keys and the
 * slots of its old due time are simply no longer planned.
 */

/** `2wd` (2 working days before), `1wd`, `due` (on the due day), `1h` (an hour before), `overdue`. */
export type SlotName = string;

export interface PlannedSlot {
  /** Idempotency key: `<item>/<deadline>/<slot>/<due, ISO UTC>`. */
  key: string;
  itemId: string;
  deadline: string;
  slot: SlotName;
  /** When the ping is due to leave, ms since the epoch. */
  at: number;
  /** The deadline's due time, ms since the epoch. */
  due: number;
  /** The preparation checklist (knowledge-base entry) that goes with this ping, if any. */
  checklist?: string | undefined;
}

const HOUR_MS = 3_600_000;

export function slotKey(itemId: string, deadline: string, slot: SlotName, due: number): string {
  return `${itemId}/${deadline}/${slot}/${new Date(due).toISOString()}`;
}

/** The parts of a slot key (undefined when it is not one). */
export function parseSlotKey(key: string): { itemId: string; deadline: string; slot: SlotName; due: number } | undefined {
  const m = /^([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(key);
  if (!m) return undefined;
  const due = Date.parse(m[4]!);
  return Number.isNaN(due) ? undefined : { itemId: m[1]!, deadline: m[2]!, slot: m[3]!, due };
}

/**
 * The slots of one deadline by the schedule, before filtering by when the deadline became known:
 * - `<n>wd`: n working days before the due day, at the schedule's time (n from `days`, n ≥ 1);
 * - `due`: on the due day at that time (0 in `days`), unless that is not before the due time, or
 *   (with `hour`) not before the one-hour ping of a timed deadline, which then stands for it;
 * - `1h`: an hour before a timed deadline (`hour`);
 * - `overdue`: once, at the schedule's time on the first working day after the due time
 *   (`overdue`; deadlines only: cutoffs and appointments pass, they are never overdue).
 * A deadline with a checklist (a meeting) always has its `1wd` slot, which carries the checklist.
 * Pre-due slots only exist before the due time. Sorted by time.
 */
export function deadlineSlots(d: Deadline, cal: Calendar, s: Readonly<PingSchedule>): { slot: SlotName; at: number; checklist?: string }[] {
  if (!s.enabled) return [];
  const hour = Math.floor(s.minute / 60);
  const minute = s.minute % 60;
  const due = d.due.getTime();
  const dayAt = (day: string) => cal.at(day, hour, minute).getTime();
  const out: { slot: SlotName; at: number; checklist?: string }[] = [];
  const hourSlot = s.hour && d.timed ? due - HOUR_MS : undefined;
  // The schedule's days, largest first (a checklist adds the working day before).
  const days = d.checklist && !s.days.includes(1) ? [...s.days, 1].sort((a, b) => b - a) : s.days;
  for (const n of days) {
    if (n === 0) {
      const at = dayAt(d.day);
      if (at < due && (hourSlot === undefined || at < hourSlot)) out.push({ slot: 'due', at });
      continue;
    }
    const day = cal.addWorkingDays(d.day, -n);
    const at = dayAt(day);
    if (at >= due) continue;
    out.push(n === 1 && d.checklist ? { slot: '1wd', at, checklist: d.checklist.entry } : { slot: `${n}wd`, at });
  }
  if (hourSlot !== undefined) out.push({ slot: '1h', at: hourSlot });
  if (s.overdue && d.kind === 'deadline') {
    const sameDay = dayAt(d.day);
    const at = sameDay > due && cal.isWorkingDay(d.day) ? sameDay : dayAt(cal.addWorkingDays(d.day, 1));
    out.push({ slot: 'overdue', at });
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * When a deadline took its current form: the recording of the event it counts from, or the
 * item's creation for a due given when it was opened. Slots at or before it are not sent (the
 * person who recorded it has just seen the deadline in the reply).
 */
function knownSince(item: Item, d: Deadline): number {
  const ev = latestEvent(item, d.from);
  return Date.parse(ev ? ev.event.recordedAt : item.createdAt);
}

/**
 * Every slot of an open item's live deadlines that comes after the deadline was known (and after
 * `notBefore`: the last change of the schedule), by time.
 */
export function planItem(item: Item, cal: Calendar, s: Readonly<PingSchedule>, notBefore = -Infinity): PlannedSlot[] {
  if (item.status !== 'open' || !s.enabled) return [];
  const out: PlannedSlot[] = [];
  for (const d of deadlinesOnce(item, cal)) {
    if (!isLive(item, d)) continue;
    const since = Math.max(knownSince(item, d), notBefore);
    const due = d.due.getTime();
    let prefix: string | undefined;
    let dueIso: string | undefined;
    for (const x of deadlineSlots(d, cal, s)) {
      if (x.at <= since) continue;
      // The same key as slotKey(), built once per deadline.
      prefix ??= `${item.id}/${d.key}/`;
      dueIso ??= new Date(due).toISOString();
      const slot: PlannedSlot = { key: `${prefix}${x.slot}/${dueIso}`, itemId: item.id, deadline: d.key, slot: x.slot, at: x.at, due };
      if (x.checklist) slot.checklist = x.checklist;
      out.push(slot);
    }
  }
  return out.length > 1 ? out.sort((a, b) => a.at - b.at) : out;
}

/**
 * An item's plan, remembered against its revision, the calendar and the schedule, with a cursor
 * past the slots that need no more looking at (the scheduler advances it).
 */
export interface ItemPlan {
  rev: number;
  signature: string;
  slots: PlannedSlot[];
  /** Every slot before this index is handled in the ledger, or older than `floor`. */
  pos: number;
  /** The horizon the cursor skipped old slots against (a clock set back resets the cursor). */
  floor: number;
}

/**
 * Plans remembered at once: those of the items a tick is handling and of the tops of the heaps.
 * Bounded: a plan per item of a 100,000-item workspace held about 110 MB (some 4 slots each, with
 * their keys); one not remembered is made again from the item when it is needed (tens of µs).
 */
const PLANS_KEPT = 4_096;
const plans = boundedCache<Item, ItemPlan>(PLANS_KEPT);

/** What every item's plan in a workspace depends on besides the item itself: a cache key. */
export function planSignature(cal: Calendar, s: Readonly<PingSchedule>, notBefore = -Infinity): string {
  return `${cal.signature}#${scheduleSignature(s)}#${notBefore}`;
}

export function cachedPlan(item: Item, cal: Calendar, s: Readonly<PingSchedule>, notBefore = -Infinity, signature = planSignature(cal, s, notBefore)): ItemPlan {
  const known = plans.get(item);
  // Every change to an item (events, status, assignee) bumps its revision.
  if (known !== undefined && known.rev === item.rev && known.signature === signature) return known;
  const plan = newPlan(item, cal, s, notBefore, signature);
  plans.set(item, plan);
  return plan;
}

/** An item's plan for one look: the remembered one, or one made now and not kept (for a pass over every item). */
export function passingPlan(item: Item, cal: Calendar, s: Readonly<PingSchedule>, notBefore: number, signature: string): ItemPlan {
  const known = plans.peek(item);
  if (known !== undefined && known.rev === item.rev && known.signature === signature) return known;
  return newPlan(item, cal, s, notBefore, signature);
}

function newPlan(item: Item, cal: Calendar, s: Readonly<PingSchedule>, notBefore: number, signature: string): ItemPlan {
  return { rev: item.rev, signature, slots: planItem(item, cal, s, notBefore), pos: 0, floor: -Infinity };
}

/**
 * The first slot of a plan that still has to be handled: not in the ledger, not being sent right
 * now (`busy`) and not older than the horizon (`since`). Advances the cursor past the slots in
 * front that are handled or too old, so a steady scan looks at one slot per item.
 */
export function firstPending(plan: ItemPlan, handled: (key: string) => boolean, busy: (key: string) => boolean, since: number): PlannedSlot | undefined {
  if (since < plan.floor) {
    plan.pos = 0;
    plan.floor = -Infinity;
  }
  const slots = plan.slots;
  for (let i = plan.pos; i < slots.length; i++) {
    const s = slots[i]!;
    const old = s.at < since;
    if (old || handled(s.key)) {
      if (i === plan.pos) {
        plan.pos++;
        if (old && since > plan.floor) plan.floor = since;
      }
      continue;
    }
    if (busy(s.key)) continue;
    return s;
  }
  return undefined;
}
