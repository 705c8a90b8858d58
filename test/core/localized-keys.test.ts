import { describe, expect, it } from 'vitest';
import { bot, deadline, fails, item, ok } from '../commands/track-support.js';
import { checkSpecs } from '../../src/core/check-specs.js';
import { DefinitionError } from '../../src/core/errors.js';
import { tokenize } from '../../src/core/tokenize.js';
import { optionsFromTokens } from '../../src/core/parse-options.js';
import { defineCommand, defineSub, option } from '../../src/core/types.js';
import { COMMANDS } from '../../commands/index.js';

/** Shell and Slack syntax: an option is named by its English name or by the names a Chinese reader sees on Discord. */
describe('localized option keys', () => {
  for (const locale of ['zh-CN', 'zh-TW']) {
    const who = { platformLocale: locale };

    it(`${locale}: 提交: and 提交日期： set the submitted date, and the deadline is derived from it`, async () => {
      const b = bot();
      // 2026-11-20 (Fri) + 10 working days; today (2026-11-23) would give 2026-12-07.
      for (const line of ['/track new brand-appeal 品牌申诉 提交:2026-11-20', '/track new brand-appeal 品牌申诉 提交日期：2026-11-20']) {
        const r = await ok(b, line, who);
        expect(item(r).title).toBe('品牌申诉');
        expect(item(r).events).toEqual([{ key: 'submitted', day: '2026-11-20' }]);
        expect(deadline(r, 'expected-decision').due.slice(0, 10)).toBe('2026-12-03');
      }
      const today = await ok(b, '/track new brand-appeal 品牌申诉', who);
      expect(deadline(today, 'expected-decision').due.slice(0, 10)).toBe('2026-12-04');
    });

    it(`${locale}: 截止： and 截止日期: set a task's due date, in either language's words`, async () => {
      const b = bot();
      expect(deadline(await ok(b, '/track new task 寄发票 截止：2026-12-01', who), 'due').due.slice(0, 10)).toBe('2026-12-01');
      expect(deadline(await ok(b, '/track new task 寄發票 截止日期:2026-12-02', who), 'due').due.slice(0, 10)).toBe('2026-12-02');
    });

    it(`${locale}: a title with a colon that is not a key stays in the title`, async () => {
      const b = bot();
      const r = await ok(b, '/track new brand-appeal 品牌申诉：春季 活动', who);
      expect(item(r).title).toBe('品牌申诉：春季 活动');
      expect(item(r).events).toEqual([{ key: 'submitted', day: '2026-11-23' }]);
      expect(item(await ok(b, '/track new task 提醒：3点 开会', who)).title).toBe('提醒：3点 开会');
      expect(item(await ok(b, '/track new task 注意: 别忘了', who)).title).toBe('注意: 别忘了');
      expect(item(await ok(b, '/track new task 备忘：「周五 前」', who)).title).toBe('备忘：「周五 前」');
      // A quote after a word that names no option is the user's text, opened or not.
      expect(item(await ok(b, '/track new task 回复邮件：“关于发票”', who)).title).toBe('回复邮件：“关于发票”');
      expect(item(await ok(b, '/track new task 注意：“明天 交', who)).title).toBe('注意：“明天 交');
    });

    it(`${locale}: a near-miss key with a date is refused, naming the option meant, with the line corrected`, async () => {
      const b = bot();
      const e = await fails(b, '/track new task 写SOP 截至：2026-12-01', who);
      expect(e.code).toBe('errors.unknownOptionGuess');
      expect(e.message).toContain('`截止`');
      expect(e.message).toContain('/track new task 写SOP 截止:2026-12-01');
      expect(e.message).toMatch(locale === 'zh-TW' ? /這個選項/ : /这个选项/);
      expect(b.store.read('w1')['track']).toBeUndefined();
    });

    it(`${locale}: /howto with 提交: in the question is still a question`, async () => {
      const b = bot();
      const r = await b.run('/howto 提交:2026-11-20 之后多久有结果？', who);
      expect(r.error).toBeUndefined();
      expect(b.store.read('w1')['track']).toBeUndefined();
    });
  }

  it('reads a key in any script, folded as typed by a person', () => {
    expect(tokenize('提交日期：2026-11-20 截止:明天')).toMatchObject([
      { key: '提交日期', value: '2026-11-20' },
      { key: '截止', value: '明天' },
    ]);
    expect(tokenize('Due:x')[0]).toMatchObject({ key: 'due', value: 'x' });
  });

  it('refuses at spec-check time an option word shared by sibling options', () => {
    expect(() => checkSpecs(COMMANDS)).not.toThrow();
    // en command-names: `day` is a short form of track's `date`.
    const clash = defineCommand({
      name: 'track',
      subcommands: [defineSub({ name: 'event', visibility: 'ephemeral', options: { date: option.string({}), day: option.string({}) }, run: () => ({ blocks: [] }) })],
    });
    expect(() => checkSpecs([clash])).toThrow(DefinitionError);
    expect(() => checkSpecs([clash])).toThrow(/option word "day" names both date and day/);
  });

  it('reads a leaf\'s option words for the command it is read for, whatever was read before', () => {
    const track = COMMANDS.find((c) => c.name === 'track')!;
    // A leaf of its own (the one /track has is cached by the tests above).
    const leaf = { ...track.subcommands!.find((s) => s.name === 'new')! };
    // Read once without a command (no localized words), then for /track: 截止 is `due` there.
    expect(optionsFromTokens(leaf, tokenize('task x due:2026-12-01'))).toMatchObject({ due: '2026-12-01' });
    expect(optionsFromTokens(leaf, tokenize('task 寄发票 截止:2026-12-01'), { command: 'track', sub: 'new' })).toMatchObject({ due: '2026-12-01' });
  });
});
