import type { Ping } from '../core/notifier.js';
import type { WorkspaceData } from '../store/types.js';
import { deadlinesOnce } from '../workflows/deadlines.js';
import type { Item } from '../workflows/item.js';
import { trackOf } from '../workflows/items.js';
import { calendarFor, type Calendar } from '../workflows/working-days.js';
import { digestPing, missedPing, pingKey, slotPing } from './message.js';
import type { SchedulerServices } from './options.js';
import type { LedgerEntry, MissedLine } from './ping-ledger.js';
import { cachedPlan, parseSlotKey, planSignature, type PlannedSlot } from './ping-plan.js';
import { pingsOf, scheduleOf, scheduleSince } from './schedule.js';

/**
 * The message of a claimed ledger entry as it reads at the moment it is posted (the item, the
 * deadline and the channel's language as they are now), or why it no longer applies: the item
 * closed or its deadline moved ("withdrawn"), the digest was turned off or has nothing to say.
 */

/** The slot a tick decided to send, as it was planned (item revision and plan signature). */
export interface KnownSlot {
  slot: PlannedSlot;
  rev: number;
  signature: string;
}

export interface Built {
  ping: Ping;
  /** Set when the entry no longer applies: skip it with this reason instead of posting. */
  skip?: string | undefined;
}

export function buildPing(services: SchedulerServices, w: string, key: string, entry: LedgerEntry, known?: KnownSlot): Built {
  const ws = services.store.read(w);
  const cal = calendarFor(ws, services.config);
  const now = services.clock();
  const base = { services, workspace: w, ws, cal, now };
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
  // A slot this process just decided on comes with its plan; a leftover or a retry has only its key.
  const parts = known ? known.slot : parseSlotKey(key);
  if (!parts) return { ping: bare('', '', ''), skip: 'withdrawn' };
  const item = trackOf(ws).items[parts.itemId];
  const slot = item ? currentSlot(item, cal, ws, key, known) : undefined;
  const deadline = item && slot ? deadlinesOnce(item, cal).find((d) => d.key === slot.deadline) : undefined;
  if (!item || !slot || !deadline) return { ping: bare(parts.itemId, parts.deadline, parts.slot), skip: 'withdrawn' };
  return { ping: slotPing({ ...base, item, deadline, slot }) };
}

/**
 * The slot of a key in an item's current plan (absent: the item closed or the deadline moved).
 * The slot as planned still holds when neither the item (its revision) nor what every plan depends
 * on (the signature) changed since.
 */
function currentSlot(item: Item, cal: Calendar, ws: Readonly<WorkspaceData>, key: string, known: KnownSlot | undefined): PlannedSlot | undefined {
  if (item.status !== 'open') return undefined;
  const schedule = scheduleOf(ws);
  const since = scheduleSince(ws);
  const signature = planSignature(cal, schedule, since);
  if (known && known.rev === item.rev && known.signature === signature) return known.slot;
  return cachedPlan(item, cal, schedule, since, signature).slots.find((s) => s.key === key);
}

function firstCreator(ws: Readonly<WorkspaceData>, lines: MissedLine[]): string | undefined {
  const items = trackOf(ws).items;
  for (const l of lines) {
    const item = items[l.item];
    if (item) return item.createdBy;
  }
  return undefined;
}
