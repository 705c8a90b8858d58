import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOCALES, type Locale } from '../../src/i18n/locales.js';
import { readLocaleFiles } from '../../src/i18n/index.js';
import { latestChecks, newCheck, parseChecks, readChecks, type SourceCheck } from '../../src/knowledge/checks.js';
import { loadKnowledgeBase } from '../../src/knowledge/loader.js';
import { Knowledge } from '../../src/knowledge/resources.js';
import { SOURCE_AGES } from '../../src/knowledge/source-dates.js';
import { projectPath } from '../../src/paths.js';
import { testBot } from '../support/app.js';

const run = promisify(execFile);
const files = readLocaleFiles();
const kb = new Knowledge().base();
const as = (locale: Locale) => ({ platformLocale: locale });
const check = (entry: string, date: string, by: string, locales: Locale[] = [...LOCALES]): SourceCheck => ({ entry, date, by, locales });

describe('source checks (locales/kb-checks.json)', () => {
  it('the recorded file is valid and names only entries that exist', () => {
    const checks = readChecks();
    expect(() => loadKnowledgeBase(files, checks)).not.toThrow();
  });

  it('last checked is the latest check covering the locale, and nothing for an entry never checked', () => {
    const checks = [
      check('collab.approve-design', '2026-11-30', 'Ana'),
      check('collab.approve-design', '2026-12-01', 'Bo', ['zh-TW']),
      check('collab.approve-design', '2026-10-01', 'Cy', ['en']),
    ];
    const base = loadKnowledgeBase(files, checks);
    expect(base.lastCheck('collab.approve-design', 'en')?.by).toBe('Ana');
    expect(base.lastCheck('collab.approve-design', 'zh-TW')?.by).toBe('Bo');
    expect(base.lastCheck('collab.approve-design', 'zh-CN')?.date).toBe('2026-11-30');
    expect(base.lastCheck('collab.reject-design', 'en')).toBeUndefined();
    expect(latestChecks([]).size).toBe(0);
  });

  it('refuses a check of an unknown entry, a malformed file and an impossible date', () => {
    expect(() => loadKnowledgeBase(files, [check('collab.no-such-entry', '2026-12-01', 'Ana')])).toThrow(/unknown entry collab\.no-such-entry/);
    expect(() => parseChecks({ checks: [{ entry: 'collab.approve-design', date: '2026-02-30', by: 'A', locales: ['en'] }] }, 'f')).toThrow(/not a real date/);
    expect(() => parseChecks({ checks: [{ entry: 'collab.approve-design', date: '2026-12-01', by: ' ', locales: ['en'] }] }, 'f')).toThrow(/by/);
    expect(() => parseChecks({ entries: [] }, 'f')).toThrow();
  });

  it('validates a new check: known entry (with a guess), not in the future, real locales, someone who did it', () => {
    const ids = kb.ids;
    expect(newCheck({ entry: 'handmade.apply', by: 'Li Wei' }, ids, '2026-12-02')).toEqual(check('handmade.apply', '2026-12-02', 'Li Wei'));
    expect(() => newCheck({ entry: 'complete-registration', by: 'Li' }, ids, '2026-12-02')).toThrow(/did you mean handmade\.complete-registration/);
    expect(() => newCheck({ entry: 'handmade.apply', by: 'Li', date: '2026-12-03' }, ids, '2026-12-02')).toThrow(/in the future/);
    expect(() => newCheck({ entry: 'handmade.apply', by: 'Li', locales: ['zh-HK'] }, ids, '2026-12-02')).toThrow(/locales/);
    expect(() => newCheck({ entry: 'handmade.apply', by: '' }, ids, '2026-12-02')).toThrow(/by/);
  });

  it('every entry shows the date of its last recorded check, or says it was never checked, in every locale', async () => {
    const bot = testBot();
    for (const locale of LOCALES) {
      for (const id of kb.ids) {
        const text = bot.text(await bot.run(`/guide ${id}`, as(locale)));
        const c = kb.lastCheck(id, locale);
        if (c) {
          expect(text, `${id} in ${locale}`).toContain(c.date);
          expect(text, `${id} in ${locale}`).toContain(c.by);
        } else {
          expect(text, `${id} in ${locale}`).toMatch(/not yet checked against it by a person|尚未有人与来源核对|尚未有人與來源核對/);
        }
      }
    }
  });

  it('shows how old the source is where it is known: the unified-accounts article describes an older page', async () => {
    const bot = testBot();
    const en = bot.text(await bot.run('/guide account.unify-existing'));
    expect(en).toContain('2022-11-09');
    expect(en).toMatch(/older version of the Seller Central page/);
    expect(bot.text(await bot.run('/guide account.unify-existing', as('zh-TW')))).toMatch(/2022-11-09.*舊版頁面/);
    expect(bot.text(await bot.run('/guide brand-registry.submit-appeal', as('zh-CN')))).toContain('2023-04-23');
    const undated = kb.ids.find((id) => !SOURCE_AGES[kb.entry(id, 'en')!.source])!;
    expect(bot.text(await bot.run(`/guide ${undated}`))).not.toMatch(/The source (is dated|carries no date)/);
  });
});

describe('npm run kb:check (the compiled script)', () => {
  const script = projectPath('dist', 'scripts', 'kb-check.js');

  it('records a check in the file, and the entry then shows it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kb-check-'));
    const file = join(dir, 'checks.json');
    await writeFile(file, '{ "checks": [] }\n');
    const { stdout } = await run(process.execPath, [script, 'handmade.apply', '--by', 'Li Wei', '--date', '2026-01-05', '--locales', 'en,zh-TW', '--file', file]);
    expect(stdout).toContain('recorded: handmade.apply checked 2026-01-05 by Li Wei (en, zh-TW)');
    const checks = readChecks(file);
    expect(checks).toEqual([check('handmade.apply', '2026-01-05', 'Li Wei', ['en', 'zh-TW'])]);
    const base = loadKnowledgeBase(files, checks);
    expect(base.lastCheck('handmade.apply', 'zh-TW')?.date).toBe('2026-01-05');
    expect(base.lastCheck('handmade.apply', 'zh-CN')).toBeUndefined();
    const list = await run(process.execPath, [script, '--list', '--file', file]);
    expect(list.stdout).toMatch(/handmade\.apply\s+en 2026-01-05 \(Li Wei\) · zh-CN never · zh-TW 2026-01-05/);
  });

  it('refuses a bad check with the reason and an example, and leaves the file byte-identical', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kb-check-'));
    const file = join(dir, 'checks.json');
    const before = '{ "checks": [] }\n';
    await writeFile(file, before);
    for (const args of [['handmade.nope', '--by', 'Li'], ['handmade.apply'], ['handmade.apply', '--by', 'Li', '--date', '2999-01-01']]) {
      const err = (await run(process.execPath, [script, ...args, '--file', file]).catch((e: unknown) => e)) as { code?: number; stderr?: string };
      expect(err.code, args.join(' ')).toBe(1);
      expect(err.stderr, args.join(' ')).toMatch(/kb:check: .+\n.*usage: npm run kb:check/);
    }
    expect(await readFile(file, 'utf8')).toBe(before);
    await writeFile(file, '{ "checks": [ {"entry": "x"} ] }');
    const bad = (await run(process.execPath, [script, 'handmade.apply', '--by', 'Li', '--file', file]).catch((e: unknown) => e)) as { code?: number };
    expect(bad.code).toBe(1);
    expect(await readFile(file, 'utf8')).toBe('{ "checks": [ {"entry": "x"} ] }');
  });
});
