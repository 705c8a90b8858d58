import { describe, expect, it } from 'vitest';
import { bot, deadline, fails, item, ok } from './track-support.js';

describe('recording an event again', () => {
  it('does not add a second, identical line when the same event and date are typed twice', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme submitted:2026-11-20');
    await ok(b, '/track event 1 video-invited 2026-11-23');
    const again = await ok(b, '/track event 1 video-invited 2026-11-23');
    expect(b.text(again)).toContain('#1: video verification invitation arrived — Mon 2026-11-23 is recorded already; nothing changed.');
    expect(item(again).events.filter((e) => e.key === 'video-invited')).toHaveLength(1);
  });

  it('says which date a correction replaces, and marks the replaced line in the item', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme submitted:2026-11-20');
    const r = await ok(b, '/track event 1 submitted 2026-11-19');
    expect(b.text(r)).toContain('#1: appeal submitted — Thu 2026-11-19 (replaces Fri 2026-11-20)');
    const shown = b.text(await ok(b, '/track show 1'));
    expect(shown).toContain('appeal submitted: Fri 2026-11-20 (replaced by a later entry)');
    expect(shown).toMatch(/appeal submitted: Thu 2026-11-19\n/);
  });

  it('keeps every record of an event that repeats, unmarked', async () => {
    const b = bot();
    await ok(b, '/track new collab-design Tee brand:Acme');
    await ok(b, '/track event 1 revision-requested 2026-11-20');
    await ok(b, '/track event 1 revised 2026-11-21');
    await ok(b, '/track event 1 revision-requested 2026-11-22');
    const shown = b.text(await ok(b, '/track show 1'));
    expect(shown.match(/revision requested: /g)).toHaveLength(2);
    expect(shown).not.toContain('replaced');
  });

  it('says when a moved deadline is no longer met, because what met it came before the new date', async () => {
    const b = bot();
    await ok(b, '/track new handmade-press Launch announce:2027-01-15');
    await ok(b, '/track event 1 pr-contacted');
    expect(deadline(await ok(b, '/track show 1'), 'pr-review-request').met).toBe(true);
    const r = await ok(b, '/track event 1 announce 2027-02-01');
    expect(b.text(r)).toContain('not met any more');
    expect(deadline(r, 'pr-review-request')).toMatchObject({ met: false, due: '2027-01-18T23:59:59.999+08:00' });
  });

  it('lists the latest ten events and says how many earlier ones are not shown', async () => {
    const b = bot();
    await ok(b, '/track new collab-design Tee');
    for (let i = 0; i < 12; i++) await ok(b, `/track event 1 ${i % 2 ? 'revised' : 'revision-requested'} 2026-11-${String(10 + i).padStart(2, '0')}`);
    const shown = b.text(await ok(b, '/track show 1', { platformLocale: 'zh-CN' }));
    expect(shown).toContain('还有 2 条较早的进展未显示。');
    expect(shown).not.toContain('2026-11-10');
    expect(shown).toContain('2026-11-21');
  });
});

