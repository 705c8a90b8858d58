import { describe, expect, it } from 'vitest';
import { stripChatter } from '../../src/knowledge/chatter.js';
import { dropRefused } from '../../src/knowledge/negation.js';

describe('the question clause (stripChatter)', () => {
  it('keeps a hyphenated word whole: a hyphen inside a word does not end a clause', () => {
    // "to-" alone was a clause of stop words, dropped as chatter: "made- order jewelry".
    expect(stripChatter('made-to-order jewelry, only 5 pieces in stock')).toBe('made-to-order jewelry, only 5 pieces in stock');
    expect(stripChatter('can i re-list it in handmade')).toBe('can i re-list it in handmade');
  });

  it('still splits at a spaced hyphen and drops the greeting before it', () => {
    expect(stripChatter('morning all - how do i approve a design')).toBe('how do i approve a design');
  });

  it('keeps a spaced hyphen with its clause, so a contrast before it ends there ("…, not ask for changes - steps?")', () => {
    const kept = stripChatter('as the brand owner i want to turn a design down for good, not ask for changes - steps?');
    expect(kept).toBe('as the brand owner i want to turn a design down for good, not ask for changes - steps?');
    expect(dropRefused(kept)).toContain('steps');
  });

  it('drops greetings about the weekend and apologies for asking again', () => {
    expect(stripChatter('hey team! hope everyone had a good weekend. our pr agency wants a press release')).toBe('our pr agency wants a press release');
    expect(stripChatter('morning! sorry if this was asked before - how do i appeal')).toBe('how do i appeal');
  });

  it('keeps a clause that is only a question word: "where??" asks', () => {
    expect(stripChatter('br application bounced. appeal link - where?? can not see it anywhere')).toContain('where');
    expect(stripChatter('the popup never opened, why?')).toContain('why');
    // A greeting is still chatter.
    expect(stripChatter('hi all, how do i withdraw a design')).toBe('how do i withdraw a design');
  });
});
