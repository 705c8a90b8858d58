import { describe, expect, it } from 'vitest';
import { calibration, decide, features, probability, readCalibration } from '../../src/knowledge/confidence.js';
import type { Hit, SearchResult } from '../../src/knowledge/search-index.js';

const hit = (id: string, v: Partial<Hit>): Hit => {
  const h = { id, score: 1, norm: 0, coverage: 0, passage: 0, fit: 0, lm: 0, kind: 0, role: 0, rank: 0, ...v };
  return { match: 0.4 * h.passage + 0.6 * h.fit, ...h };
};
const result = (...hits: Hit[]): SearchResult => ({ terms: [], mass: 1, novel: 0, hits });
const of = (...hits: Hit[]) => features(result(...hits))!;

const strong = { norm: 0.95, coverage: 1, passage: 1, fit: 1, lm: 0.99, rank: 0.97 };

describe('confidence tiers', () => {
  it('answers when one entry matches the whole question, in a title or alternative question, far ahead of the next', () => {
    const d = decide(result(hit('a.one', strong), hit('a.two', { norm: 0.3, coverage: 0.4, passage: 0.3, fit: 0.3, rank: 0.3 })));
    expect(d).toMatchObject({ tier: 'answer', entryId: 'a.one', alternatives: [] });
    expect(d.confidence).toBeGreaterThanOrEqual(calibration().answerProbability);
  });

  it('offers up to three entries instead when the runner-up is close', () => {
    // A fair match, with others close in every way and the question language model split between them.
    const best = { norm: 0.75, coverage: 0.9, passage: 0.7, fit: 0.6, lm: 0.45, rank: 0.74 };
    const close = { ...best, norm: 0.73, lm: 0.35, rank: 0.72 };
    const d = decide(result(hit('a.one', best), hit('a.two', close), hit('a.three', { ...close, rank: 0.7 }), hit('a.four', { ...close, rank: 0.68 })));
    expect(d).toMatchObject({ tier: 'suggest', entryId: null, alternatives: ['a.one', 'a.two', 'a.three'] });
  });

  it('never answers without a hit in a title or alternative question, however strong the body match', () => {
    expect(calibration().answerPassage).toBeGreaterThan(0);
    const below = calibration().answerPassage / 2;
    const bodyOnly = { norm: 1, coverage: 1, passage: below, fit: below, lm: 1, rank: 0.6 };
    const d = decide(result(hit('a.one', bodyOnly)));
    expect(d.tier).not.toBe('answer');
    expect(d.entryId).toBeNull();
  });

  it('offers only entries that are near the best one', () => {
    const d = decide(result(hit('a.one', { norm: 0.6, coverage: 0.7, passage: 0.25, fit: 0.4, rank: 0.5 }), hit('a.far', { norm: 0.2, passage: 0.2, rank: 0.2 })));
    expect(d).toMatchObject({ tier: 'suggest', alternatives: ['a.one'] });
  });

  it('says it does not know when nothing matches well, or nothing matches at all', () => {
    expect(decide(result(hit('a.one', { norm: 0.15, coverage: 0.2, passage: 0.15, fit: 0.05, rank: 0.15 })))).toMatchObject({ tier: 'unknown', alternatives: [] });
    expect(decide(result())).toMatchObject({ tier: 'unknown', entryId: null, alternatives: [], confidence: 0 });
  });

  it('is less sure when words of the question appear nowhere in the entry', () => {
    const p = (coverage: number) => probability(of(hit('a', { ...strong, coverage }), hit('b', { norm: 0.3, passage: 0.3, rank: 0.3 })));
    expect(p(1)).toBeGreaterThan(p(0.6));
    expect(p(0.6)).toBeGreaterThan(p(0.3));
  });

  it('counts a lead for less when the best title or question matches little of the question', () => {
    const lead = (match: number) => of(hit('a', { ...strong, match }), hit('b', { norm: 0.3, passage: 0.3, rank: 0.3 }));
    expect(lead(1).marginMatch).toBeGreaterThan(lead(0.3).marginMatch);
    expect(probability(lead(1))).toBeGreaterThan(probability(lead(0.3)));
  });

  it('grows more confident as the lead over the runner-up grows', () => {
    const second = (rank: number) => hit('b', { norm: rank, passage: rank, rank });
    const p = (rank: number) => probability(of(hit('a', strong), second(rank)));
    expect(p(0.2)).toBeGreaterThan(p(0.6));
    expect(p(0.6)).toBeGreaterThan(p(0.9));
  });

  it('is less sure when the question holds words the guides never use', () => {
    const withNovel = (novel: number) => features({ ...result(hit('a', strong), hit('b', { norm: 0.3, passage: 0.3, rank: 0.3 })), novel, mass: 2 })!;
    expect(withNovel(0).novel).toBe(0);
    expect(withNovel(1).novel).toBeCloseTo(0.5);
    expect(probability(withNovel(0))).toBeGreaterThan(probability(withNovel(1)));
  });

  it('reads the lead over the third hit, and counts a pair of close siblings well ahead of the rest for more', () => {
    const pair = (third: number) => of(hit('a', { ...strong, rank: 0.8 }), hit('b', { ...strong, rank: 0.75 }), hit('c', { norm: third, passage: third, rank: third }));
    expect(pair(0.3).thirdMargin).toBeCloseTo(0.5);
    expect(of(hit('a', { ...strong, rank: 0.8 })).thirdMargin).toBeCloseTo(0.8);
    expect(probability(pair(0.3))).toBeGreaterThan(probability(pair(0.7)));
  });

  it('reads the top entry\'s lead in the language model over any other hit, and is less sure when another leads it there', () => {
    const withLm = (other: number) => of(hit('a', { ...strong, lm: 0.6 }), hit('b', { norm: 0.3, passage: 0.3, rank: 0.3, lm: 0.1 }), hit('c', { norm: 0.2, passage: 0.2, rank: 0.2, lm: other }));
    expect(withLm(0.2).lmMargin).toBeCloseTo(0.4);
    expect(withLm(0.9).lmMargin).toBeCloseTo(-0.3);
    expect(of(hit('a', { ...strong, lm: 0.6 })).lmMargin).toBeCloseTo(0.6);
    expect(probability(withLm(0.2))).toBeGreaterThan(probability(withLm(0.9)));
  });

  describe('"did you mean" gated by the rank and the probability (fields of the calibration file)', () => {
    // Below the answer threshold, so these only ever suggest; the weights are the calibration's.
    const gate = { ...calibration(), answerProbability: 1, suggestRank: 0.4, suggestProbability: 0.2, suggestProbabilityAlone: 0.5, suggestSpread: 0.25, suggestPassage: 0 };
    const second = hit('b.two', { norm: 0.05, passage: 0.05, fit: 0.05, rank: 0.05 });

    it('offers the best entry when the model is sure enough of it, although its rank is under the rank gate', () => {
      // A long chat message: its right entry ranks low, but every other sign points at it.
      const low = hit('a.one', { ...strong, rank: 0.35 });
      const p = probability(of(low, second), gate);
      expect(p).toBeGreaterThanOrEqual(gate.suggestProbabilityAlone);
      expect(decide(result(low, second), gate)).toMatchObject({ tier: 'suggest', alternatives: ['a.one'] });
      // The rank gate alone would not.
      expect(decide(result(low, second), { ...gate, suggestProbabilityAlone: 1 })).toMatchObject({ tier: 'unknown', alternatives: [] });
    });

    it('offers nothing when the rank passes but the model gives the best entry almost no chance of being right', () => {
      // Out of scope: shares a few words with every entry, holds little of any.
      const vague = hit('a.one', { norm: 0.45, coverage: 0.3, passage: 0.15, fit: 0.1, lm: 0.2, rank: 0.45 });
      const close = hit('b.two', { norm: 0.44, coverage: 0.3, passage: 0.15, fit: 0.1, lm: 0.2, rank: 0.44 });
      const third = hit('c.three', { norm: 0.43, coverage: 0.3, passage: 0.15, fit: 0.1, lm: 0.2, rank: 0.43 });
      const r = result(vague, close, third);
      expect(probability(of(vague, close, third), gate)).toBeLessThan(gate.suggestProbability);
      expect(decide(r, gate)).toMatchObject({ tier: 'unknown', alternatives: [] });
      // With the rank alone it would offer all three.
      expect(decide(r, { ...gate, suggestProbability: 0 })).toMatchObject({ tier: 'suggest', alternatives: ['a.one', 'b.two', 'c.three'] });
    });

    it('reads a calibration file without the probability gates as the rank gate alone', async () => {
      const { mkdtempSync, writeFileSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const { suggestProbability: _p, suggestProbabilityAlone: _a, ...old } = calibration();
      const file = join(mkdtempSync(join(tmpdir(), 'howto-cal-')), 'c.json');
      writeFileSync(file, JSON.stringify(old));
      expect(readCalibration(file)).toMatchObject({ suggestProbability: 0, suggestProbabilityAlone: 1 });
    });

    it('ships gates fitted by the calibration: a probability gate with the rank, and a higher one alone, under the answer threshold', () => {
      const c = calibration();
      expect(c.suggestProbability).toBeGreaterThan(0);
      expect(c.suggestProbabilityAlone).toBeGreaterThan(c.suggestProbability);
      expect(c.suggestProbabilityAlone).toBeLessThan(c.answerProbability);
    });
  });
});
