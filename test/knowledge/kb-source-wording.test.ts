import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../src/i18n/locales.js';
import { readLocaleFiles } from '../../src/i18n/index.js';
import { Knowledge } from '../../src/knowledge/resources.js';
import type { Entry } from '../../src/knowledge/schema.js';

/*
 * Facts whose wording was wrong or misleading once, pinned as the sources state them (issue 11).
 * The sources are not read here (the project does not read ../shared); their facts are copied.
 */

const kb = new Knowledge().base();
const entry = (id: string, locale: Locale): Entry => kb.entry(id, locale)!;
const allText = (e: Entry): string =>
  [e.title, e.short, e.summary, e.answer ?? '', ...[...e.steps, ...e.items, ...e.rules].map((s) => s.text), ...e.warnings].join('\n');

describe('the 50-unit rule of the video verification (source 004)', () => {
  // 004: bring every type of product you sell, with at least 50 smallest sellable units, and a
  // list of the products; everything after it treats the 50 as one batch ("the 50 units you bring").
  const oneBatch: Record<Locale, RegExp> = {
    en: /every type of product you sell, with at least 50 (smallest sellable )?units in total/i,
    'zh-CN': /每一?类产品都(要|必须)带上，合计至少 50 个最小可售单位/,
    'zh-TW': /每一?類產品都(要|必須)帶到現場，合計至少 50 個最小可售單位/,
  };
  const perType: Record<Locale, RegExp> = {
    en: /50 (\w+ )*(units )?(of|per|for) (each|every)|each (type|product)[^.;]*at least 50|at least 50[^.;]*(of|per|for) (each|every)/i,
    'zh-CN': /每(类|款|种|一类|一种)(产品)?(都)?(至少|备齐|各)[^；。]*50|50 件[^；。]*每(类|款|种)/,
    'zh-TW': /每(類|款|種|一類|一種)(產品)?(都)?(至少|準備|各)[^；。]*50|50 件[^；。]*每(類|款|種)/,
  };
  const prepare = 'brand-registry.video-verification-prepare';

  for (const locale of LOCALES) {
    it(`says it as one batch of 50 across every product type, with a product list, in ${locale}`, () => {
      const e = entry(prepare, locale);
      const item = e.items.find((i) => i.text.includes('50'));
      expect(item, `${prepare} in ${locale} has the 50-unit item`).toBeDefined();
      expect(item!.text).toMatch(oneBatch[locale]);
      expect(item!.text).toMatch(locale === 'en' ? /list of the products/ : locale === 'zh-CN' ? /产品的清单/ : /產品的清單/);
      const warning = e.warnings.find((w) => w.includes('50'));
      expect(warning, `${prepare} in ${locale} warns about the 50 units`).toBeDefined();
      expect(warning!).toMatch(oneBatch[locale]);
    });

    it(`never says 50 of each product type, anywhere in the Brand Registry entries, in ${locale}`, () => {
      for (const id of kb.ids.filter((i) => i.startsWith('brand-registry.'))) {
        expect(allText(entry(id, locale)), `${id} in ${locale}`).not.toMatch(perType[locale]);
      }
    });
  }

  it('the FAQs about the 50 units speak of the units you bring, not of a number per type', () => {
    const faqs = ['brand-registry.faq-products-not-listed', 'brand-registry.faq-heavy-products', 'brand-registry.faq-fewer-than-50-units'];
    for (const locale of LOCALES) {
      for (const id of faqs) {
        const text = allText(entry(id, locale));
        expect(text, `${id} in ${locale}`).toMatch(/50/);
        expect(text, `${id} in ${locale}`).not.toMatch(perType[locale]);
      }
      expect(entry('brand-registry.faq-products-not-listed', locale).summary).toMatch(
        locale === 'en' ? /the 50 units you bring/ : locale === 'zh-CN' ? /带的 50 件产品/ : /帶的 50 件產品/,
      );
    }
  });
});

describe('Handmade registration says only what source 001 says', () => {
  it('names no help page for confirming that registration is complete', () => {
    for (const locale of LOCALES) {
      const text = allText(entry('handmade.complete-registration', locale));
      expect(text, locale).not.toMatch(/help page|帮助页面|說明頁面|注册帮助|註冊說明頁/i);
      expect(text, locale).toMatch(locale === 'en' ? /Handmade Support/ : locale === 'zh-CN' ? /支持团队/ : /支援團隊/);
    }
  });
});

describe('wording across every knowledge-base file', () => {
  const files = readLocaleFiles();
  const kbText = (locale: Locale): string =>
    Object.entries(files[locale])
      .filter(([ns]) => ns.startsWith('kb-'))
      .map(([, data]) => JSON.stringify(data))
      .join('\n');

  it('writes a period once, not twice in two forms (两周（2 周）, 2 週（兩週）)', () => {
    for (const locale of ['zh-CN', 'zh-TW'] as const) {
      const text = kbText(locale);
      expect(text, locale).not.toMatch(/(两|兩)(周|週)\s*（\s*2\s*(周|週)\s*）/);
      expect(text, locale).not.toMatch(/2\s*(周|週)\s*（\s*(两|兩)(周|週)\s*）/);
      expect(text, locale).not.toMatch(/([一二三四五六七八九十两兩])(天|周|週|个工作日|個工作天)\s*（\s*\d+\s*\2\s*）/);
    }
  });

  it('zh-CN says Amazon staff pick (选择/挑选) a sample, not click-select it (点选)', () => {
    const text = kbText('zh-CN');
    expect(text).not.toMatch(/工作人员[^。]*点选/);
    expect(entry('brand-registry.video-verification-prepare', 'zh-CN').items.map((i) => i.text).join()).toMatch(/工作人员会随机(选择|挑选)/);
  });

  it('zh-TW writes the SaleYee statuses in Traditional characters, as its steps do', () => {
    const title = entry('saleyee.faq-status-not-updated', 'zh-TW').title;
    expect(title).toContain('「授權中」');
    expect(title).toContain('「未授權」');
    const prose = kb.ids.map((id) => entry(id, 'zh-TW')).flatMap((e) => [e.title, e.short, e.summary, e.answer ?? '']);
    for (const s of prose) expect(s).not.toMatch(/【[^】]*(授权中|未授权|已授权)[^】]*】/);
  });
});
