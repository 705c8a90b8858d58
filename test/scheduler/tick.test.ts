import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Cli, brief } from './cli.js';

// Every test drives the real program: commands at chosen times, then `sellerdesk tick --now … --json`.
let cli: Cli;
beforeEach(() => {
  cli = new Cli();
});
afterEach(() => cli.close());

const MON = '2026-11-23T10:00:00+08:00';

describe('sellerdesk tick', () => {
  it('pings a deadline at each slot of the schedule, and never twice', async () => {
    await cli.cmd(MON, '/track new task "Ship the samples" due:2026-12-02');
    await cli.cmd(MON, '/track assign 1 @U07LIN');
    expect(await cli.tick('2026-11-30T08:59:59+08:00')).toEqual([]);
    const first = await cli.tick('2026-11-30T09:00:00+08:00');
    expect(first.map(brief)).toEqual(['#1 due 2wd']);
    expect(first[0]).toMatchObject({ itemId: '1', deadline: 'due', slot: '2wd', channel: 'local', workspace: 'local' });
    expect(first[0]!.text).toContain('Ship the samples');
    expect(first[0]!.text).toContain('Wed 2026-12-02');
    expect(first[0]!.text).toContain('@U07LIN');
    expect(await cli.tick('2026-11-30T09:00:00+08:00')).toEqual([]);
    expect(await cli.tick('2026-11-30T15:00:00+08:00')).toEqual([]);
    expect((await cli.tick('2026-12-01T09:00:05+08:00')).map(brief)).toEqual(['#1 due 1wd']);
    expect((await cli.tick('2026-12-02T09:00:00+08:00')).map(brief)).toEqual(['#1 due due']);
    const overdue = await cli.tick('2026-12-03T09:00:00+08:00');
    expect(overdue.map(brief)).toEqual(['#1 due overdue']);
    expect(overdue[0]!.text).toContain('Overdue');
    expect(await cli.tick('2026-12-04T09:00:00+08:00')).toEqual([]);
    expect(await cli.tick('2026-12-10T09:00:00+08:00')).toEqual([]);
  });

  it('sends nothing more once the item is done', async () => {
    await cli.cmd(MON, '/track new task "Ship the samples" due:2026-12-02');
    expect((await cli.tick('2026-11-30T09:00:00+08:00')).map(brief)).toEqual(['#1 due 2wd']);
    await cli.cmd('2026-11-30T11:00:00+08:00', '/track done 1');
    for (const at of ['2026-12-01T09:00:00+08:00', '2026-12-02T09:00:00+08:00', '2026-12-03T09:00:00+08:00']) {
      expect(await cli.tick(at)).toEqual([]);
    }
  });

  it('moves the pings with the deadline when an event changes it', async () => {
    await cli.cmd(MON, '/track new brand-appeal Acme submitted:2026-11-20');
    await cli.cmd(MON, '/track event 1 video-invited 2026-11-23'); // book-slots: Wed 2026-12-02
    expect((await cli.tick('2026-11-30T09:00:00+08:00')).map(brief)).toEqual(['#1 book-slots 2wd']);
    // The invitation really arrived on Wednesday: book-slots moves to Fri 2026-12-04.
    await cli.cmd('2026-11-30T10:00:00+08:00', '/track event 1 video-invited 2026-11-25');
    // Tuesday: the old 1wd ping of book-slots no longer applies; expected-decision (Thu 12-03) is 2 days out.
    expect((await cli.tick('2026-12-01T09:00:00+08:00')).map(brief)).toEqual(['#1 expected-decision 2wd']);
    const wed = await cli.tick('2026-12-02T09:00:00+08:00');
    expect(wed.map(brief).sort()).toEqual(['#1 book-slots 2wd', '#1 expected-decision 1wd']);
    expect(wed.find((p) => p.deadline === 'book-slots')!.text).toContain('Fri 2026-12-04');
    // Booking the meeting meets book-slots: no more pings for it.
    await cli.cmd('2026-12-02T10:00:00+08:00', '/track event 1 video-scheduled "2026-12-10 10:00"');
    expect((await cli.tick('2026-12-03T09:00:00+08:00')).map(brief)).toEqual(['#1 expected-decision due']);
  });

  it('before a meeting, sends the preparation checklist in the channel language with the working-day-before ping', async () => {
    await cli.cmd(MON, '/settings default-lang zh-CN');
    await cli.cmd(MON, '/track new brand-appeal Acme');
    await cli.cmd(MON, '/track event 1 video-scheduled "2026-12-10 10:00"');
    const pings = await cli.tick('2026-12-09T09:00:00+08:00');
    const meeting = pings.find((p) => p.deadline === 'meeting')!;
    expect(meeting.slot).toBe('1wd');
    expect(meeting.text).toContain('还有 1 个工作日');
    expect(meeting.text).toContain('提前准备');
    expect(meeting.text).toContain('[ ] ');
    expect(meeting.text).toContain('/guide brand-registry.video-verification-prepare');
    const hour = await cli.tick('2026-12-10T09:00:00+08:00');
    expect(hour.map(brief)).toEqual(['#1 meeting 1h']);
    expect(hour[0]!.text).toContain('1 小时后');
    expect(hour[0]!.text).not.toContain('[ ] ');
  });

  it("writes in the creator's own language when the workspace has no default, else in English", async () => {
    await cli.cmd(MON, '/settings lang zh-TW', { user: 'U0MEI' });
    await cli.cmd(MON, '/track new task 報價單 due:2026-12-02', { user: 'U0MEI' });
    await cli.cmd(MON, '/track new task Quote due:2026-12-02', { user: 'U0BOB' });
    const [mei, bob] = await cli.tick('2026-11-30T09:00:00+08:00');
    expect(mei!.text).toContain('還有 2 個工作天');
    expect(mei!.text).toContain('2026-12-02（週三）');
    expect(bob!.text).toContain('In 2 working day(s)');
  });

  it('after a gap, sends the latest slot of each deadline within 24 hours and one summary per channel for the older ones', async () => {
    await cli.cmd(MON, '/track new task Alpha due:2026-12-02', { channel: 'c1' }); // due today at the restart
    await cli.cmd(MON, '/track new task Bravo due:2026-11-27', { channel: 'c1' }); // overdue ping Mon 11-30: 2 days late
    await cli.cmd(MON, '/track new task Charlie due:2026-11-26', { channel: 'c1' }); // overdue ping Fri 11-27: older still
    await cli.cmd(MON, '/track new task Delta due:2026-12-01', { channel: 'c2' }); // overdue ping today
    await cli.cmd(MON, '/track new task Echo due:2026-11-25', { channel: 'c3' }); // only missed ones in c3
    // The bot was down from Monday until Wednesday 10:00.
    const back = await cli.tick('2026-12-02T10:00:00+08:00');
    expect(back.map(brief).sort()).toEqual(['#1 due due', '#4 due overdue', 'c1 missed', 'c3 missed']);
    const c1 = back.find((p) => p.deadline === 'missed' && p.channel === 'c1')!;
    expect(c1.slot).toBe('summary');
    expect(c1.text).toContain('Missed while sellerdesk was offline');
    expect(c1.text).not.toContain('==');
    expect(c1.text).toContain('Bravo');
    expect(c1.text).toContain('Charlie');
    expect(c1.text).not.toContain('Alpha');
    expect(c1.text).toMatch(/overdue by 3 working day/);
    // Nothing is sent twice, not the summaries either.
    expect(await cli.tick('2026-12-02T10:00:00+08:00')).toEqual([]);
    expect(await cli.tick('2026-12-02T11:00:00+08:00')).toEqual([]);
  });

  it('follows /settings pings: other days and time, no overdue ping; off stops them; reset brings the default back', async () => {
    const set = await cli.cmd(MON, '/settings pings days:3,0 time:08:30 overdue:off');
    expect(set.pings).toMatchObject({ enabled: true, days: [3, 0], time: '08:30', overdue: false, hour: true, timezone: 'Asia/Shanghai' });
    await cli.cmd(MON, '/track new task Report due:2026-12-03');
    expect(await cli.tick('2026-11-30T08:29:59+08:00')).toEqual([]);
    expect((await cli.tick('2026-11-30T08:30:00+08:00')).map(brief)).toEqual(['#1 due 3wd']);
    expect(await cli.tick('2026-12-01T09:00:00+08:00')).toEqual([]);
    expect((await cli.tick('2026-12-03T08:30:00+08:00')).map(brief)).toEqual(['#1 due due']);
    expect(await cli.tick('2026-12-04T09:00:00+08:00')).toEqual([]);

    await cli.cmd('2026-12-04T10:00:00+08:00', '/track new task Later due:2026-12-10');
    const off = await cli.cmd('2026-12-04T10:00:00+08:00', '/settings pings off');
    expect(off.text).toContain('off for this workspace');
    expect(await cli.tick('2026-12-07T08:30:00+08:00')).toEqual([]);
    // Back on Tuesday noon: what came due while pings were off is not sent, nor summarized.
    const reset = await cli.cmd('2026-12-08T12:00:00+08:00', '/settings pings reset');
    expect(reset.pings).toMatchObject({ enabled: true, days: [2, 1, 0], time: '09:00', overdue: true, hour: true });
    expect(await cli.tick('2026-12-08T12:00:00+08:00')).toEqual([]);
    expect((await cli.tick('2026-12-09T09:00:00+08:00')).map(brief)).toEqual(['#2 due 1wd']);
  });

  it('explains a bad ping setting with an example', async () => {
    for (const [line, code] of [
      ['/settings pings days:2,x', 'errors.pings.badDays'],
      ['/settings pings time:25:00', 'errors.pings.badTime'],
      ['/settings pings sometimes', 'errors.pings.badAction'],
      ['/settings pings overdue:maybe', 'errors.badOnOff'],
      ['/settings digest noon', 'errors.pings.badDigest'],
    ] as const) {
      const r = await cli.cmd(MON, line);
      expect(r.ok).toBe(false);
      expect((r.error as { code: string }).code).toBe(code);
      expect(r.text).toMatch(/\/settings (pings|digest) /);
    }
    const zh = await cli.cmd(MON, '/settings pings time:9点', { locale: 'zh-TW' });
    expect(zh.text).toContain('24 小時制');
  });

  it("posts a channel's daily digest of today's and overdue deadlines at its time on working days, once", async () => {
    const set = await cli.cmd(MON, '/settings digest 09:30', { channel: 'c1' });
    expect((set.pings as { digest: string }).digest).toBe('09:30');
    await cli.cmd(MON, '/track new task Overdue due:2026-11-30', { channel: 'c1' });
    await cli.cmd(MON, '/track new task Today due:2026-12-02', { channel: 'c1' });
    await cli.cmd(MON, '/track new task Later due:2026-12-09', { channel: 'c1' });
    await cli.cmd(MON, '/track new task Elsewhere due:2026-12-02', { channel: 'c2' });
    await cli.cmd(MON, '/settings pings off');
    expect(await cli.tick('2026-12-02T09:29:00+08:00')).toEqual([]);
    const digest = await cli.tick('2026-12-02T09:30:00+08:00');
    expect(digest.map(brief)).toEqual(['c1 digest']);
    expect(digest[0]!.slot).toBe('2026-12-02');
    expect(digest[0]!.text).toMatch(/Overdue \(1\)[\s\S]*Overdue[\s\S]*Due today \(1\)[\s\S]*Today/);
    expect(digest[0]!.text).not.toContain('Later');
    // The text Slack and Discord get: the heading is a line of its own, without == markers.
    expect(digest[0]!.text).not.toContain('==');
    expect(digest[0]!.text).not.toContain('Elsewhere');
    expect(await cli.tick('2026-12-02T09:31:00+08:00')).toEqual([]);
    // Saturday: no digest.
    expect(await cli.tick('2026-12-05T09:30:00+08:00')).toEqual([]);
    await cli.cmd(MON, '/settings digest off', { channel: 'c1' });
    expect(await cli.tick('2026-12-03T09:30:00+08:00')).toEqual([]);
  });
});
