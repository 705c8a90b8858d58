import { describe, expect, it } from 'vitest';
import { bot, deadline, fails, item, ok, type ItemJson } from './track-support.js';
import type { Block, Inline } from '../../src/core/types.js';

const mentions = (blocks: Block[]): string[] => {
  const out: string[] = [];
  const scan = (r: unknown) => {
    if (Array.isArray(r)) for (const p of r as Inline[]) if (typeof p === 'object' && 'mention' in p) out.push(p.mention);
  };
  for (const b of blocks) {
    if (b.type === 'paragraph' || b.type === 'context' || b.type === 'warning') scan(b.text);
    if (b.type === 'list' || b.type === 'steps') b.items.forEach(scan);
    if (b.type === 'fields') b.fields.forEach((f) => scan(f.value));
  }
  return out;
};

describe('/track new', () => {
  it('hands out short sequential ids per workspace', async () => {
    const b = bot();
    expect(item(await ok(b, '/track new task One')).id).toBe('1');
    expect(item(await ok(b, '/track new task Two')).id).toBe('2');
    expect(item(await ok(b, '/track new task Other', { workspace: 'w2' })).id).toBe('1');
  });

  it('records the opening date as an event, defaulting to today, and stores text fields', async () => {
    const b = bot();
    const r = await ok(b, '/track new brand-appeal Acme Lighting');
    expect(item(r)).toMatchObject({ title: 'Acme Lighting', template: 'brand-appeal', status: 'open', channel: 'c1', events: [{ key: 'submitted', day: '2026-11-23' }] });
    const s = await ok(b, '/track new store-authorization "Acme US" market:us');
    expect(b.text(s)).toContain('US');
  });

  it('accepts a template by a localized name', async () => {
    const b = bot();
    expect(item(await ok(b, '/track new 品牌申诉 Acme')).template).toBe('brand-appeal');
    expect(item(await ok(b, '/track new 任務 寄發票')).template).toBe('task');
  });

  it('refuses an unknown template with a guess and the list of templates', async () => {
    const b = bot();
    const e = await fails(b, '/track new brand-apeal Acme');
    expect(e.code).toBe('errors.track.unknownTemplateGuess');
    expect(e.message).toContain('did you mean `brand-appeal`');
    // Under /track new the example is made for now: a due date a week of working days ahead.
    expect(e.text).toContain('Example: /track new task "Call the brand owner" due:2026-11-30');
    expect((await fails(b, '/track new zzzzzz Acme')).message).toContain('handmade-press');
    expect((await fails(b, '/track new')).code).toBe('errors.track.noTemplate');
  });

  it('refuses a missing title with what the title is and an example for that template', async () => {
    const e = await fails(bot(), '/track new handmade-press announce:2027-01-15');
    expect(e.code).toBe('errors.track.missingTitle');
    expect(e.message).toContain('what is announced');
    expect(e.message).toContain('/track new handmade-press Spring collection launch announce:2027-01-15');
  });

  it('refuses a missing required field, and a field the template does not have', async () => {
    const b = bot();
    const missing = await fails(b, '/track new store-authorization Acme');
    expect(missing.code).toBe('errors.track.missingField');
    expect(missing.message).toContain('market:');
    const wrong = await fails(b, '/track new brand-appeal Acme market:US');
    expect(wrong.code).toBe('errors.track.fieldNotForTemplate');
    expect(wrong.message).toContain('submitted:');
    expect((await fails(b, '/track new handmade-press Launch')).message).toContain('announce:');
  });

  it('refuses a bad or impossible date with an accepted example', async () => {
    const b = bot();
    const bad = await fails(b, '/track new brand-appeal Acme submitted:someday');
    expect(bad.code).toBe('errors.date.unreadable');
    // A submission happened: the examples are dates before now (Monday 2026-11-23).
    expect(bad.message).toContain('2026-11-18, 11/18');
    const due = await fails(b, '/track new collab-design Tee due:2026-02-30');
    expect(due.message).toContain('e.g. 2026-11-30');
    expect((await fails(b, '/track new brand-appeal Acme submitted:2026-02-30')).code).toBe('errors.date.impossible');
    expect((await fails(b, '/track new task X due:whenever')).code).toBe('errors.track.badDue');
  });

  it('answers errors in the caller’s language', async () => {
    const b = bot();
    expect((await fails(b, '/track new brand-apeal Acme', { platformLocale: 'zh-CN' })).message).toContain('你是不是想输入');
    expect((await fails(b, '/track new brand-apeal Acme', { platformLocale: 'zh-TW' })).message).toContain('你是不是要輸入');
    expect((await fails(b, '/track new brand-appeal Acme submitted:2026-02-30', { platformLocale: 'zh-TW' })).message).toContain('不是真實存在的日期');
  });
});

