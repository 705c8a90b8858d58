import { describe, expect, it } from 'vitest';
import { localeCandidates, resolveLocale, type LocaleSources } from '../../src/i18n/locales.js';
import { channelLocale } from '../../src/scheduler/message.js';
import { testBot } from '../support/app.js';

describe('the one order of locale precedence', () => {
  const all: LocaleSources = {
    userSetting: 'zh-TW',
    textLocale: 'en',
    platformLocale: 'zh-Hans-CN',
    workspaceSetting: 'en',
    workspacePlatformLocale: 'zh-HK',
  };

  it('is: own setting, the question, the platform, the workspace default, the workspace platform', () => {
    expect(localeCandidates(all)).toEqual(['zh-TW', 'en', 'zh-CN', 'en', 'zh-TW']);
    // Taking the sources away from the front, each next one decides.
    const order: (keyof LocaleSources)[] = ['userSetting', 'textLocale', 'platformLocale', 'workspaceSetting', 'workspacePlatformLocale'];
    const expected = ['zh-TW', 'en', 'zh-CN', 'en', 'zh-TW', 'en'];
    order.forEach((_, i) => {
      const rest = Object.fromEntries(order.slice(i).map((k) => [k, all[k]])) as LocaleSources;
      expect(resolveLocale(rest), order[i]).toBe(expected[i]);
    });
    expect(resolveLocale({})).toBe('en');
    // A platform locale sellerdesk has no language for is skipped, not an answer.
    expect(resolveLocale({ platformLocale: 'fr', workspaceSetting: 'zh-CN' })).toBe('zh-CN');
  });

  it('is the same for a command, the language toggle and a ping about a person', async () => {
    const bot = testBot();
    await bot.run('/settings default-lang zh-CN', { isAdmin: true });
    // Command replies: the platform's language beats the workspace default.
    expect((await bot.run('/help', { platformLocale: 'zh-TW' })).locale).toBe('zh-TW');
    expect((await bot.run('/help', { user: 'u2' })).locale).toBe('zh-CN');
    // Pings follow the person too: their own setting, then their platform's, then the default.
    await bot.run('/settings lang en', { user: 'mei' });
    await bot.run('/help', { platform: 'discord', user: 'bob', platformLocale: 'zh-TW' });
    await bot.store.flush();
    const ws = bot.store.read('w1');
    expect(channelLocale(ws, 'mei')).toBe('en');
    expect(channelLocale(ws, 'bob')).toBe('zh-TW');
    expect(channelLocale(ws, 'nobody')).toBe('zh-CN');
    expect(channelLocale(ws, undefined)).toBe('zh-CN');
  });
});
