import { describe, expect, it } from 'vitest';
import { clip, textCut } from '../../src/core/clip.js';

describe('clip', () => {
  it('clips with an ellipsis within the limit', () => {
    const c = clip('設定'.repeat(80), 100);
    expect(c.length).toBeLessThanOrEqual(100);
    expect(c.endsWith('…')).toBe(true);
  });

  it('leaves text within the limit as it is', () => {
    expect(clip('Approve the design', 18)).toBe('Approve the design');
  });

  it('cuts at a space in the second half rather than inside a word', () => {
    expect(clip('Approve the design now', 20)).toBe('Approve the design…');
  });

  it('never splits a surrogate pair or an emoji sequence', () => {
    const family = '👨‍👩‍👧';
    const c = clip(`ab${family}${family}`, 6);
    expect(c).toBe('ab…');
    expect(clip('a𠀋𠀋𠀋', 5)).toBe('a𠀋…');
    const boundaries = [1, 1 + family.length, 2 + family.length];
    for (let max = 1; max <= 2 + family.length; max++) expect(boundaries).toContain(textCut(`x${family}y`, max));
  });
});
