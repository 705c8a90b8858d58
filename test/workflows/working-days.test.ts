import { describe, expect, it } from 'vitest';
import { addBusinessDays, differenceInBusinessDays } from 'date-fns';
import {
  addMonths,
  dayFromNumber,
  dayNumber,
  isRealDay,
  weekdayOf,
  workCalendar,
  calendarFor,
} from '../../src/workflows/working-days.js';
import { emptyWorkspace } from '../../src/store/types.js';

const shanghai = workCalendar('Asia/Shanghai');
const shanghaiUS = workCalendar('Asia/Shanghai', 'US');
const newYork = workCalendar('America/New_York');

describe('civil days', () => {
  it('round-trips every day between 1990 and 2100 through its day number', () => {
    const wrong: string[] = [];
    for (let n = dayNumber('1990-01-01'); n <= dayNumber('2100-12-31'); n++) {
      const day = dayFromNumber(n);
      if (dayNumber(day) !== n || day !== new Date(n * 86_400_000).toISOString().slice(0, 10)) wrong.push(day);
    }
    expect(wrong).toEqual([]);
  });

  it('knows the weekday (Friday 2026-11-20, Thursday 1970-01-01)', () => {
    expect(weekdayOf('2026-11-20')).toBe(5);
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('2027-01-03')).toBe(0);
  });

  it('refuses impossible days (2026-02-30, month 13) and accepts 29 February of a leap year', () => {
    expect(isRealDay(2026, 2, 30)).toBe(false);
    expect(isRealDay(2026, 2, 29)).toBe(false);
    expect(isRealDay(2028, 2, 29)).toBe(true);
    expect(isRealDay(2026, 13, 1)).toBe(false);
    expect(isRealDay(2026, 4, 31)).toBe(false);
  });

  it('adds a year as a calendar period, 29 February becoming 28 February', () => {
    expect(addMonths('2026-11-22', 12)).toBe('2027-11-22');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2026-12-31', 2)).toBe('2027-02-28');
  });
});

describe('working days (Monday to Friday, minus public holidays)', () => {
  it('counts 9 working days after Friday 2026-11-20: Thursday 2026-12-03', () => {
    expect(shanghai.addWorkingDays('2026-11-20', 9)).toBe('2026-12-03');
  });

  it('skips US Thanksgiving (Thursday 2026-11-26) when the region is US: Friday 2026-12-04', () => {
    expect(shanghaiUS.holiday('2026-11-26')).toMatch(/Thanksgiving/);
    expect(shanghaiUS.addWorkingDays('2026-11-20', 9)).toBe('2026-12-04');
  });

  it('does not treat observances (the day after Thanksgiving, Christmas Eve) as holidays', () => {
    expect(shanghaiUS.isWorkingDay('2026-11-27')).toBe(true);
    expect(shanghaiUS.isWorkingDay('2026-12-24')).toBe(true);
    expect(shanghaiUS.isWorkingDay('2026-12-25')).toBe(false);
  });

  it('does not treat half-day public holidays (CN Youth Day afternoon) as holidays', () => {
    const cn = workCalendar('Asia/Shanghai', 'CN');
    expect(cn.isWorkingDay('2026-05-04')).toBe(true);
    expect(cn.isWorkingDay('2026-10-01')).toBe(false);
    expect(cn.isWorkingDay('2026-02-17')).toBe(false);
  });

  it('counts 7 working days after Monday 2026-11-23: Wednesday 2026-12-02', () => {
    expect(shanghai.addWorkingDays('2026-11-23', 7)).toBe('2026-12-02');
  });

  it('counts from the next working day when the event falls on a weekend', () => {
    // Saturday 2026-11-21 + 1 is Monday; + 5 is Friday; + 7 is Tuesday.
    expect(shanghai.addWorkingDays('2026-11-21', 1)).toBe('2026-11-23');
    expect(shanghai.addWorkingDays('2026-11-21', 5)).toBe('2026-11-27');
    expect(shanghai.addWorkingDays('2026-11-22', 7)).toBe('2026-12-01');
  });

  it('counts from the next working day when the event falls on a holiday', () => {
    // Thanksgiving itself: Friday 27th is the first working day after it.
    expect(shanghaiUS.addWorkingDays('2026-11-26', 1)).toBe('2026-11-27');
    expect(shanghaiUS.addWorkingDays('2026-11-26', 7)).toBe('2026-12-07');
  });

  it('crosses the turn of the year, skipping Christmas and New Year in the US', () => {
    expect(shanghai.addWorkingDays('2026-12-24', 9)).toBe('2027-01-06');
    expect(shanghaiUS.addWorkingDays('2026-12-24', 9)).toBe('2027-01-08');
    expect(shanghaiUS.workingDaysBetween('2026-12-24', '2027-01-08')).toBe(9);
  });

  it('agrees with date-fns addBusinessDays and differenceInBusinessDays when there are no holidays', () => {
    for (let start = dayNumber('2026-10-01'); start < dayNumber('2027-02-01'); start += 3) {
      const day = dayFromNumber(start);
      for (const n of [0, 1, 4, 5, 6, 9, 13, -1, -5, -7]) {
        const [y, m, d] = day.split('-').map(Number) as [number, number, number];
        const expected = addBusinessDays(new Date(y, m - 1, d, 12), n);
        const got = shanghai.addWorkingDays(day, n);
        expect({ day, n, got }).toEqual({ day, n, got: dayFromLocal(expected) });
      }
      for (const other of ['2026-11-20', '2026-12-31', '2027-03-15']) {
        const [y, m, d] = day.split('-').map(Number) as [number, number, number];
        const [y2, m2, d2] = other.split('-').map(Number) as [number, number, number];
        if (weekdayOf(day) % 6 === 0) continue; // date-fns counts differently from a weekend start
        expect(shanghai.workingDaysBetween(day, other)).toBe(differenceInBusinessDays(new Date(y2, m2 - 1, d2, 12), new Date(y, m - 1, d, 12)));
      }
    }
  });

  it('gives the working day before (the preparation day of a Monday meeting is the Friday)', () => {
    expect(shanghai.previousWorkingDay('2026-12-07')).toBe('2026-12-04');
    expect(shanghaiUS.previousWorkingDay('2026-11-27')).toBe('2026-11-25');
  });
});

