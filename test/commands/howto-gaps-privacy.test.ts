import { describe, expect, it } from 'vitest';
import { testBot, DEFAULT_CALLER, type TestBot } from '../support/app.js';
import { FEATURE } from '../../src/knowledge/gaps.js';
import { translator } from '../../src/i18n/index.js';
import type { Caller, Reply } from '../../src/core/types.js';

/**
 * /howto-gaps quotes questions people asked privately (a slash /howto, whose answer is the asker's
 * alone; a DM). Those are listed for workspace admins, leads and whoever asked them; a question
 * asked in conversation in a channel, whose answer everyone there saw, is listed for everyone.
 */
const PRIVATE = 'how do I hide the brand owner salary spreadsheet';
const SHARED = 'how do I export the lazada payout ledger to quickbooks';

interface GapsData {
  gaps: { question: string; count: number }[];
  total: number;
  hidden: number;
}
const data = (r: Reply) => r.data as unknown as GapsData;
const questions = (r: Reply) => data(r).gaps.map((g) => g.question);

/** A question asked in conversation: in a channel (`publicly`) or a DM, as src/adapters/conversation.ts asks it. */
const converse = (bot: TestBot, question: string, who: Partial<Caller>) =>
  bot.core.dispatch({ ...DEFAULT_CALLER, ...who, command: 'howto', options: { question } });

async function asked(): Promise<TestBot> {
  const bot = testBot();
  await bot.run(`/howto ${PRIVATE}`, { user: 'bob' });
  await converse(bot, SHARED, { user: 'carol', publicly: true });
  await converse(bot, 'how do I get a refund for a lazada deposit dispute', { user: 'dan', channel: 'D-dan' });
  return bot;
}

describe('/howto-gaps: who sees the questions asked privately', () => {
  it('a workspace admin and a lead see every question', async () => {
    const bot = await asked();
    const admin = await bot.run('/howto-gaps', { user: 'ann', isAdmin: true });
    expect(questions(admin)).toHaveLength(3);
    expect(questions(admin)).toContain(PRIVATE);
    expect(data(admin)).toMatchObject({ total: 3, hidden: 0 });
    await bot.run('/settings lead <@lee> on', { user: 'ann', isAdmin: true });
    const lead = await bot.run('/howto-gaps', { user: 'lee' });
    expect(lead.data).toEqual(admin.data);
    expect(bot.text(lead)).not.toContain(translator('en')('howto.gapsHidden_other', { count: 0, who: '\u0000' }).split('\u0000')[0]!);
  });

  it('a member sees the questions asked in a channel and their own private ones, and how many are left out', async () => {
    const bot = await asked();
    const eve = await bot.run('/howto-gaps', { user: 'eve' });
    expect(questions(eve)).toEqual([SHARED]);
    expect(data(eve)).toMatchObject({ total: 1, hidden: 2 });
    const en = translator('en');
    expect(bot.text(eve)).toContain(en('howto.gapsHidden', { count: 2, who: en('permissions.who.shell') }));
    expect(bot.text(eve)).not.toContain(PRIVATE);
    const bob = await bot.run('/howto gaps', { user: 'bob' });
    expect(questions(bob).sort()).toEqual([PRIVATE, SHARED].sort());
    expect(data(bob).hidden).toBe(1);
    // Dan asked in a DM: private to him too.
    expect(questions(await bot.run('/howto-gaps', { user: 'dan' }))).toHaveLength(2);
  });

  it('says so in each language; with nothing else to list, that is the reply (not “nothing recorded”)', async () => {
    const bot = testBot();
    await bot.run(`/howto ${PRIVATE}`, { user: 'bob' });
    for (const platformLocale of ['en-US', 'zh-CN', 'zh-TW']) {
      const r = await bot.run('/howto-gaps', { user: 'eve', platformLocale, platform: 'slack' });
      const t = translator(r.locale!);
      const text = bot.text(r);
      expect(text).toContain(t('howto.gapsHidden', { count: 1, who: t('permissions.who.slack') }));
      expect(text).not.toContain(t('howto.gapsEmpty'));
      expect(text).not.toContain('salary');
    }
    expect(bot.text(await bot.run('/howto-gaps', { user: 'eve', platformLocale: 'zh-TW' }))).toContain('其他人私下問的 1 個問題');
  });

  it('a member sees a shared question in its channel wording, even when it was last asked privately in other words', async () => {
    const bot = testBot();
    await converse(bot, 'how to export lazada payout ledger?', { user: 'carol', publicly: true });
    await bot.run('/howto how do I export my lazada payout ledger', { user: 'bob' });
    const eve = data(await bot.run('/howto-gaps', { user: 'eve' }));
    expect(eve.gaps).toEqual([expect.objectContaining({ question: 'how to export lazada payout ledger?', count: 2 })]);
    expect(questions(await bot.run('/howto-gaps', { user: 'bob' }))).toEqual(['how do I export my lazada payout ledger']);
  });

  it('a gap recorded before askers were kept is listed for admins and leads only', async () => {
    const bot = testBot();
    await bot.store.update(DEFAULT_CALLER.workspace, (ws) => {
      ws[FEATURE] = { gaps: { old: { question: 'an old private question', count: 1, tier: 'unknown', offered: [], first: '2026-11-01T00:00:00.000Z', last: '2026-11-01T00:00:00.000Z' } } };
    });
    expect(data(await bot.run('/howto-gaps', { user: 'eve' }))).toMatchObject({ gaps: [], hidden: 1 });
    expect(questions(await bot.run('/howto-gaps', { user: 'ann', isAdmin: true }))).toEqual(['an old private question']);
  });

  it('an answer rated not helpful is as private as its question, whoever rates it', async () => {
    const bot = testBot();
    const rateDown = async (r: Reply, user: string) => {
      const down = r.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])).find((b) => b.actionId === 'howto:rate' && b.feedback === 'negative')!;
      await bot.press(down.actionId, down.value, { user });
    };
    await rateDown(await bot.run('/howto how do I approve a design', { user: 'bob' }), 'bob');
    await rateDown(await converse(bot, 'how do I withdraw a design', { user: 'carol', publicly: true }), 'eve');
    const eve = await bot.run('/howto-gaps', { user: 'eve' });
    expect(questions(eve)).toEqual(['how do I withdraw a design']);
    expect(data(eve).hidden).toBe(1);
    expect(questions(await bot.run('/howto-gaps', { user: 'bob' })).sort()).toEqual(['how do I approve a design', 'how do I withdraw a design']);
  });
});
