import { beforeAll, describe, expect, it } from 'vitest';
import { hanTerms, isEnglishStopWord, loadNormalizer, questionCues, stem, type Normalizer } from '../../src/knowledge/normalize.js';

let n: Normalizer;
beforeAll(async () => {
  n = await loadNormalizer();
});

const texts = (s: string) => n.segments(s).map((x) => `${x.kind}:${x.text}`);

describe('normalization', () => {
  it('turns traditional Chinese into simplified and folds 帐 into 账', () => {
    expect(n.normalize('帳號')).toBe('账号');
    expect(n.normalize('帳戶')).toBe('账户');
    expect(n.normalize('下週')).toBe('下周');
    expect(n.normalize('怎麼撤銷設計')).toBe('怎么撤销设计');
    expect(n.normalize('裡面 為什麼')).toBe('里面 为什么');
  });

  it('leaves simplified Chinese as it is (怎么 does not become 怎幺)', () => {
    expect(n.normalize('怎么撤销设计')).toBe('怎么撤销设计');
    expect(n.normalize('账号 下周 视频验证')).toBe('账号 下周 视频验证');
  });

  it('applies NFKC and lower case: full-width letters and digits become plain', () => {
    expect(n.normalize('ＳａｌｅＹｅｅ ５０件')).toBe('saleyee 50件');
    expect(n.normalize('Brand Registry')).toBe('brand registry');
  });

  it('splits Latin and digit runs apart from Han characters', () => {
    expect(texts('Handmade邀请邮件')).toEqual(['latin:handmade', 'han:邀请邮件']);
    expect(texts('产品太重带不了50件')).toEqual(['han:产品太重带不', 'latin:50', 'han:件']);
    expect(texts('iphone15')).toEqual(['latin:iphone', 'latin:15']);
  });

  it('drops Chinese stop words and splits Han runs at them, so bigrams do not bridge them', () => {
    expect(texts('设计被拒了怎么办')).toEqual(['han:设计', 'han:拒']);
    expect(texts('品牌方如何拒绝设计者提交的设计')).toEqual(['han:品牌方', 'han:拒绝设计者提交', 'han:设计']);
    // Domain words that contain a stop character elsewhere stay whole.
    expect(texts('品牌所有者')).toEqual(['han:品牌所有者']);
  });

  it('turns English contractions into words', () => {
    expect(texts("I can't load orders")).toEqual(['latin:i', 'latin:can', 'latin:not', 'latin:load', 'latin:orders']);
    expect(texts("what's the weather")).toEqual(['latin:what', 'latin:the', 'latin:weather']);
  });

  it('knows English stop words, and keeps words that carry meaning here (not, us, new)', () => {
    for (const w of ['the', 'how', 'do', 'i', 'my', 'please']) expect(isEnglishStopWord(w)).toBe(true);
    for (const w of ['not', 'us', 'new', 'still', 'again', 'design']) expect(isEnglishStopWord(w)).toBe(false);
  });
});

describe('Han terms', () => {
  it('are single characters plus character bigrams', () => {
    expect(hanTerms('载单授权')).toEqual({ unigrams: ['载', '单', '授', '权'], bigrams: ['载单', '单授', '授权'] });
    expect(hanTerms('拒')).toEqual({ unigrams: ['拒'], bigrams: [] });
  });

  it('keep characters outside the basic plane whole', () => {
    expect(hanTerms('𠀀设')).toEqual({ unigrams: ['𠀀', '设'], bigrams: ['𠀀设'] });
  });
});

describe('light stemming', () => {
  it('brings the forms of a word together', () => {
    const forms = (ws: string[]) => new Set(ws.map(stem));
    expect(forms(['authorize', 'authorized', 'authorizing', 'authorization', 'authorizations']).size).toBe(1);
    expect(forms(['verify', 'verified', 'verification']).size).toBe(1);
    expect(forms(['submit', 'submitted', 'submitting', 'submits']).size).toBe(1);
    expect(forms(['account', 'accounts']).size).toBe(1);
  });

  it('leaves short words and numbers alone', () => {
    expect(stem('us')).toBe('us');
    expect(stem('50')).toBe('50');
    expect(stem('48')).toBe('48');
  });
});

describe('question cues', () => {
  it('read what kind of answer a question wants before its question words are dropped', () => {
    expect(questionCues(n.normalize('What is Amazon Handmade?'))).toEqual(['?what']);
    expect(questionCues(n.normalize('卖家合作推广是什么'))).toEqual(['?what']);
    expect(questionCues(n.normalize('怎麼撤銷設計'))).toEqual(['?how']);
    expect(questionCues(n.normalize('联合账户以后还能取消吗'))).toEqual(['?can']);
    expect(questionCues(n.normalize('how long does an appeal take'))).toEqual(['?when']);
  });
});
