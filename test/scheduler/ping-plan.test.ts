import { describe, expect, it } from 'vitest';
import { deadlinesOf } from '../../src/workflows/deadlines.js';
import type { Item, ItemEvent } from '../../src/workflows/item.js';
import { workCalendar } from '../../src/workflows/working-days.js';
import { cachedPlan, deadlineSlots, passingPlan, planItem, planSignature, slotKey } from '../../src/scheduler/ping-plan.js';
import { DEFAULT_SCHEDULE, parseDays, parseTimeOfDay, type PingSchedule } from '../../src/scheduler/schedule.js';

const SHANGHAI = workCalendar('Asia/Shanghai');

function item(over: Partial<Item> & Pick<Item, 'template'>): Item {
  return {
    id: '1',
    title: 'Acme',
    channel: 'c1',
    status: 'open',
    createdBy: 'u1',
    createdAt: '2026-11-20T02:00:00.000Z',
    fields: {},
    dues: {},
    events: [],
    notes: [],
    rev: 1,
    ...over,
  };
}

function ev(key: string, when: ItemEvent['when'], recordedAt = '2026-11-20T02:00:00.000Z'): ItemEvent {
  return { key, when, by: 'u1', recordedAt };
}

/** The slots of an item as `slot @ local time` in a zone, for readable expectations. */
function slots(i: Item, s: PingSchedule = DEFAULT_SCHEDULE, cal = SHANGHAI): string[] {
  return planItem(i, cal, s).map((x) => {
    const w = cal.wallClock(new Date(x.at));
    return `${x.deadline} ${x.slot} @ ${w.day} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}${x.checklist ? ' +checklist' : ''}`;
  });
}

const task = (due: string, over: Partial<Item> = {}) => item({ template: 'task', dues: { due: { when: { day: due } } }, ...over });

