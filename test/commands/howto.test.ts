import { describe, expect, it } from 'vitest';
import { testBot } from '../support/app.js';
import { FEATURE, MAX_GAPS, recordGap, topGaps } from '../../src/knowledge/gaps.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Button, Reply } from '../../src/core/types.js';
import { replyJson } from '../../src/core/reply-json.js';

const buttonsOf = (r: Reply): Button[] => r.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
const zhCN = { platformLocale: 'zh-CN' };
const zhTW = { platformLocale: 'zh-TW' };

describe('/howto answers', () => {
  it('answers a clear question with the entry, in the asker’s language, with the UI labels translated beside them', async () => {
    const bot = testBot();
    const r = await bot.run('/howto 要怎麼撤銷我提交的設計', zhTW);
    expect(r.data).toMatchObject({ entryId: 'collab.withdraw-design', alternatives: [], tier: 'answer' });
    expect(r.locale).toBe('zh-TW');
    const text = bot.text(r);
    expect(text).toContain('【Withdraw】');
    expect(text).toMatch(/【Withdraw】\([^)]+\)/);
    // The source by its title; the file name is in the JSON.
    expect(text).toContain('來源：亞馬遜賣家合作推廣說明');
    expect(text).not.toContain('.txt');
    expect(r.data?.source).toBe('000_878ecfdd04d79a61.txt');
  });

  it('names every source document by a title in each language, never by its file name', async () => {
    const bot = testBot();
    for (const locale of ['en', 'zh-CN', 'zh-TW']) {
      for (const id of ['collab.approve-design', 'handmade.press-release', 'account.link-regions', 'saleyee.revoke-authorization', 'brand-registry.video-verification-prepare']) {
        const r = await bot.run(`/guide ${id}`, { platformLocale: locale });
        if (r.error) continue;
        expect(bot.text(r), `${id} ${locale}`).not.toMatch(/\d{3}_[0-9a-f]{16}/);
        expect(String(r.data?.source)).toMatch(/^\d{3}_[0-9a-f]{16}\.txt$/);
      }
    }
    expect(bot.text(await bot.run('/guide collab.approve-design', { platformLocale: 'en' }))).toContain('Source: Amazon Seller Collab help (卖家合作推广)');
  });

  it('finds the entry from English, simplified or traditional Chinese alike', async () => {
    const bot = testBot();
    const en = await bot.run('/howto how to reschedule the video verification', { platformLocale: 'en-US' });
    expect(en.data).toMatchObject({ entryId: 'brand-registry.video-verification-reschedule', tier: 'answer' });
    expect(bot.text(en)).toContain('48');
    const cn = await bot.run('/howto 产品太重带不了50件', zhCN);
    const tw = await bot.run('/howto 產品太重帶不了50件', zhTW);
    expect(cn.data).toMatchObject({ entryId: 'brand-registry.faq-heavy-products' });
    expect(tw.data).toMatchObject({ entryId: 'brand-registry.faq-heavy-products' });
  });

  it('offers related entries and the language toggle as buttons with the answer', async () => {
    const bot = testBot();
    const r = await bot.run('/howto 要怎麼撤銷我提交的設計', zhTW);
    const actions = buttonsOf(r).map((b) => b.actionId);
    expect(actions).toContain('guide:open');
    expect(actions).toContain('howto:lang');
    const toggle = buttonsOf(r).find((b) => b.actionId === 'howto:lang')!;
    const english = await bot.press(toggle.actionId, toggle.value, zhTW);
    expect(english).toMatchObject({ replaceOriginal: true, ephemeral: true, locale: 'en', data: { entryId: 'collab.withdraw-design' } });
  });
});

describe('/howto in JSON', () => {
  it('carries entryId (null unless answering) and alternatives (best first) in every tier', async () => {
    const bot = testBot();
    const answered = replyJson(await bot.run('/howto 要怎麼撤銷我提交的設計', zhTW));
    expect(answered).toMatchObject({ ok: true, entryId: 'collab.withdraw-design', alternatives: [], tier: 'answer' });
    const unsure = replyJson(await bot.run('/howto 视频验证', zhCN));
    expect(unsure).toMatchObject({ ok: true, entryId: null, tier: 'suggest' });
    expect((unsure.alternatives as string[])[0]).toBe((unsure.buttons as { value: string }[])[0]!.value);
    const unknown = replyJson(await bot.run('/howto lazada怎么退保证金', zhCN));
    expect(unknown).toMatchObject({ ok: true, entryId: null, alternatives: [], tier: 'unknown' });
    expect(typeof unknown.confidence).toBe('number');
  });
});

