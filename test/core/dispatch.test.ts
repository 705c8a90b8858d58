import { describe, expect, it } from 'vitest';
import { testBot } from '../support/app.js';
import { checkSpecs } from '../../src/core/check-specs.js';
import { DefinitionError } from '../../src/core/errors.js';
import { defineCommand, defineLeaf, option } from '../../src/core/types.js';
import { optional, text } from '../../src/core/option-checks.js';

describe('dispatch', () => {
  it('answers /help in the asker\'s platform language', async () => {
    const bot = testBot();
    expect(bot.text(await bot.run('/help', { platformLocale: 'zh-TW' }))).toContain('指令');
    expect(bot.text(await bot.run('/help', { platformLocale: 'zh-Hans' }))).toContain('命令');
    expect(bot.text(await bot.run('/help', { platformLocale: 'en-GB' }))).toContain('commands');
    expect(bot.text(await bot.run('/help', { platformLocale: 'fr' }))).toContain('commands');
  });

  it('suggests the closest command for a typo', async () => {
    const bot = testBot();
    const r = await bot.run('/setings');
    expect(r.error?.code).toBe('errors.unknownCommandGuess');
    expect(r.error?.message).toContain('/settings');
  });

  it('suggests the closest option for a mistyped key and shows an example', async () => {
    const bot = testBot();
    const r = await bot.run('/help cmd:settings');
    expect(r.error?.code).toBe('errors.unknownOption');
    const typo = await bot.run('/help comand:settings');
    expect(typo.error?.code).toBe('errors.unknownOptionGuess');
    expect(typo.error?.message).toContain('command');
    expect(bot.text(typo)).toMatch(/Example: \/help/);
  });

  it('reports a missing value, a duplicate option and a stray word', async () => {
    const bot = testBot();
    expect((await bot.run('/settings timezone')).error?.code).toBe('errors.missingOption');
    expect((await bot.run('/settings timezone zone:')).error?.code).toBe('errors.missingValue');
    expect((await bot.run('/settings timezone zone:UTC zone:UTC')).error?.code).toBe('errors.duplicateOption');
    expect((await bot.run('/settings lang en fr')).error?.code).toBe('errors.unexpectedArgument');
  });

  it('takes structured options the way Discord delivers them', async () => {
    const bot = testBot();
    const r = await bot.core.dispatch({ platform: 'discord', workspace: 'g', channel: 'c', user: 'u', isAdmin: true, command: 'settings', subcommand: 'timezone', options: { zone: 'Asia/Taipei' } });
    expect(r.error).toBeUndefined();
    expect(bot.store.read('g').settings.timezone).toBe('Asia/Taipei');
  });

  it('localizes errors and never shows a stack trace for an unexpected failure', async () => {
    const bot = testBot();
    const boom = defineCommand({
      name: 'help',
      leaf: defineLeaf({ visibility: 'ephemeral', options: { command: option.string({ positional: true }, optional(text({ trim: false }))) }, run: () => { throw new Error('secret internals'); } }),
    });
    const { createCore } = await import('../../src/core/dispatch.js');
    const core = createCore(bot.core.services, [boom]);
    const r = await core.dispatch({ platform: 'shell', workspace: 'w', channel: 'c', user: 'u', platformLocale: 'zh-CN', command: 'help' });
    expect(r.error?.code).toBe('errors.internal');
    expect(r.error?.message).not.toContain('secret');
    expect(r.error?.message).toContain(r.error?.ref ?? 'missing');
    expect(r.error?.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a button it does not know', async () => {
    const bot = testBot();
    expect((await bot.press('nope:x', '1')).error?.code).toBe('errors.unknownAction');
  });

  // Options are declared once (name, check and metadata together), so a list cannot disagree with a
  // check any more; what start-up still refuses is metadata no parser can follow.
  it('stops start-up on a command whose option metadata cannot be followed', () => {
    const verbatimNotRest = defineCommand({
      name: 'help',
      leaf: defineLeaf({ visibility: 'ephemeral', options: { a: option.string({ verbatim: true }, text({ trim: false })) }, run: () => ({ blocks: [] }) }),
    });
    expect(() => checkSpecs([verbatimNotRest])).toThrow(DefinitionError);
    const badName = defineCommand({ name: 'help', leaf: defineLeaf({ visibility: 'ephemeral', options: { Bad: option.string({}) }, run: () => ({ blocks: [] }) }) });
    expect(() => checkSpecs([badName])).toThrow(DefinitionError);
  });
});
