import { z } from 'zod';

/**
 * The stored shapes, written once as plain descriptions, from which come both a quick check and
 * the zod schema. Opening a big workspace and reading every item (the first ping plan) checks each
 * record; zod's safeParse builds a checked copy of every object it is given, which at 100,000 items
 * costs more than parsing them, and a one-shot command would set zod up only for it. The quick
 * check walks the value and allocates nothing. It answers only "valid" or "not sure": when it says
 * not sure, the zod schema built from the same description (on first need) checks the value and
 * gives the message, so what is accepted and what is refused, and every message, stay zod's.
 * test/store/fast-check.test.ts holds it to that over mutated records.
 */
export type FastCheck = (value: unknown) => boolean;

export type Desc =
  | { readonly k: 'string' | 'boolean' | 'unknown' }
  | { readonly k: 'number'; readonly int?: boolean; readonly min?: number; readonly minInclusive?: boolean }
  | { readonly k: 'enum'; readonly values: readonly [string, ...string[]] }
  | { readonly k: 'optional'; readonly inner: Desc }
  | { readonly k: 'array'; readonly element: Desc }
  | { readonly k: 'record'; readonly value: Desc }
  /** Loose: unknown fields are kept. */
  | { readonly k: 'object'; readonly shape: Readonly<Record<string, Desc>> }
  | { readonly k: 'union'; readonly options: readonly Desc[] };

/** The building blocks of a description. */
export const d = {
  str: { k: 'string' } as Desc,
  bool: { k: 'boolean' } as Desc,
  unknown: { k: 'unknown' } as Desc,
  num: { k: 'number' } as Desc,
  int: { k: 'number', int: true } as Desc,
  positiveInt: { k: 'number', int: true, min: 0, minInclusive: false } as Desc,
  nonnegativeInt: { k: 'number', int: true, min: 0, minInclusive: true } as Desc,
  enum: (values: readonly [string, ...string[]]): Desc => ({ k: 'enum', values }),
  opt: (inner: Desc): Desc => ({ k: 'optional', inner }),
  array: (element: Desc): Desc => ({ k: 'array', element }),
  record: (value: Desc): Desc => ({ k: 'record', value }),
  object: (shape: Record<string, Desc>): Desc => ({ k: 'object', shape }),
  union: (...options: Desc[]): Desc => ({ k: 'union', options }),
};

/** A stored shape: its description, its quick check, and its zod schema (made on first need). */
export class StoredShape {
  readonly fast: FastCheck;
  private schema: z.ZodType | undefined;
  constructor(readonly desc: Desc) {
    this.fast = compile(desc);
  }
  zod(): z.ZodType {
    return (this.schema ??= toZod(this.desc));
  }
  /** The shape of a field of an object shape. */
  field(key: string): StoredShape | undefined {
    return this.desc.k === 'object' && Object.hasOwn(this.desc.shape, key) ? new StoredShape(this.desc.shape[key]!) : undefined;
  }
}

function toZod(desc: Desc): z.ZodType {
  switch (desc.k) {
    case 'string':
      return z.string();
    case 'boolean':
      return z.boolean();
    case 'unknown':
      return z.unknown();
    case 'number': {
      let n = z.number();
      if (desc.int) n = n.int();
      if (desc.min !== undefined) n = desc.minInclusive ? n.min(desc.min) : n.gt(desc.min);
      return n;
    }
    case 'enum':
      return z.enum(desc.values);
    case 'optional':
      return toZod(desc.inner).optional();
    case 'array':
      return z.array(toZod(desc.element));
    case 'record':
      return z.record(z.string(), toZod(desc.value));
    case 'object':
      return z.looseObject(Object.fromEntries(Object.entries(desc.shape).map(([k, s]) => [k, toZod(s)])));
    case 'union':
      return z.union(desc.options.map(toZod) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  }
}

/** A plain object as JSON.parse and the store make them (no other prototype). */
function isRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function compile(desc: Desc): FastCheck {
  switch (desc.k) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'unknown':
      return () => true;
    case 'number': {
      const { int = false, min, minInclusive = true } = desc;
      return (v) => typeof v === 'number' && Number.isFinite(v) && (!int || Number.isSafeInteger(v)) && (min === undefined || (minInclusive ? v >= min : v > min));
    }
    case 'enum': {
      const allowed = new Set<unknown>(desc.values);
      return (v) => typeof v === 'string' && allowed.has(v);
    }
    case 'optional': {
      const inner = compile(desc.inner);
      return (v) => v === undefined || inner(v);
    }
    case 'array': {
      const el = compile(desc.element);
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!el(v[i])) return false;
        return true;
      };
    }
    case 'record': {
      const val = compile(desc.value);
      return (v) => {
        if (!isRecord(v)) return false;
        for (const k of Object.keys(v)) if (!val(v[k])) return false;
        return true;
      };
    }
    case 'object': {
      // Loose (unknown fields kept): a field outside the shape is fine.
      const fields = Object.entries(desc.shape).map(([k, s]): [string, FastCheck] => [k, compile(s)]);
      return (v) => {
        if (!isRecord(v)) return false;
        for (const [k, f] of fields) if (!f(Object.hasOwn(v, k) ? v[k] : undefined)) return false;
        return true;
      };
    }
    case 'union': {
      const all = desc.options.map(compile);
      return (v) => all.some((o) => o(v));
    }
  }
}
