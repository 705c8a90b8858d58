import { addDays, addMonths, type Calendar, type Day } from './working-days.js';
import { template, type DeadlineKind, type DeadlineRule } from './templates.js';
import { latestEvent, type DueRule, type Item, type When } from './item.js';

/**
 * One derived deadline of an item. The scheduler derives its ping slots from these: ping the
 * deadlines of open items (`item.status === 'open'`) that are not `met`.
 */
export interface Deadline {
  /** The template's deadline key (`book-slots`). */
  key: string;
  /** When it is due. A date-only deadline is due at the end of its day in the workspace zone. */
  due: Date;
  /** The day it falls on in the workspace zone. */
  day: Day;
  /** It has a time of day (a meeting, a cutoff); otherwise it is a whole day. */
  timed: boolean;
  /** Missing it has consequences outside the team; otherwise it is a follow-up. */
  hard: boolean;
  /** `deadline` turns overdue; a `cutoff` lapses and an `appointment` passes, neither is overdue. */
  kind: DeadlineKind;
  /** The knowledge-base entry that helps with it (`/guide <entry>`), if any. */
  entry: string | null;
  /** A checklist to prepare, and the working day before on which to send it. */
  checklist?: { entry: string; day: Day } | undefined;
  /** An event that meets it was recorded after the one it counts from: nothing left to do. */
  met: boolean;
  /** The event it counts from (`video-invited`), or the due field (`due`). */
  from: string;
}

/**
 * The deadlines of an item by its template's rules, in template order. Pure: the same item,
 * calendar and template always give the same deadlines; a deadline whose event is not recorded
 * yet is absent. Recording a later event of the same key moves every deadline counted from it.
 * The result is remembered until `item.rev` or the calendar changes: whoever changes an item
 * bumps its `rev` (as /track does), and must not mutate the returned deadlines.
 */
export function deadlinesOf(item: Item, calendar: Calendar): Deadline[] {
  const holder = item as Item & { [MEMO]?: Memo };
  const cached = remembered(holder, calendar);
  if (cached) return cached;
  const deadlines = derive(item, calendar);
  // Kept on the item under a symbol: JSON, the journal and structuredClone never see it.
  Object.defineProperty(holder, MEMO, { value: { rev: item.rev, signature: calendar.signature, deadlines }, writable: true, configurable: true, enumerable: false });
  return deadlines;
}

/** Derived deadlines remembered against the item's revision and the calendar (zone, holidays). */
interface Memo {
  rev: number;
  signature: string;
  deadlines: Deadline[];
}
const MEMO = Symbol('deadlines');

function remembered(holder: Item & { [MEMO]?: Memo }, calendar: Calendar): Deadline[] | undefined {
  const cached = holder[MEMO];
  return cached && cached.rev === holder.rev && cached.signature === calendar.signature ? cached.deadlines : undefined;
}

/**
 * The same deadlines, for one use: derived afresh and not remembered unless they already are. For
 * the scheduler, which goes over every open item of a workspace at its first plan and at each ping
 * (remembered, 100,000 items' deadlines hold about 55 MB).
 */
export function deadlinesOnce(item: Item, calendar: Calendar): Deadline[] {
  return remembered(item, calendar) ?? derive(item, calendar);
}

function derive(item: Item, cal: Calendar): Deadline[] {
  const t = template(item.template);
  if (!t) return [];
  const out: Deadline[] = [];
  for (const rule of t.deadlines) {
    const d = deriveOne(item, rule, cal);
    if (d) out.push(d);
  }
  return out;
}

