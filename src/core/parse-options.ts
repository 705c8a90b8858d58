import { UserError } from './errors.js';
import { closest } from './suggest.js';
import { optionKeys } from './option-keys.js';
import type { Token } from './tokenize.js';
import type { Ctx, HandlerReply, LeafSpec, Visibility } from './types.js';

/** Where the words were typed: the command and subcommand, for localized option words and examples. */
export interface TypedAt {
  command: string;
  sub?: string | undefined;
}

/**
 * Turns free-text words into the raw option object a leaf's checks validate, the same shape
 * Discord delivers structured. A `key:` names an option by any of its words (option-keys.ts:
 * `submitted:`, `提交日期：`, `提交:`). Positional words fill positional options in order; the
 * `rest` option takes what remains.
 */
export function optionsFromTokens(leaf: LeafSpec, tokens: Token[], at?: TypedAt): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const keys = optionKeys(at?.command, leaf);
  const names = leaf.options.map((o) => o.name);
  const words: string[] = [];
  const raws: string[] = [];
  const hasRest = leaf.options.some((o) => o.rest);
  // Each key read as the option it names; a key no option has is kept as typed.
  tokens = tokens.map((t) => (t.key !== undefined && keys.has(t.key) ? { ...t, key: keys.get(t.key)! } : t));
  tokens = withTrailingValue(leaf, tokens);
  for (const tok of tokens) {
    if (tok.key !== undefined) {
      if (names.includes(tok.key)) {
        if (tok.value === '') throw new UserError('errors.missingValue', { option: tok.key });
        if (raw[tok.key] !== undefined) throw new UserError('errors.duplicateOption', { option: tok.key });
        raw[tok.key] = tok.value;
        continue;
      }
      const guess = guessKey(leaf, keys, tok, hasRest);
      if (!hasRest || guess) throw unknownKey(tok, guess, names, tokens, at);
    }
    words.push(tok.text);
    raws.push(tok.raw ?? tok.text);
  }
  const positional = leaf.options.filter((o) => o.positional && raw[o.name] === undefined);
  let w = 0;
  for (const meta of positional) {
    if (w >= words.length) break;
    if (meta.rest) {
      const many = words.length - w > 1;
      raw[meta.name] = (meta.verbatim && many ? raws : words).slice(w).join(' ');
      w = words.length;
      break;
    }
    raw[meta.name] = words[w++];
  }
  if (w < words.length) {
    throw new UserError('errors.unexpectedArgument', { word: words[w] });
  }
  return raw;
}

/** A date as people start one: 2026-11-20, 11/20, 11月20日, 明天, 下周二. */
const DATE_LIKE = /^(?:\d{1,4}[-/.年月]\d|\d{1,2}[月日号號]|今天|明天|后天|後天|下[个個]?(?:周|週|星期|礼拜|禮拜|月)|本(?:周|週)|这周|這週)/;

/**
 * The option word a mistyped key was meant to be, if one is close. In a leaf with free text (a
 * title, a note) a word in another script (`品质：好`) is the user's text unless it is close to a
 * date option's word and its value is a date (`截至:2026-11-20` for `截止:`): a typo there would
 * silently leave the deadline wrong.
 */
function guessKey(leaf: LeafSpec, keys: ReadonlyMap<string, string>, tok: Token, hasRest: boolean): string | undefined {
  const key = tok.key!;
  const latin = /^[a-z]/.test(key);
  const candidates = [...keys.keys()].filter((k) => /^[a-z]/.test(k) === latin);
  const guess = closest(key, candidates);
  if (!guess || latin || !hasRest) return guess;
  const option = leaf.options.find((o) => o.name === keys.get(guess));
  return option?.trailing && DATE_LIKE.test(tok.value ?? '') ? guess : undefined;
}

/** The error for a key the leaf does not have; a guess comes with the line as typed, the key corrected. */
function unknownKey(tok: Token, guess: string | undefined, names: string[], tokens: Token[], at: TypedAt | undefined): UserError {
  const options = names.join(', ') || '—';
  if (!guess) return new UserError('errors.unknownOption', { option: tok.key, options });
  if (!at) return new UserError('errors.unknownOptionGuessBare', { option: tok.key, guess, options });
  const typed = tokens.map((t) => (t === tok ? `${guess}:${t.raw ? t.raw.slice(t.raw.search(/[:：]/) + 1) : (t.value ?? '')}` : (t.raw ?? t.text)));
  const example = [`/${at.command}`, ...(at.sub ? [at.sub] : []), ...typed].join(' ');
  return new UserError('errors.unknownOptionGuess', { option: tok.key, guess, options, example });
}

/**
 * A date at the end of the line may have spaces: when the last `key:value` is of a `trailing`
 * option, only bare words follow it, and the words before it already fill the positional options,
 * those words are its value's (`due:next tuesday`). Anywhere else a value with spaces needs quotes.
 */
function withTrailingValue(leaf: LeafSpec, tokens: Token[]): Token[] {
  let last = -1;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i]!.key !== undefined) {
      last = i;
      break;
    }
  }
  const tok = tokens[last];
  if (!tok || last === tokens.length - 1 || !leaf.options.some((o) => o.name === tok.key && o.trailing)) return tokens;
  const given = new Set(tokens.flatMap((t) => (t.key !== undefined ? [t.key] : [])));
  const positional = leaf.options.filter((o) => o.positional && !given.has(o.name)).length;
  if (tokens.slice(0, last).filter((t) => t.key === undefined).length < positional) return tokens;
  const after = tokens.slice(last + 1);
  return [...tokens.slice(0, last), { ...tok, value: [tok.value, ...after.map((t) => t.text)].join(' ') }];
}

/**
 * Validates raw option values with the leaf's option checks; a failure names the option and the
 * value. Returns the leaf's handler bound to the values, and who sees its reply.
 */
export function validateOptions(
  leaf: LeafSpec,
  raw: Record<string, unknown>,
): { visibility: Visibility; run: (ctx: Ctx) => HandlerReply | Promise<HandlerReply> } {
  const known = new Set(leaf.options.map((o) => o.name));
  for (const k of Object.keys(raw)) {
    if (!known.has(k)) throw new UserError('errors.unknownOption', { option: k, options: [...known].join(', ') });
  }
  const bound = leaf.bind(raw);
  if (bound.ok) return bound;
  const { option, refusal } = bound.issue;
  const meta = leaf.options.find((o) => o.name === option);
  const value = raw[option];
  if (value === undefined || value === '') {
    throw new UserError('errors.missingOption', { option });
  }
  // A check may refuse with an i18n key as its message (`errors.badTimezone`).
  if (refusal.message && /^[a-z]+\.[\w.-]+$/.test(refusal.message)) {
    throw new UserError(refusal.message, { option, value: String(value) });
  }
  if (meta?.choices) {
    throw new UserError('errors.invalidChoice', { option, value: String(value), choices: meta.choices.join(', ') });
  }
  throw new UserError('errors.invalidValue', { option, value: String(value) });
}
