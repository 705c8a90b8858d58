/**
 * The one bounded cache: at most `max` entries, the least recently used dropped first. A Map keeps
 * its keys in insertion order, so a hit is moved to the end and the first key is the oldest.
 * (lru-cache did this before; loading it cost a one-shot start more than its work: it reads
 * node:diagnostics_channel and Node's performance timers.)
 */
export class BoundedCache<K, V extends NonNullable<unknown>> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** The value without counting it as a use (a look that must not keep the entry). */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}

export function boundedCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>>(max: number): BoundedCache<K, V> {
  return new BoundedCache<K, V>(max);
}