describe('/track event', () => {
  it('refuses an unknown event, listing the template’s events with an example', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    const e = await fails(b, '/track event 1 video-invite 2026-11-23');
    expect(e.code).toBe('errors.track.unknownEventGuess');
    expect(e.message).toContain('video-invited');
    expect(e.message).toContain('submitted, video-invited, video-scheduled, decided');
    const none = await fails(b, '/track event 1 shipped');
    expect(none.code).toBe('errors.track.unknownEvent');
    expect((await fails(b, '/track event 1')).code).toBe('errors.track.missingEvent');
  });

  it('needs a time of day for the meeting, and an outcome for the decision', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    const t = await fails(b, '/track event 1 video-scheduled 2026-12-10');
    expect(t.code).toBe('errors.track.needTime');
    expect(t.message).toContain('"2026-12-10 10:00"');
    expect((await fails(b, '/track event 1 video-scheduled')).code).toBe('errors.track.needDate');
    expect((await fails(b, '/track event 1 decided')).code).toBe('errors.track.needOutcome');
    const maybe = await fails(b, '/track event 1 decided maybe');
    expect(maybe.code).toBe('errors.track.badOutcome');
    expect(maybe.message).toContain('`maybe`');
  });

  it('closes the item with a closing event and its outcome; then it takes no more events', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme submitted:2026-11-16');
    const r = await ok(b, '/track event 1 decided 通过 2026-11-20');
    expect(item(r)).toMatchObject({ status: 'done', events: [{ key: 'submitted' }, { key: 'decided', outcome: 'approved', day: '2026-11-20' }] });
    expect(b.text(r)).toContain('approved');
    expect((await fails(b, '/track event 1 video-invited')).code).toBe('errors.track.closed');
  });

  it('refuses an unknown, malformed or missing id', async () => {
    const b = bot();
    expect((await fails(b, '/track event 9 video-invited')).code).toBe('errors.track.unknownItem');
    expect((await fails(b, '/track show twelve')).code).toBe('errors.track.badId');
    expect((await fails(b, '/track show')).code).toBe('errors.track.missingId');
    await ok(b, '/track new task X');
    expect(item(await ok(b, '/track show #1')).id).toBe('1');
  });
});

describe('who may do what', () => {
  it('lets anyone in the item’s channel add events and notes', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    await ok(b, '/track event 1 video-invited', { user: 'u2' });
    await ok(b, '/track note 1 Sent the ID copies', { user: 'u3' });
  });

  it('keeps people in other channels out of its events, except its creator and assignee', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    const e = await fails(b, '/track note 1 hello', { user: 'u2', channel: 'c2' });
    expect(e.code).toBe('errors.track.otherChannel');
    await ok(b, '/track note 1 from elsewhere', { channel: 'c2' });
  });

  it('lets only the creator, the assignee or an admin close, cancel or reassign', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    for (const line of ['/track done 1', '/track cancel 1', '/track assign 1 u3', '/track event 1 decided approved']) {
      const e = await fails(b, line, { user: 'u2' });
      expect(e.code).toBe('errors.track.notYours');
    }
    expect((await fails(b, '/track done 1', { user: 'u2', platformLocale: 'zh-CN' })).message).toContain('关闭');
    await ok(b, '/track assign 1 <@u2>');
    await ok(b, '/track assign 1 u4', { user: 'u2' });
    await ok(b, '/track cancel 1', { user: 'admin', isAdmin: true });
    expect((await fails(b, '/track done 1')).code).toBe('errors.track.closed');
  });

  it('never shows or changes another workspace’s items', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Secret');
    expect((await fails(b, '/track show 1', { workspace: 'w2' })).code).toBe('errors.track.unknownItem');
    expect((await fails(b, '/track done 1', { workspace: 'w2', isAdmin: true })).code).toBe('errors.track.unknownItem');
    const list = await ok(b, '/track list all', { workspace: 'w2' });
    expect(list.data?.total).toBe(0);
  });
});

