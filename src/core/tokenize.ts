import { UserError } from './errors.js';
import { isLocalizedOptionWord, normalKey } from './option-keys.js';

export interface Token {
  /** The word as typed, quotes removed. */
  text: string;
  /** The whole word was quoted (never read as key:value or a subcommand). */
  quoted: boolean;
  /** The word exactly as typed, quotes included. */
  raw?: string;
  /** Set for `key:value` / `key：value` words (the key normalized: lower case, full-width letters folded). */
  key?: string;
  value?: string;
}

/** Opening quote → closing quote. Straight quotes, curly quotes and CJK corner brackets. */
const QUOTES: Record<string, string> = {
  '"': '"',
  "'": "'",
  '“': '”',
  '‘': '’',
  '「': '」',
  '『': '』',
  '«': '»',
  '＂': '＂',
};

/** A key is a word of letters (any script: `提交日期：`), digits, `_` and `-`, starting with a letter. */
const KEY = /^(\p{L}[\p{L}\p{N}_-]*)[:：]/u;
const ASCII_WORD = /^[a-z][a-z0-9_-]*$/;
const SPACE = /\s/;

export const MAX_INPUT_LENGTH = 2000;
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** Refuses input no person types: too long, or with control or text-direction characters. */
export function checkInput(text: string): void {
  if (text.length > MAX_INPUT_LENGTH) {
    throw new UserError('errors.tooLong', { max: MAX_INPUT_LENGTH, length: text.length });
  }
  const bad = FORBIDDEN.exec(text);
  if (bad) {
    const code = bad[0].codePointAt(0) ?? 0;
    throw new UserError('errors.controlChar', { code: `U+${code.toString(16).toUpperCase().padStart(4, '0')}` });
  }
}

/**
 * Splits free text into words: whitespace separates, quotes group (a quote opens only at the start
 * of a word or right after `key:`), `key:value` and `key：value` name an option.
 */
export function tokenize(input: string): Token[] {
  checkInput(input);
  const tokens: Token[] = [];
  const s = input.trim();
  let i = 0;
  while (i < s.length) {
    while (i < s.length && SPACE.test(s[i]!)) i++;
    if (i >= s.length) break;
    const start = i;
    let key: string | undefined;
    let keyMatch = KEY.exec(s.slice(i));
    // A word in another script that names no option anywhere (option-keys.ts) does not open a
    // quoted value: `注意：“明天 交` and `回复邮件：“关于发票”` in a title stay as typed, quotes and all.
    if (keyMatch && QUOTES[s[i + keyMatch[0].length] ?? ''] !== undefined) {
      const word = normalKey(keyMatch[1]!);
      if (!ASCII_WORD.test(word) && !isLocalizedOptionWord(word)) keyMatch = null;
    }
    if (keyMatch) {
      key = normalKey(keyMatch[1]!);
      i += keyMatch[0].length;
    }
    const open = s[i];
    const close = open === undefined ? undefined : QUOTES[open];
    const end = close === undefined ? -1 : findClose(s, i + 1, close);
    // A lone ' is an apostrophe ('tis, '90s), not a quote: the word is read as typed.
    if (open !== undefined && close !== undefined && (end >= 0 || open !== "'")) {
      if (end < 0) throw new UserError('errors.unmatchedQuote', { quote: open, close });
      const text = s.slice(i + 1, end);
      i = end + 1;
      // A quoted word must end at whitespace: `"a"b` is refused rather than guessed.
      if (i < s.length && !SPACE.test(s[i]!)) {
        throw new UserError('errors.quoteNotSeparated', { quote: open, close, after: s.slice(i).split(SPACE)[0] });
      }
      const raw = s.slice(start, i);
      tokens.push(key !== undefined ? { text: `${keyMatch![0]}${text}`, quoted: false, raw, key, value: text } : { text, quoted: true, raw });
      continue;
    }
    let j = i;
    while (j < s.length && !SPACE.test(s[j]!)) j++;
    const word = s.slice(i, j);
    i = j;
    if (key !== undefined) {
      // "10:00" never gets here (keys start with a letter); "https://x" stays a plain word.
      if (word.startsWith('//')) tokens.push({ text: `${keyMatch![0]}${word}`, quoted: false });
      else tokens.push({ text: `${keyMatch![0]}${word}`, quoted: false, key, value: word });
    } else {
      tokens.push({ text: word, quoted: false });
    }
  }
  return tokens;
}

function findClose(s: string, from: number, close: string): number {
  for (let k = from; k < s.length; k++) {
    if (s[k] === close && (k + 1 >= s.length || SPACE.test(s[k + 1]!) || close !== "'")) return k;
  }
  return -1;
}
