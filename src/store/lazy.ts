/**
 * Records of a snapshot that are parsed when first read. Opening a workspace of 100,000 items
 * indexes their lines and parses none; a command that touches one item parses one. A map whose
 * values are still lines in the file is a proxy over a null-prototype object holding Lazy
 * placeholders; reading a key (get, Object.values, JSON.stringify, spreading) parses and checks
 * that value and puts it in place of the placeholder.
 */
export class Lazy {
  constructor(
    readonly bytes: Buffer,
    readonly start: number,
    readonly end: number,
  ) {}
  text(): string {
    return this.bytes.toString('utf8', this.start, this.end);
  }
}

/** Proxy → the object it holds, so the store can see placeholders without parsing them. */
const targets = new WeakMap<object, Record<string, unknown>>();

/** Parses a placeholder (and checks the result); throws when the value is not valid. */
export type Materialize = (key: string, lazy: Lazy) => unknown;

export function lazyMap(target: Record<string, unknown>, materialize: Materialize): Record<string, unknown> {
  const resolve = (t: Record<string, unknown>, k: string): unknown => {
    const v = t[k];
    if (!(v instanceof Lazy)) return v;
    const value = materialize(k, v);
    t[k] = value;
    return value;
  };
  const proxy = new Proxy(target, {
    get: (t, k) => (typeof k === 'string' && Object.hasOwn(t, k) ? resolve(t, k) : Reflect.get(t, k)),
    getOwnPropertyDescriptor: (t, k) => {
      if (typeof k === 'string' && Object.hasOwn(t, k)) resolve(t, k);
      return Reflect.getOwnPropertyDescriptor(t, k);
    },
  });
  targets.set(proxy, target);
  return proxy;
}

/** The object behind a lazy map (placeholders and all), or the value itself. */
export function rawOf<T>(value: T): T {
  if (value !== null && typeof value === 'object') return (targets.get(value) as T | undefined) ?? value;
  return value;
}