describe('/track assign and mentions', () => {
  it('stores the id of a mention, @name or plain id, and mentions only through tokens', async () => {
    const b = bot();
    await ok(b, '/track new task Invoice');
    const r = await ok(b, '/track assign 1 <@U123ABC|lin>');
    expect(item(r).assignee).toBe('U123ABC');
    expect(mentions(r.blocks)).toEqual(['U123ABC']);
    expect(item(await ok(b, '/track assign 1 <@!4455>')).assignee).toBe('4455');
    expect(item(await ok(b, '/track assign 1 @lin')).assignee).toBe('lin');
    expect(item(await ok(b, '/track assign 1 none')).assignee).toBeNull();
  });

  it('unassigns with /track unassign (Discord has no way to type none into a user option), by the same rules', async () => {
    const b = bot();
    await ok(b, '/track new task Invoice');
    await ok(b, '/track assign 1 u2');
    expect((await fails(b, '/track unassign 1', { user: 'u9' })).code).toBe('errors.track.notYours');
    expect(item(await ok(b, '/track unassign 1', { user: 'u2' })).assignee).toBeNull();
    expect((await fails(b, '/track unassign')).code).toBe('errors.track.missingId');
  });

  it('refuses @everyone, @here and things that are not user ids', async () => {
    const b = bot();
    await ok(b, '/track new task Invoice');
    for (const u of ['@everyone', '@here', '<!channel>', '"two words"']) expect((await fails(b, `/track assign 1 ${u}`)).code).toBe('errors.track.badUser');
  });

  it('keeps user text as text: a title with @everyone pings nobody', async () => {
    const b = bot();
    const r = await ok(b, '/track new task "Tell @everyone <!channel>"');
    expect(mentions(r.blocks)).toEqual([]);
    expect(item(r).title).toBe('Tell @everyone <!channel>');
  });
});

describe('/track list', () => {
  async function three() {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme submitted:2026-11-05'); // expected decision Wed 2026-11-18: overdue
    await ok(b, '/track new task Invoice due:2026-11-27');
    await ok(b, '/track new task Elsewhere due:2026-11-24', { channel: 'c2', user: 'u2' });
    await ok(b, '/track assign 2 u2');
    return b;
  }
  const ids = (r: { data?: Record<string, unknown> | undefined }) => (r.data?.items as ItemJson[]).map((i) => i.id);

  it('shows this channel’s open items, the most urgent first', async () => {
    const b = await three();
    const r = await ok(b, '/track list');
    expect(ids(r)).toEqual(['1', '2']);
    expect(b.text(r)).toContain('overdue by 3 working days');
    expect(b.text(r)).toContain('Open items in this channel (2)');
  });

  it('shows every channel with all, mine, overdue and closed', async () => {
    const b = await three();
    expect(ids(await ok(b, '/track list all'))).toEqual(['1', '3', '2']);
    expect(ids(await ok(b, '/track list mine all', { user: 'u2' }))).toEqual(['3', '2']);
    expect(ids(await ok(b, '/track list overdue'))).toEqual(['1']);
    await ok(b, '/track done 2');
    expect(ids(await ok(b, '/track list closed'))).toEqual(['2']);
    expect(ids(await ok(b, '/track list 全部'))).toEqual(['1', '3']);
    expect((await fails(b, '/track list someday')).code).toBe('errors.track.badFilter');
  });

  it('pages a long list', async () => {
    const b = bot();
    for (let i = 0; i < 25; i++) await ok(b, `/track new task T${i} due:2026-12-${String(i + 1).padStart(2, '0')}`);
    const first = await ok(b, '/track list');
    expect(first.data).toMatchObject({ total: 25, page: 1, pages: 2 });
    expect(ids(first)[0]).toBe('1');
    expect(b.text(first)).toContain('/track list page:2');
    expect(ids(await ok(b, '/track list page:2'))).toEqual(['21', '22', '23', '24', '25']);
  });
});

