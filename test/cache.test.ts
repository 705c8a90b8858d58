import { describe, expect, it } from 'vitest';
import { boundedCache } from '../src/cache.js';

describe('bounded cache', () => {
  it('keeps at most its size, dropping the least recently used entry first', () => {
    const c = boundedCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recently used
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
  });

  it('counts a key set again once, as recently used', () => {
    const c = boundedCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    c.set('a', 10);
    c.set('c', 3);
    expect(c.get('a')).toBe(10);
    expect(c.get('b')).toBeUndefined();
    c.clear();
    expect(c.size).toBe(0);
  });

  it('peek reads without making the entry recently used', () => {
    const c = boundedCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.peek('a')).toBe(1);
    c.set('c', 3);
    expect(c.peek('a')).toBeUndefined();
    expect(c.peek('b')).toBe(2);
  });
});
