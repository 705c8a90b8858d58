import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { evalCore, metrics, readQuestions, report, runQuestions } from '../../scripts/howto-eval.js';

const run = async (file: string) => {
  const outcomes = await runQuestions(evalCore(), readQuestions(projectPath('test', 'eval', file)));
  return { m: metrics(outcomes), why: report(outcomes) };
};

describe('/howto on the development question set, through the command path', () => {
  it('ranks the right entry first for at least 95 % of the questions, answers at least 90 % rightly, never wrongly, and no out-of-scope question', async () => {
    const { m, why } = await run('dev-questions.jsonl');
    expect(m.errors, why).toBe(0);
    expect(m.inScope).toBeGreaterThan(40);
    expect(m.top1 / m.inScope, why).toBeGreaterThanOrEqual(0.95);
    expect(m.answeredRight / m.inScope, why).toBeGreaterThanOrEqual(0.9);
    expect(m.confidentWrong, why).toBe(0);
    expect(m.oosAnswered, why).toBe(0);
    expect(m.outOfScope).toBeGreaterThan(0);
  });
});

describe('/howto on the chat-style development set (chat-dev-questions.jsonl), through the command path', () => {
  it('ranks the right entry first for at least 95 %, answers at least 88 % rightly, never wrongly, and no out-of-scope question', async () => {
    const { m, why } = await run('chat-dev-questions.jsonl');
    expect(m.errors, why).toBe(0);
    expect(m.inScope).toBeGreaterThan(90);
    expect(m.top1 / m.inScope, why).toBeGreaterThanOrEqual(0.95);
    expect(m.answeredRight / m.inScope, why).toBeGreaterThanOrEqual(0.88);
    expect(m.confidentWrong, why).toBe(0);
    expect(m.oosAnswered, why).toBe(0);
  });
});

describe('/howto on the second chat-style development set (chat-dev2-questions.jsonl), through the command path', () => {
  it('ranks the right entry first for at least 92 %, answers at least 80 % rightly, never wrongly, and no out-of-scope question', async () => {
    const { m, why } = await run('chat-dev2-questions.jsonl');
    expect(m.errors, why).toBe(0);
    expect(m.inScope).toBeGreaterThan(150);
    expect(m.top1 / m.inScope, why).toBeGreaterThanOrEqual(0.92);
    expect(m.answeredRight / m.inScope, why).toBeGreaterThanOrEqual(0.8);
    expect(m.confidentWrong, why).toBe(0);
    expect(m.oosAnswered, why).toBe(0);
  });
});

describe('/howto on the English chat-style development set (chat-dev4-questions.jsonl), through the command path', () => {
  it('ranks the right entry first for at least 85 %, answers at least 60 % rightly, never wrongly, and no out-of-scope question', async () => {
    const { m, why } = await run('chat-dev4-questions.jsonl');
    expect(m.errors, why).toBe(0);
    expect(m.inScope).toBeGreaterThan(150);
    expect(m.top1 / m.inScope, why).toBeGreaterThanOrEqual(0.85);
    expect(m.answeredRight / m.inScope, why).toBeGreaterThanOrEqual(0.6);
    expect(m.confidentWrong, why).toBe(0);
    expect(m.oosAnswered, why).toBe(0);
  });
});

describe('/howto on the other labelled files, through the command path', () => {
  it.each(['holdout-questions.jsonl', 'holdout2-questions.jsonl', 'calibration-negatives.jsonl'])('never answers a question of %s wrongly', async (file) => {
    const { m, why: questions } = await run(file);
    // The holdout files are blind: a failure gives the counts, not the questions, so that nobody
    // tunes on them by reading a red test.
    const why = file.startsWith('holdout')
      ? `${file} (blind): ${m.confidentWrong} answered wrongly, ${m.oosAnswered} out-of-scope answered, ${m.errors} errors`
      : questions;
    expect(m.errors, why).toBe(0);
    expect(m.confidentWrong, why).toBe(0);
    expect(m.oosAnswered, why).toBe(0);
  });
});

describe('the evaluation report', () => {
  it('counts a wrong answer as confident wrong, and an answered out-of-scope question too', () => {
    const base = { locale: 'en', q: 'q', confidence: 0.9 };
    const m = metrics([
      { ...base, expect: 'a.one', tier: 'answer', entryId: 'a.one', alternatives: [] },
      { ...base, expect: 'a.one', tier: 'answer', entryId: 'a.two', alternatives: [] },
      { ...base, expect: 'a.one', tier: 'suggest', entryId: null, alternatives: ['a.two', 'a.one'] },
      { ...base, expect: null, tier: 'answer', entryId: 'a.two', alternatives: [] },
      { ...base, expect: null, tier: 'unknown', entryId: null, alternatives: [] },
    ]);
    expect(m).toMatchObject({ inScope: 3, top1: 1, top3: 2, answeredRight: 1, confidentWrong: 2, outOfScope: 2, oosAnswered: 1, oosUnknown: 1 });
  });

  it('lists exactly as many confident wrong answers (✗) as its overall line counts, and no per-locale line adds to them', () => {
    const base = { q: 'q', confidence: 0.9 };
    const outcomes = [
      { ...base, locale: 'en', expect: 'a.one', tier: 'answer' as const, entryId: 'a.two', alternatives: [] },
      { ...base, locale: 'zh-TW', expect: 'a.one', tier: 'answer' as const, entryId: 'a.three', alternatives: [] },
      { ...base, locale: 'zh-CN', expect: null, tier: 'answer' as const, entryId: 'a.two', alternatives: [] },
      { ...base, locale: 'en', expect: 'a.one', tier: 'answer' as const, entryId: 'a.one', alternatives: [] },
      { ...base, locale: 'en', expect: 'a.one', tier: 'suggest' as const, entryId: null, alternatives: ['a.one'] },
      { ...base, locale: 'zh-CN', expect: null, tier: 'suggest' as const, entryId: null, alternatives: ['a.two'] },
      { ...base, locale: 'zh-CN', expect: null, tier: 'error' as const, entryId: null, alternatives: [] },
      { ...base, locale: 'zh-TW', expect: 'a.two', tier: 'unknown' as const, entryId: null, alternatives: [] },
    ];
    const text = report(outcomes);
    const lines = text.split('\n');
    const overall = /confident wrong (\d+)/.exec(lines[0]!)?.[1];
    expect(overall).toBe('3');
    expect(lines.filter((l) => l.startsWith('✗')).length).toBe(3);
    expect(text).toContain('confident wrong answer: 3');
    // The per-locale lines are parts of the overall one: en 1, zh-CN 1, zh-TW 1.
    const perLocale = lines.filter((l) => l.startsWith('· ')).map((l) => Number(/confident wrong (\d+)/.exec(l)?.[1]));
    expect(perLocale.reduce((a, b) => a + b, 0)).toBe(3);
    // A question that failed with an error is neither "don't know" nor answered.
    expect(metrics(outcomes)).toMatchObject({ confidentWrong: 3, oosAnswered: 1, oosSuggested: 1, oosUnknown: 0, errors: 1, answeredRight: 1, top1: 2 });
  });
});
