import { describe, expect, it } from 'vitest';
import { bot, deadline, item, ok } from './track-support.js';

/** Workspace-wide settings are changed by an admin. */
const ADMIN = { isAdmin: true };

// The worked examples of workflows.md (weekends only, no holiday region, Asia/Shanghai), each
// through the real command path, then the edge cases around them.

describe('the worked examples', () => {
  it('an appeal submitted Fri 2026-11-20 expects its decision Thu 2026-12-03 (a follow-up)', async () => {
    const b = bot();
    const r = await ok(b, '/track new brand-appeal Acme submitted:2026-11-20');
    const d = deadline(r, 'expected-decision');
    expect(d.due).toBe('2026-12-03T23:59:59.999+08:00');
    expect(d.hard).toBe(false);
    expect(b.text(r)).toContain('Thu 2026-12-03, end of day');
    expect(b.text(r)).toContain('/guide brand-registry.submit-appeal');
  });

  it('the same appeal with US holidays (Thanksgiving Thu 2026-11-26) expects it Fri 2026-12-04', async () => {
    const b = bot();
    await ok(b, '/settings holidays US', ADMIN);
    const r = await ok(b, '/track new brand-appeal Acme submitted:2026-11-20');
    expect(deadline(r, 'expected-decision').due).toBe('2026-12-04T23:59:59.999+08:00');
    expect(b.text(r)).toContain('Fri 2026-12-04');
  });

  it('a video invitation that arrived Mon 2026-11-23 must be booked by Wed 2026-12-02 (hard)', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme submitted:2026-11-20');
    const r = await ok(b, '/track event 1 video-invited 2026-11-23');
    const d = deadline(r, 'book-slots');
    expect(d).toMatchObject({ due: '2026-12-02T23:59:59.999+08:00', hard: true, workingDaysLeft: 7, entry: 'brand-registry.video-verification-booking' });
    expect(b.text(r)).toContain('Wed 2026-12-02, end of day — 7 working days left');
    expect(b.text(r)).toContain('hard deadline');
  });

  it('a meeting on 2026-12-10 10:00 can be rescheduled until 2026-12-08 10:00; the checklist comes Wed 2026-12-09', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    const r = await ok(b, '/track event 1 video-scheduled "2026-12-10 10:00"');
    expect(deadline(r, 'reschedule-cutoff')).toMatchObject({ due: '2026-12-08T10:00:00+08:00', timed: true, kind: 'cutoff' });
    expect(deadline(r, 'meeting')).toMatchObject({ due: '2026-12-10T10:00:00+08:00', timed: true, kind: 'appointment', entry: 'brand-registry.video-verification-prepare' });
    expect(b.text(r)).toContain('Tue 2026-12-08 10:00');
    expect(b.text(r)).toContain('checklist on Wed 2026-12-09');
  });

  it('an announcement on 2027-01-15 needs the PR team by 2027-01-01', async () => {
    const b = bot();
    const r = await ok(b, '/track new handmade-press "Spring collection" announce:2027-01-15');
    expect(deadline(r, 'pr-review-request')).toMatchObject({ due: '2027-01-01T23:59:59.999+08:00', hard: true, entry: 'handmade.press-release' });
    expect(b.text(r)).toContain('Fri 2027-01-01');
  });

  it('a product listed 2026-11-22 15:30 should show by 2026-11-23 15:30 (exactly 24 hours)', async () => {
    const b = bot();
    const r = await ok(b, '/track new handmade-listing "Walnut board" listed:"2026-11-22 15:30"');
    expect(deadline(r, 'visibility-check')).toMatchObject({ due: '2026-11-23T15:30:00+08:00', timed: true, hard: false });
  });

  it('order loading authorized 2026-11-22 is renewed by 2027-11-22', async () => {
    const b = bot();
    await ok(b, '/track new store-authorization "Acme US" market:us');
    const r = await ok(b, '/track event 1 order-loading-authorized 2026-11-22');
    expect(deadline(r, 'renew-order-loading')).toMatchObject({ due: '2027-11-22T23:59:59.999+08:00', hard: true });
    expect(item(r).deadlines.map((d) => d.key)).toEqual(['renew-order-loading']);
  });
});

