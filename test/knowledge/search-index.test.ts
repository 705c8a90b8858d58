import { beforeAll, describe, expect, it } from 'vitest';
import { readLocaleFiles } from '../../src/i18n/index.js';
import { loadKnowledgeBase } from '../../src/knowledge/loader.js';
import { loadNormalizer } from '../../src/knowledge/normalize.js';
import { HowtoIndex } from '../../src/knowledge/search-index.js';

let index: HowtoIndex;
beforeAll(async () => {
  index = new HowtoIndex(loadKnowledgeBase(readLocaleFiles()), await loadNormalizer());
});

const top = (q: string) => index.search(q).hits[0]?.id;

describe('the /howto index', () => {
  it('holds every entry once, with its text in all three locales', () => {
    expect(index.size).toBe(index.ids.length);
    expect(index.ids).toContain('saleyee.authorize-order-loading');
  });

  it('ranks the same entry first for a question in simplified or traditional Chinese', () => {
    expect(top('怎么撤销设计')).toBe('collab.withdraw-design');
    expect(top('怎麼撤銷設計')).toBe('collab.withdraw-design');
    expect(top('联合账户以后还能取消吗')).toBe(top('聯合帳戶以後還能取消嗎'));
  });

  it('answers an English question about a source written only in Chinese', () => {
    expect(top('how do I authorize order loading in SaleYee')).toBe('saleyee.authorize-order-loading');
    expect(top('no need to authorize Feikan again?')).toBe('saleyee.faq-feikan-sync');
  });

  it('corrects typos in English words against the words it knows, and says which', () => {
    const terms = index.analyze('how to withdraw a desgin');
    expect(terms.find((t) => t.typed === 'desgin')).toMatchObject({ kind: 'latin', term: 'design' });
    expect(top('how to withdraw a desgin')).toBe('collab.withdraw-design');
  });

  it('does not correct Chinese, nor words it cannot place', () => {
    expect(index.analyze('weather in Seattle').some((t) => t.typed !== undefined && t.typed !== 'seattle')).toBe(false);
    expect(index.analyze('载单').every((t) => t.typed === undefined)).toBe(true);
  });

  it('weighs a question’s words it has never seen as fully unexplained, so coverage stays low', () => {
    const r = index.search('lazada deposit refund');
    expect(r.hits.every((h) => h.coverage < 0.5)).toBe(true);
  });

  it('groups a question written in other scripts or spacing under one key', () => {
    expect(index.key('怎麼退保證金？')).toBe(index.key('怎么 退 保证金'));
    expect(index.key('How do I get a refund?')).toBe(index.key('how do i get a REFUND'));
  });
});
