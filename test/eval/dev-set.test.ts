import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { evalCore, metrics, readQuestions, report, runQuestions } from '../../scripts/howto-eval.js';

const run = async (file: string) => {
  const outcomes = await runQuestions(evalCore(), readQuestions(projectPath('test', 'eval', file)));
  return { m: metrics(outcomes), why: report(outcomes) };
};

/** Each development set's floors: [file, at least this many in scope, rank-1 share, answered-right share]. */
const FLOORS: [string, number, number, number][] = [
  ['dev-questions.jsonl', 40, 0.95, 0.9],
  ['chat-dev-questions.jsonl', 90, 0.95, 0.88],
  ['chat-dev2-questions.jsonl', 150, 0.92, 0.8],
  // English chat-style questions.
  ['chat-dev4-questions.jsonl', 150, 0.85, 0.6],
  // Chinese chat-style questions.
  ['chat-dev5-questions.jsonl', 35, 0.85, 0.7],
  // English (chat-dev6) and Chinese (chat-dev7) chat-style questions.
  ['chat-dev6-questions.jsonl', 140, 0.85, 0.65],
  ['chat-dev7-questions.jsonl', 140, 0.92, 0.75],
];

describe('/howto on the development sets, through the command path', () => {
  it.each(FLOORS)('%s: more than %i in scope, rank-1 ≥ %d, answered right ≥ %d, never wrongly, and no out-of-scope question answered', async (file, inScope, top1, answered) => {
    const { m, why } = await run(file);
    expect(m.errors, why).toBe(0);
    expect(m.inScope).toBeGreaterThan(inScope);
    expect(m.top1 / m.inScope, why).toBeGreaterThanOrEqual(top1);
    expect(m.answeredRight / m.inScope, why).toBeGreaterThanOrEqual(answered);
    expect(m.confidentWrong, why).toBe(0);
    expect(m.oosAnswered, why).toBe(0);
    expect(m.outOfScope).toBeGreaterThan(0);
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
