import { describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { computeZoneOffsets, offsetAt, wallToInstant } from '../../src/settings/zone-table.js';

// DST north and south, a 30-minute DST (Lord Howe), a change at midnight (Santiago), none (Shanghai),
// a 45-minute offset (Kathmandu, Chatham) and Morocco's Ramadan change.
const ZONES = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Shanghai', 'Asia/Kathmandu', 'Pacific/Chatham', 'Africa/Casablanca', 'UTC'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the time zone offset tables', () => {
  it('give every instant of 2026 the offset Intl gives it, hour by hour and at each change', () => {
    const wrong: string[] = [];
    for (const zone of ZONES) {
      const table = computeZoneOffsets(zone, 2026, 2026);
      const instants: number[] = [];
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += HOUR) instants.push(t);
      for (const change of table.at.slice(1)) instants.push(change - 1, change);
      for (const t of instants) {
        const expected = -new TZDate(t, zone).getTimezoneOffset();
        if (offsetAt(table, t) !== expected) wrong.push(`${zone} ${new Date(t).toISOString()}: ${offsetAt(table, t)} ≠ ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('turn wall-clock times of 2026 into the instants TZDate gives: every 15 minutes within two days of a change, else every 5 hours', () => {
    const wrong: string[] = [];
    for (const zone of ZONES) {
      const table = computeZoneOffsets(zone, 2026, 2026);
      const walls: number[] = [];
      for (let wall = Date.UTC(2026, 0, 1); wall < Date.UTC(2027, 0, 1); wall += 5 * HOUR) walls.push(wall);
      for (const change of table.at.slice(1)) {
        const near = Math.floor(change / HOUR) * HOUR;
        for (let wall = near - 2 * DAY; wall <= near + 2 * DAY; wall += HOUR / 4) walls.push(wall);
      }
      for (const wall of walls) {
        const w = new Date(wall);
        const got = wallToInstant(table, wall);
        const byTzDate = new TZDate(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), 0, 0, zone).getTime();
        // The instants showing this wall clock: two when it occurs twice (TZDate's choice then depends on the system's zone).
        const shows = [...new Set([offsetAt(table, wall - DAY), offsetAt(table, wall + DAY)])].map((o) => wall - o * 60_000).filter((t) => t + offsetAt(table, t) * 60_000 === wall);
        const ok = shows.length === 2 ? got === Math.min(...shows) && shows.includes(byTzDate) : got === byTzDate;
        if (!ok) wrong.push(`${zone} ${w.toISOString().slice(0, 16)}: ${got === undefined ? '-' : new Date(got).toISOString()} ≠ ${new Date(byTzDate).toISOString()}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('read a time that occurs twice as its first occurrence, and move a skipped time forward', () => {
    const ny = computeZoneOffsets('America/New_York', 2026, 2026);
    expect(new Date(wallToInstant(ny, Date.UTC(2026, 10, 1, 1, 30))!).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(new Date(wallToInstant(ny, Date.UTC(2026, 2, 8, 2, 30))!).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    const santiago = computeZoneOffsets('America/Santiago', 2026, 2026);
    expect(new Date(wallToInstant(santiago, Date.UTC(2026, 3, 4, 23, 59, 59, 999))!).toISOString()).toBe('2026-04-05T02:59:59.999Z');
  });

  it('cover only their years (and a day either side)', () => {
    const table = computeZoneOffsets('Asia/Shanghai', 2026, 2026);
    expect(wallToInstant(table, Date.UTC(2026, 0, 1, 12))).toBe(Date.UTC(2026, 0, 1, 4));
    expect(wallToInstant(table, Date.UTC(2025, 11, 1))).toBeUndefined();
    expect(wallToInstant(table, Date.UTC(2027, 1, 1))).toBeUndefined();
  });
});
