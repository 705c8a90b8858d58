import { createRequire } from 'node:module';
import type * as chrono from 'chrono-node';
import { UserError } from '../core/errors.js';
import { isRealDay, makeDay, dayNumber, type Calendar, type Day } from './working-days.js';

/** A date as typed: a calendar day, or a day with a time of day (an exact instant). */
export type TypedWhen = { kind: 'day'; day: Day } | { kind: 'time'; at: Date };

export type RelativeUnit = 'workingDays' | 'days' | 'weeks' | 'years' | 'hours';

/** A due date relative to an item's creation: `3 working days`, `48 hours`, `2 weeks`. */
export interface RelativeDue {
  n: number;
  unit: RelativeUnit;
}

export interface ParseDateOptions {
  calendar: Calendar;
  now: Date;
  /**
   * Which way an incomplete date leans: `past` for things that happened (`11/20` is the last
   * 20 November), `future` for plans and dues (the next one).
   */
  prefer: 'past' | 'future';
  /** The accepted forms shown in an error, in the reader's language (default: DATE_EXAMPLES). */
  examples?: string | undefined;
}

/** An accepted example, shown in every date error. */
const DATE_EXAMPLES = '2026-11-20, 11/20, "2026-12-10 10:00", today, tomorrow, next Monday, 明天, 下周一';

const FULLWIDTH = /[\uFF01-\uFF5E]/g;

