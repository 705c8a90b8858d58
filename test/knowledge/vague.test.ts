import { describe, expect, it } from 'vitest';
import { testBot } from '../support/app.js';
import { isVague } from '../../src/knowledge/vague.js';
import { parseVague } from '../../src/knowledge/lexicon.js';

const zhCN = { platformLocale: 'zh-CN' };
const zhTW = { platformLocale: 'zh-TW' };

describe('/howto on a question that names no topic', () => {
  it('offers entries instead of answering "it\'s stuck", "failed again", "rejected" or 被拒了, with a line asking what is stuck', async () => {
    const bot = testBot();
    // Each of these ranked one entry first with a clear lead and was answered with it.
    for (const [q, opts] of [
      ["it's stuck", {}],
      ['not working', {}],
      ['failed again', {}],
      ['still pending', {}],
      ['rejected', {}],
      ['被拒了', zhCN],
      ['失败了', zhCN],
    ] as const) {
      const r = await bot.run(`/howto ${q}`, opts);
      expect(r.data, q).toMatchObject({ tier: 'suggest', entryId: null, vague: true });
      expect((r.data?.alternatives as string[]).length, q).toBeGreaterThan(0);
    }
    expect(bot.text(await bot.run("/howto it's stuck"))).toContain('say what is stuck or failing');
    expect(bot.text(await bot.run('/howto 失败了', zhCN))).toContain('哪里卡住或失败');
    expect(bot.text(await bot.run('/howto 又失敗了', zhTW))).toContain('哪個環節卡住或失敗');
  });

  it('still answers a question that says what is stuck, failed or rejected', async () => {
    const bot = testBot();
    for (const [q, id] of [
      ['status stuck on not authorized', 'saleyee.faq-status-not-updated'],
      ['authorization failed', 'saleyee.faq-authorization-failed'],
      ['my design was rejected, what now?', 'collab.submit-revision'],
      ['授权失败怎么办', 'saleyee.faq-authorization-failed'],
    ]) {
      const r = await bot.run(`/howto ${q}`);
      expect(r.data, q).toMatchObject({ tier: 'answer', entryId: id });
      expect(r.data?.vague, q).toBeUndefined();
    }
  });

  it('finds no title or example question of the knowledge base vague', async () => {
    const bot = testBot();
    const index = await bot.core.services.knowledge.howto();
    const kb = bot.core.services.knowledge.base();
    const vague: string[] = [];
    for (const locale of ['en', 'zh-CN', 'zh-TW'] as const) {
      for (const id of kb.ids) {
        const e = kb.entry(id, locale)!;
        for (const q of [e.title, ...(e.questions ?? [])]) if (isVague(index, q)) vague.push(`${locale} ${id}: ${q}`);
      }
    }
    expect(vague).toEqual([]);
  });

  it('asks namesTopic what the analysis would say: whether a term other than a question cue is left', async () => {
    const index = await testBot().core.services.knowledge.howto();
    const texts = ['how do i', 'it is , what now', 'my design , how do i resubmit', 'hwo do i', '怎么办', '设计 怎么办', 'thanks , please', 'zenme shouquan', 'approve it pls', '', 'the and of', 'reschedule'];
    for (const t of texts) {
      const want = index.analyze(t).some((x) => x.kind !== 'cue');
      index.analyze('something else'); // not the analysis remembered for the last question
      expect(index.namesTopic(t), t).toBe(want);
    }
  });

  it('reads the vague list from the lexicon file, and refuses a group without a note', () => {
    expect(parseVague({ groups: [], vague: [{ say: ['stuck'], note: 'n' }] })).toEqual(['stuck']);
    expect(() => parseVague({ groups: [], vague: [{ say: ['stuck'] }] })).toThrow(/vague\.0\.note/);
  });
});
