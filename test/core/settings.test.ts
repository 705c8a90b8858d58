import { describe, expect, it } from 'vitest';
import { testBot } from '../support/app.js';

describe('/settings', () => {
  it('shows the current values', async () => {
    const bot = testBot();
    const r = await bot.run('/settings');
    expect(r.ephemeral).toBe(true);
    expect(r.data?.settings).toMatchObject({ lang: 'auto', bilingual: false, timezone: 'Asia/Shanghai', holidays: null });
  });

  it('sets the user language, which later replies honour over the platform locale', async () => {
    const bot = testBot();
    const r = await bot.run('/settings lang zh-TW', { platformLocale: 'en-US' });
    expect(r.locale).toBe('zh-TW');
    expect(bot.text(await bot.run('/help', { platformLocale: 'en-US' }))).toContain('指令');
    // Another user of the same workspace is unaffected.
    expect(bot.text(await bot.run('/help', { user: 'u2', platformLocale: 'en-US' }))).toContain('commands');
    await bot.run('/settings lang auto');
    expect(bot.text(await bot.run('/help', { platformLocale: 'en-US' }))).toContain('commands');
  });

  it('accepts language tags people type (zh_tw, zh-Hant)', async () => {
    const bot = testBot();
    expect((await bot.run('/settings lang zh_tw')).locale).toBe('zh-TW');
    expect((await bot.run('/settings lang zh-Hans')).locale).toBe('zh-CN');
  });

  it('turns bilingual mode on and off', async () => {
    const bot = testBot();
    await bot.run('/settings bilingual on');
    expect(bot.store.read('w1').users.u1?.bilingual).toBe(true);
    await bot.run('/settings bilingual 关');
    expect(bot.store.read('w1').users.u1?.bilingual).toBe(false);
  });

  it('validates and canonicalizes the workspace time zone', async () => {
    const bot = testBot();
    await bot.run('/settings timezone asia/taipei', { isAdmin: true });
    expect(bot.store.read('w1').settings.timezone).toBe('Asia/Taipei');
    const bad = await bot.run('/settings timezone Mars/Olympus', { isAdmin: true });
    expect(bad.error?.code).toBe('errors.badTimezone');
    expect(bot.text(bad)).toContain('/settings timezone Asia/Shanghai');
    expect(bot.store.read('w1').settings.timezone).toBe('Asia/Taipei');
  });

  it('sets the holiday region from codes date-holidays knows, and none', async () => {
    const bot = testBot();
    await bot.run('/settings holidays us', { isAdmin: true });
    expect(bot.store.read('w1').settings.holidays).toBe('US');
    const bad = await bot.run('/settings holidays USA', { isAdmin: true });
    expect(bad.error?.code).toBe('errors.badHolidaysGuess');
    await bot.run('/settings holidays none', { isAdmin: true });
    expect(bot.store.read('w1').settings.holidays).toBeUndefined();
  });

  it('keeps workspaces apart', async () => {
    const bot = testBot();
    await bot.run('/settings timezone UTC', { isAdmin: true, workspace: 'a' });
    expect(bot.store.read('b').settings.timezone).toBeUndefined();
    expect((await bot.run('/settings', { workspace: 'b' })).data?.settings).toMatchObject({ timezone: 'Asia/Shanghai' });
  });

  it('uses the workspace default language when the platform gives none', async () => {
    const bot = testBot();
    await bot.run('/settings default-lang zh-CN', { isAdmin: true });
    expect((await bot.run('/help', { user: 'u9' })).locale).toBe('zh-CN');
    expect((await bot.run('/help', { user: 'u9', platformLocale: 'en-US' })).locale).toBe('en');
  });
});
