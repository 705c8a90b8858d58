import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { Shell, runInteractive } from '../../../src/adapters/shell/index.js';
import { parseShellArgs } from '../../../src/adapters/shell/args.js';
import { testBot } from '../../support/app.js';

function collect(stream: PassThrough): () => string {
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString('utf8')));
  return () => out;
}

describe('the shell adapter', () => {
  it('runs an interactive session until exit', async () => {
    const bot = testBot();
    const input = new PassThrough();
    const output = new PassThrough();
    const text = collect(output);
    const shell = new Shell(bot.core, parseShellArgs(['--locale', 'zh-TW']), output);
    const done = runInteractive(shell, bot.core, { input, output, interactive: true });
    input.write('/settings bilingual on\n');
    input.write('exit\n');
    expect(await done).toBe(0);
    expect(text()).toContain('雙語');
    expect(text()).toContain('再見');
  });

  it('treats a known command typed without a slash as that command, and anything else as a mistake', async () => {
    const bot = testBot();
    const output = new PassThrough();
    const shell = new Shell(bot.core, parseShellArgs(['--json']), output);
    expect((await shell.line('help'))?.error).toBeUndefined();
    expect((await shell.line('hello there'))?.error?.code).toBe('errors.notACommand');
    expect((await shell.line('3'))?.error?.code).toBe('errors.noButton');
  });

  it('parses its flags and refuses bad ones', () => {
    const a = parseShellArgs(['--json', '--user', 'amy', '--now', '2026-11-23T09:00:00+08:00', '/help']);
    expect(a.user).toBe('amy');
    expect(a.now?.toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(a.positionals).toEqual(['/help']);
    expect(() => parseShellArgs(['--bogus'])).toThrow();
    expect(() => parseShellArgs(['--now', '2026-11-23'])).toThrow(/offset/);
    expect(() => parseShellArgs(['--user', 'a b'])).toThrow();
  });
});

/** The interactive shell on a fake terminal; `type` sends keys, `done` is its exit code. */
function terminal(args: string[] = []) {
  const bot = testBot();
  const input = new PassThrough() as PassThrough & { isTTY: boolean };
  input.isTTY = true;
  const output = new PassThrough();
  const text = collect(output);
  const shell = new Shell(bot.core, parseShellArgs(args), output);
  const done = runInteractive(shell, bot.core, { input, output, interactive: true });
  // What a terminal shows: the escape codes readline writes to redraw the line removed.
  const screen = () => text().replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  return { bot, input, done, screen };
}

const tick = () => new Promise((r) => setImmediate(r));
/** Lets the shell work until `cond` holds (no fixed sleeps). */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !cond(); i++) await tick();
  expect(cond()).toBe(true);
}

describe('the interactive shell', () => {
  it('clears a half-typed line on Ctrl-C instead of quitting, and leaves on Ctrl-C at an empty prompt', async () => {
    const s = terminal();
    s.input.write('/help sett');
    await tick();
    s.input.write('\x03');
    await tick();
    s.input.write('/settings\r');
    await until(() => /Your settings[\s\S]*sellerdesk> $/.test(s.screen()));
    s.input.write('\x03');
    expect(await s.done).toBe(0);
    const screen = s.screen();
    expect(screen).toContain('^C\n');
    // The cleared line never ran; the next one did.
    expect(screen).not.toContain('Usage: /settings');
    expect(screen).toContain('Your settings');
    expect(screen.endsWith('\nBye.\n')).toBe(true);
    expect(screen).not.toMatch(/sellerdesk> Bye/);
  });

  it('says Bye on its own line after Ctrl-D, in the language set during the session', async () => {
    const s = terminal();
    s.input.write('/settings lang zh-TW\r');
    await until(() => /繁體中文[\s\S]*sellerdesk> $/.test(s.screen()));
    s.input.write('\x04');
    expect(await s.done).toBe(0);
    expect(s.screen()).toMatch(/sellerdesk> \n再見。\n$/);
  });

  it('answers pasted lines in order, each reply on lines of its own, never after the prompt', async () => {
    const s = terminal();
    s.input.write('/settings\r/help settings\rexit\r');
    expect(await s.done).toBe(0);
    const screen = s.screen();
    expect(screen.indexOf('Your settings')).toBeLessThan(screen.indexOf('/settings timezone Asia/Shanghai'));
    // Every prompt is followed by what was typed (or nothing), not by a reply.
    for (const m of screen.matchAll(/sellerdesk> (.*)/g)) expect(['', '/settings', '/help settings', 'exit']).toContain(m[1]);
  });

  it('accepts the command names Discord shows in Chinese', async () => {
    const bot = testBot();
    const output = new PassThrough();
    const shell = new Shell(bot.core, parseShellArgs(['--json']), output);
    expect((await shell.line('/帮助 settings'))?.data?.command).toBe('settings');
    expect((await shell.line('/說明'))?.error).toBeUndefined();
    expect((await shell.line('/设置'))?.data?.settings).toBeDefined();
    expect((await shell.line('追蹤 templates'))?.error).toBeUndefined();
  });
});
