import type { z } from 'zod';

/**
 * A quick yes for the stored shapes, derived from their zod schemas. Opening a big workspace and
 * reading every item (the first ping plan) checks each record; zod's safeParse builds a checked
 * copy of every object it is given, which at 100,000 items costs more than parsing them. The
 * function compiled here walks the value instead and allocates nothing. It answers only "valid"
 * or "not sure": when it says not sure (a wrong value, or a part of a schema it does not know),
 * zod checks the value as before and gives the message, so what is accepted and what is refused,
 * and every message, stay zod's. test/store/fast-check.test.ts holds it to that over mutated records.
 */
export type FastCheck = (value: unknown) => boolean;

const compiled = new WeakMap<z.ZodType, FastCheck | null>();

/** The quick check of a schema, or undefined when the schema holds something it does not know. */
export function fastCheckOf(schema: z.ZodType): FastCheck | undefined {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = compile(schema) ?? null;
    compiled.set(schema, check);
  }
  return check ?? undefined;
}

interface Def {
  type: string;
  checks?: { _zod: { def: { check: string; format?: string; value?: unknown; inclusive?: boolean } } }[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, unknown>;
  values?: unknown[];
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** A plain object as JSON.parse and the store make them (no other prototype). */
function isRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function compile(schema: z.ZodType): FastCheck | undefined {
  const def = defOf(schema);
  const checks = def.checks ?? [];
  if (def.type !== 'number' && checks.length) return undefined;
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'unknown':
    case 'any':
      return () => true;
    case 'number': {
      let safeInt = false;
      let min: number | undefined;
      let minInclusive = true;
      for (const c of checks) {
        const d = c._zod.def;
        if (d.check === 'number_format' && d.format === 'safeint') safeInt = true;
        else if (d.check === 'greater_than' && typeof d.value === 'number' && min === undefined) {
          min = d.value;
          minInclusive = d.inclusive === true;
        } else return undefined;
      }
      return (v) => typeof v === 'number' && Number.isFinite(v) && (!safeInt || Number.isSafeInteger(v)) && (min === undefined || (minInclusive ? v >= min : v > min));
    }
    case 'enum': {
      const allowed = new Set(Object.values(def.entries ?? {}));
      return (v) => (typeof v === 'string' || typeof v === 'number') && allowed.has(v);
    }
    case 'literal': {
      const allowed = new Set(def.values ?? []);
      return (v) => allowed.has(v);
    }
    case 'optional': {
      const inner = def.innerType && compile(def.innerType);
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'array': {
      const el = def.element && compile(def.element);
      return (
        el &&
        ((v) => {
          if (!Array.isArray(v)) return false;
          for (let i = 0; i < v.length; i++) if (!el(v[i])) return false;
          return true;
        })
      );
    }
    case 'record': {
      const key = def.keyType && defOf(def.keyType);
      const val = def.valueType && compile(def.valueType);
      if (!key || key.type !== 'string' || key.checks?.length || !val) return undefined;
      return (v) => {
        if (!isRecord(v)) return false;
        for (const k of Object.keys(v)) if (!val(v[k])) return false;
        return true;
      };
    }
    case 'object': {
      // Loose (unknown fields kept) or stripping: a field outside the shape is fine either way.
      const rest = def.catchall && defOf(def.catchall).type;
      if (rest !== undefined && rest !== 'unknown') return undefined;
      const fields: [string, FastCheck][] = [];
      for (const [k, s] of Object.entries(def.shape ?? {})) {
        const f = compile(s);
        if (!f) return undefined;
        fields.push([k, f]);
      }
      return (v) => {
        if (!isRecord(v)) return false;
        for (const [k, f] of fields) if (!f(Object.hasOwn(v, k) ? v[k] : undefined)) return false;
        return true;
      };
    }
    case 'union': {
      const options = (def.options ?? []).map(compile);
      if (!options.length || options.some((o) => !o)) return undefined;
      const all = options as FastCheck[];
      return (v) => all.some((o) => o(v));
    }
    default:
      return undefined;
  }
}