describe('the ping plan', () => {
  it('pings a date-only deadline 2 and 1 working days before, on the due day and once overdue, at 09:00 in the workspace zone', () => {
    expect(slots(task('2026-12-02'))).toEqual([
      'due 2wd @ 2026-11-30 09:00',
      'due 1wd @ 2026-12-01 09:00',
      'due due @ 2026-12-02 09:00',
      'due overdue @ 2026-12-03 09:00',
    ]);
  });

  it('counts working days before the due day over the weekend, and pings overdue on the next working day', () => {
    // Due Monday 2026-12-07: two working days before is Thursday, one is Friday; overdue on Tuesday.
    expect(slots(task('2026-12-07'))).toEqual([
      'due 2wd @ 2026-12-03 09:00',
      'due 1wd @ 2026-12-04 09:00',
      'due due @ 2026-12-07 09:00',
      'due overdue @ 2026-12-08 09:00',
    ]);
    // Due Friday: overdue on the following Monday, not on Saturday.
    expect(slots(task('2026-12-04')).at(-1)).toBe('due overdue @ 2026-12-07 09:00');
  });

  it('skips the public holidays of the workspace region (US Thanksgiving, Thu 2026-11-26)', () => {
    const us = workCalendar('Asia/Shanghai', 'US');
    expect(slots(task('2026-11-27'), DEFAULT_SCHEDULE, us)).toEqual([
      'due 2wd @ 2026-11-24 09:00',
      'due 1wd @ 2026-11-25 09:00',
      'due due @ 2026-11-27 09:00',
      'due overdue @ 2026-11-30 09:00',
    ]);
  });

  it('pings 09:00 local time on both sides of a DST change', () => {
    const ny = workCalendar('America/New_York');
    // US DST ends Sunday 2026-11-01: Friday 10-30 is EDT (UTC-4), Monday 11-02 is EST (UTC-5).
    const plan = planItem(task('2026-11-03', { createdAt: '2026-10-20T12:00:00.000Z' }), ny, DEFAULT_SCHEDULE);
    expect(plan.map((p) => `${p.slot} ${new Date(p.at).toISOString()}`)).toEqual([
      '2wd 2026-10-30T13:00:00.000Z',
      '1wd 2026-11-02T14:00:00.000Z',
      'due 2026-11-03T14:00:00.000Z',
      'overdue 2026-11-04T14:00:00.000Z',
    ]);
  });

  it('pings a timed deadline an hour before; the one-hour ping stands in for a due-day ping at the same hour', () => {
    const appeal = item({
      template: 'brand-appeal',
      events: [ev('submitted', { day: '2026-11-20' }), ev('video-scheduled', { at: '2026-12-10T02:00:00.000Z' })],
    });
    const meeting = slots(appeal).filter((s) => s.startsWith('meeting') || s.startsWith('reschedule'));
    expect(meeting).toEqual([
      'reschedule-cutoff 2wd @ 2026-12-04 09:00',
      'reschedule-cutoff 1wd @ 2026-12-07 09:00',
      'reschedule-cutoff 1h @ 2026-12-08 09:00',
      'meeting 2wd @ 2026-12-08 09:00',
      'meeting 1wd @ 2026-12-09 09:00 +checklist',
      'meeting 1h @ 2026-12-10 09:00',
    ]);
  });

  it('keeps the due-day ping of a timed deadline when it comes well before the hour, and never plans one after the due time', () => {
    const at = (iso: string) => item({ template: 'task', dues: { due: { when: { at: iso } } } });
    // 16:00 local: 09:00 on the day and 15:00.
    expect(slots(at('2026-12-02T08:00:00.000Z')).filter((s) => s.includes('2026-12-02'))).toEqual(['due due @ 2026-12-02 09:00', 'due 1h @ 2026-12-02 15:00']);
    // 08:30 local: no 09:00 ping that day; the overdue ping comes at 09:00 the same (working) day.
    expect(slots(at('2026-12-02T00:30:00.000Z')).filter((s) => s.includes('2026-12-02'))).toEqual(['due 1h @ 2026-12-02 07:30', 'due overdue @ 2026-12-02 09:00']);
  });

  it('never pings a cutoff or a meeting as overdue: they pass', () => {
    const appeal = item({ template: 'brand-appeal', events: [ev('video-scheduled', { at: '2026-12-10T02:00:00.000Z' })] });
    const kinds = deadlinesOf(appeal, SHANGHAI).filter((d) => d.kind !== 'deadline');
    expect(kinds.map((d) => d.key)).toEqual(['reschedule-cutoff', 'meeting']);
    for (const d of kinds) expect(deadlineSlots(d, SHANGHAI, DEFAULT_SCHEDULE).map((s) => s.slot)).not.toContain('overdue');
  });

  it('sends the meeting checklist with the working-day-before ping even when the schedule leaves that day out', () => {
    const appeal = item({ template: 'brand-appeal', events: [ev('video-scheduled', { at: '2026-12-10T02:00:00.000Z' })] });
    const only0: PingSchedule = { ...DEFAULT_SCHEDULE, days: [0], hour: false };
    expect(slots(appeal, only0).filter((s) => s.startsWith('meeting'))).toEqual(['meeting 1wd @ 2026-12-09 09:00 +checklist', 'meeting due @ 2026-12-10 09:00']);
  });

  it('follows a changed schedule: other days, another time, no overdue or one-hour pings, or none at all', () => {
    const s: PingSchedule = { enabled: true, days: [3, 0], minute: 8 * 60 + 30, overdue: false, hour: false };
    expect(slots(task('2026-12-07'), s)).toEqual(['due 3wd @ 2026-12-02 08:30', 'due due @ 2026-12-07 08:30']);
    expect(slots(task('2026-12-07'), { ...DEFAULT_SCHEDULE, enabled: false })).toEqual([]);
    expect(slots(task('2026-12-07'), { ...DEFAULT_SCHEDULE, days: [] })).toEqual(['due overdue @ 2026-12-08 09:00']);
  });

  it('plans nothing that came due before the deadline was known', () => {
    // Opened Tuesday 10:00 with the task due Wednesday: the 2wd (Mon) and 1wd (Tue 09:00) slots had passed.
    expect(slots(task('2026-12-02', { createdAt: '2026-12-01T02:00:00.000Z' }))).toEqual(['due due @ 2026-12-02 09:00', 'due overdue @ 2026-12-03 09:00']);
  });

  it('gives a moved deadline fresh keys, and stops with a closed item or a met deadline', () => {
    const invited = (day: string) => item({ template: 'brand-appeal', events: [ev('video-invited', { day })] });
    const before = planItem(invited('2026-11-23'), SHANGHAI, DEFAULT_SCHEDULE).map((s) => s.key);
    const after = planItem(invited('2026-11-25'), SHANGHAI, DEFAULT_SCHEDULE).map((s) => s.key);
    expect(before).toContain(slotKey('1', 'book-slots', '2wd', Date.parse('2026-12-02T15:59:59.999Z')));
    expect(after.filter((k) => before.includes(k))).toEqual([]);
    expect(planItem({ ...invited('2026-11-23'), status: 'done' }, SHANGHAI, DEFAULT_SCHEDULE)).toEqual([]);
    const met = item({ template: 'brand-appeal', events: [ev('video-invited', { day: '2026-11-23' }), ev('video-scheduled', { at: '2026-12-10T02:00:00.000Z' })] });
    expect(planItem(met, SHANGHAI, DEFAULT_SCHEDULE).filter((s) => s.deadline === 'book-slots')).toEqual([]);
  });

  it('remembers the plans of the items being handled, and makes one for a pass over every item without keeping it', () => {
    const i = task('2026-12-02');
    const signature = planSignature(SHANGHAI, DEFAULT_SCHEDULE);
    const passing = passingPlan(i, SHANGHAI, DEFAULT_SCHEDULE, -Infinity, signature);
    expect(passing.slots).toEqual(planItem(i, SHANGHAI, DEFAULT_SCHEDULE));
    expect(passingPlan(i, SHANGHAI, DEFAULT_SCHEDULE, -Infinity, signature)).not.toBe(passing);
    const kept = cachedPlan(i, SHANGHAI, DEFAULT_SCHEDULE, -Infinity, signature);
    expect(kept.slots).toEqual(passing.slots);
    expect(cachedPlan(i, SHANGHAI, DEFAULT_SCHEDULE, -Infinity, signature)).toBe(kept);
    expect(passingPlan(i, SHANGHAI, DEFAULT_SCHEDULE, -Infinity, signature)).toBe(kept);
    i.rev++;
    expect(cachedPlan(i, SHANGHAI, DEFAULT_SCHEDULE, -Infinity, signature)).not.toBe(kept);
  });
});

describe('ping settings values', () => {
  it('reads working-day lists and times of day as people type them', () => {
    expect(parseDays('2,1,0')).toEqual([2, 1, 0]);
    expect(parseDays('0 3，1')).toEqual([3, 1, 0]);
    expect(parseDays('none')).toEqual([]);
    expect(parseDays('11')).toBeUndefined();
    expect(parseDays('two')).toBeUndefined();
    expect(parseTimeOfDay('09:00')).toBe(540);
    expect(parseTimeOfDay('9')).toBe(540);
    expect(parseTimeOfDay('17：30')).toBe(17 * 60 + 30);
    expect(parseTimeOfDay('24:00')).toBeUndefined();
    expect(parseTimeOfDay('9am')).toBeUndefined();
  });
});
