import { describe, expect, it } from 'vitest';
import { readLocaleFiles } from '../../src/i18n/index.js';
import { testBot } from '../support/app.js';

function strings(value: unknown, path: string, out: [string, string][]): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
  return out;
}

describe('punctuation and spacing', () => {
  it('writes a label and its translation as 【label】(translation), with no space between, everywhere', () => {
    const files = readLocaleFiles();
    const spaced = Object.entries(files).flatMap(([locale, ns]) => strings(ns, locale, []).filter(([, s]) => /】\s+[(（]/.test(s)).map(([p]) => p));
    expect(spaced).toEqual([]);
  });

  it('gives the English half of a bilingual reply English punctuation', async () => {
    const bot = testBot();
    await bot.run('/settings bilingual on', { platformLocale: 'zh-CN' });
    const text = bot.text(await bot.run('/guide collab.approve-design', { platformLocale: 'zh-CN' }));
    expect(text).toContain('由谁操作：');
    expect(text).toMatch(/Who does it: /);
    expect(text).not.toMatch(/[A-Za-z]：/);
  });
});