describe('time zones', () => {
  it('puts a date-only deadline at the end of that day in the workspace zone', () => {
    expect(shanghai.iso(shanghai.endOfDay('2026-12-03'))).toBe('2026-12-03T23:59:59.999+08:00');
    expect(newYork.iso(newYork.endOfDay('2026-12-03'))).toBe('2026-12-03T23:59:59.999-05:00');
  });

  it('keeps wall-clock times across the March DST change in New York', () => {
    expect(newYork.iso(newYork.endOfDay('2026-03-07'))).toBe('2026-03-07T23:59:59.999-05:00');
    expect(newYork.iso(newYork.endOfDay('2026-03-09'))).toBe('2026-03-09T23:59:59.999-04:00');
    // 02:30 on 8 March does not exist; it moves forward to 03:30 EDT.
    expect(newYork.iso(newYork.at('2026-03-08', 2, 30))).toBe('2026-03-08T03:30:00-04:00');
  });

  it('reads the day and wall clock of an instant in the zone, whatever the process zone', () => {
    const at = new Date('2026-11-22T16:30:00Z');
    expect(shanghai.dayOf(at)).toBe('2026-11-23');
    expect(newYork.dayOf(at)).toBe('2026-11-22');
    expect(newYork.wallClock(at)).toMatchObject({ hour: 11, minute: 30, offsetMinutes: -300 });
  });

  it('uses the workspace zone, else the configured default, and its holiday region', () => {
    const ws = emptyWorkspace();
    expect(calendarFor(ws, { DEFAULT_TIMEZONE: 'Asia/Taipei' }).zone).toBe('Asia/Taipei');
    ws.settings.timezone = 'America/New_York';
    ws.settings.holidays = 'US';
    const cal = calendarFor(ws, { DEFAULT_TIMEZONE: 'Asia/Taipei' });
    expect(cal.zone).toBe('America/New_York');
    expect(cal.isWorkingDay('2026-11-26')).toBe(false);
  });
});

function dayFromLocal(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