function deriveOne(item: Item, rule: DeadlineRule, cal: Calendar): Deadline | undefined {
  let point: Point;
  let fromIndex = -1;
  let from: string;
  if ('event' in rule.from) {
    const found = latestEvent(item, rule.from.event);
    if (!found) return undefined;
    fromIndex = found.index;
    from = rule.from.event;
    point = shift(pointOf(found.event.when, cal), rule.offset, cal);
  } else {
    const due = item.dues[rule.from.due];
    if (!due) return undefined;
    from = rule.from.due;
    point = dueRulePoint(due, item, cal);
  }
  const met = rule.metBy.length > 0 && item.events.some((e, i) => i > fromIndex && rule.metBy.includes(e.key));
  const due = point.timed ? point.at : cal.endOfDay(point.day);
  const deadline: Deadline = {
    key: rule.key,
    due,
    day: point.day,
    timed: point.timed,
    hard: rule.hard,
    kind: rule.kind,
    entry: rule.entry,
    met,
    from,
  };
  if (rule.checklist) deadline.checklist = { entry: rule.checklist, day: cal.previousWorkingDay(point.day) };
  return deadline;
}

/** A derived point in time: a whole day, or an instant (with its day in the zone). */
type Point = { timed: false; day: Day } | { timed: true; day: Day; at: Date };

function pointOf(when: When, cal: Calendar): Point {
  if ('day' in when) return { timed: false, day: when.day };
  const at = new Date(when.at);
  return { timed: true, day: cal.dayOf(at), at };
}

/** The point a due rule gives: its date, or creation plus the relative due. */
function dueRulePoint(rule: DueRule, item: Item, cal: Calendar): Point {
  if ('when' in rule) return pointOf(rule.when, cal);
  const created = new Date(item.createdAt);
  const { n, unit } = rule.relative;
  // "48 hours" from creation is exact; "3 working days" means by the end of the third one.
  if (unit === 'hours') return shift({ timed: true, day: cal.dayOf(created), at: created }, { n, unit }, cal);
  return shift({ timed: false, day: cal.dayOf(created) }, { n, unit }, cal);
}

/**
 * A point moved by a rule's offset: working days and calendar periods keep the wall-clock time
 * of a timed point (so a deadline keeps its hour across a DST change); hours are exact.
 */
function shift(p: Point, offset: DeadlineRule['offset'], cal: Calendar): Point {
  if (!offset || offset.n === 0) return p;
  const { n, unit } = offset;
  if (unit === 'hours') {
    if (!p.timed) {
      // A whole day plus whole days of hours stays a whole day; otherwise count from its end.
      if (n % 24 === 0) return { timed: false, day: addDays(p.day, n / 24) };
      const at = new Date(cal.endOfDay(p.day).getTime() + n * 3_600_000);
      return { timed: true, day: cal.dayOf(at), at };
    }
    const at = new Date(p.at.getTime() + n * 3_600_000);
    return { timed: true, day: cal.dayOf(at), at };
  }
  const day =
    unit === 'workingDays'
      ? cal.addWorkingDays(p.day, n)
      : unit === 'days'
        ? addDays(p.day, n)
        : unit === 'weeks'
          ? addDays(p.day, 7 * n)
          : addMonths(p.day, 12 * n);
  if (!p.timed) return { timed: false, day };
  const w = cal.wallClock(p.at);
  return { timed: true, day, at: cal.at(day, w.hour, w.minute, w.second, w.millisecond) };
}

/** Still something to act on or remind about: the item is open and the deadline not met. */
export function isLive(item: Item, d: Deadline): boolean {
  return item.status === 'open' && !d.met;
}

/** Past due and not met; cutoffs and appointments are never overdue, they pass. */
export function isOverdue(item: Item, d: Deadline, now: Date): boolean {
  return isLive(item, d) && d.kind === 'deadline' && now.getTime() > d.due.getTime();
}

/** A cutoff or appointment whose time has passed. */
export function hasPassed(d: Deadline, now: Date): boolean {
  return d.kind !== 'deadline' && now.getTime() > d.due.getTime();
}

/**
 * The deadlines still ahead or overdue: live, and not a passed cutoff or appointment. Derived for
 * one use (`deadlinesOnce`): the daily digest goes over every open item of a channel.
 */
export function pendingDeadlines(item: Item, cal: Calendar, now: Date): Deadline[] {
  return deadlinesOnce(item, cal).filter((d) => isLive(item, d) && !hasPassed(d, now));
}
