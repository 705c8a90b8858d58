import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { buildCommands } from '../../src/adapters/discord/registration.js';
import { DEFAULT_CALLER, testBot } from '../support/app.js';

const settings = COMMANDS.find((c) => c.name === 'settings')!;
const sub = (name: string) => settings.subcommands!.find((s) => s.name === name)!;
const option = (subName: string, name: string) => sub(subName).options.find((o) => o.name === name)!;

describe('/settings pings and /settings digest options', () => {
  it('declares each option for itself: only the action is a word to choose, days, time and the digest time are free text', () => {
    expect(option('pings', 'action')).toMatchObject({ positional: true, choices: ['show', 'reset', 'off', 'on'] });
    for (const name of ['days', 'time']) {
      expect(option('pings', name).choices, name).toBeUndefined();
      expect(option('pings', name).positional, name).toBeUndefined();
    }
    expect(option('digest', 'at').choices).toBeUndefined();
  });

  it('registers them on Discord without the actions as choices, so a time can be typed', () => {
    const payload = buildCommands([settings]).commands[0]!;
    const subs = payload.options as { name: string; options?: { name: string; choices?: unknown[] }[] }[];
    const opts = (name: string) => subs.find((s) => s.name === name)!.options ?? [];
    expect(opts('digest').find((o) => o.name === 'at')?.choices).toBeUndefined();
    for (const name of ['days', 'time']) expect(opts('pings').find((o) => o.name === name)?.choices, name).toBeUndefined();
  });

  it('shows a usage line naming what it takes, and takes a digest time typed in Discord’s field', async () => {
    const bot = testBot();
    const r = await bot.run('/settings pings days:abc');
    expect(bot.text(r)).toContain('/settings pings [show|reset|off|on] [key:value …]');
    const digest = await bot.core.dispatch({ ...DEFAULT_CALLER, isAdmin: true, platform: 'discord', command: 'settings', subcommand: 'digest', options: { at: '09:00' } });
    expect(digest.error).toBeUndefined();
    expect(bot.text(digest)).toContain('09:00');
  });
});