describe('/deadlines', () => {
  it('lists this channel’s deadlines, overdue first, then the soonest, within the days asked', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme submitted:2026-11-05');
    await ok(b, '/track event 1 video-invited 2026-11-20');
    await ok(b, '/track new task Far due:2027-01-20');
    await ok(b, '/track new task Near due:2026-11-25');
    await ok(b, '/track new task Elsewhere due:2026-11-24', { channel: 'c2' });
    const r = await ok(b, '/deadlines');
    const rows = r.data?.deadlines as { item: string; key: string; overdue: boolean; due: string }[];
    expect(rows.map((x) => `${x.item}:${x.key}`)).toEqual(['1:expected-decision', '3:due', '1:book-slots']);
    expect(rows[0]!.overdue).toBe(true);
    expect(b.text(r)).toMatch(/Overdue \(1\)[\s\S]*Coming up \(2\)/);
    const wide = await ok(b, '/deadlines 90');
    expect((wide.data?.deadlines as unknown[]).length).toBe(4);
    expect((await fails(b, '/deadlines 0')).code).toBe('errors.track.badDays');
    expect((await fails(b, '/deadlines soon')).code).toBe('errors.track.badDays');
  });

  it('forgets closed items and passed meetings, and says when there is nothing', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    await ok(b, '/track event 1 video-scheduled "2026-11-24 10:00"');
    b.setNow('2026-11-24T11:00:00+08:00');
    const keys = ((await ok(b, '/deadlines')).data?.deadlines as { key: string }[]).map((d) => d.key);
    expect(keys).toEqual(['expected-decision']);
    await ok(b, '/track done 1');
    const none = await ok(b, '/deadlines');
    expect(b.text(none)).toContain('No deadlines in this channel in the next 14 days');
  });
});

describe('replies', () => {
  it('show each deadline with its absolute time, working days left, hardness and guide', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    await ok(b, '/track event 1 video-invited 2026-11-23');
    const r = await ok(b, '/track show 1');
    const text = b.text(r);
    expect(text).toContain('Book video verification slots: Wed 2026-12-02, end of day — 7 working days left · hard deadline');
    expect(text).toContain('`/guide brand-registry.video-verification-booking`');
    expect(text).toContain('Times are in Asia/Shanghai, UTC+08:00');
    const guideButtons = r.blocks.flatMap((x) => (x.type === 'buttons' ? x.buttons : []));
    expect(guideButtons.map((x) => [x.actionId, x.value])).toContainEqual(['guide:open', 'brand-registry.video-verification-booking']);
  });

  it('have guide buttons that open the knowledge-base entry through /guide', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    await ok(b, '/track event 1 video-invited 2026-11-23');
    const r = await ok(b, '/track show 1');
    const button = r.blocks.flatMap((x) => (x.type === 'buttons' ? x.buttons : [])).find((x) => x.value === 'brand-registry.video-verification-booking')!;
    const guide = await b.press(button.actionId, button.value);
    expect(guide.error).toBeUndefined();
    expect(guide.data?.entryId).toBe('brand-registry.video-verification-booking');
  });

  it('count down hours on the last day of a timed deadline and read in Chinese', async () => {
    const b = bot('2026-12-08T06:30:00+08:00');
    await ok(b, '/track new brand-appeal Acme');
    await ok(b, '/track event 1 video-scheduled "2026-12-10 10:00"');
    const r = await ok(b, '/track show 1');
    expect(b.text(r)).toContain('Last moment to reschedule the meeting: Tue 2026-12-08 10:00 — in 3 h 30 min');
    const zh = await ok(b, '/track show 1', { platformLocale: 'zh-TW' });
    expect(b.text(zh)).toContain('2026-12-08（週二）10:00 — 還剩 3 小時 30 分');
    expect(deadline(r, 'meeting').workingDaysLeft).toBe(2);
  });

  it('list the templates with how to open each one', async () => {
    const b = bot();
    const r = await ok(b, '/track templates');
    expect(r.data?.templates).toEqual(['brand-appeal', 'handmade-press', 'handmade-listing', 'store-authorization', 'collab-design', 'task']);
    expect(b.text(r)).toContain('/track new store-authorization <the store name> market:<the marketplace, e.g. US>');
  });
});