describe('/howto when it is not sure', () => {
  it('offers up to three entries as buttons, answers with none, and a button opens the entry', async () => {
    const bot = testBot();
    const r = await bot.run('/howto 视频验证', zhCN);
    expect(r.data).toMatchObject({ entryId: null, tier: 'suggest' });
    const alternatives = (r.data as { alternatives: string[] }).alternatives;
    expect(alternatives.length).toBeGreaterThanOrEqual(1);
    expect(alternatives.length).toBeLessThanOrEqual(3);
    // Every guide about the video verification is a fair guess (how to book it, prepare it, where to hold it, …).
    expect(alternatives.every((id) => id.startsWith('brand-registry.'))).toBe(true);
    expect(r.ephemeral).toBe(true);
    const offered = buttonsOf(r).filter((b) => b.feedback === undefined);
    expect(offered.map((b) => [b.actionId, b.value])).toEqual(alternatives.map((id) => ['guide:open', id]));
    const opened = await bot.press('guide:open', offered[0]!.value, zhCN);
    expect(opened.data).toMatchObject({ entryId: alternatives[0] });
  });

  it('says it does not know a question outside the guides, and offers the programs instead', async () => {
    const bot = testBot();
    for (const [q, who] of [
      ['lazada怎么退保证金', zhCN],
      ["what's the weather in Seattle", { platformLocale: 'en' }],
      ['今天天氣如何', zhTW],
    ] as const) {
      const r = await bot.run(`/howto ${q}`, who);
      expect(r.data, q).toMatchObject({ entryId: null, alternatives: [], tier: 'unknown' });
      const programs = buttonsOf(r).filter((b) => b.actionId === 'howto:program').map((b) => b.value);
      expect(programs).toEqual(['collab', 'handmade', 'account', 'saleyee', 'brand-registry']);
    }
  });

  it('lists a program’s guides as buttons when its button is pressed', async () => {
    const bot = testBot();
    const r = await bot.press('howto:program', 'saleyee', zhCN);
    const opened = buttonsOf(r);
    expect(opened.length).toBeGreaterThan(5);
    expect(opened.every((b) => b.actionId === 'guide:open' && b.value.startsWith('saleyee.'))).toBe(true);
    const bad = await bot.press('howto:program', 'nope', zhCN);
    expect(bad.error?.code).toBe('errors.unknownAction');
  });

  it('asks for a question when none is typed, with the usage', async () => {
    const bot = testBot();
    const r = await bot.run('/howto');
    expect(r.error?.code).toBe('errors.howtoNoQuestion');
    expect(bot.text(r)).toContain('/howto');
  });

  it('writes its hints the shell’s and Slack’s way there (Discord has its own form, test/adapters/discord/howto-hints.test.ts)', async () => {
    const bot = testBot();
    for (const [who, example] of [[{}, '/howto how do I approve a design'], [zhCN, '/howto 怎么批准设计'], [zhTW, '/howto 怎麼核准設計']] as const) {
      const empty = await bot.run('/howto', who);
      expect(bot.text(empty)).toContain(example);
      // Said once: the message carries its own example.
      expect(bot.text(empty).split(example)).toHaveLength(2);
      expect(bot.text(await bot.run('/howto ???', who))).toContain(example);
    }
  });
});

