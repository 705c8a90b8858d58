import { describe, expect, it } from 'vitest';
import { Conversation } from '../../src/adapters/conversation.js';
import { silentLogger } from '../../src/log.js';
import type { Block, Button, Reply } from '../../src/core/types.js';
import { DEFAULT_CALLER, testBot } from '../support/app.js';

const buttonsIn = (blocks: Block[]): Button[] => blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
const byAction = (r: Reply, action: string) => buttonsIn(r.blocks).filter((b) => b.actionId === action);
const toggleOf = (r: Reply) => buttonsIn(r.blocks).find((b) => /^(guide|howto):lang/.test(b.actionId))!;
const heading = (r: Reply) => r.blocks.find((b) => b.type === 'heading');
/** The ask id a rating button carries (`up|down <ask id> <entry>`). */
const askOf = (r: Reply) => byAction(r, 'howto:rate').map((b) => b.value.split(' ')[1]);

describe('the language toggle of a private /howto answer', () => {
  it('redraws the answer in place, for the asker alone, with its share, rating and toggle buttons in the new language', async () => {
    const bot = testBot();
    const answer = await bot.run('/howto how do I approve a design', { platformLocale: 'en-US' });
    const toggle = toggleOf(answer);
    expect(toggle).toMatchObject({ actionId: 'howto:lang', label: '中文' });
    expect(bot.core.actionShape({ ...DEFAULT_CALLER, actionId: toggle.actionId, value: toggle.value })).toEqual({ ephemeral: true, inPlace: true });

    const zh = await bot.press(toggle.actionId, toggle.value, { platformLocale: 'en-US' });
    expect(zh).toMatchObject({ ephemeral: true, replaceOriginal: true, locale: 'zh-CN', data: { entryId: 'collab.approve-design', tier: 'answer' } });
    expect(zh.error).toBeUndefined();
    expect(heading(zh)).not.toEqual(heading(answer));
    expect(byAction(zh, 'howto:share')).toMatchObject([{ label: '分享到频道', value: 'collab.approve-design|zh-CN', privateOnly: true }]);
    expect(byAction(zh, 'howto:rate').map((b) => b.label)).toEqual(['有帮助', '没帮助']);
    // The same question: a rating from either language counts once.
    expect(askOf(zh)).toEqual(askOf(answer));
    expect(byAction(zh, 'guide:lang')).toEqual([]);

    const back = toggleOf(zh);
    expect(back).toMatchObject({ actionId: 'howto:lang', label: 'English' });
    const en = await bot.press(back.actionId, back.value);
    expect(en).toMatchObject({ ephemeral: true, replaceOriginal: true, locale: 'en' });
    expect(heading(en)).toEqual(heading(answer));
    expect(buttonsIn(en.blocks).map((b) => [b.actionId, b.label, b.value])).toEqual(buttonsIn(answer.blocks).map((b) => [b.actionId, b.label, b.value]));
  });

  it('keeps a rating from the toggled answer on the asked question', async () => {
    const bot = testBot();
    const answer = await bot.run('/howto 怎么批准设计', { platformLocale: 'zh-CN' });
    const toggle = toggleOf(answer);
    const en = await bot.press(toggle.actionId, toggle.value, { platformLocale: 'zh-CN' });
    const down = byAction(en, 'howto:rate').find((b) => b.feedback === 'negative')!;
    const rated = await bot.press(down.actionId, down.value, { platformLocale: 'zh-CN' });
    expect(rated.error).toBeUndefined();
    expect(rated.data).toMatchObject({ rating: 'down', entryId: 'collab.approve-design', counted: true });
    const gaps = bot.text(await bot.run('/howto-gaps', { isAdmin: true }));
    expect(gaps).toContain('怎么批准设计');
  });

  it('redraws an answer given in conversation for everyone, with its rating and toggle and still no share button', async () => {
    const bot = testBot();
    const conversation = new Conversation({ core: bot.core, log: silentLogger, now: () => 0 });
    const r = (await conversation.answer({ caller: { ...DEFAULT_CALLER, platform: 'slack' }, text: 'how do I approve a design' }))!;
    const toggle = toggleOf(r);
    expect(toggle.actionId).toBe('howto:lang-public');
    expect(byAction(r, 'howto:share')).toEqual([]);
    const zh = await bot.press(toggle.actionId, toggle.value, { platform: 'slack' });
    expect(zh).toMatchObject({ ephemeral: false, replaceOriginal: true, locale: 'zh-CN' });
    expect(byAction(zh, 'howto:share')).toEqual([]);
    expect(askOf(zh)).toEqual(askOf(r));
    expect(toggleOf(zh)).toMatchObject({ actionId: 'howto:lang-public', label: 'English' });
  });

  it('toggles back to the Chinese the question was written in, when only the question said it (an English client)', async () => {
    const bot = testBot();
    const conversation = new Conversation({ core: bot.core, log: silentLogger, now: () => 0 });
    const who = { ...DEFAULT_CALLER, platform: 'slack' as const, platformLocale: 'en-US' };
    const r = (await conversation.answer({ caller: who, text: '要怎麼撤銷我提交的設計' }))!;
    expect(r.locale).toBe('zh-TW');
    const en = await bot.press(toggleOf(r).actionId, toggleOf(r).value, { platform: 'slack', platformLocale: 'en-US' });
    expect(en.locale).toBe('en');
    const back = toggleOf(en);
    expect(back.label).toBe('中文');
    const tw = await bot.press(back.actionId, back.value, { platform: 'slack', platformLocale: 'en-US' });
    expect(tw).toMatchObject({ locale: 'zh-TW', data: { entryId: 'collab.withdraw-design' } });
    expect(heading(tw)).toEqual(heading(r));
    expect(askOf(tw)).toEqual(askOf(r));
  });

  it('refuses a value that is not an entry, a language and an ask id, for the clicker alone', async () => {
    const bot = testBot();
    for (const value of ['collab.approve-design|zh-CN', 'no.such-entry|en|abcdefgh', 'collab.approve-design|fr|abcdefgh', 'collab.approve-design|en|ABC', 'collab.approve-design|en|abcdefgh|x', 'collab.approve-design|en|abcdefgh|en', 'collab.approve-design|en|abcdefgh|zh-TW|x']) {
      for (const action of ['howto:lang', 'howto:lang-public']) {
        const r = await bot.press(action, value);
        expect(r.error?.code, `${action} ${value}`).toBe('errors.unknownAction');
        expect(r.ephemeral).toBe(true);
      }
    }
  });
});
