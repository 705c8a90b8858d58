import { describe, expect, it } from 'vitest';
import { testBot } from '../support/app.js';
import { tokenize } from '../../src/core/tokenize.js';
import { UserError } from '../../src/core/errors.js';

const exampleOf = (text: string): string | undefined => /Example: (.*)$/m.exec(text)?.[1];

const usageOf = (text: string): string | undefined => /Usage: (.*)$/m.exec(text)?.[1];

describe('error replies', () => {
  it('show the usage of the command a mistyped name stands for, and of its subcommand', async () => {
    const bot = testBot();
    const r = bot.text(await bot.run('/trak list'));
    expect(r).toContain('did you mean `/track`?');
    expect(usageOf(r)).toBe('/track list [mine|overdue|closed|all] [page:…]');
    expect(exampleOf(r)).toBe('/track list');
    expect(usageOf(bot.text(await bot.run('/trak')))).toBe('/track new|event|list|show|assign|unassign|note|done|cancel|templates …');
    expect(usageOf(bot.text(await bot.run('/setings lang xx')))).toBe('/settings lang <en|zh-CN|zh-TW|auto>');
    expect(usageOf(bot.text(await bot.run('/zzzzzzzz')))).toBe('/help [command]');
  });

  it('under /track new show /track new\'s usage and an example with a date in the future', async () => {
    const bot = testBot({ now: '2026-12-02T10:00:00+08:00' });
    for (const line of ['/track new task Call due:2026-02-30', '/track new task Call due:someday', '/track new nope Call']) {
      const text = bot.text(await bot.run(line));
      expect(usageOf(text), line).toBe('/track new <template> <title> [key:value …]');
      for (const [day] of text.matchAll(/\d{4}-\d{2}-\d{2}/g)) if (!line.includes(day)) expect(day > '2026-12-02', `${line}: ${day}`).toBe(true);
    }
    expect(bot.text(await bot.run('/track new task Call due:2026-02-30'))).toContain('e.g. 2026-12-09');
    expect(exampleOf(bot.text(await bot.run('/track new task Call due:someday')))).toBe('/track new task "Call the brand owner" due:2026-12-09');
  });

  it('show an example of the subcommand that was typed, even when its options are wrong', async () => {
    const bot = testBot();
    expect(exampleOf(bot.text(await bot.run('/settings lang en extra')))).toBe('/settings lang zh-TW');
    expect(exampleOf(bot.text(await bot.run('/settings default-lang xx')))).toBe('/settings default-lang en');
    expect(exampleOf(bot.text(await bot.run('/track show 1 2')))).toBe('/track show 12');
    expect(exampleOf(bot.text(await bot.run('/track list page:x')))).toBe('/track list');
  });

  it('do not follow a message that carries its own example with a second, different one', async () => {
    const bot = testBot();
    const r = await bot.run('/track new handmade-press Launch');
    const text = bot.text(r);
    expect(r.error?.message).toContain('/track new handmade-press');
    expect(text).not.toContain('/track new brand-appeal');
    expect(text.match(/Example: /g)).toHaveLength(1);
  });

  it('say what a missing option is, in the asker’s language', async () => {
    const bot = testBot();
    const en = await bot.run('/settings lang');
    expect(en.error?.code).toBe('errors.missingOption');
    expect(en.error?.message).toBe('`language` is missing: en, zh-CN, zh-TW or auto.');
    const tw = await bot.run('/settings timezone', { platformLocale: 'zh-TW' });
    expect(tw.error?.message).toBe('少了 `zone`：IANA 時區名稱，例如 Asia/Taipei。');
  });

  it('guess a mistyped short option instead of taking it into the title (`dew` → `due`)', async () => {
    const bot = testBot();
    const r = await bot.run('/track new task Write the SOP dew:2026-12-01');
    expect(r.error?.code).toBe('errors.unknownOptionGuess');
    expect(r.error?.message).toContain('`due`');
    expect(bot.store.read('w1')['track']).toBeUndefined();
  });
});

describe('quotes in free text', () => {
  const keyOf = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (err) {
      return err instanceof UserError ? err.key : 'not a UserError';
    }
    return undefined;
  };

  it('read a lone leading apostrophe as part of the word', () => {
    expect(tokenize("note 'tis the season").map((t) => t.text)).toEqual(['note', "'tis", 'the', 'season']);
    expect(tokenize("'90s style").map((t) => t.text)).toEqual(["'90s", 'style']);
    expect(tokenize("say 'quoted words' end").map((t) => t.text)).toEqual(['say', 'quoted words', 'end']);
  });

  it('still refuse an unclosed double or Chinese quote', () => {
    expect(keyOf(() => tokenize('note "never closed'))).toBe('errors.unmatchedQuote');
    expect(keyOf(() => tokenize('note 「never closed'))).toBe('errors.unmatchedQuote');
  });

  it('show the usage of the subcommand typed when its words leave a quote open', async () => {
    const bot = testBot();
    const r = bot.text(await bot.run('/track new task "Call the brand owner due:2026-12-10'));
    expect(r).toContain('A quote is not closed');
    expect(usageOf(r)).toBe('/track new <template> <title> [key:value …]');
    const tw = bot.text(await bot.run('/track note 1 「沒關的引號', { platformLocale: 'zh-TW' }));
    expect(tw).toContain('用法：/track note <id> <text>');
  });

  it('say that text follows a closing quote rather than that the quote is unclosed', async () => {
    expect(keyOf(() => tokenize('"a"b'))).toBe('errors.quoteNotSeparated');
    const bot = testBot();
    const r = await bot.run('/track new task "Acme"appeal', { platformLocale: 'zh-CN' });
    expect(r.error?.message).toContain('`appeal`');
    expect(r.error?.message).toMatch(/空格/);
  });

  it('keep an apostrophe note as typed through /track note', async () => {
    const bot = testBot();
    await bot.run('/track new task Mugs');
    const r = await bot.run("/track note 1 'tis the season to ship");
    expect(r.error).toBeUndefined();
    expect(bot.text(r)).toContain("'tis the season to ship");
  });
});

describe('free text kept as typed', () => {
  it('keeps the quotes inside a note or a title, and drops them around a title that is one quoted value', async () => {
    const bot = testBot();
    const titled = await bot.run('/track new task Reply to “Acme” about the refund due:tomorrow');
    expect((titled.data?.item as { title: string }).title).toBe('Reply to “Acme” about the refund');
    const quoted = await bot.run('/track new collab-design "Retro logo tee" brand:Acme');
    expect((quoted.data?.item as { title: string }).title).toBe('Retro logo tee');
    const noted = await bot.run('/track note 1 The seller wrote "no refund" and 「不退款」');
    expect(bot.text(noted)).toContain('The seller wrote "no refund" and 「不退款」');
  });
});
