import { describe, expect, it } from 'vitest';
import { testBot } from '../support/app.js';

describe('/settings replies', () => {
  it('name the holiday region in the reader’s language', async () => {
    const bot = testBot();
    const tw = await bot.run('/settings holidays us', { isAdmin: true, platformLocale: 'zh-TW' });
    expect(bot.text(tw)).toContain('US（美國）');
    expect(bot.text(tw)).not.toMatch(/United States/);
    const cn = await bot.run('/settings', { platformLocale: 'zh-CN' });
    expect(bot.text(cn)).toContain('US（美国）');
    const en = await bot.run('/settings holidays TW', { isAdmin: true });
    expect(bot.text(en)).toContain('TW (Taiwan)');
  });

  it('answer “back to automatic” in the language the caller gets from then on', async () => {
    const bot = testBot();
    const who = { platformLocale: 'zh-TW' };
    await bot.run('/settings lang zh-CN', who);
    const r = await bot.run('/settings lang auto', who);
    expect(r.locale).toBe('zh-TW');
    expect(bot.text(r)).toContain('自動（目前為繁體中文）');
    expect(r.data?.settings).toMatchObject({ lang: 'auto', effectiveLang: 'zh-TW' });
  });

  it('answer a new workspace default in that language to someone who reads the default', async () => {
    const bot = testBot();
    const r = await bot.run('/settings default-lang zh-TW', { isAdmin: true });
    expect(r.locale).toBe('zh-TW');
    expect(bot.text(r)).toContain('工作區預設語言已設定為繁體中文');
    // Someone whose platform says zh-CN keeps reading zh-CN.
    const other = await bot.run('/settings default-lang en', { isAdmin: true, user: 'u2', platformLocale: 'zh-CN' });
    expect(other.locale).toBe('zh-CN');
  });
});

describe('/settings lang and default-lang by the language’s name', () => {
  it('take the names a teammate types (繁體中文, 简体中文, English, 自動) as the locale codes', async () => {
    const bot = testBot();
    const cases = [
      ['繁體中文', 'zh-TW'],
      ['简体中文', 'zh-CN'],
      ['English', 'en'],
      ['簡體', 'zh-CN'],
    ] as const;
    for (const [name, locale] of cases) {
      const r = await bot.run(`/settings lang ${name}`, { platformLocale: 'en-US' });
      expect(r.error, name).toBeUndefined();
      expect(r.locale, name).toBe(locale);
    }
    expect((await bot.run('/settings lang 自動', { platformLocale: 'zh-TW' })).error).toBeUndefined();
    expect((await bot.run('/settings default-lang 繁體中文', { isAdmin: true })).error).toBeUndefined();
    for (const bad of ['中文', 'constructor', 'français']) expect((await bot.run(`/settings lang ${bad}`)).error?.code, bad).toBe('errors.badLanguage');
  });
});