describe('edge cases of the calendar', () => {
  it('counts from the next working day when the invitation arrived on a Saturday', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    const r = await ok(b, '/track event 1 video-invited 2026-11-21');
    expect(deadline(r, 'book-slots').due).toBe('2026-12-01T23:59:59.999+08:00');
  });

  it('counts from the next working day when the invitation arrived on a public holiday', async () => {
    const b = bot();
    await ok(b, '/settings holidays US', ADMIN);
    await ok(b, '/track new brand-appeal Acme');
    b.setNow('2026-11-27T10:00:00+08:00'); // recorded afterwards: an arrival is never dated ahead
    const r = await ok(b, '/track event 1 video-invited 2026-11-26');
    expect(deadline(r, 'book-slots').due).toBe('2026-12-07T23:59:59.999+08:00');
  });

  it('crosses the turn of the year, skipping Christmas and New Year (US)', async () => {
    const b = bot('2026-12-24T10:00:00+08:00');
    await ok(b, '/settings holidays US', ADMIN);
    const r = await ok(b, '/track new brand-appeal Acme');
    expect(deadline(r, 'expected-decision').due).toBe('2027-01-08T23:59:59.999+08:00');
  });

  it('keeps day deadlines at the end of the local day across the March DST change in New York', async () => {
    const b = bot('2026-03-02T09:00:00-05:00');
    await ok(b, '/settings timezone America/New_York', ADMIN);
    await ok(b, '/track new brand-appeal Acme submitted:2026-03-02');
    b.setNow('2026-03-06T12:00:00-05:00');
    const r = await ok(b, '/track event 1 video-invited 2026-03-06');
    expect(deadline(r, 'book-slots').due).toBe('2026-03-17T23:59:59.999-04:00');
    expect(deadline(r, 'expected-decision').due).toBe('2026-03-13T23:59:59.999-04:00');
  });

  it('counts "48 hours before" as exact hours across a DST change (the clock reads an hour differently)', async () => {
    const b = bot('2026-03-02T09:00:00-05:00');
    await ok(b, '/settings timezone America/New_York', ADMIN);
    await ok(b, '/track new brand-appeal Acme');
    const r = await ok(b, '/track event 1 video-scheduled "2026-03-09 10:00"');
    expect(deadline(r, 'meeting').due).toBe('2026-03-09T10:00:00-04:00');
    expect(deadline(r, 'reschedule-cutoff').due).toBe('2026-03-07T09:00:00-05:00');
    const fall = bot('2026-10-26T09:00:00-04:00');
    await ok(fall, '/settings timezone America/New_York', ADMIN);
    await ok(fall, '/track new brand-appeal Acme');
    const f = await ok(fall, '/track event 1 video-scheduled "2026-11-02 10:00"');
    expect(deadline(f, 'meeting').due).toBe('2026-11-02T10:00:00-05:00');
    expect(deadline(f, 'reschedule-cutoff').due).toBe('2026-10-31T11:00:00-04:00');
  });

  it('recording a later invitation moves book-slots and says so', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    await ok(b, '/track event 1 video-invited 2026-11-23');
    b.setNow('2026-11-25T10:00:00+08:00');
    const r = await ok(b, '/track event 1 video-invited 2026-11-25');
    expect(deadline(r, 'book-slots').due).toBe('2026-12-04T23:59:59.999+08:00');
    expect(b.text(r)).toContain('Book video verification slots moved: Wed 2026-12-02, end of day → Fri 2026-12-04, end of day');
  });

  it('correcting the submission date (an opening field is an event too) moves the expected decision', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme submitted:2026-11-20');
    const r = await ok(b, '/track event 1 submitted 2026-11-19');
    expect(deadline(r, 'expected-decision').due).toBe('2026-12-02T23:59:59.999+08:00');
  });

  it('booking the meeting meets book-slots: no longer pending, shown as met', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    await ok(b, '/track event 1 video-invited 2026-11-23');
    const r = await ok(b, '/track event 1 video-scheduled "2026-12-10 10:00"');
    expect(deadline(r, 'book-slots').met).toBe(true);
    expect(b.text(r)).toContain('Book video verification slots: met, no more reminders.');
    const d = await ok(b, '/deadlines 30');
    expect((d.data?.deadlines as { key: string }[]).map((x) => x.key)).not.toContain('book-slots');
  });

  it('gives a task a relative due of 3 working days from its creation, holidays skipped', async () => {
    const b = bot();
    const r = await ok(b, '/track new task "Send the invoice" due:"3 working days"');
    expect(deadline(r, 'due').due).toBe('2026-11-26T23:59:59.999+08:00');
    await ok(b, '/settings holidays US', ADMIN);
    const again = await ok(b, '/track show 1');
    expect(deadline(again, 'due').due).toBe('2026-11-27T23:59:59.999+08:00');
  });

  it('gives "48 hours" an exact time and a typed date the end of that day', async () => {
    const b = bot();
    expect(deadline(await ok(b, '/track new task Call due:"48 hours"'), 'due')).toMatchObject({ due: '2026-11-25T09:00:00+08:00', timed: true });
    expect(deadline(await ok(b, '/track new task Call due:明天'), 'due').due).toBe('2026-11-24T23:59:59.999+08:00');
    expect(deadline(await ok(b, '/track new task Call due:"next Monday"'), 'due').due).toBe('2026-11-30T23:59:59.999+08:00');
    expect(deadline(await ok(b, '/track new collab-design "Retro tee" brand:Acme due:"3个工作日"'), 'review').due).toBe('2026-11-26T23:59:59.999+08:00');
  });

  it('shows the resolved absolute date and weekday of a date typed as a word', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    const r = await ok(b, '/track event 1 video-invited last friday');
    expect(b.text(r)).toContain('video verification invitation arrived — Fri 2026-11-20');
    const zh = await ok(b, '/track event 1 video-invited 昨天', { platformLocale: 'zh-CN' });
    expect(b.text(zh)).toContain('2026-11-22（周日）');
    const meeting = await ok(b, '/track event 1 video-scheduled "下周一 10点"', { platformLocale: 'zh-CN' });
    expect(b.text(meeting)).toContain('2026-11-30（周一）');
  });
});