describe('item replies', () => {
  it('label a text field by its name, not by its usage hint', async () => {
    const b = bot();
    const en = b.text(await ok(b, '/track new store-authorization Acme market:us'));
    expect(en).toContain('Marketplace: US');
    expect(en).not.toContain('the marketplace, e.g. US: US');
    const tw = b.text(await ok(b, '/track show 1', { platformLocale: 'zh-TW' }));
    expect(tw).toContain('站點：US');
  });

  it('name a deadline’s guide once, as the command to type', async () => {
    const b = bot();
    const text = b.text(await ok(b, '/track new brand-appeal Acme'));
    expect(text).toContain('guide `/guide brand-registry.submit-appeal`');
    expect(text).not.toContain('`brand-registry.submit-appeal` `/guide');
  });

  it('write the templates in Chinese punctuation, with an example in the reader’s words that works', async () => {
    const b = bot();
    const cn = b.text(await ok(b, '/track templates', { platformLocale: 'zh-CN' }));
    expect(cn).toContain('预计出结果（expected-decision）：提交申诉后 9 个工作日');
    expect(cn).toContain('submitted（已提交申诉）、video-invited');
    expect(cn).not.toMatch(/：\s`/);
    const example = /例如：`(\/track new collab-design [^`]+)`/.exec(cn)?.[1];
    expect(example).toContain('due:"3 个工作日"');
    const r = await ok(b, example!, { platformLocale: 'zh-CN' });
    expect(deadline(r, 'review').due).toBe('2026-11-26T23:59:59.999+08:00');
  });

  it('do not put a space after a full-width colon when a deadline is new', async () => {
    const b = bot();
    await ok(b, '/track new store-authorization S market:US');
    const r = b.text(await ok(b, '/track event 1 order-loading-authorized 2026-11-22', { platformLocale: 'zh-TW' }));
    expect(r).toContain('新的截止時間，續期載單授權：2027-11-22（週一）當天結束前');
  });
});

describe('dates', () => {
  it('read ISO 8601 date-times and month-day with a dash', async () => {
    const b = bot();
    expect(deadline(await ok(b, '/track new task A due:2026-12-01T18:00'), 'due').due).toBe('2026-12-01T18:00:00+08:00');
    expect(deadline(await ok(b, '/track new task B due:12-01'), 'due').due).toBe('2026-12-01T23:59:59.999+08:00');
  });

  it('read half past in Chinese (10点半, 10點半)', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    expect(deadline(await ok(b, '/track event 1 video-scheduled "12月10号 10点半"'), 'meeting').due).toBe('2026-12-10T10:30:00+08:00');
    expect(deadline(await ok(b, '/track event 1 video-scheduled "12/11 下午3點半"'), 'meeting').due).toBe('2026-12-11T15:30:00+08:00');
  });

  it('show the accepted forms in the reader’s own script and wording', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    const tw = await fails(b, '/track event 1 video-invited garbage', { platformLocale: 'zh-TW' });
    expect(tw.message).toContain('下週一');
    expect(tw.message).not.toMatch(/下周一|tomorrow/);
    const cn = await fails(b, '/track event 1 video-invited garbage', { platformLocale: 'zh-CN' });
    expect(cn.message).toContain('今天、明天、下周一');
    for (const form of ['今天', '昨天', '11月20日']) await ok(b, `/track event 1 video-invited ${form}`);
    for (const form of ['明天 10点', '下周一 10点', '12月10日 10点']) await ok(b, `/track event 1 video-scheduled "${form}"`);
  });

  it('say a date with no such month is not a real date', async () => {
    const b = bot();
    await ok(b, '/track new brand-appeal Acme');
    expect((await fails(b, '/track event 1 video-invited 2026-13-01')).message).toContain('there is no such month');
  });
});

describe('pages and days', () => {
  it('say there is no such page, with the last page to ask for', async () => {
    const b = bot();
    for (let i = 0; i < 21; i++) await ok(b, `/track new task T${i}`);
    const r = await fails(b, '/track list page:3');
    expect(r.code).toBe('errors.track.noSuchPage');
    expect(r.message).toContain('/track list page:2');
    const zero = await fails(b, '/track list page:0');
    expect(zero.code).toBe('errors.track.badPage');
    expect(zero.message).toContain('/track list page:2');
  });

  it('read the days of /deadlines as people type them, and nothing else', async () => {
    const b = bot();
    for (const typed of ['7', '7 days', '７', '7天']) expect((await ok(b, `/deadlines ${typed}`)).blocks[0]).toMatchObject({ text: 'Deadlines in this channel, next 7 days' });
    for (const typed of ['1e2', '0x10', '0', '367']) {
      const r = await fails(b, `/deadlines ${typed}`);
      expect(r.code).toBe('errors.track.badDays');
      expect(r.message).toContain(`\`${typed}\``);
    }
  });
});

describe('the "Track this" card', () => {
  it('shows what to type once, then the events and deadline rules', async () => {
    const b = bot();
    const r = await b.press('track:new-from', 'handmade-press', { platformLocale: 'zh-CN' });
    const text = b.text(r);
    expect(text.match(/\/track new handmade-press/g)).toHaveLength(2); // the usage and the example
    expect(text).toContain('`announce:` 计划公告日期（必填）');
    expect(text).toContain('跟踪事项：Handmade 新闻稿');
    expect(text).not.toContain('==');
    expect(text).toContain('进展：announce（');
  });
});
