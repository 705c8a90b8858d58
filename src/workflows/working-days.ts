import { TZDate } from '@date-fns/tz';
import { computeHolidays, tableHolidays } from '../settings/holiday-table.js';
import { offsetAt, wallToInstant, zoneOffsets, type ZoneOffsets } from '../settings/zone-table.js';
import type { Config } from '../config.js';
import { boundedCache, type BoundedCache } from '../cache.js';
import type { WorkspaceData } from '../store/types.js';

/** A calendar day in the workspace's time zone, `YYYY-MM-DD`. */
export type Day = string;

/** The wall clock of an instant in a zone. */
export interface WallClock {
  day: Day;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** The zone's offset from UTC at that instant, in minutes (east positive). */
  offsetMinutes: number;
}

/**
 * Working days of one workspace: Monday to Friday in its time zone, minus the full-day public
 * holidays of its holiday region (none when no region is set). Adding N working days counts N
 * working days after the day (date-fns `addBusinessDays` semantics, with holidays skipped too).
 */
export interface Calendar {
  readonly zone: string;
  readonly region: string | undefined;
  /** What the calendar's answers depend on (zone and region): a cache key. */
  readonly signature: string;
  isWorkingDay(day: Day): boolean;
  /** The public holiday on a day, if any (its name as date-holidays gives it). */
  holiday(day: Day): string | undefined;
  /** The day N working days after `day` (before it when N is negative); 0 returns `day`. */
  addWorkingDays(day: Day, n: number): Day;
  /** Working days after `from` up to and including `to`; negative when `to` is before `from`. */
  workingDaysBetween(from: Day, to: Day): number;
  /** The last working day before `day`. */
  previousWorkingDay(day: Day): Day;
  /** The day an instant falls on in the zone. */
  dayOf(instant: Date): Day;
  wallClock(instant: Date): WallClock;
  /** The instant of a wall-clock time on a day (a time inside a DST gap moves forward). */
  at(day: Day, hour: number, minute: number, second?: number, millisecond?: number): Date;
  /** The last millisecond of a day in the zone: when a date-only deadline is due. */
  endOfDay(day: Day): Date;
  /** ISO 8601 with the zone's offset, e.g. `2026-12-03T23:59:59.999+08:00` (milliseconds only when not zero). */
  iso(instant: Date): string;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` day (proleptic Gregorian, no Date objects). */
export function dayNumber(day: Day): number {
  return daysFromCivil(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)));
}

export function dayFromNumber(n: number): Day {
  // The inverse of daysFromCivil (H. Hinnant's civil calendar algorithms).
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return makeDay(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function makeDay(year: number, month: number, day: number): Day {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether year-month-day names a real day (no 2026-02-30). */
export function isRealDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: Day): number {
  return (((dayNumber(day) + 4) % 7) + 7) % 7;
}

export function addDays(day: Day, n: number): Day {
  return dayFromNumber(dayNumber(day) + n);
}

/**
 * Calendar months added to a day; a day the target month lacks becomes its last day
 * (2028-02-29 + 1 year = 2029-02-28), as date-fns addMonths/addYears do.
 */
export function addMonths(day: Day, n: number): Day {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const d = Number(day.slice(8, 10));
  const total = y * 12 + (m - 1) + n;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  return makeDay(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

const isWeekendNumber = (n: number): boolean => {
  const wd = (((n + 4) % 7) + 7) % 7;
  return wd === 0 || wd === 6;
};

/** Full-day public holidays of a region, by year, loaded once. */
const holidayCache = new Map<string, Map<Day, string>>();

function holidaysOf(region: string, year: number): Map<Day, string> {
  const key = `${region}:${year}`;
  let days = holidayCache.get(key);
  if (days) return days;
  // The build's table when it covers the year (one small file), else date-holidays itself.
  days = new Map(tableHolidays(region, year) ?? computeHolidays(region, year));
  holidayCache.set(key, days);
  return days;
}

const calendars = new Map<string, Calendar>();

/** The calendar of a zone and optional holiday region (a date-holidays country code). Cached. */
export function workCalendar(zone: string, region?: string): Calendar {
  const signature = `${zone}|${region ?? ''}`;
  let cal = calendars.get(signature);
  if (!cal) {
    cal = createCalendar(zone, region, signature);
    calendars.set(signature, cal);
  }
  return cal;
}

/** The calendar of a workspace: its time zone (else the configured default) and holiday region. */
export function calendarFor(ws: Readonly<WorkspaceData>, config: Pick<Config, 'DEFAULT_TIMEZONE'>): Calendar {
  return workCalendar(ws.settings.timezone ?? config.DEFAULT_TIMEZONE, ws.settings.holidays);
}

/** How many zone conversions of each kind a calendar remembers. */
const CONVERSIONS_KEPT = 20_000;

function createCalendar(zone: string, region: string | undefined, signature: string): Calendar {
  const holidayOn = (n: number): string | undefined => {
    if (!region) return undefined;
    const day = dayFromNumber(n);
    return holidaysOf(region, Number(day.slice(0, 4))).get(day);
  };
  const workingNumber = (n: number): boolean => !isWeekendNumber(n) && holidayOn(n) === undefined;

  // Zone conversions read the build's offset table (zone-table.ts) where it covers the instant,
  // else go through TZDate, which is exact but slow (and loads ICU's zone data); deadlines repeat
  // the same few days and times, so both directions are remembered (bounded).
  let table: ZoneOffsets | null | undefined;
  const offsets = (): ZoneOffsets | null => (table ??= zoneOffsets(zone) ?? null);
  const toInstant = boundedCache<string, number>(CONVERSIONS_KEPT);
  const dayEnds = boundedCache<Day, number>(CONVERSIONS_KEPT);
  const toWall = boundedCache<number, WallClock>(CONVERSIONS_KEPT);
  const remember = <K extends NonNullable<unknown>, V extends NonNullable<unknown>>(m: BoundedCache<K, V>, k: K, v: V): V => {
    m.set(k, v);
    return v;
  };

  const cal: Calendar = {
    zone,
    region,
    signature,
    isWorkingDay: (day) => workingNumber(dayNumber(day)),
    holiday: (day) => holidayOn(dayNumber(day)),
    addWorkingDays(day, n) {
      let d = dayNumber(day);
      const step = n < 0 ? -1 : 1;
      let left = Math.abs(Math.trunc(n));
      while (left > 0) {
        d += step;
        if (workingNumber(d)) left--;
      }
      return dayFromNumber(d);
    },
    workingDaysBetween(from, to) {
      const a = dayNumber(from);
      const b = dayNumber(to);
      if (a === b) return 0;
      const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
      // Weekdays in (lo, hi] by whole weeks, then the rest day by day; then the holidays in range.
      const span = hi - lo;
      let count = Math.floor(span / 7) * 5;
      for (let d = lo + Math.floor(span / 7) * 7 + 1; d <= hi; d++) if (!isWeekendNumber(d)) count++;
      if (region) {
        const y0 = Number(dayFromNumber(lo).slice(0, 4));
        const y1 = Number(dayFromNumber(hi).slice(0, 4));
        for (let y = y0; y <= y1; y++) {
          for (const h of holidaysOf(region, y).keys()) {
            const n = dayNumber(h);
            if (n > lo && n <= hi && !isWeekendNumber(n)) count--;
          }
        }
      }
      return sign * count;
    },
    previousWorkingDay: (day) => cal.addWorkingDays(day, -1),
    dayOf: (instant) => cal.wallClock(instant).day,
    wallClock(instant) {
      const ms = instant.getTime();
      const known = toWall.get(ms);
      if (known) return known;
      const t = offsets();
      let wall: WallClock;
      if (t && ms >= t.from && ms < t.to) {
        // The wall clock is the UTC clock of the instant moved by the zone's offset.
        const offsetMinutes = offsetAt(t, ms);
        const w = new Date(ms + offsetMinutes * 60_000);
        const day = makeDay(w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate());
        wall = { day, hour: w.getUTCHours(), minute: w.getUTCMinutes(), second: w.getUTCSeconds(), millisecond: w.getUTCMilliseconds(), offsetMinutes };
      } else {
        const z = new TZDate(ms, zone);
        const day = makeDay(z.getFullYear(), z.getMonth() + 1, z.getDate());
        wall = { day, hour: z.getHours(), minute: z.getMinutes(), second: z.getSeconds(), millisecond: z.getMilliseconds(), offsetMinutes: -z.getTimezoneOffset() };
      }
      return remember(toWall, ms, wall);
    },
    at(day, hour, minute, second = 0, millisecond = 0) {
      const key = `${day}T${hour}:${minute}:${second}.${millisecond}`;
      const known = toInstant.get(key);
      if (known !== undefined) return new Date(known);
      const y = Number(day.slice(0, 4));
      const m = Number(day.slice(5, 7));
      const d = Number(day.slice(8, 10));
      const t = offsets();
      const fromTable = t ? wallToInstant(t, Date.UTC(y, m - 1, d, hour, minute, second, millisecond)) : undefined;
      const ms = fromTable ?? new TZDate(y, m - 1, d, hour, minute, second, millisecond, zone).getTime();
      return new Date(remember(toInstant, key, ms));
    },
    endOfDay(day) {
      let ms = dayEnds.get(day);
      if (ms === undefined) ms = remember(dayEnds, day, cal.at(day, 23, 59, 59, 999).getTime());
      return new Date(ms);
    },
    iso(instant) {
      const w = cal.wallClock(instant);
      const pad = (n: number, l = 2) => String(n).padStart(l, '0');
      const off = Math.abs(w.offsetMinutes);
      const sign = w.offsetMinutes < 0 ? '-' : '+';
      const frac = w.millisecond ? `.${pad(w.millisecond, 3)}` : '';
      return `${w.day}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${frac}${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
    },
  };
  return cal;
}
