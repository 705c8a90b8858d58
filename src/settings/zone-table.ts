import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectPath } from '../paths.js';
import { tablesCurrent } from './table-stamp.js';

/*
 * Time zone offsets, computed once by the build for every zone the running Node knows over a few
 * years around the build (dist/zones/<Area>/<City>.json), so a deadline command converts between
 * instants and wall clocks without Intl: the first Intl.DateTimeFormat of a process loads ICU's
 * time zone data, which takes longer than the rest of a one-shot `/track list`. An instant outside
 * the table, a zone without one, and a table written from another Node's time zone data
 * (`process.versions.tz`) fall back to Intl (through TZDate).
 */

/** A zone's offsets over the table's span: from each change on (the first at `from`), the offset in minutes east of UTC. */
export interface ZoneOffsets {
  /** The instants (ms) the table covers: [from, to). */
  readonly from: number;
  readonly to: number;
  readonly at: readonly number[];
  readonly offset: readonly number[];
}

interface ZoneTable {
  tz: string;
  from: number;
  to: number;
  /** [instant, offset in minutes] per change, the first at `from`. */
  changes: [number, number][];
}

const DAY_MS = 86_400_000;
/** What a zone name must look like to be a file name under dist/zones (no dots: no way out of it). */
const ZONE_NAME = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/;

function tableDir(): string {
  return projectPath('dist', 'zones');
}

/** The time zone data version of the running Node (the tables hold its rules). */
function tzVersion(): string {
  return process.versions.tz ?? '';
}

/** A zone's offset (minutes east of UTC) at an instant, read from Intl (as TZDate does). */
function intlOffset(format: Intl.DateTimeFormat, instant: number): number {
  const name = format.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /^GMT(?:([+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?)?$/.exec(name);
  if (!m) throw new Error(`unexpected zone offset "${name}"`);
  if (!m[1]) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * A zone's offset changes from the start of `fromYear` to the end of `toYear`: the offset is read
 * day by day, and where it differs from the day before, the change is found to the millisecond.
 */
export function computeZoneOffsets(zone: string, fromYear: number, toYear: number): ZoneOffsets {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  const from = Date.UTC(fromYear, 0, 1) - DAY_MS;
  const to = Date.UTC(toYear + 1, 0, 1) + DAY_MS;
  const at = [from];
  const offset = [intlOffset(format, from)];
  let before = offset[0]!;
  for (let t = from + DAY_MS; t < to + DAY_MS; t += DAY_MS) {
    const now = intlOffset(format, Math.min(t, to - 1));
    if (now === before) continue;
    // The change lies in (t - 1 day, t]: narrowed to the millisecond.
    let lo = t - DAY_MS;
    let hi = Math.min(t, to - 1);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (intlOffset(format, mid) === before) lo = mid;
      else hi = mid;
    }
    at.push(hi);
    offset.push(now);
    before = now;
  }
  return { from, to, at, offset };
}

/** The offset (minutes east of UTC) at an instant the table covers. */
export function offsetAt(table: ZoneOffsets, instant: number): number {
  let lo = 0;
  let hi = table.at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (table.at[mid]! <= instant) lo = mid;
    else hi = mid - 1;
  }
  return table.offset[lo]!;
}

/**
 * The instant of a wall-clock time (given as its UTC milliseconds, `Date.UTC(y, m, d, …)`), or
 * undefined when the table does not cover it. A time a change skips (a DST gap) moves forward by
 * the gap, read with the offset before the change; a time that occurs twice (the hour after DST
 * ends) is its first occurrence.
 */
export function wallToInstant(table: ZoneOffsets, wall: number): number | undefined {
  // Offsets change at most once in two days: the ones a day either side are the candidates.
  if (wall - DAY_MS < table.from || wall + DAY_MS >= table.to) return undefined;
  const early = offsetAt(table, wall - DAY_MS);
  const late = offsetAt(table, wall + DAY_MS);
  const byEarly = wall - early * 60_000;
  const byLate = wall - late * 60_000;
  const earlyFits = offsetAt(table, byEarly) === early;
  const lateFits = offsetAt(table, byLate) === late;
  if (earlyFits && lateFits) return Math.min(byEarly, byLate);
  if (earlyFits) return byEarly;
  if (lateFits) return byLate;
  return byEarly;
}

const tables = new Map<string, ZoneOffsets | null>();

/** A zone's table from the build, or undefined (no table, or one from other time zone data). */
export function zoneOffsets(zone: string): ZoneOffsets | undefined {
  let table = tables.get(zone);
  if (table === undefined) {
    table = null;
    if (ZONE_NAME.test(zone)) {
      try {
        const t = JSON.parse(readFileSync(join(tableDir(), `${zone}.json`), 'utf8')) as ZoneTable;
        if (t.tz === tzVersion()) table = { from: t.from, to: t.to, at: t.changes.map((c) => c[0]), offset: t.changes.map((c) => c[1]) };
      } catch {
        // No table: Intl converts.
      }
    }
    tables.set(zone, table);
  }
  return table ?? undefined;
}

/**
 * Writes the tables for every zone Intl lists (and UTC) over `fromYear`..`toYear`, unless tables
 * for this time zone data and these years are there already. Returns whether it computed them.
 */
export function writeZoneTables(fromYear: number, toYear: number, dir = tableDir()): boolean {
  const tz = tzVersion();
  if (tablesCurrent(dir, { tz, from: fromYear, to: toYear })) return false;
  const zones = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].filter((z) => ZONE_NAME.test(z));
  for (const zone of zones) {
    const t = computeZoneOffsets(zone, fromYear, toYear);
    // wallToInstant reads the offsets a day either side of a time: a zone changing twice within
    // three days gets no table (Intl converts).
    if (t.at.some((at, i) => i > 1 && at - t.at[i - 1]! < 3 * DAY_MS)) continue;
    const file = join(dir, `${zone}.json`);
    mkdirSync(dirname(file), { recursive: true });
    const changes = t.at.map((at, i): [number, number] => [at, t.offset[i]!]);
    writeFileSync(file, JSON.stringify({ tz, from: t.from, to: t.to, changes } satisfies ZoneTable));
  }
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ tz, from: fromYear, to: toYear, zones }));
  return true;
}
