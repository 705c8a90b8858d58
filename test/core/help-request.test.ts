import { describe, expect, it } from 'vitest';
import { testBot, DEFAULT_CALLER } from '../support/app.js';
import { isHelpRequest } from '../../src/core/help-request.js';
import { translator } from '../../src/i18n/index.js';
import { COMMANDS } from '../../commands/index.js';

/**
 * `--help`, `-h`, `help`, `?` and the word for help in our languages, typed as a command's only
 * argument, show the command's help: the reply `/help <command>` gives, in the reader's language.
 */
const WORDS = ['--help', '-h', '—help', 'help', 'HELP', 'help?', '?', '？', '帮助', '幫助', '說明', '說明？'];

describe('a command asked for its help', () => {
  it('knows the help words, and nothing longer or different', () => {
    for (const w of WORDS) expect(isHelpRequest(` ${w} `), w).toBe(true);
    for (const w of ['', '  ', 'help me approve a design', 'helps', '--helpful', 'h', '-help me', '帮助我', '说明', '7', 'walk', '"help"', '???', '？？？']) {
      expect(isHelpRequest(w), w).toBe(false);
    }
  });

  it('the name /help has in each language is a help word', () => {
    for (const locale of ['en', 'zh-CN', 'zh-TW'] as const) expect(isHelpRequest(translator(locale)('cmd.help.name')), locale).toBe(true);
  });

  it('every command, in every language, shows what /help <command> shows, privately, and runs nothing', async () => {
    const bot = testBot();
    for (const platformLocale of ['en-US', 'zh-CN', 'zh-TW']) {
      const who = { platformLocale };
      for (const c of COMMANDS) {
        const help = await bot.run(`/help ${c.name}`, who);
        expect(help.error).toBeUndefined();
        for (const w of WORDS) {
          const r = await bot.run(`/${c.name} ${w}`, who);
          expect({ command: c.name, w, blocks: r.blocks, data: r.data, ephemeral: r.ephemeral }).toEqual({
            command: c.name,
            w,
            blocks: help.blocks,
            data: { command: c.name },
            ephemeral: true,
          });
        }
      }
    }
    // Nothing was run: no gap recorded, no item opened, no setting changed.
    const ws = bot.store.read(DEFAULT_CALLER.workspace) as unknown as Record<string, unknown> & { items?: Record<string, unknown> };
    expect(JSON.stringify(ws.howto ?? {})).not.toContain('help');
    expect(Object.keys(ws.items ?? {})).toEqual([]);
    expect(bot.core.shape({ ...DEFAULT_CALLER, command: 'track', text: '--help' })).toEqual({ ephemeral: true, inPlace: false });
  });

  it('a question that starts with the word is still a question; other arguments run as before', async () => {
    const bot = testBot();
    const q = await bot.run('/howto help me approve a design');
    expect(q.data).toMatchObject({ entryId: 'collab.approve-design', tier: 'answer' });
    expect((await bot.run('/deadlines 7')).error).toBeUndefined();
    expect((await bot.run('/deadlines help me')).error?.code).not.toBeUndefined();
    expect((await bot.run('/track list help')).data?.command).toBeUndefined();
    expect((await bot.run('/help track')).data).toEqual({ command: 'track' });
  });

  it('structured options (Discord, a question in conversation): the one value given, unless a subcommand was chosen', async () => {
    const bot = testBot();
    const help = await bot.run('/help howto');
    for (const question of ['--help', 'help', '?', '幫助']) {
      const r = await bot.core.dispatch({ ...DEFAULT_CALLER, platform: 'discord', command: 'howto', options: { question } });
      expect(r.blocks, question).toEqual(help.blocks);
    }
    const guide = await bot.core.dispatch({ ...DEFAULT_CALLER, platform: 'discord', command: 'guide', options: { entry: '-h' } });
    expect(guide.data).toEqual({ command: 'guide' });
    const show = await bot.core.dispatch({ ...DEFAULT_CALLER, platform: 'discord', command: 'track', subcommand: 'show', options: { id: 'help' } });
    expect(show.data?.command).toBeUndefined();
  });
});
