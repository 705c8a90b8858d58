import type { WorkspaceData } from '../store/types.js';
import { deadlinesOf, deadlinesOnce, type Deadline } from './deadlines.js';
import type { Item, TrackState } from './item.js';
import type { Calendar } from './working-days.js';
import { TopK } from './top.js';

/** Where a workspace keeps its tracked items. */
const TRACK_KEY = 'track';

const EMPTY: Readonly<TrackState> = Object.freeze({ seq: 0, items: Object.freeze({}) as Record<string, Item> });

/** A workspace's tracked items, read-only (an empty set when it has none). */
export function trackOf(ws: Readonly<WorkspaceData>): Readonly<TrackState> {
  const t = ws[TRACK_KEY] as TrackState | undefined;
  return t && typeof t === 'object' && t.items ? t : EMPTY;
}

/** The writable tracked items of a workspace inside `store.update`, created on first use. */
export function writableTrack(ws: WorkspaceData): TrackState {
  let t = ws[TRACK_KEY] as TrackState | undefined;
  if (!t || typeof t !== 'object' || !t.items) {
    t = { seq: 0, items: {} };
    ws[TRACK_KEY] = t;
  }
  return t;
}

/** `12`, `#12` or `＃12` → `12`; undefined when it is not an id. */
export function parseItemId(typed: string): string | undefined {
  const m = /^[#＃]?\s*0*(\d{1,9})$/.exec(typed.trim());
  return m ? String(Number(m[1])) : undefined;
}

/** Every item of a workspace (the open ones first is up to the caller). */
export function itemsOf(ws: Readonly<WorkspaceData>): Item[] {
  return Object.values(trackOf(ws).items);
}

/**
 * The soonest pending deadline of an item (overdue ones are the soonest), if any. Its deadlines are
 * remembered (`deadlinesOf`): for a row that is shown, whose deadlines are used again.
 */
export function nextDeadline(item: Item, cal: Calendar, now: Date): Deadline | undefined {
  return soonestPending(item, deadlinesOf(item, cal), now);
}

/** The soonest pending deadline among an item's derived deadlines. */
function soonestPending(item: Item, deadlines: readonly Deadline[], now: Date): Deadline | undefined {
  if (item.status !== 'open') return undefined;
  const t = now.getTime();
  let best: Deadline | undefined;
  for (const d of deadlines) {
    // Live, and not a cutoff or appointment that has passed (pendingDeadlines, without the array).
    if (d.met || (d.kind !== 'deadline' && d.due.getTime() < t)) continue;
    if (!best || d.due.getTime() < best.due.getTime()) best = d;
  }
  return best;
}

/**
 * A page of items by urgency: the soonest pending deadline first (overdue ones are the soonest),
 * then items without one, newest first. Only the rows up to the page are ever ordered. Each item's
 * deadlines come from `deadlinesFor`, by default derived for this one use (`deadlinesOnce`), so a
 * list over 100,000 items leaves no deadlines behind on them.
 */
export function pageByUrgency(
  items: Item[],
  cal: Calendar,
  now: Date,
  from: number,
  count: number,
  deadlinesFor: (item: Item) => readonly Deadline[] = (item) => deadlinesOnce(item, cal),
): Item[] {
  const dueOf = (item: Item): number => soonestPending(item, deadlinesFor(item), now)?.due.getTime() ?? Number.MAX_VALUE;
  if (from + count > 1000) {
    // A deep page: ordering everything is cheaper than keeping a long top list.
    const keyed = items.map((item) => ({ item, due: dueOf(item) }));
    keyed.sort((a, b) => a.due - b.due || Number(b.item.id) - Number(a.item.id));
    return keyed.slice(from, from + count).map((k) => k.item);
  }
  const top = new TopK<Item>(from + count);
  for (const item of items) {
    top.offer(dueOf(item), -Number(item.id), item);
  }
  return top.result().slice(from);
}
