import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectPath } from '../paths.js';
import { holidaysLib } from './holidays.js';
import { tablesCurrent } from './table-stamp.js';

/*
 * Full-day public holidays, computed once by the build for every country date-holidays knows over a
 * few years around the build (dist/holidays/<CC>.json), so a deadline command reads one small file
 * instead of loading date-holidays (3.8 MB of rules) and computing lunar calendars. Years outside
 * the table, and a table written by another date-holidays version, fall back to date-holidays.
 */

/** One holiday day: the day (`YYYY-MM-DD`) and its name as date-holidays gives it. */
export type HolidayDay = [day: string, name: string];

interface HolidayTable {
  version: string;
  from: number;
  to: number;
  years: Record<string, HolidayDay[]>;
}

type HolidaysInstance = { getHolidays(year: number): { date: string; start: Date; end: Date; type: string; name: string }[] };

const DAY_MS = 86_400_000;

/** The full-day public holidays of a region in a year, day by day (a holiday may span several). */
export function computeHolidays(region: string, year: number, lib?: HolidaysInstance): HolidayDay[] {
  const hd = lib ?? new (holidaysLib() as unknown as new (country: string) => HolidaysInstance)(region);
  const out = new Map<string, string>();
  for (const h of hd.getHolidays(year)) {
    // Observances, optional and school holidays are working days; so are half days (a start time).
    if (h.type !== 'public' || !/ 00:00:00$/.test(h.date)) continue;
    const first = Date.parse(`${h.date.slice(0, 10)}T00:00:00Z`);
    // A DST change makes a day 23 or 25 hours long.
    const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS));
    for (let i = 0; i < span; i++) {
      const d = new Date(first + i * DAY_MS).toISOString().slice(0, 10);
      if (!out.has(d)) out.set(d, h.name);
    }
  }
  return [...out];
}

/**
 * The installed date-holidays' version: its package.json read where npm puts it beside the program
 * (resolving the package through its exports map costs a one-shot deadline command several
 * milliseconds), else wherever Node resolves it.
 */
function libVersion(): string {
  try {
    return (JSON.parse(readFileSync(projectPath('node_modules', 'date-holidays', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return (createRequire(import.meta.url)('date-holidays/package.json') as { version: string }).version;
  }
}

function tableDir(): string {
  return projectPath('dist', 'holidays');
}

const tables = new Map<string, HolidayTable | null>();

/** The region's holidays in a year from the build's table, or undefined when the table lacks them. */
export function tableHolidays(region: string, year: number): HolidayDay[] | undefined {
  let table = tables.get(region);
  if (table === undefined) {
    table = null;
    if (/^[A-Z]{2}$/.test(region)) {
      try {
        const t = JSON.parse(readFileSync(join(tableDir(), `${region}.json`), 'utf8')) as HolidayTable;
        if (t.version === libVersion()) table = t;
      } catch {
        // No table: date-holidays computes them.
      }
    }
    tables.set(region, table);
  }
  return table && year >= table.from && year <= table.to ? table.years[String(year)] : undefined;
}

/**
 * Writes the tables for every country over `from`..`to`, unless tables for this date-holidays
 * version and these years are there already. Returns whether it computed them.
 */
export function writeHolidayTables(from: number, to: number, dir = tableDir()): boolean {
  const version = libVersion();
  if (tablesCurrent(dir, { version, from, to })) return false;
  mkdirSync(dir, { recursive: true });
  const Holidays = holidaysLib() as unknown as new (country?: string) => HolidaysInstance & { getCountries(lang?: string): Record<string, string> };
  const countries = Object.keys(new Holidays().getCountries('en'));
  for (const region of countries) {
    const lib = new Holidays(region);
    const years: Record<string, HolidayDay[]> = {};
    for (let y = from; y <= to; y++) years[String(y)] = computeHolidays(region, y, lib);
    writeFileSync(join(dir, `${region}.json`), JSON.stringify({ version, from, to, years } satisfies HolidayTable));
  }
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ version, from, to, countries }));
  return true;
}
