import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMain } from '../../support/run-main.js';

// `sellerdesk "/track --help"`: a command's help flag through the program's command line.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-help-flags-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (...argv: string[]) => runMain(['--db', join(dir, 'db.json'), ...argv]);

describe('the shell: a command followed by --help, -h, help or ?', () => {
  it('prints what /help <command> prints, exit 0', async () => {
    for (const command of ['track', 'settings', 'deadlines', 'guide', 'howto', 'howto-gaps']) {
      const help = await run(`/help ${command}`);
      expect(help.code).toBe(0);
      for (const flag of ['--help', '-h', 'help', '?']) {
        const r = await run(`/${command} ${flag}`);
        expect({ command, flag, code: r.code, out: r.out, err: r.err }).toEqual({ command, flag, code: 0, out: help.out, err: '' });
      }
    }
  });

  it('in the reader’s language, with the localized word and command name', async () => {
    const help = await run('--locale', 'zh-TW', '/help track');
    expect(help.out).toMatch(/^\/track\n/);
    expect((await run('--locale', 'zh-TW', '/track 說明')).out).toBe(help.out);
    expect((await run('--locale', 'zh-TW', '/追蹤 幫助')).out).toBe(help.out);
    const zh = await run('--locale', 'zh-CN', '/deadlines 帮助');
    expect(zh.out).toBe((await run('--locale', 'zh-CN', '/help deadlines')).out);
  });

  it('a question beginning with “help” is still a question', async () => {
    const r = await run('--json', '/howto help me approve a design');
    expect(JSON.parse(r.out)).toMatchObject({ entryId: 'collab.approve-design' });
  });
});
