import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { MAX_ASKS, PRUNE_SLACK, RATINGS_FEATURE, rate, recordAsk } from '../../src/knowledge/ratings.js';

const at = new Date('2026-11-23T09:00:00Z');
const id = (n: number) => n.toString(36).padStart(8, '0');
const asks = (store: MemoryStore) => Object.keys((store.read('w')[RATINGS_FEATURE] as { asks: Record<string, unknown> }).asks);

describe('the asks kept for rating /howto answers', () => {
  it('keeps the newest asks: never more than MAX_ASKS + PRUNE_SLACK, back to the last MAX_ASKS when past it', async () => {
    const store = new MemoryStore();
    const total = MAX_ASKS + PRUNE_SLACK + 1;
    let most = 0;
    for (let n = 0; n < total; n++) {
      await recordAsk(store, 'w', id(n), { question: `q${n}`, entry: null, at, by: 'u1', publicly: false });
      most = Math.max(most, asks(store).length);
    }
    expect(most).toBe(MAX_ASKS + PRUNE_SLACK);
    const kept = asks(store);
    expect(kept).toHaveLength(MAX_ASKS);
    expect(kept[0]).toBe(id(total - MAX_ASKS));
    expect(kept.at(-1)).toBe(id(total - 1));
    // A kept ask still finds its question; a dropped one counts without it.
    expect(await rate(store, 'w', { ask: id(total - 1), entry: null, user: 'u', rating: 'down' })).toEqual({ question: `q${total - 1}`, by: 'u1', publicly: false, changed: true });
    expect((await rate(store, 'w', { ask: id(0), entry: 'a.b', user: 'u', rating: 'up' })).question).toBeUndefined();
    await store.close();
  });

  it('counts an ask recorded again under the same id once', async () => {
    const store = new MemoryStore();
    for (let n = 0; n < MAX_ASKS + PRUNE_SLACK; n++) await recordAsk(store, 'w', id(n % 10), { question: `q${n}`, entry: null, at, by: 'u1', publicly: false });
    expect(asks(store)).toHaveLength(10);
    await store.close();
  });
});
