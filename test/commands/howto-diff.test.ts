import { describe, expect, it } from 'vitest';
import { testBot } from '../support/app.js';
import { replyJson } from '../../src/core/reply-json.js';
import { renderReply as renderSlack, LIMITS as SLACK } from '../../src/adapters/slack/render.js';
import { renderReply as renderDiscord, LIMITS as DISCORD } from '../../src/adapters/discord/render.js';
import { ButtonIds } from '../../src/adapters/discord/buttons.js';

/** A difference question, end to end: the core's did-you-mean, its JSON line, and its Slack and Discord buttons. */
describe('/howto difference questions, end to end', () => {
  const cases = [
    ['en-US', 'en', "what's the difference between approving and rejecting a design", ['collab.approve-design', 'collab.reject-design'], 'comparing has its own guide'],
    ['zh-CN', 'zh-CN', '载单授权和刊登同步有什么区别', ['saleyee.authorize-listing-sync', 'saleyee.authorize-order-loading'], '你比较的两项各有一篇指南'],
    ['zh-TW', 'zh-TW', '載單授權跟刊登同步差在哪', ['saleyee.authorize-listing-sync', 'saleyee.authorize-order-loading'], '你想比較的這兩件事，各自都有一篇指南'],
  ] as const;

  for (const [platformLocale, locale, q, sides, says] of cases) {
    it(`offers both entries first, never an answer (${locale}: ${q})`, async () => {
      const bot = testBot();
      const r = await bot.run(`/howto ${q}`, { platformLocale });
      expect(r.locale).toBe(locale);
      expect(r.data).toMatchObject({ tier: 'suggest', entryId: null, compared: true });
      const alternatives = r.data!.alternatives as string[];
      expect(alternatives.slice(0, 2).sort()).toEqual([...sides]);
      expect(new Set(alternatives).size).toBe(alternatives.length);
      expect(bot.text(r)).toContain(says);

      // The JSON line as README "JSON replies" documents it.
      const json = JSON.parse(JSON.stringify(replyJson(r))) as Record<string, unknown>;
      expect(json).toMatchObject({ ok: true, locale, tier: 'suggest', entryId: null, alternatives, compared: true });
      expect(typeof json.confidence).toBe('number');
      const opens = (json.buttons as { actionId: string; value: string }[]).filter((b) => b.actionId === 'guide:open').map((b) => b.value);
      expect(opens).toEqual(alternatives);

      // Slack: action ids unique within each actions block, labels and values within the limits.
      for (const m of renderSlack(r)) {
        for (const b of m.blocks) {
          if (b.type !== 'actions') continue;
          const els = (b as { elements: { action_id: string; value?: string; text: { text: string } }[] }).elements;
          expect(new Set(els.map((e) => e.action_id)).size).toBe(els.length);
          for (const e of els) {
            expect(e.action_id.length).toBeLessThanOrEqual(SLACK.actionId);
            expect(e.text.text.length).toBeLessThanOrEqual(SLACK.buttonText);
            expect((e.value ?? '').length).toBeLessThanOrEqual(SLACK.buttonValue);
          }
        }
      }
      // Discord: custom ids unique in the message, at most 100 characters, labels within the limit.
      for (const m of renderDiscord(r, { ids: new ButtonIds() })) {
        const buttons = (m.components ?? []).flatMap((row) => row.components);
        const ids = buttons.map((c) => c.custom_id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const c of buttons) {
          expect(c.custom_id.length).toBeLessThanOrEqual(100);
          expect((c.label ?? '').length).toBeLessThanOrEqual(DISCORD.buttonLabel);
        }
      }
    });
  }

  it('offers both sides whose entries rank plausibly, though the pair leaves the top hit no lead (a low probability)', async () => {
    const bot = testBot();
    for (const [q, platformLocale] of [['approve vs reject', 'en-US'], ['核准設計跟拒絕設計有什麼不同', 'zh-TW']] as const) {
      const r = await bot.run(`/howto ${q}`, { platformLocale });
      expect(r.data, q).toMatchObject({ tier: 'suggest', compared: true });
      expect((r.data!.alternatives as string[]).slice(0, 2).sort(), q).toEqual(['collab.approve-design', 'collab.reject-design']);
    }
  });

  it('leads an ordinary did-you-mean as before, without `compared`', async () => {
    const bot = testBot();
    const r = await bot.run("/howto what's the difference between authorizing order loading and listing sync", { platformLocale: 'en-US' });
    // The FAQ that explains the distinction ranks first: an ordinary ranking, no sides offered.
    expect(r.data).toMatchObject({ tier: 'suggest', alternatives: expect.arrayContaining(['saleyee.faq-cannot-load-orders']) as unknown });
    expect(r.data?.compared).toBeUndefined();
    expect(bot.text(r)).toContain('I am not sure which guide you mean');
  });

  it('does not read "a different time" as a difference question, nor crash on "A vs A", quotes, emoji or a long message', async () => {
    const bot = testBot();
    const again = await bot.run('/howto I need a different time for the video verification', { platformLocale: 'en-US' });
    expect(again.data).toMatchObject({ tier: 'answer', entryId: 'brand-registry.video-verification-reschedule' });
    for (const q of ['approve a design vs approve a design', '"approve" vs “reject” 🤔 which one??', '批准和拒绝有什么区别😂', `${'difference between approving and rejecting a design and '.repeat(20)}?`]) {
      const r = await bot.run(`/howto ${q}`, { platformLocale: 'en-US' });
      expect(r.error, q).toBeUndefined();
      expect(['answer', 'suggest', 'unknown'], q).toContain(r.data?.tier);
    }
    const same = await bot.run('/howto approve a design vs approve a design', { platformLocale: 'en-US' });
    expect(same.data).toMatchObject({ tier: 'answer', entryId: 'collab.approve-design' });
  });
});
