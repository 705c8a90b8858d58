import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMain } from '../../support/run-main.js';
import { projectPath } from '../../../src/paths.js';

// The program's command line as a user meets it (src/main.ts in this process).
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-main-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (argv: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}) => runMain(['--db', join(dir, 'db.json'), ...argv], opts);

const VERSION = (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;

describe('sellerdesk --help and --version', () => {
  it('print to stdout and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toMatch(/^Usage:\n {2}sellerdesk /);
      expect(r.out).toContain('--version');
    }
    for (const flag of ['--version', '-V']) {
      const r = await run([flag]);
      expect(r).toEqual({ code: 0, out: `sellerdesk ${VERSION}\n`, err: '' });
    }
  });

  it('answer in the --locale language, else the environment\'s (LANG)', async () => {
    expect((await run(['--help', '--locale', 'zh-TW'])).out).toMatch(/^用法：[\s\S]*顯示這份說明/);
    expect((await run(['--help'], { env: { LANG: 'zh_CN.UTF-8' } })).out).toMatch(/^用法：[\s\S]*显示本帮助/);
    expect((await run(['--help'], { env: { LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' } })).out).toMatch(/^Usage:/);
  });

  it('answer even beside a bad flag or a bad configuration', async () => {
    expect((await run(['--bogus', '--help'])).code).toBe(0);
    expect((await run(['--help'], { env: { LOG_LEVEL: 'loud' } })).code).toBe(0);
  });

  it('a bad flag is said on stderr in the user\'s language, pointing at --help, exit 2', async () => {
    const r = await run(['--bogus']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('There is no option --bogus. The options are --json --locale');
    expect(r.err).toContain('sellerdesk --help');
    const zh = await run(['--locale', 'zh-CN', '--now', 'tomorrow']);
    expect(zh.code).toBe(2);
    expect(zh.err).toContain('--now 需要带时区偏移的 ISO 8601 时间');
    expect(zh.err).toContain('sellerdesk --help');
  });
});

describe('a mistyped flag', () => {
  it('is named in the user\'s language, with the flag meant or a correct example', async () => {
    const typo = await run(['--lcoale', 'zh-TW', '/help'], { env: { LANG: 'zh_TW.UTF-8' } });
    expect(typo.code).toBe(2);
    expect(typo.err).toBe('sellerdesk：沒有 --lcoale 這個選項。你是要用 --locale 嗎？\n執行 `sellerdesk --help` 查看可用的選項。\n');
    const missing = await run(['--locale', 'zh-CN', '--now']);
    expect(missing.err).toContain('--now 后面需要跟一个值，例如 --now 2026-11-23T09:00:00+08:00');
    const valued = await run(['--json=yes', '/help']);
    expect(valued.err).toContain('--json takes no value: write it alone, e.g. sellerdesk --json "/help"');
    for (const r of [missing, valued]) expect(r.code).toBe(2);
  });
});

describe('line mode (piped input)', () => {
  it('separates replies with a blank line', async () => {
    const r = await run([], { input: '/settings bilingual on\n/settings bilingual off\n' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ *Bilingual answers are on[^\n]*\n\n *Bilingual answers are off\.\n$/);
  });

  it('exits 0 when every line succeeded and 1 when any failed, running every line', async () => {
    expect((await run([], { input: '/help\n/settings\n' })).code).toBe(0);
    const bad = await run(['--json'], { input: '/help\n/settings timezone Mars/Base\n/settings bilingual on\n' });
    expect(bad.code).toBe(1);
    expect(bad.out.trim().split('\n').map((l) => (JSON.parse(l) as { ok: boolean }).ok)).toEqual([true, false, true]);
  });
});
