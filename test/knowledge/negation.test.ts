import { describe, expect, it } from 'vitest';
import { dropRefused } from '../../src/knowledge/negation.js';

describe('what the asker refuses, when they say what they want instead', () => {
  it('drops "don’t want to X, just Y" and keeps Y, in English', () => {
    expect(dropRefused('i do not want to reject it, just request changes')).toBe('just request changes');
    expect(dropRefused('we do not want to merge accounts, we want a new marketplace')).toBe('we want a new marketplace');
    expect(dropRefused('i do not want to reject it — i want the designer to fix it')).toBe('i want the designer to fix it');
  });

  it('drops 不想X，只是Y / 不是要X，是要Y / 先不X，想Y and what follows 而不是, in Chinese', () => {
    expect(dropRefused('我不想拒绝,只是想让设计师改一下')).toBe('我 只是想让设计师改一下');
    expect(dropRefused('不是要拒绝,是要请设计师修改')).toBe('是要请设计师修改');
    expect(dropRefused('先不批准,想让设计师再调一下')).toBe('想让设计师再调一下');
    expect(dropRefused('直接拒绝这个设计,而不是让设计师修改')).toBe('直接拒绝这个设计');
  });

  it('drops 不是X，只是想Y, but not 不是X，只是 a thing, nor 是不是', () => {
    expect(dropRefused('不是拒绝,只是想让设计师再调一下')).toBe('只是想让设计师再调一下');
    expect(dropRefused('不是拒绝,而是要退回修改')).toBe('而是要退回修改');
    for (const q of ['我不是账户管理员,只是运营,可以合并账号吗', '是不是拒绝了,只是想确认', '不是说授权了就行吗,想问下为什么不同步']) expect(dropRefused(q)).toBe(q);
  });

  it('keeps a refusal that names no alternative: it is often the topic itself', () => {
    for (const q of ['我不想提交这个设计了', 'i do not want to open amazon in my normal browser', '品牌方不想要这个设计,怎么拒掉']) expect(dropRefused(q)).toBe(q);
  });

  it('keeps a negated state: it is the problem asked about', () => {
    for (const q of ['orders still will not load, but saleyee says authorized', 'status not updated after authorizing']) expect(dropRefused(q)).toBe(q);
  });

  it('drops a contrast: ", not X" with an action or a bare name, and "instead of / rather than" an action', () => {
    expect(dropRefused('as the brand owner i want to turn a design down for good, not ask for changes, steps?')).toBe('as the brand owner i want to turn a design down for good steps?');
    expect(dropRefused('how do i appeal a suspension (the seller account, not brand registry)')).toBe('how do i appeal a suspension (the seller account )');
    expect(dropRefused('can i send it back to the designer for tweaks instead of rejecting')).toBe('can i send it back to the designer for tweaks');
    expect(dropRefused('i want to withdraw it rather than deleting it')).toBe('i want to withdraw it');
    // After "rather than", a bare verb with its object is an action too; a thing or a place is not.
    expect(dropRefused('want to bin this design for good rather than send it back')).toBe('want to bin this design for good');
    for (const q of ['do the call at the factory rather than the office', 'show my production line rather than 50 units', 'use stock photos rather than product shots']) expect(dropRefused(q)).toBe(q);
  });

  it('keeps a contrast that is a state, a place or a thing: it describes the situation asked about', () => {
    for (const q of ['i authorized the store, not loading orders', 'it shows authorized, not sure why', 'our stock is at the warehouse, not the office', 'stock is in a 3pl warehouse, not at the office', 'can i show my production line instead of 50 units', 'status (not authorized) after binding']) expect(dropRefused(q)).toBe(q);
  });

  it('drops 不是X，是Y opening a clause, but not after a subject, nor 不是…吗 or 是不是', () => {
    expect(dropRefused('不是拒绝,是退回让他改')).toBe('是退回让他改');
    expect(dropRefused('请问,不是合并账户,是新开一个站点')).toBe('请问, 是新开一个站点');
    for (const q of ['我不是管理员,是运营', '不是说授权了就行吗,是不是还要别的', '不是批准,是不是要先看']) expect(dropRefused(q)).toBe(q);
  });

  it('drops a clause saying what the question is not about, up to its dash or punctuation', () => {
    expect(dropRefused('not about merging — how do i add a new marketplace?')).toBe('how do i add a new marketplace?');
    expect(dropRefused('not asking for a refund, how do i appeal')).toBe('how do i appeal');
    expect(dropRefused('this is not about brand registry; how do i open a handmade shop')).toBe('how do i open a handmade shop');
    expect(dropRefused('hi, not about the appeal - when is the call')).toBe('hi when is the call');
    for (const q of ['why is it not about me', 'orders not loading, what now']) expect(dropRefused(q)).toBe(q);
  });

  it('drops a last clause ，不是X saying what is not wanted, but not 不是吗 asking for agreement', () => {
    expect(dropRefused('设计差一点点,想请设计师再调整,不是直接拒绝')).toBe('设计差一点点,想请设计师再调整');
    expect(dropRefused('我是设计师,不是品牌方')).toBe('我是设计师');
    for (const q of ['已经授权了,不是吗', '授权了,不是吗?', '授权了,是不是还要别的', '视频验证,不是法人本人能不能参加', '视频验证,不是法人本人可以吗?']) expect(dropRefused(q)).toBe(q);
  });

  it('drops an opening "not X —" that says what the question is not, but not an opening state', () => {
    expect(dropRefused('not inventory sync — i only need orders')).toBe('i only need orders');
    expect(dropRefused('not opening a new country, we just want them under one roof')).toBe('we just want them under one roof');
    expect(dropRefused('not rejecting, not approving — just want changes. which button')).toBe('just want changes. which button');
    for (const q of ['not approved yet, what now', 'not loading, help', 'not sure, is this right?', 'not loading orders since last week, we authorized years ago', 'not loading orders since last week, we have authorized years ago', 'not getting the amazon popup, what now', 'not getting the amazon popup, i just see a blank tab']) expect(dropRefused(q)).toBe(q);
  });

  it('drops an opening clause that rules a problem out when "I just (don\'t) want" follows, not a problem then a wish', () => {
    expect(dropRefused('popup is not blocked, i just do not want the amazon page opening in my everyday chrome')).toBe('i just do not want the amazon page opening in my everyday chrome');
    for (const q of ['orders are not loading, just want to know why', 'orders are not loading, i just need them in saleyee', 'the status is not updated, i just authorized it']) expect(dropRefused(q)).toBe(q);
  });
});
