import { describe, expect, it } from 'vitest';
import { dropRefused } from '../../src/knowledge/negation.js';

describe('what the asker refuses, when they say what they want instead', () => {
  it('drops "don’t want to X, just Y" and keeps Y, in English', () => {
    expect(dropRefused('i do not want to reject it, just request changes')).toBe('just request changes');
    expect(dropRefused('we do not want to merge accounts, we want a new marketplace')).toBe('we want a new marketplace');
  });

  it('drops 不想X，只是Y / 不是要X，是要Y / 先不X，想Y and what follows 而不是, in Chinese', () => {
    expect(dropRefused('我不想拒绝,只是想让设计师改一下')).toBe('我 只是想让设计师改一下');
    expect(dropRefused('不是要拒绝,是要请设计师修改')).toBe('是要请设计师修改');
    expect(dropRefused('先不批准,想让设计师再调一下')).toBe('想让设计师再调一下');
    expect(dropRefused('直接拒绝这个设计,而不是让设计师修改')).toBe('直接拒绝这个设计');
  });

  it('keeps a refusal that names no alternative: it is often the topic itself', () => {
    for (const q of ['我不想提交这个设计了', 'i do not want to open amazon in my normal browser', '品牌方不想要这个设计,怎么拒掉']) expect(dropRefused(q)).toBe(q);
  });

  it('keeps a negated state: it is the problem asked about', () => {
    for (const q of ['orders still will not load, but saleyee says authorized', 'status not updated after authorizing']) expect(dropRefused(q)).toBe(q);
  });
});
