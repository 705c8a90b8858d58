import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../src/i18n/locales.js';
import { Knowledge } from '../../src/knowledge/resources.js';
import type { Entry } from '../../src/knowledge/schema.js';

/** Every id the knowledge-base specification lists (copied: the project does not read ../shared). */
const SPEC_IDS = [
  'collab.overview',
  'collab.approve-design',
  'collab.reject-design',
  'collab.request-revision',
  'collab.submit-design',
  'collab.withdraw-design',
  'collab.submit-revision',
  'handmade.overview',
  'handmade.apply',
  'handmade.complete-registration',
  'handmade.sell-other-countries',
  'handmade.maker-profile',
  'handmade.list-products',
  'handmade.press-release',
  'account.unify-existing',
  'account.unify-policy',
  'account.register-new-region',
  'saleyee.authorization-rules',
  'saleyee.add-amazon-account',
  'saleyee.authorize-order-loading',
  'saleyee.authorize-listing-sync',
  'saleyee.already-authorized',
  'saleyee.faq-status-not-updated',
  'saleyee.faq-cannot-load-orders',
  'saleyee.faq-popup-blocked',
  'saleyee.faq-specific-browser',
  'saleyee.faq-feikan-sync',
  'saleyee.faq-authorization-failed',
  'brand-registry.find-appeal-link',
  'brand-registry.submit-appeal',
  'brand-registry.video-verification-booking',
  'brand-registry.video-verification-prepare',
  'brand-registry.video-verification-representative',
  'brand-registry.faq-products-not-listed',
  'brand-registry.faq-heavy-products',
  'brand-registry.faq-stock-elsewhere',
  'brand-registry.faq-fewer-than-50-units',
  'brand-registry.video-verification-reschedule',
] as const;

/** The kind (and role) each id has in the specification. */
const SPEC_KINDS: Record<string, string> = {
  'collab.overview': 'overview',
  'collab.approve-design': 'procedure:brand-owner',
  'collab.reject-design': 'procedure:brand-owner',
  'collab.request-revision': 'procedure:brand-owner',
  'collab.submit-design': 'procedure:designer',
  'collab.withdraw-design': 'procedure:designer',
  'collab.submit-revision': 'procedure:designer',
  'handmade.overview': 'overview',
  'handmade.sell-other-countries': 'faq',
  'handmade.maker-profile': 'faq',
  'account.unify-policy': 'policy',
  'saleyee.authorization-rules': 'policy',
  'brand-registry.video-verification-prepare': 'checklist',
  'brand-registry.video-verification-representative': 'policy',
};

const TEMPLATES = ['brand-appeal', 'handmade-press', 'handmade-listing', 'store-authorization', 'collab-design', 'task'];

/**
 * The numbers of the sources and the entries that carry them, with how each locale writes them
 * (digits, so a changed number is caught).
 */
const NUMBERS: { fact: string; ids: string[]; pattern: Record<Locale, RegExp> }[] = [
  {
    fact: '9 working days to resolve an appeal',
    ids: ['brand-registry.submit-appeal'],
    pattern: { en: /9\s*working days/i, 'zh-CN': /9\s*个工作日/, 'zh-TW': /9\s*個工作(天|日)/ },
  },
  {
    fact: '7 working days to book video verification',
    ids: ['brand-registry.video-verification-booking'],
    pattern: { en: /7\s*working days/i, 'zh-CN': /7\s*个工作日/, 'zh-TW': /7\s*個工作(天|日)/ },
  },
  {
    fact: 'at least 50 sellable units',
    ids: [
      'brand-registry.video-verification-prepare',
      'brand-registry.faq-products-not-listed',
      'brand-registry.faq-heavy-products',
      'brand-registry.faq-fewer-than-50-units',
    ],
    pattern: { en: /\b50\b(\s+[\w-]+){0,2}\s+units?/i, 'zh-CN': /50\s*(件|个)/, 'zh-TW': /50\s*(件|個)/ },
  },
  {
    fact: 'reschedule at least 48 hours ahead',
    ids: ['brand-registry.video-verification-reschedule'],
    pattern: { en: /48\s*hours/i, 'zh-CN': /48\s*小时/, 'zh-TW': /48\s*小時/ },
  },
  {
    fact: 'listings take up to 24 hours to show',
    ids: ['handmade.list-products'],
    pattern: { en: /24\s*hours/i, 'zh-CN': /24\s*小时/, 'zh-TW': /24\s*小時/ },
  },
  {
    fact: 'press releases go to the PR team 2 weeks ahead',
    ids: ['handmade.press-release'],
    pattern: { en: /2\s*weeks/i, 'zh-CN': /(2\s*|两)周/, 'zh-TW': /(2\s*|兩)週/ },
  },
  {
    fact: 'video verification takes about 30 minutes',
    ids: ['brand-registry.video-verification-prepare'],
    pattern: { en: /30\s*minutes/i, 'zh-CN': /30\s*分钟/, 'zh-TW': /30\s*分鐘/ },
  },
  {
    fact: 'an authorization is valid for 1 year',
    ids: ['saleyee.authorize-order-loading'],
    pattern: { en: /\b1\s*year/i, 'zh-CN': /1\s*年/, 'zh-TW': /1\s*年/ },
  },
];

