import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/core/tokenize.js';
import { UserError } from '../../src/core/errors.js';

const words = (s: string) => tokenize(s).map((t) => t.text);

function errorKey(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e.key;
    throw e;
  }
  return undefined;
}

describe('tokenize', () => {
  it('splits on any whitespace, including the ideographic space', () => {
    expect(words('new  brand-appeal\tAcme　Co')).toEqual(['new', 'brand-appeal', 'Acme', 'Co']);
  });

  it('groups straight, curly and CJK quotes', () => {
    expect(words('"Acme Co" “品牌 申诉” 「台灣 店」 『x y』')).toEqual(['Acme Co', '品牌 申诉', '台灣 店', 'x y']);
  });

  it('keeps an apostrophe inside a word', () => {
    expect(words("what's the weather")).toEqual(["what's", 'the', 'weather']);
  });

  it('reads key:value and full-width key：value', () => {
    const t = tokenize('due:2026-11-20 brand：Acme title:"Acme Co"');
    expect(t.map((x) => [x.key, x.value])).toEqual([
      ['due', '2026-11-20'],
      ['brand', 'Acme'],
      ['title', 'Acme Co'],
    ]);
  });

  it('does not read times or links as options', () => {
    const t = tokenize('10:00 https://example.com');
    expect(t.map((x) => x.key)).toEqual([undefined, undefined]);
    expect(t.map((x) => x.text)).toEqual(['10:00', 'https://example.com']);
  });

  it('refuses an unmatched quote', () => {
    expect(errorKey(() => tokenize('note "never closed'))).toBe('errors.unmatchedQuote');
    expect(errorKey(() => tokenize('note “never closed'))).toBe('errors.unmatchedQuote');
  });

  it('refuses control characters and bidi overrides, and over-long input', () => {
    expect(errorKey(() => tokenize('a\u0007b'))).toBe('errors.controlChar');
    expect(errorKey(() => tokenize('a\u202Eb'))).toBe('errors.controlChar');
    expect(errorKey(() => tokenize('x'.repeat(10_000)))).toBe('errors.tooLong');
  });

  it('quoted words are never options', () => {
    const [t] = tokenize('"due:3"');
    expect(t).toMatchObject({ text: 'due:3', quoted: true, raw: '"due:3"' });
    expect(t?.key).toBeUndefined();
  });
});
