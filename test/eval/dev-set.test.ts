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
  it('ranks the right entry first for at least 85 %, answers at least 60 % rightly, never wrongly, and no out-of-scope question', async () => {
    const { m, why } = await run('chat-dev-questions.jsonl');
    expect(m.errors, why).toBe(0);
    expect(m.inScope).toBeGreaterThan(90);
    expect(m.top1 / m.inScope, why).toBeGreaterThanOrEqual(0.85);
    expect(m.answeredRight / m.inScope, why).toBeGreaterThanOrEqual(0.6);
    expect(m.confidentWrong, why).toBe(0);
    expect(m.oosAnswered, why).toBe(0);
  });
});

describe('/howto on the other labelled files, through the command path', () => {
  it.each(['holdout-questions.jsonl', 'holdout2-questions.jsonl', 'calibration-negatives.jsonl'])('never answers a question of %s wrongly', async (file) => {
    const { m, why } = await run(file);
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
});