/** All the text of an entry that a reader sees. */
function entryText(e: Entry): string {
  const withLabels = (list: Entry['steps']) =>
    list.map((s) => s.text.replace(/\{(\d+)\}/g, (_, i: string) => s.labels[Number(i)]?.tr ?? '')).join('\n');
  return [e.title, e.summary, e.answer ?? '', withLabels(e.steps), withLabels(e.items), withLabels(e.rules), ...e.warnings].join('\n');
}

const kb = new Knowledge().base();

describe('the knowledge base content', () => {
  it.each(SPEC_IDS)('has %s in every locale', (id) => {
    for (const locale of LOCALES) expect(kb.entry(id, locale), `${id} in ${locale}`).toBeDefined();
  });

  it('gives each entry the kind (and role) of the specification', () => {
    for (const [id, kind] of Object.entries(SPEC_KINDS)) {
      const e = kb.entry(id, 'en');
      expect(e && (e.role ? `${e.kind}:${e.role}` : e.kind), id).toBe(kind);
    }
  });

  it('has as many steps, items, rules and warnings in each locale as in English, with the same UI labels', () => {
    for (const id of kb.ids) {
      const en = kb.entry(id, 'en')!;
      for (const locale of LOCALES) {
        const e = kb.entry(id, locale)!;
        for (const field of ['steps', 'items', 'rules', 'warnings'] as const) {
          expect(e[field].length, `${id} ${field} in ${locale}`).toBe(en[field].length);
        }
        for (const field of ['steps', 'items', 'rules'] as const) {
          e[field].forEach((s, i) => expect(s.labels.map((l) => `${l.lang}:${l.ui}`), `${id} ${field}.${i} in ${locale}`).toEqual(en[field][i]!.labels.map((l) => `${l.lang}:${l.ui}`)));
        }
        expect(Boolean(e.answer), `${id} answer in ${locale}`).toBe(Boolean(en.answer));
      }
    }
  });

  it('links only to entries that exist, never to itself', () => {
    for (const id of kb.ids) {
      for (const locale of LOCALES) {
        for (const r of kb.entry(id, locale)!.related) {
          expect(kb.has(r), `${id} → ${r}`).toBe(true);
          expect(r).not.toBe(id);
        }
      }
    }
  });

  it('names only workflow templates that exist', () => {
    for (const id of kb.ids) {
      const template = kb.entry(id, 'en')!.template;
      if (template !== null) expect(TEMPLATES, id).toContain(template);
    }
  });

  it('has at least five ways to ask for every entry in every language', () => {
    for (const id of kb.ids) for (const locale of LOCALES) expect(kb.entry(id, locale)!.questions.length, `${id} ${locale}`).toBeGreaterThanOrEqual(5);
  });

  describe.each(NUMBERS)('carries the number of the source: $fact', ({ ids, pattern }) => {
    it.each(ids)('in %s, in every locale', (id) => {
      for (const locale of LOCALES) {
        const e = kb.entry(id, locale);
        expect(e, `${id} in ${locale}`).toBeDefined();
        expect(entryText(e!), `${id} in ${locale}`).toMatch(pattern[locale]);
      }
    });
  });

  it('quotes the reschedule address of the source', () => {
    for (const locale of LOCALES) expect(entryText(kb.entry('brand-registry.video-verification-reschedule', locale)!)).toContain('br-verification@amazon.com');
  });
});
