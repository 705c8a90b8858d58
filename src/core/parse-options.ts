import { UserError } from './errors.js';
import { closest } from './suggest.js';
import type { Token } from './tokenize.js';
import type { Ctx, HandlerReply, LeafSpec, Visibility } from './types.js';

/**
 * Turns free-text words into the raw option object a leaf's checks validate, the same shape
 * Discord delivers structured. Positional words fill positional options in order; the `rest`
 * option takes what remains.
 */
export function optionsFromTokens(leaf: LeafSpec, tokens: Token[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const byName = new Map(leaf.options.map((o) => [o.name, o]));
  const words: string[] = [];
  const raws: string[] = [];
  const hasRest = leaf.options.some((o) => o.rest);
  tokens = withTrailingValue(leaf, tokens);
  for (const tok of tokens) {
    if (tok.key !== undefined) {
      const meta = byName.get(tok.key);
      if (meta) {
        if (tok.value === '') throw new UserError('errors.missingValue', { option: tok.key });
        if (raw[meta.name] !== undefined) throw new UserError('errors.duplicateOption', { option: meta.name });
        raw[meta.name] = tok.value;
        continue;
      }
      const guess = closest(tok.key, byName.keys());
      if (!hasRest || guess) {
        throw new UserError(guess ? 'errors.unknownOptionGuess' : 'errors.unknownOption', {
          option: tok.key,
          guess,
          options: [...byName.keys()].join(', ') || '—',
        });
      }
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