describe('the "Track this" button and autocomplete', () => {
  it('answers track:new-from with exactly what to type for the template', async () => {
    const b = bot();
    const r = await b.press('track:new-from', 'brand-appeal');
    expect(r.error).toBeUndefined();
    expect(r.data).toMatchObject({ template: 'brand-appeal', example: '/track new brand-appeal Acme submitted:2026-11-20' });
    expect(b.text(r)).toContain('/track new brand-appeal <the brand name> [submitted:<the date the appeal was submitted (default today)>]');
    const zh = await b.press('track:new-from', 'store-authorization', { platformLocale: 'zh-CN' });
    expect(b.text(zh)).toContain('/track new store-authorization <店铺名称> market:<站点，例如 US>');
    expect((await b.press('track:new-from', 'nonsense')).error?.code).toBe('errors.track.unknownTemplate');
  });

  it('completes open items by number or title, templates and events', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    await ok(b, '/track new task Invoice');
    await ok(b, '/track new task Secret', { workspace: 'w2' });
    await ok(b, '/track done 2');
    const caller = { platform: 'discord' as const, workspace: 'w1', channel: 'c1', user: 'u1' };
    expect((await b.core.complete(caller, 'track', 'show', 'id', 'ac')).map((c) => c.value)).toEqual(['1']);
    expect((await b.core.complete(caller, 'track', 'show', 'id', '#1')).map((c) => c.value)).toEqual(['1']);
    expect(await b.core.complete(caller, 'track', 'show', 'id', 'secret')).toEqual([]);
    expect((await b.core.complete(caller, 'track', 'new', 'template', 'hand')).map((c) => c.value)).toEqual(['handmade-press', 'handmade-listing']);
    expect((await b.core.complete(caller, 'track', 'event', 'event', 'video')).map((c) => c.value)).toEqual(['video-invited', 'video-scheduled']);
  });
});

describe('dates typed without quotes, and events dated ahead of now', () => {
  it('takes a date with spaces at the end of the line (`due:next tuesday`), the title staying the title', async () => {
    const b = bot(); // Monday 2026-11-23
    const r = item(await ok(b, '/track new task Call the brand owner due:next tuesday'));
    expect(r.title).toBe('Call the brand owner');
    expect(r.deadlines[0]!.due.slice(0, 10)).toBe('2026-12-01');
    const d = item(await ok(b, '/track new collab-design Tee brand:Acme due:3 working days'));
    expect(d.title).toBe('Tee');
    // A title after the date still works (the words before the date do not fill the title yet).
    expect(item(await ok(b, '/track new task due:2026-12-01 Write the SOP')).title).toBe('Write the SOP');
  });

  it('says to use quotes when a date with spaces is followed by more options', async () => {
    const e = await fails(bot(), '/track new collab-design Tee due:next tuesday brand:Acme');
    expect(e.code).toBe('errors.track.dateInQuotes');
    expect(e.message).toContain('due:"next Tuesday"');
    const zh = await fails(bot(), '/track new collab-design Tee due:下 周二 brand:Acme', { platformLocale: 'zh-TW' });
    expect(zh.message).toContain('引號');
  });

  it('refuses a past event dated in the future, and takes a scheduled one there', async () => {
    const b = bot();
    const e = await fails(b, '/track new brand-appeal Acme submitted:tomorrow');
    expect(e.code).toBe('errors.track.futureEvent');
    expect(e.message).toContain('2026-11-23');
    await ok(b, '/track new brand-appeal Acme submitted:2026-11-20');
    expect((await fails(b, '/track event 1 video-invited tomorrow')).code).toBe('errors.track.futureEvent');
    expect(b.store.read('w1').track).toBeDefined();
    await ok(b, '/track event 1 video-invited today');
    await ok(b, '/track event 1 video-scheduled "2026-12-10 10:00"');
    await ok(b, '/track new handmade-press Launch announce:2027-01-15');
  });
});
