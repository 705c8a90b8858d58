import type { RelativeDue } from './parse-date.js';
import type { Day } from './working-days.js';
import type { Platform } from '../core/types.js';

/**
 * The tracked-item model as it is stored (JSON) under `ws.track` of a workspace. Deadlines are
 * never stored: `deadlinesOf` (deadlines.ts) derives them from the template and the events.
 */

/** A date as recorded: a calendar day in the workspace zone, or an exact instant (ISO, UTC). */
export type When = { day: Day } | { at: string };

export interface ItemEvent {
  /** The template's event key (`video-invited`). */
  key: string;
  when: When;
  /** For events with outcomes (`decided approved`). */
  outcome?: string | undefined;
  /** Who recorded it (platform user id) and when (ISO). */
  by: string;
  recordedAt: string;
}

export interface ItemNote {
  by: string;
  at: string;
  text: string;
}

/** A due given when the item was opened: a date, or a relative due counted from creation. */
export type DueRule = { when: When } | { relative: RelativeDue };

export type ItemStatus = 'open' | 'done' | 'cancelled';

export interface Item {
  /** Short and typeable: a sequence number, unique within the workspace ("12"). */
  id: string;
  template: string;
  title: string;
  /** The channel it was opened in (its pings go there). */
  channel: string;
  /** The chat platform it was opened on (its pings go through that platform's notifier). */
  platform?: Platform | undefined;
  status: ItemStatus;
  createdBy: string;
  createdAt: string;
  /** A platform user id. */
  assignee?: string | undefined;
  /** Text fields (`market`, `brand`). */
  fields: Record<string, string>;
  /** Due fields (`due`). */
  dues: Record<string, DueRule>;
  /** In the order recorded; the latest of a key is the one that counts. */
  events: ItemEvent[];
  notes: ItemNote[];
  closedAt?: string | undefined;
  closedBy?: string | undefined;
  /** Bumped on every change; derived data is cached against it. */
  rev: number;
}

/** A workspace's tracked items: `ws.track`. */
export interface TrackState {
  /** The last id handed out. */
  seq: number;
  items: Record<string, Item>;
}

/** The latest recorded event of a key, with its position in `item.events`. */
export function latestEvent(item: Item, key: string): { event: ItemEvent; index: number } | undefined {
  for (let i = item.events.length - 1; i >= 0; i--) {
    const e = item.events[i]!;
    if (e.key === key) return { event: e, index: i };
  }
  return undefined;
}
