import { describe, expect, it } from 'vitest';
import { SHORT, Vocabulary, maxEdits } from '../../src/knowledge/typo.js';
import { editDistance } from '../../src/core/edit-distance.js';

const vocab = (words: Record<string, number>) => {
  const v = new Vocabulary();
  for (const [w, c] of Object.entries(words)) v.add(w, c);
  return v.seal();
};

describe('edit distance', () => {
  it('counts an adjacent transposition as one edit', () => {
    expect(editDistance('desgin', 'design', 2)).toBe(1);
    expect(editDistance('recieve', 'receive', 2)).toBe(1);
  });

  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('withdrawl', 'withdrawal', 2)).toBe(1);
    expect(editDistance('revison', 'revision', 2)).toBe(1);
    expect(editDistance('aproove', 'approve', 2)).toBe(2);
    expect(editDistance('same', 'same', 1)).toBe(0);
  });

  it('stops early once the distance exceeds the limit', () => {
    expect(editDistance('weather', 'whether', 1)).toBe(2);
    expect(editDistance('shopify', 'saleyee', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('typo correction', () => {
  it('allows one edit, two for words of 8 letters or more, none under 4 letters', () => {
    expect([maxEdits(3), maxEdits(4), maxEdits(7), maxEdits(8), maxEdits(12)]).toEqual([0, 1, 1, 2, 2]);
    const v = vocab({ design: 3, verification: 2, brand: 1, us: 1 });
    expect(v.correct('desgin')).toBe('design');
    expect(v.correct('verifcaton')).toBe('verification');
    expect(v.correct('brnad')).toBe('brand');
    expect(v.correct('dezgan')).toBeUndefined();
    expect(v.correct('uz')).toBeUndefined();
  });

  it('does not take a known word with a prefix or suffix added for a typo: that would turn unsubmit into submit', () => {
    const v = vocab({ submit: 5, design: 3, approve: 1 });
    expect(v.correct('unsubmit')).toBeUndefined();
    expect(v.correct('resubmit')).toBeUndefined();
    expect(v.correct('designxx')).toBeUndefined();
    // One letter too many is still a typo.
    expect(v.correct('approvee')).toBe('approve');
  });

  it('leaves known words and numbers alone', () => {
    const v = vocab({ design: 1, desig: 1 });
    expect(v.correct('design')).toBeUndefined();
    expect(v.correct('48h')).toBeUndefined();
  });

  it('prefers the closer word, then the more frequent one', () => {
    const v = vocab({ approve: 1, approved: 5, reprove: 9 });
    expect(v.correct('aprove')).toBe('approve');
    const tie = vocab({ stores: 2, stares: 7 });
    expect(tie.correct('stbres')).toBe('stares');
  });

  it('corrects a word of under SHORT letters only for two swapped letters: one letter off, it is most often another real word', () => {
    expect(SHORT).toBe(6);
    const v = vocab({ back: 5, sit: 3, ship: 2, brand: 1, staff: 1, design: 1 });
    expect(v.correct('bank')).toBeUndefined();
    expect(v.correct('side')).toBeUndefined();
    expect(v.correct('skip')).toBeUndefined();
    expect(v.correct('stuff')).toBeUndefined();
    expect(v.correct('brnad')).toBe('brand');
    expect(v.correct('bakc')).toBe('back');
    // From SHORT letters on, any one edit.
    expect(v.correct('desigm')).toBe('design');
  });

  it('keeps the first letter (or the first two swapped): a word starting otherwise is most often another real word', () => {
    const v = vocab({ booked: 3, linking: 2, nothing: 2, brand: 1 });
    expect(v.correct('hooked')).toBeUndefined();
    expect(v.correct('thinking')).toBeUndefined();
    expect(v.correct('clothing')).toBeUndefined();
    expect(v.correct('bookde')).toBe('booked');
    expect(v.correct('rband')).toBe('brand');
    expect(v.correct('ilnking')).toBe('linking');
  });

  it('does not turn an unrelated word into a known one', () => {
    const v = vocab({ whether: 3, settle: 2, seller: 9 });
    expect(v.correct('weather')).toBeUndefined();
    expect(v.correct('lazada')).toBeUndefined();
  });
});
