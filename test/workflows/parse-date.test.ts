import { describe, expect, it } from 'vitest';
import { parseRelativeDue, parseTime, parseWhen, type TypedWhen } from '../../src/workflows/parse-date.js';
import { workCalendar } from '../../src/workflows/working-days.js';
import { UserError } from '../../src/core/errors.js';

const cal = workCalendar('Asia/Shanghai');
// Monday 2026-11-23, 09:00 in Shanghai.
const now = new Date('2026-11-23T09:00:00+08:00');

function read(text: string, prefer: 'past' | 'future' = 'past', at = now, calendar = cal): string {
  const w: TypedWhen = parseWhen(text, { calendar, now: at, prefer });
  return w.kind === 'day' ? w.day : calendar.iso(w.at);
}

function errorKey(text: string): string | undefined {
  try {
    parseWhen(text, { calendar: cal, now, prefer: 'past' });
  } catch (err) {
    if (err instanceof UserError) return err.key;
    throw err;
  }
  return undefined;
}

describe('dates as people type them', () => {
  it('reads ISO days and days with a time', () => {
    expect(read('2026-11-20')).toBe('2026-11-20');
    expect(read('2026-12-10 10:00')).toBe('2026-12-10T10:00:00+08:00');
    expect(read('2026/12/10')).toBe('2026-12-10');
    expect(read('2026年12月10日')).toBe('2026-12-10');
    expect(read('２０２６－１１－２０')).toBe('2026-11-20');
  });

  it('reads 11/20 as the last 20 November for past events and the next one for plans', () => {
    expect(read('11/20')).toBe('2026-11-20');
    expect(read('11/20', 'future')).toBe('2027-11-20');
    expect(read('12/10', 'future')).toBe('2026-12-10');
    expect(read('12/10')).toBe('2025-12-10');
  });

  it('reads today, tomorrow and next Monday in the workspace zone', () => {
    expect(read('today')).toBe('2026-11-23');
    expect(read('tomorrow')).toBe('2026-11-24');
    expect(read('next Monday', 'future')).toBe('2026-11-30');
  });

  it('reads Chinese days in both scripts: 明天, 下周一, 下週一, 后天, 後天', () => {
    expect(read('明天')).toBe('2026-11-24');
    expect(read('下周一', 'future')).toBe('2026-11-30');
    expect(read('下週一', 'future')).toBe('2026-11-30');
    expect(read('后天')).toBe('2026-11-25');
    expect(read('後天')).toBe('2026-11-25');
    expect(read('今天')).toBe('2026-11-23');
  });

  it('reads 12月10日 10点 (and 10點) as a day and time', () => {
    expect(read('12月10日 10点', 'future')).toBe('2026-12-10T10:00:00+08:00');
    expect(read('12月10日 10點', 'future')).toBe('2026-12-10T10:00:00+08:00');
    expect(read('12月10日 下午3点', 'future')).toBe('2026-12-10T15:00:00+08:00');
    expect(read('明天上午10点')).toBe('2026-11-24T10:00:00+08:00');
  });

  it('takes "tomorrow" from the workspace zone, not from UTC', () => {
    // 23:30 on Monday in Shanghai is still Monday afternoon in UTC.
    const late = new Date('2026-11-23T23:30:00+08:00');
    expect(read('tomorrow', 'past', late)).toBe('2026-11-24');
    expect(read('明天', 'past', late)).toBe('2026-11-24');
    const ny = workCalendar('America/New_York');
    expect(read('today', 'past', late, ny)).toBe('2026-11-23');
  });

  it('builds a typed time in the zone of its own day across a DST change', () => {
    const ny = workCalendar('America/New_York');
    const winter = new Date('2026-03-02T12:00:00-05:00');
    expect(read('2026-03-10 10:00', 'future', winter, ny)).toBe('2026-03-10T10:00:00-04:00');
    expect(read('3/10 10:00', 'future', winter, ny)).toBe('2026-03-10T10:00:00-04:00');
  });

  it('refuses an impossible day such as 2026-02-30, 2/30 or 2026-13-01', () => {
    expect(errorKey('2026-02-30')).toBe('errors.date.impossible');
    expect(errorKey('2/30')).toBe('errors.date.impossible');
    expect(errorKey('2026-13-01')).toBe('errors.date.impossible');
    expect(errorKey('2027-02-29')).toBe('errors.date.impossible');
  });

  it('refuses text that is not a date, or only partly one', () => {
    expect(errorKey('soon')).toBe('errors.date.unreadable');
    expect(errorKey('10 apples')).toBe('errors.date.unreadable');
    expect(errorKey('tomorrow maybe')).toBe('errors.date.unreadable');
    expect(errorKey('2026-12-10 25:00')).toBe('errors.date.badTime');
  });

  it('refuses a date years away', () => {
    expect(errorKey('2050-01-01')).toBe('errors.date.outOfRange');
  });

  it('gives an accepted example in every date error', () => {
    try {
      parseWhen('someday', { calendar: cal, now, prefer: 'past' });
    } catch (err) {
      expect((err as UserError).vars.examples).toContain('2026-11-20');
    }
  });
});

describe('times and relative dues', () => {
  it('reads times of day', () => {
    expect(parseTime('10:00')).toEqual({ hour: 10, minute: 0, second: 0 });
    expect(parseTime('10点30分')).toEqual({ hour: 10, minute: 30, second: 0 });
    expect(parseTime('3pm')).toEqual({ hour: 15, minute: 0, second: 0 });
    expect(parseTime('12am')).toEqual({ hour: 0, minute: 0, second: 0 });
    expect(parseTime('10')).toBeUndefined();
    expect(parseTime('24:00')).toBeUndefined();
  });

  it('reads "3 working days", "48 hours", "2 weeks" and their Chinese forms', () => {
    expect(parseRelativeDue('3 working days')).toEqual({ n: 3, unit: 'workingDays' });
    expect(parseRelativeDue('due 3 working days')).toEqual({ n: 3, unit: 'workingDays' });
    expect(parseRelativeDue('in 5 business days')).toEqual({ n: 5, unit: 'workingDays' });
    expect(parseRelativeDue('3个工作日内')).toEqual({ n: 3, unit: 'workingDays' });
    expect(parseRelativeDue('3 個工作天')).toEqual({ n: 3, unit: 'workingDays' });
    expect(parseRelativeDue('48 hours')).toEqual({ n: 48, unit: 'hours' });
    expect(parseRelativeDue('48小时')).toEqual({ n: 48, unit: 'hours' });
    expect(parseRelativeDue('2 weeks')).toEqual({ n: 2, unit: 'weeks' });
    expect(parseRelativeDue('2週')).toEqual({ n: 2, unit: 'weeks' });
    expect(parseRelativeDue('10 days')).toEqual({ n: 10, unit: 'days' });
    expect(parseRelativeDue('2026-12-01')).toBeUndefined();
    expect(parseRelativeDue('0 days')).toBeUndefined();
  });
});
