import { readdirSync, readFileSync } from 'node:fs';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { graphemes, isPlainText, plainWidth } from '../../../src/adapters/shell/width.js';
import { projectPath } from '../../../src/paths.js';

// The shell counts the width of plain text itself (src/adapters/shell/width.ts); it must agree
// with string-width, which it stands in for.
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const segments = (s: string) => Array.from(segmenter.segment(s), (x) => x.segment);

const plainChars: string[] = [];
for (let cp = 0; cp <= 0xffff; cp++) if (isPlainText(String.fromCharCode(cp))) plainChars.push(String.fromCharCode(cp));

/** Every string of the locale files (the text replies are made of). */
function localeStrings(): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  for (const lng of ['en', 'zh-CN', 'zh-TW']) {
    const dir = projectPath('locales', lng);
    for (const f of readdirSync(dir)) if (f.endsWith('.json')) walk(JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')));
  }
  return out;
}

describe('plain text width', () => {
  it('covers Latin, punctuation, box drawing, CJK, kana, Bopomofo, Hangul and full-width forms', () => {
    expect(plainChars.length).toBeGreaterThan(40_000);
    for (const s of ['Track a deadline', '登录卖家平台（Seller Central）', '「設計稿」被退回了嗎？', 'ㄅㄆㄇ', '한국어', '— → … ⚠ ⏰ ─', 'a\tb\nc']) expect(isPlainText(s), s).toBe(true);
    for (const s of ['👍', '✔️', 'e\u0301', 'a\r\nb', '\u200d', '\x1b[1mbold\x1b[22m', 'ｶﾞ']) expect(isPlainText(s), s).toBe(false);
  });

  it('gives every plain character the width string-width gives it', () => {
    const wrong = plainChars.filter((c) => plainWidth(c) !== stringWidth(c));
    expect(wrong.map((c) => `U+${c.charCodeAt(0).toString(16)}`)).toEqual([]);
  });

  it('keeps every plain character a grapheme of its own, whatever is beside it', () => {
    // Each character after a Latin letter, after itself and before a Hangul syllable: a combining
    // mark, a prefix, a joiner or a jamo would merge two of them into one grapheme.
    // (One short string each: Intl.Segmenter is slow on one long string.)
    const merged = plainChars.filter((c) => segments(`a${c}${c}가`).length !== 4);
    expect(merged.map((c) => `U+${c.charCodeAt(0).toString(16)}`)).toEqual([]);
    expect([...graphemes(`a${plainChars.join('')}가`)]).toEqual(['a', ...plainChars, '가']);
  });

  it('agrees with string-width and Intl.Segmenter on every string of the locale files', () => {
    let plain = 0;
    const strings = localeStrings();
    for (const s of strings) {
      expect([...graphemes(s)], s).toEqual(segments(s));
      const w = plainWidth(s);
      if (w === undefined) continue;
      plain++;
      expect(w, s).toBe(stringWidth(s));
    }
    // Nearly all of them are plain (the few others hold an emoji): counted without string-width.
    expect(plain / strings.length).toBeGreaterThan(0.95);
  });
});
