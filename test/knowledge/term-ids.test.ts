import { describe, expect, it } from 'vitest';
import { TermIds } from '../../src/knowledge/term-table.js';

describe('TermIds', () => {
  it('numbers the terms in order and finds each one, and nothing else', () => {
    const terms = ['approv', 'design', '?how', '设计', '批准', '𠀀字', 'a', 'ab', 'abc', ...Array.from({ length: 3000 }, (_, i) => `t${i}`)];
    const ids = new TermIds(terms);
    expect(ids.size).toBe(terms.length);
    terms.forEach((term, t) => {
      expect(ids.get(term)).toBe(t);
      expect(ids.term(t)).toBe(term);
    });
    for (const other of ['', 'approve', 'appro', 'desig', '设', '𠀀', 'b', 'abcd', 't3000', 't-1']) expect(ids.get(other)).toBeUndefined();
  });

  it('finds nothing in an empty table', () => {
    const ids = new TermIds([]);
    expect(ids.size).toBe(0);
    expect(ids.get('')).toBeUndefined();
    expect(ids.get('design')).toBeUndefined();
  });
});
