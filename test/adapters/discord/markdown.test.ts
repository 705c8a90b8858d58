import { describe, expect, it } from 'vitest';
import { cutText, escapeText, packUnits } from '../../../src/adapters/discord/markdown.js';

describe('escaping user text for Discord', () => {
  it('shows markdown characters literally', () => {
    expect(escapeText('**bold** _it_ ~~gone~~ ||secret|| [link](http://x)')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~ \\|\\|secret\\|\\| \\[link\\](http://x)',
    );
  });

  it('turns mention syntax into plain text: users, roles, channels, @everyone and @here', () => {
    const out = escapeText('hi @everyone and @here, <@123456789012345678> <@&987654321098765432> <#111111111111111111>');
    expect(out).not.toMatch(/(^|[^\\])<[@#]/);
    expect(out).not.toMatch(/@(everyone|here)/);
    expect(out).toContain('@\u200beveryone');
    expect(out).toContain('\\<@&987654321098765432\\>');
  });

  it('keeps the backtick spans of locale strings as code, and escapes what is around them', () => {
    expect(escapeText('There is no command `/@everyone`. Try *this*')).toBe('There is no command `/@everyone`. Try \\*this\\*');
  });

  it('cannot break out of a code span with an injected backtick', () => {
    const out = escapeText('`a` @everyone `b`');
    expect(out).toBe('`a` @\u200beveryone `b`');
  });

  it('escapes line starts that would become a heading, a quote or a list', () => {
    expect(escapeText('# big\n> quote\n- item\n1. first\n-# small')).toBe('\\# big\n\\> quote\n\\- item\n1\\. first\n\\-# small');
  });

  it('leaves links clickable', () => {
    expect(escapeText('see https://sellercentral.amazon.com/help/hub_x?a=1_b')).toBe('see https://sellercentral.amazon.com/help/hub_x?a=1_b');
  });
});

describe('splitting long text', () => {
  it('never cuts a surrogate pair or an emoji sequence', () => {
    const text = '👍🏽'.repeat(50) + '🇹🇼'.repeat(50);
    for (const max of [7, 10, 33]) {
      const parts = cutText(text, max);
      expect(parts.join('')).toBe(text);
      for (const p of parts) {
        expect(p.length).toBeLessThanOrEqual(max);
        expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
      }
      // Each flag stays whole: a regional-indicator pair is never split.
      expect(parts.flatMap((p) => [...p.matchAll(/\p{RI}/gu)].length % 2)).not.toContain(1);
    }
  });

  it('prefers a line break, then a space', () => {
    expect(cutText('aaaa bbbb\ncccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd']);
  });

  it('never ends a piece on an escaping backslash', () => {
    const parts = cutText('x'.repeat(9) + '\\<@&1>', 10);
    expect(parts[0]!.endsWith('\\')).toBe(false);
    expect(parts.join('')).toBe('x'.repeat(9) + '\\<@&1>');
  });

  it('packs units whole into chunks', () => {
    const units = ['1. one', '2. two', '3. three', '4. four'].map((text, i) => ({ text, sep: i ? '\n' : '' }));
    const chunks = packUnits(units, 16);
    expect(chunks).toEqual(['1. one\n2. two', '3. three\n4. four']);
  });
});
