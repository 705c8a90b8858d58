import { describe, expect, it } from 'vitest';
import { readLocaleFiles } from '../../src/i18n/index.js';
import { LOCALES } from '../../src/i18n/locales.js';

function leaves(o: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (o !== null && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) {
      for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
    }
  } else out.set(prefix, o);
  return out;
}

const vars = (s: unknown) => (typeof s === 'string' ? [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort() : []);

const files = readLocaleFiles();

describe('locale files', () => {
  for (const ns of Object.keys(files.en)) {
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      it(`${locale}/${ns}.json has exactly the keys of en/${ns}.json`, () => {
        const en = leaves(files.en[ns]);
        const other = leaves(files[locale][ns]);
        expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
      });
      it(`${locale}/${ns}.json uses the same interpolation variables as en`, () => {
        const en = leaves(files.en[ns]);
        const other = leaves(files[locale][ns]);
        for (const [k, v] of en) expect({ key: k, vars: vars(other.get(k)) }).toEqual({ key: k, vars: vars(v) });
      });
    }
  }

  it('every locale has the same files', () => {
    for (const locale of LOCALES) expect(Object.keys(files[locale]).sort()).toEqual(Object.keys(files.en).sort());
  });

  it('no string key is defined in two namespaces (they resolve without a prefix)', () => {
    const owner = new Map<string, string>();
    for (const ns of Object.keys(files.en).filter((n) => !n.startsWith('kb-'))) {
      for (const k of leaves(files.en[ns]).keys()) {
        expect(owner.get(k), `${k} is in ${owner.get(k)} and ${ns}`).toBeUndefined();
        owner.set(k, ns);
      }
    }
  });

  it('zh-TW is written for Taiwan, not converted: no simplified-only characters and Taiwan wording', () => {
    // Characters that exist only in simplified Chinese, and mainland words Taiwan readers do not use.
    const simplified = /[们这说设们为时间对发开关帐号资请与见认证页]/;
    const mainland = /(账号|账户|设置|信息|默认|视频|软件|网络|文件|用户)/;
    for (const [ns, data] of Object.entries(files['zh-TW'])) {
      if (ns.startsWith('kb-')) continue; // the knowledge base quotes simplified UI labels on purpose
      for (const [k, v] of leaves(data)) {
        if (typeof v !== 'string') continue;
        expect(simplified.test(v), `${ns}:${k} = ${v}`).toBe(false);
        expect(mainland.test(v), `${ns}:${k} = ${v}`).toBe(false);
      }
    }
  });
});