/** Full-width digits and punctuation to ASCII, spaces collapsed. */
function normalizeDateText(text: string): string {
  return text
    .replace(FULLWIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// 2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日, each optionally with a time.
// ISO 8601's `2026-11-20T10:00` too.
const YMD = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号號]?(?:(?:\s*T\s*|\s*)(.+))?$/;
// 11/20, 11-20 and 11月20日 (no year), optionally with a time.
const MD = /^(\d{1,2})\s*(?:\/|-|月)\s*(\d{1,2})\s*[日号號]?(?:\s+(.+)|(\d.*))?$/;
// 10:00, 10:00:00, 10点, 10點30分, 10点半, 10時, 10am, 3 pm, 下午3点.
const TIME = /^(上午|下午|早上|晚上|中午)?\s*(\d{1,2})(?:(?::|点|點|时|時)\s*(\d{1,2}|半)?\s*分?(?::(\d{2}))?)?\s*(am|pm|a\.m\.|p\.m\.)?$/i;

/**
 * Reads a date or date-and-time as people type it (English and Chinese), in the calendar's zone
 * relative to `now`. Throws a localized UserError for text that is not a date or not a real one.
 */
export function parseWhen(text: string, opts: ParseDateOptions): TypedWhen {
  const s = normalizeDateText(text);
  if (!s) throw new UserError('errors.date.unreadable', { value: text, examples: examplesOf(opts) });
  const result = numericDate(s, text, opts) ?? chronoDate(s, text, opts);
  checkRange(result, text, opts);
  return result;
}

function numericDate(s: string, original: string, opts: ParseDateOptions): TypedWhen | undefined {
  const ymd = YMD.exec(s);
  if (ymd) {
    const [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
    if (!isRealDay(y, m, d)) throw impossible(original, opts);
    return withTime(makeDay(y, m, d), ymd[4], original, opts);
  }
  const md = MD.exec(s);
  if (md) {
    const [m, d] = [Number(md[1]), Number(md[2])];
    // Any year will do to check the month and day; 29 February waits for a leap year below.
    if (!isRealDay(2024, m, d)) throw impossible(original, opts);
    const today = opts.calendar.dayOf(opts.now);
    const thisYear = Number(today.slice(0, 4));
    let year = thisYear;
    const candidate = (yr: number) => (isRealDay(yr, m, d) ? makeDay(yr, m, d) : undefined);
    if (opts.prefer === 'past') {
      while (!candidate(year) || dayNumber(candidate(year)!) > dayNumber(today)) year--;
    } else {
      while (!candidate(year) || dayNumber(candidate(year)!) < dayNumber(today)) year++;
    }
    return withTime(candidate(year)!, md[3] ?? md[4], original, opts);
  }
  return undefined;
}

function withTime(day: Day, timeText: string | undefined, original: string, opts: ParseDateOptions): TypedWhen {
  if (timeText === undefined || timeText.trim() === '') return { kind: 'day', day };
  const t = parseTime(timeText.trim());
  if (!t) throw new UserError('errors.date.badTime', { value: original, examples: examplesOf(opts) });
  return { kind: 'time', at: opts.calendar.at(day, t.hour, t.minute, t.second) };
}

/** A time of day: 10:00, 10点, 10點30分, 10点半 (half past), 3pm, 下午3点. */
export function parseTime(text: string): { hour: number; minute: number; second: number } | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  let hour = Number(m[2]);
  const minute = m[3] === undefined ? 0 : m[3] === '半' ? 30 : Number(m[3]);
  const second = m[4] === undefined ? 0 : Number(m[4]);
  const marker = (m[1] ?? '') + (m[5] ?? '').toLowerCase();
  // A bare number is not a time ("10" could be anything); it needs ":", 点 or am/pm.
  if (m[3] === undefined && !/[点點时時]/.test(text) && !m[5]) return undefined;
  const pm = /下午|晚上|pm|p\.m\./.test(marker);
  const am = /上午|早上|am|a\.m\./.test(marker);
  if ((pm || am) && (hour < 1 || hour > 12)) return undefined;
  if (pm && hour < 12) hour += 12;
  if (am && hour === 12) hour = 0;
  if (/中午/.test(marker) && hour < 12) hour += hour <= 2 ? 12 : 0;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { hour, minute, second };
}

type ChronoParser = { parse: (typeof chrono)['en']['casual']['parse'] };
let parsers: ChronoParser[] | undefined;

/** chrono's English and Chinese parsers, loaded on first use: most commands never parse a word date. */
function chronoParsers(): ChronoParser[] {
  if (!parsers) {
    const require = createRequire(import.meta.url);
    const en = require('chrono-node/en') as (typeof chrono)['en'];
    const zh = require('chrono-node/zh') as (typeof chrono)['zh'];
    parsers = [en.casual, zh.hans.casual, zh.hant.casual];
  }
  return parsers;
}

function chronoDate(s: string, original: string, opts: ParseDateOptions): TypedWhen {
  // chrono's Chinese parsers compute relative days in the process's local zone, so the reference
  // is the workspace's wall clock expressed as a local time; the result's components are then
  // read as wall-clock values and placed in the workspace zone.
  const w = opts.calendar.wallClock(opts.now);
  const [y, m, d] = [Number(w.day.slice(0, 4)), Number(w.day.slice(5, 7)), Number(w.day.slice(8, 10))];
  const ref = new Date(y, m - 1, d, w.hour, w.minute, w.second, w.millisecond);
  let best: chrono.ParsedResult | undefined;
  for (const parser of chronoParsers()) {
    for (const r of parser.parse(s, ref, { forwardDate: opts.prefer === 'future' })) {
      if (!best || r.text.length > best.text.length) best = r;
    }
  }
  // The whole text must be the date: "10 apples" or "next week maybe" is not one.
  if (!best || best.index !== 0 || best.text.trim().length !== s.length) {
    throw new UserError('errors.date.unreadable', { value: original, examples: examplesOf(opts) });
  }
  const start = best.start;
  const year = start.get('year');
  const month = start.get('month');
  const day = start.get('day');
  if (year === null || month === null || day === null || !isRealDay(year, month, day)) throw impossible(original, opts);
  if (start.isCertain('hour')) {
    const hour = start.get('hour') ?? 0;
    const minute = start.get('minute') ?? 0;
    return { kind: 'time', at: opts.calendar.at(makeDay(year, month, day), hour, minute) };
  }
  return { kind: 'day', day: makeDay(year, month, day) };
}

function impossible(value: string, opts: ParseDateOptions): UserError {
  // The example is a real date ahead of now, so it suits a due date as well as any.
  const real = opts.calendar.addWorkingDays(opts.calendar.dayOf(opts.now), 5);
  return new UserError('errors.date.impossible', { value, real, examples: examplesOf(opts) });
}

function examplesOf(opts: ParseDateOptions): string {
  return opts.examples ?? DATE_EXAMPLES;
}

function checkRange(w: TypedWhen, original: string, opts: ParseDateOptions): void {
  const day = w.kind === 'day' ? w.day : opts.calendar.dayOf(w.at);
  const year = Number(day.slice(0, 4));
  const thisYear = Number(opts.calendar.dayOf(opts.now).slice(0, 4));
  if (year < thisYear - 5 || year > thisYear + 10) {
    throw new UserError('errors.date.outOfRange', { value: original, from: thisYear - 5, to: thisYear + 10 });
  }
}

const UNITS: [RegExp, RelativeUnit][] = [
  [/^(?:working|business|work)\s*days?$|^w\.?d\.?$|^workdays?$|^个?工作日$|^個?工作[日天]$/i, 'workingDays'],
  [/^(?:hours?|hrs?|h)$|^个?小[时時]$|^個?小時$|^个?钟头$|^個?鐘頭$/i, 'hours'],
  [/^(?:days?|d)$|^天$|^日$/i, 'days'],
  [/^(?:weeks?|w)$|^个?(?:星期|周|週|礼拜|禮拜)$|^個?(?:星期|週|禮拜)$/i, 'weeks'],
  [/^(?:years?|y)$|^年$/i, 'years'],
];

/**
 * A relative due as teams give it: `3 working days`, `in 3 business days`, `3个工作日内`,
 * `48 hours`, `2 weeks`, `1 year`. Undefined when the text is not one (then it may be a date).
 */
export function parseRelativeDue(text: string): RelativeDue | undefined {
  const s = normalizeDateText(text)
    .toLowerCase()
    .replace(/^(?:due\s+|in\s+|within\s+|after\s+)+/, '')
    .replace(/^(?:在|于|於)/, '')
    .replace(/(?:以内|以內|之内|之內|内|內|后|後)$/, '')
    .trim();
  const m = /^(\d{1,4})\s*(.+)$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unitText = m[2]!.trim();
  for (const [re, unit] of UNITS) {
    if (re.test(unitText)) {
      if (n < 1 || n > (unit === 'hours' ? 24 * 400 : unit === 'years' ? 10 : 1000)) return undefined;
      return { n, unit };
    }
  }
  return undefined;
}
