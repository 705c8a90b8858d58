import { describe, expect, it } from 'vitest';
import { isNoneWord, onOff, onOffWord } from '../../src/core/on-off.js';
import { Refusal, optional } from '../../src/core/option-checks.js';

describe('the on/off vocabulary', () => {
  it('reads on and off in English and both Chinese scripts, case and spaces aside', () => {
    for (const w of ['on', ' ON ', 'true', 'yes', '1', '开', '開', '开启', '開啟']) expect(onOffWord(w)).toBe(true);
    for (const w of ['off', 'False', 'no', '0', '关', '關', '关闭', '關閉']) expect(onOffWord(w)).toBe(false);
    expect(onOffWord('maybe')).toBeUndefined();
  });

  it('reads none, and off as none', () => {
    for (const w of ['none', 'NONE', 'off', '无', '無']) expect(isNoneWord(w)).toBe(true);
    expect(isNoneWord('no')).toBe(false);
  });

  it('as an option: a boolean as is, a word read, anything else the badOnOff error', () => {
    expect(onOff.parse(false)).toBe(false);
    expect(onOff.parse('開')).toBe(true);
    const bad = onOff.parse('sometimes');
    expect(bad).toBeInstanceOf(Refusal);
    expect((bad as Refusal).message).toBe('errors.badOnOff');
    expect(onOff.parse(3)).toEqual(new Refusal());
    expect(onOff.parse(undefined)).toBeInstanceOf(Refusal);
    expect(optional(onOff).parse(undefined)).toBeUndefined();
  });
});
