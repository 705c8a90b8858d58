import type { Platform } from '../core/types.js';
import { isNoneWord } from '../core/on-off.js';
import type { WorkspaceData } from '../store/types.js';
import type { LedgerEntry } from './ping-ledger.js';

/**
 * A workspace's ping schedule (`/settings pings …`) and its channels' daily digests
 * (`/settings digest …`), kept with the delivery ledger under the workspace's `pings` field.
 */

export interface PingSchedule {
  /** Deadline pings at all (`/settings pings off`). */
  enabled: boolean;
  /** Working days before the due day to ping on, largest first; 0 is the due day itself. */
  days: number[];
  /** The local time of day of the day pings, in minutes after midnight (09:00 = 540). */
  minute: number;
  /** Once when a deadline is overdue, at that time on the next working day. */
  overdue: boolean;
  /** One hour before a timed deadline (a meeting, a cutoff). */
  hour: boolean;
}

export const DEFAULT_SCHEDULE: Readonly<PingSchedule> = Object.freeze({ enabled: true, days: [2, 1, 0], minute: 9 * 60, overdue: true, hour: true });

/** The most working days ahead a ping can be set (`days:10`). */
export const MAX_DAYS_BEFORE = 10;

/** One channel's daily digest. */
export interface DigestSetting {
  /** Local time of day, minutes after midnight. */
  minute: number;
  /** Who set it: their language is the digest's when the workspace has no default. */
  by: string;
  /** The platform the channel is on (its notifier posts the digest). */
  platform: Platform;
}

/** What the scheduler keeps in a workspace: `ws.pings`. */
export interface PingsState {
  /** Absent: the default schedule. */
  schedule?: PingSchedule | undefined;
  /**
   * When the schedule last changed (ISO). Slots of the new schedule that fall before it are not
   * sent: they did not exist when they came due (pings were off, or at other times).
   */
  scheduleSince?: string | undefined;
  /** By channel id. */
  digests?: Record<string, DigestSetting> | undefined;
  /** The delivery ledger, by idempotency key (ping-ledger.ts). */
  ledger?: Record<string, LedgerEntry> | undefined;
}

const PINGS_KEY = 'pings';

const EMPTY: Readonly<PingsState> = Object.freeze({});

export function pingsOf(ws: Readonly<WorkspaceData>): Readonly<PingsState> {
  const p = ws[PINGS_KEY] as PingsState | undefined;
  return p && typeof p === 'object' ? p : EMPTY;
}

/** The writable `pings` field inside `store.update`, created on first use. */
export function writablePings(ws: WorkspaceData): PingsState {
  let p = ws[PINGS_KEY] as PingsState | undefined;
  if (!p || typeof p !== 'object') {
    p = {};
    ws[PINGS_KEY] = p;
  }
  return p;
}

export function scheduleOf(ws: Readonly<WorkspaceData>): Readonly<PingSchedule> {
  return pingsOf(ws).schedule ?? DEFAULT_SCHEDULE;
}

/** Slots at or before this (ms) are not sent: the schedule changed after them. */
export function scheduleSince(ws: Readonly<WorkspaceData>): number {
  const since = pingsOf(ws).scheduleSince;
  return since ? Date.parse(since) : -Infinity;
}

/** What slot times depend on, as a cache key. */
export function scheduleSignature(s: Readonly<PingSchedule>): string {
  return `${s.enabled ? 1 : 0}|${s.days.join(',')}|${s.minute}|${s.overdue ? 1 : 0}|${s.hour ? 1 : 0}`;
}

/** `09:00`, `9:00`, `9`, `0900`, `9：00` → minutes after midnight; undefined when it is not a time of day. */
export function parseTimeOfDay(typed: string): number | undefined {
  const s = typed.trim().replace(/：/g, ':');
  const m = /^(\d{1,2})(?::?(\d{2}))?$/.exec(s);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  if (hour > 23 || minute > 59) return undefined;
  return hour * 60 + minute;
}

export function formatTimeOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/**
 * `2,1,0` (commas, spaces, `，` or `、`) → [2, 1, 0]: distinct whole numbers from 0 to
 * MAX_DAYS_BEFORE, largest first; `none` → []. Undefined when any part is not one.
 */
export function parseDays(typed: string): number[] | undefined {
  const s = typed.trim().toLowerCase();
  if (isNoneWord(s)) return [];
  const parts = s.split(/[\s,，、;]+/).filter(Boolean);
  if (!parts.length) return undefined;
  const out = new Set<number>();
  for (const p of parts) {
    if (!/^\d{1,2}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > MAX_DAYS_BEFORE) return undefined;
    out.add(n);
  }
  return [...out].sort((a, b) => b - a);
}
