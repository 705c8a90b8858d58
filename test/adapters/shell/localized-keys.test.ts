import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { Shell } from '../../../src/adapters/shell/index.js';
import { parseShellArgs } from '../../../src/adapters/shell/args.js';
import { testBot } from '../../support/app.js';
import type { Reply } from '../../../src/core/types.js';

interface ItemJson {
  title: string;
  events: { key: string; day?: string }[];
  deadlines: { key: string; due: string }[];
}

const itemOf = (r: Reply | undefined) => r?.data?.item as ItemJson;

describe('the shell reads localized option keys', () => {
  for (const locale of ['zh-CN', 'zh-TW']) {
    it(`${locale}: 提交: / 提交日期： set the submitted date; a colon in the title stays; /howto keeps its question`, async () => {
      const bot = testBot();
      const output = new PassThrough();
      output.resume();
      const shell = new Shell(bot.core, parseShellArgs(['--locale', locale, '--json']), output);
      for (const line of ['/track new brand-appeal 品牌申诉 提交:2026-11-20', '/track new brand-appeal 品牌申诉 提交日期：2026-11-20']) {
        const r = await shell.line(line);
        expect(r?.error).toBeUndefined();
        expect(itemOf(r).events).toEqual([{ key: 'submitted', day: '2026-11-20' }]);
        expect(itemOf(r).deadlines.find((d) => d.key === 'expected-decision')?.due.slice(0, 10)).toBe('2026-12-03');
      }
      const titled = await shell.line('/track new brand-appeal 品牌申诉：春季 活动');
      expect(itemOf(titled).title).toBe('品牌申诉：春季 活动');
      const typo = await shell.line('/track new brand-appeal 品牌申诉 提价:2026-11-20');
      expect(typo?.error?.code).toBe('errors.unknownOptionGuess');
      expect(typo?.error?.message).toContain('提交:2026-11-20');
      const q = await shell.line('/howto 提交:2026-11-20 之后多久有结果？');
      expect(q?.error).toBeUndefined();
    });
  }
});
