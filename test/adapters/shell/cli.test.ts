import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../../../src/paths.js';

// Drives the compiled program as a user does (`npm test` builds it first).
const BIN = projectPath('bin', 'sellerdesk.js');
let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-cli-'));
  db = join(dir, 'db.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], input?: string) {
  const env = { ...process.env, DATA_FILE: '', LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '' };
  const r = spawnSync(process.execPath, [BIN, '--db', db, ...args], { input: input ?? '', encoding: 'utf8', env, timeout: 15_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the sellerdesk command line', () => {
  it('prints one JSON line per input line, and the setting is there on the next run', () => {
    const r = cli(['--json'], '/help\n/settings timezone Asia/Shanghai\n');
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [help, set] = lines.map((l) => JSON.parse(l));
    expect(help.ok).toBe(true);
    expect(help.commands).toContain('settings');
    expect(set.settings.timezone).toBe('Asia/Shanghai');
    const next = cli(['--json', '/settings']);
    expect(JSON.parse(next.out).settings.timezone).toBe('Asia/Shanghai');
    expect(Object.keys(JSON.parse(readFileSync(db, 'utf8')).workspaces)).toEqual(['local']);
  });

  it('answers in the --locale language', () => {
    expect(cli(['--locale', 'zh-TW', '/help']).out).toContain('指令');
    expect(cli(['--locale', 'zh-CN', '/help']).out).toContain('命令');
  });

  it('exits non-zero on a bad one-shot command, with a localized message and an example', () => {
    const r = cli(['--locale', 'zh-CN', '/settings timezone Mars/Base']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('时区');
    expect(r.out).toContain('/settings timezone Asia/Shanghai');
    expect(cli(['/help']).code).toBe(0);
  });

  it('reports a bad line and goes on with the next', () => {
    const r = cli(['--json'], '/nope\n/settings holidays ZZ\n"unclosed\n/help\n');
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.ok)).toEqual([false, false, false, true]);
    // Every line ran; the exit code tells the script that some failed.
    expect(r.code).toBe(1);
  });

  it('refuses a corrupt data file, names it, and leaves it byte for byte', () => {
    const bytes = '{"schemaVersion":1,"workspaces":{';
    writeFileSync(db, bytes);
    const r = cli(['/settings timezone UTC']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(db);
    expect(readFileSync(db, 'utf8')).toBe(bytes);
  });

  it('refuses a malformed --now', () => {
    const r = cli(['--now', 'tomorrow', '/help']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--now');
  });

  it('handles a 10,000-character line and control characters without crashing', () => {
    const r = cli(['--json'], `/help ${'x'.repeat(10_000)}\n/help \u0001\n`);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.error?.code)).toEqual(['errors.tooLong', 'errors.controlChar']);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('works for a workspace and a user named %s, end to end', (id) => {
    const now = ['--now', '2026-12-01T10:00:00+08:00', '--json', '--workspace', id, '--user', id, '--channel', id];
    const set = cli([...now, '/settings timezone Asia/Taipei']);
    expect(set.err).toBe('');
    expect(JSON.parse(set.out).settings.timezone).toBe('Asia/Taipei');
    const lang = cli([...now, '/settings lang zh-TW']);
    expect(JSON.parse(lang.out).settings.lang).toBe('zh-TW');
    const opened = cli([...now, '/track new task "Case A" due:2026-12-10']);
    expect(opened.code).toBe(0);
    expect(JSON.parse(opened.out).item.id).toBe('1');
    expect(cli([...now, '/howto constructor']).code).toBe(0);
    // Another run reads them back: the setting was saved, the item is there, in that workspace only.
    const shown = JSON.parse(cli([...now, '/settings']).out);
    expect(shown.settings).toMatchObject({ timezone: 'Asia/Taipei', lang: 'zh-TW' });
    expect(shown.locale).toBe('zh-TW');
    const list = JSON.parse(cli([...now, '/track list']).out);
    expect(list.items.map((i: { id: string }) => i.id)).toEqual(['1']);
    const elsewhere = JSON.parse(cli(['--json', '/settings']).out);
    expect(elsewhere.settings.timezone).not.toBe('Asia/Taipei');
  });
  it('answers one-shot /help, /howto and /track without loading zod (scripts/bundle.ts lazyZod)', () => {
    // A module-level zod schema anywhere in the bundle loads zod at every start (~8–10 ms of CPU).
    const traced = (args: string[]) => {
      const env = { ...process.env, DATA_FILE: '', LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '', SELLERDESK_TRACE_ZOD: '1' };
      const r = spawnSync(process.execPath, [BIN, '--db', db, '--now', '2026-11-23T09:00:00+08:00', ...args], { encoding: 'utf8', env, timeout: 15_000 });
      expect(r.status, r.stderr).toBe(0);
      return r.stderr;
    };
    expect(traced(['/settings holidays CN'])).toBe('');
    expect(traced(['/track new task "Check the listing" due:"3 working days"'])).toBe('');
    for (const command of ['/help', '/howto how do I approve a design', '/track list']) expect(traced([command]), command).toBe('');
  });
  it('answers an English /howto without loading the Chinese tables (opencc-js, pinyin-pro), which a Chinese one loads', () => {
    // A hook that names every Chinese-text package the process requires, on stderr.
    const hook = join(dir, 'trace-chinese.cjs');
    writeFileSync(hook, "const M = require('module'); const r = M.prototype.require; M.prototype.require = function (id) { if (/^(?:pinyin-pro|opencc-js)/.test(id)) process.stderr.write(`loaded ${id}\\n`); return r.apply(this, arguments); };\n");
    const loaded = (question: string) => {
      const env = { ...process.env, DATA_FILE: '', LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '' };
      const r = spawnSync(process.execPath, ['--require', hook, BIN, '--db', db, '--now', '2026-11-23T09:00:00+08:00', `/howto ${question}`], { encoding: 'utf8', env, timeout: 15_000 });
      expect(r.status, r.stderr).toBe(0);
      return r.stderr;
    };
    expect(loaded('how do I approve a design')).toBe('');
    expect(loaded("where's the 'Revision' button, our agency manages the US store")).toBe('');
    expect(loaded('怎么授权载单')).toContain('loaded pinyin-pro');
  });
});
