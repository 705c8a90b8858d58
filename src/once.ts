/**
 * A value made on first use and kept. Module-level zod schemas are built this way: building one
 * runs a good deal of zod's code, which a one-shot command would pay at every start for schemas
 * it never checks a value with.
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
