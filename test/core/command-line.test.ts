import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/core/types.js';
import { COMMANDS } from '../../commands/index.js';
import { commandLines } from '../../src/core/command-line.js';
import { translator } from '../../src/i18n/index.js';
import { testBot } from '../support/app.js';

const discord = (platformLocale: string): Partial<Caller> => ({ platform: 'discord', commandSyntax: 'discord', platformLocale, workspace: 'g1', channel: '1', user: '2' });

describe('command lines in the reader’s syntax', () => {
  it('names every option on Discord, with the names the reader’s client shows', () => {
    const en = commandLines(COMMANDS, translator('en'));
    expect(en.line('/track list all page:2')).toBe('/track list filter:all page:2');
    expect(en.line('/track show 12')).toBe('/track show id:12');
    expect(en.line('/track new task "Call the bank" due:2026-12-01')).toBe('/track new template:task title:Call the bank due:2026-12-01');
    expect(en.line('/howto how do I approve a design')).toBe('/howto question:how do I approve a design');
    expect(en.line('/deadlines 7')).toBe('/deadlines days:7');
    const zhCN = commandLines(COMMANDS, translator('zh-CN'));
    expect(zhCN.line('/track list all page:2')).toBe('/跟踪 列表 筛选:all 页码:2');
    const zhTW = commandLines(COMMANDS, translator('zh-TW'));
    expect(zhTW.line('/track show 12')).toBe('/追蹤 查看 編號:12');
    expect(zhTW.usage('track', 'list')).toBe('/追蹤 清單 [篩選:mine|overdue|closed|all] [頁碼:…]');
    expect(en.usage('track', 'new')).toBe('/track new template:… title:… […]');
    expect(en.usage('howto', undefined)).toBe('/howto question:…');
    expect(zhCN.names('用 /track list 查看，或 /howto 提问；/track lst 与 /nope 不变，a/track 也不变')).toBe(
      '用 /跟踪 列表 查看，或 /怎么做 提问；/跟踪 lst 与 /nope 不变，a/track 也不变',
    );
    // What is not a command line of ours is left as written.
    for (const s of ['/nope 1', 'track list', '/track show 1 2 3']) expect(en.line(s)).toBe(s);
  });

  it('writes the hints of an error that way on Discord, and the shell’s way elsewhere', async () => {
    const bot = testBot();
    const onDiscord = bot.text(await bot.run('/track show', discord('zh-CN')));
    expect(onDiscord).toContain('/跟踪 查看 编号:12');
    expect(onDiscord).toContain('/跟踪 查看 编号:…');
    expect(onDiscord).not.toContain('/track show 12');
    // The prose of the message names commands as the reader's client does too.
    expect(onDiscord).not.toContain('/track list');
    const inShell = bot.text(await bot.run('/track show'));
    expect(inShell).toContain('/track show 12');
    expect(inShell).toContain('/track show <id>');
    const en = bot.text(await bot.run('/track list all page:9', discord('en-US')));
    expect(en).toContain('/track list');
    expect(en).not.toMatch(/\/track list all/);
  });

  it('rewrites the command lines a reply shows as code, and nothing else', async () => {
    const bot = testBot();
    const r = await bot.run('/track templates', discord('en-US'));
    const codes = JSON.stringify(r.blocks).match(/"code":"\/track new [^"]*"/g) ?? [];
    expect(codes.length).toBeGreaterThan(0);
    for (const c of codes) expect(c).toMatch(/"code":"\/track new template:/);
    const shell = await bot.run('/track templates');
    expect(JSON.stringify(shell.blocks)).toContain('"code":"/track new brand-appeal');
  });
});
