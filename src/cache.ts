import { LRUCache } from 'lru-cache';

/**
 * The one bounded cache: at most `max` entries, the least recently used dropped first (lru-cache).
 * Sized by count (`maxSize`, each entry 1) rather than `max`, so memory grows with use instead of
 * being allocated up front: a 50,000-entry cache costs about 11 ms to allocate, which the one-shot
 * CLI would pay on every start.
 */
export function boundedCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>>(max: number): LRUCache<K, V> {
  return new LRUCache<K, V>({ maxSize: max, sizeCalculation: () => 1 });
}

export type { LRUCache as BoundedCache } from 'lru-cache';
