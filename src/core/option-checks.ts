/**
 * The checks of option values: small plain functions, one per kind of value, instead of a schema
 * library (a one-shot start binds one command's options; it should not set a library up for it).
 * A check turns the raw value (a string from free text; a string, number or boolean from Discord;
 * undefined when the option is not given) into the handler's value, or refuses it. A refusal may
 * carry the i18n key of its message (`errors.badOnOff`); without one the reply is the generic
 * `errors.invalidValue` / `errors.invalidChoice` (src/core/parse-options.ts validateOptions).
 */

/** A refused value, with the i18n key of the message when the check has its own. */
export class Refusal {
  constructor(readonly message?: string) {}
}

export function refuse(message?: string): Refusal {
  return new Refusal(message);
}

/**
 * A value check. `Optional`: a missing value (undefined) is accepted (the option is not needed
 * unless declared `required`); otherwise a missing value is refused and the option is required.
 */
export interface Check<T, Optional extends boolean = boolean> {
  readonly optional: Optional;
  parse(raw: unknown): T | Refusal;
}

/** A string, trimmed unless `trim: false`, of at most `max` characters (after trimming). */
export function text(opts: { trim?: boolean; max?: number } = {}): Check<string, false> {
  const { trim = true, max } = opts;
  return {
    optional: false,
    parse(raw) {
      if (typeof raw !== 'string') return refuse();
      const s = trim ? raw.trim() : raw;
      return max !== undefined && s.length > max ? refuse() : s;
    },
  };
}

/**
 * A whole number, from a number or from text as `Number()` reads it (`' 3 '` is 3), between `min`
 * and `max`. `message`: the i18n key of every refusal's message.
 */
export function integer(opts: { min?: number; max?: number; message?: string } = {}): Check<number, false> {
  const { min = -Infinity, max = Infinity, message } = opts;
  return {
    optional: false,
    parse(raw) {
      let n: number;
      try {
        n = Number(raw);
      } catch {
        return refuse(message);
      }
      return Number.isSafeInteger(n) && n >= min && n <= max ? n : refuse(message);
    },
  };
}

/** The check, with a missing value accepted as undefined. */
export function optional<T>(check: Check<T>): Check<T | undefined, true> {
  return { optional: true, parse: (raw) => (raw === undefined ? undefined : check.parse(raw)) };
}

/** The check, with a missing value read as `value`. */
export function withDefault<T>(check: Check<T>, value: T): Check<T, true> {
  return { optional: true, parse: (raw) => (raw === undefined ? value : check.parse(raw)) };
}

/** The check, then `to` on the value it accepted (which may refuse it in turn). */
export function map<T, R, O extends boolean>(check: Check<T, O>, to: (value: T) => R): Check<Exclude<R, Refusal>, O> {
  return {
    optional: check.optional,
    parse(raw) {
      const v = check.parse(raw);
      return v instanceof Refusal ? v : (to(v) as Exclude<R, Refusal> | Refusal);
    },
  };
}
