import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { Shell, runInteractive } from '../../src/adapters/shell/index.js';
import { parseShellArgs } from '../../src/adapters/shell/args.js';
import { testBot } from '../support/app.js';

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
