import { describe, expect, it } from 'vitest';
import { channelLocale } from '../../src/scheduler/message.js';
import { testBot } from '../support/app.js';

describe('the platform language a person last had', () => {
  it('is remembered when a chat platform reports it, so pings to them follow it without /settings lang', async () => {
    const bot = testBot();
    await bot.run('/help', { platform: 'discord', workspace: 'g1', user: 'opener', platformLocale: 'zh-TW' });
    await bot.store.flush();
    const ws = bot.store.read('g1');
    expect(ws.users.opener?.platformLocale).toBe('zh-TW');
    expect(channelLocale(ws, 'opener')).toBe('zh-TW');
    // Their own setting still wins (the order: test/i18n/locale-precedence.test.ts).
    await bot.run('/settings lang en', { platform: 'discord', workspace: 'g1', user: 'opener', platformLocale: 'zh-TW' });
    expect(channelLocale(bot.store.read('g1'), 'opener')).toBe('en');
  });

  it('is not written for the shell, nor again when it did not change', async () => {
    const bot = testBot();
    await bot.run('/help', { platform: 'shell', platformLocale: 'zh-CN' });
    await bot.store.flush();
    expect(bot.store.workspaces()).toEqual([]);
  });
});