describe('/howto gaps', () => {
  it('records unanswered and unsure questions, not answered ones, and lists the most asked first', async () => {
    const bot = testBot();
    await bot.run('/howto lazada怎么退保证金', zhCN);
    await bot.run('/howto lazada怎麼退保證金', zhTW);
    await bot.run('/howto Lazada 怎么退 保证金？', zhCN);
    await bot.run('/howto 视频验证', zhCN);
    await bot.run('/howto 要怎麼撤銷我提交的設計', zhTW);
    const r = await bot.run('/howto gaps');
    const gaps = (r.data as { gaps: { question: string; count: number; tier: string; offered: string[] }[]; total: number }).gaps;
    expect(gaps.map((g) => [g.count, g.tier])).toEqual([
      [3, 'unknown'],
      [1, 'suggest'],
    ]);
    expect(gaps[0]!.question).toBe('Lazada 怎么退 保证金？');
    expect(gaps[1]!.offered.length).toBeGreaterThan(0);
    expect(bot.text(r)).toContain('3×');
  });

  it('quotes the questions and the entries offered with the reader’s quotation marks (「…」 in Taiwan)', async () => {
    const bot = testBot();
    await bot.run('/howto 视频验证', zhCN);
    const tw = bot.text(await bot.run('/howto-gaps', zhTW));
    expect(tw).toMatch(/^• 「视频验证」 — 被問了 1 次/m);
    expect(tw).toMatch(/提供了 「[^」]+」/);
    expect(bot.text(await bot.run('/howto-gaps', zhCN))).toMatch(/^• “视频验证” — /m);
    expect(bot.text(await bot.run('/howto-gaps', { platformLocale: 'en-US' }))).toMatch(/^• “视频验证” — asked 1×/m);
  });

  it('is the command /howto-gaps, the same list as /howto gaps', async () => {
    const bot = testBot();
    await bot.run('/howto lazada怎么退保证金', zhCN);
    const own = await bot.run('/howto-gaps');
    expect(own.error).toBeUndefined();
    expect(own.data).toEqual((await bot.run('/howto gaps')).data);
    expect((own.data as { gaps: { question: string }[] }).gaps.map((g) => g.question)).toEqual(['lazada怎么退保证金']);
  });

  it('names the entries it offered by their titles and gives times in the workspace zone, in the JSON too', async () => {
    const bot = testBot({ now: '2026-11-23T09:30:00+08:00' });
    await bot.run('/settings timezone America/Los_Angeles', { isAdmin: true });
    await bot.run('/howto 视频验证', zhCN);
    const r = await bot.run('/howto gaps', zhCN);
    const [gap] = (r.data as { gaps: { offered: string[]; first: string; last: string }[] }).gaps;
    expect(gap!.last).toBe('2026-11-22T17:30:00-08:00');
    expect(gap!.first).toBe(gap!.last);
    const text = bot.text(r);
    expect(text).toContain('2026-11-22 17:30');
    expect(text).toContain('America/Los_Angeles');
    for (const id of gap!.offered) expect(text).not.toContain(id);
    const kbTitle = (await bot.run(`/guide ${gap!.offered[0]}`, zhCN)).blocks[0];
    expect(kbTitle?.type === 'heading' && text.includes(`“${kbTitle.text}”`)).toBe(true);
  });

  it('keeps each workspace’s questions to itself', async () => {
    const bot = testBot();
    await bot.run('/howto how much are FBA fees', { workspace: 'team-a' });
    const a = await bot.run('/howto gaps', { workspace: 'team-a' });
    const b = await bot.run('/howto gaps', { workspace: 'team-b' });
    expect((a.data as { total: number }).total).toBe(1);
    expect(b.data).toMatchObject({ gaps: [], total: 0 });
    expect(bot.text(b)).not.toContain('FBA');
    expect(bot.store.read('team-b')[FEATURE]).toBeUndefined();
  });

  it('shows the day in the workspace’s time zone', async () => {
    const bot = testBot({ now: '2026-11-23T23:30:00+00:00' });
    await bot.run('/settings timezone Asia/Shanghai');
    await bot.run('/howto how much are FBA fees');
    expect(bot.text(await bot.run('/howto gaps'))).toContain('2026-11-24');
  });
});

describe('the gap ledger', () => {
  it('keeps at most MAX_GAPS questions, dropping the least asked', async () => {
    const store = new MemoryStore();
    const at = new Date('2026-11-23T09:00:00Z');
    await recordGap(store, 'w', { key: 'popular', question: 'popular', tier: 'unknown', offered: [], at, by: 'u1', publicly: false });
    await recordGap(store, 'w', { key: 'popular', question: 'popular', tier: 'unknown', offered: [], at, by: 'u1', publicly: false });
    for (let i = 0; i < MAX_GAPS + 5; i++) {
      await recordGap(store, 'w', { key: `q${i}`, question: `q${i}`, tier: 'unknown', offered: [], at: new Date(at.getTime() + i * 1000), by: 'u1', publicly: false });
    }
    const all = topGaps(store.read('w'), MAX_GAPS + 10);
    expect(all).toHaveLength(MAX_GAPS);
    expect(all[0]).toMatchObject({ key: 'popular', count: 2 });
    expect(all.some((g) => g.key === `q${MAX_GAPS + 4}`)).toBe(true);
  });

  it('reads a damaged ledger as empty instead of failing', async () => {
    const store = new MemoryStore();
    await store.update('w', (ws) => {
      ws[FEATURE] = { gaps: 'not a record' };
    });
    expect(topGaps(store.read('w'))).toEqual([]);
    await recordGap(store, 'w', { key: 'k', question: 'q', tier: 'unknown', offered: [], at: new Date('2026-11-23T09:00:00Z'), by: 'u1', publicly: false });
    expect(topGaps(store.read('w'))).toHaveLength(1);
  });
});
