import { describe, expect, it } from 'vitest';
import { testBot } from '../support/app.js';

describe('/guide with a word it does not take', () => {
  it('says the entry is known and the word after it is not, with a correct example', async () => {
    const bot = testBot();
    const r = await bot.run('/guide collab.approve-design run');
    expect(r.error?.code).toBe('errors.badGuideWord');
    expect(r.error?.message).toContain('`run`');
    expect(r.error?.message).toContain('/guide collab.approve-design walk');
    expect(r.error?.message).not.toMatch(/There is no guide/);
  });

  it('asks which guide to walk through when walk comes alone', async () => {
    const bot = testBot();
    const r = await bot.run('/guide walk', { platformLocale: 'zh-TW' });
    expect(r.error?.code).toBe('errors.guideWalkNeedsEntry');
    expect(r.error?.message).toContain('/guide collab.approve-design walk');
    expect(r.locale).toBe('zh-TW');
  });

  it('still walks an entry and still offers close ids for an unknown one', async () => {
    const bot = testBot();
    expect((await bot.run('/guide approve-design walk')).error).toBeUndefined();
    const unknown = await bot.run('/guide collab.approve-desgn');
    expect(unknown.error?.code).toBe('errors.unknownEntryGuess');
  });
});
