import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/log.js';
import { silentLogger } from '../../src/log.js';
import { DeliveryQueue } from '../../src/scheduler/delivery-queue.js';

/** A delivery the test finishes by hand. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('the delivery queue', () => {
  it('runs at most `concurrency` deliveries at once, in the order they were added', async () => {
    const q = new DeliveryQueue(2, silentLogger);
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    for (const key of ['a', 'b', 'c', 'd']) {
      const g = gate();
      gates.set(key, g);
      q.add('w1', key, async () => {
        started.push(key);
        await g.promise;
      });
    }
    expect(started).toEqual(['a', 'b']);
    expect(q.size).toBe(4);
    gates.get('b')!.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a', 'b', 'c']);
    for (const g of gates.values()) g.open();
    await q.idle();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(q.size).toBe(0);
  });

  it('starts the next delivery once one released its place (the platform answered), keeping its key busy until it ends', async () => {
    const q = new DeliveryQueue(1, silentLogger);
    const started: string[] = [];
    const recorded = gate();
    q.add('w1', 'a', async (release) => {
      started.push('a');
      release(); // posted; now recording the answer
      await recorded.promise;
    });
    q.add('w1', 'b', async () => void started.push('b'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a', 'b']);
    expect(q.has('w1', 'a')).toBe(true);
    q.add('w1', 'a', async () => void started.push('a again'));
    let idle = false;
    const waiting = q.idle().then(() => (idle = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    recorded.open();
    await waiting;
    expect(q.has('w1', 'a')).toBe(false);
    expect(q.size).toBe(0);
    expect(started).toEqual(['a', 'b']);
  });

  it('takes a key once while it is queued or in flight, per workspace, and again once it is done', async () => {
    const q = new DeliveryQueue(1, silentLogger);
    const runs: string[] = [];
    const g = gate();
    q.add('w1', 'k', async () => {
      runs.push('w1 first');
      await g.promise;
    });
    q.add('w1', 'k', async () => void runs.push('w1 second'));
    q.add('w2', 'k', async () => void runs.push('w2'));
    expect(q.has('w1', 'k')).toBe(true);
    expect(q.count('w1')).toBe(1);
    g.open();
    await q.idle();
    expect(runs).toEqual(['w1 first', 'w2']);
    expect(q.has('w1', 'k')).toBe(false);
    q.add('w1', 'k', async () => void runs.push('w1 again'));
    await q.idle();
    expect(runs).toEqual(['w1 first', 'w2', 'w1 again']);
  });

  it('drops what has not started on clear (its keys free again) and lets the one in flight finish', async () => {
    const q = new DeliveryQueue(1, silentLogger);
    const runs: string[] = [];
    const g = gate();
    q.add('w1', 'a', async () => {
      await g.promise;
      runs.push('a');
    });
    q.add('w1', 'b', async () => void runs.push('b'));
    q.clear();
    expect(q.has('w1', 'a')).toBe(true);
    expect(q.has('w1', 'b')).toBe(false);
    g.open();
    await q.idle();
    expect(runs).toEqual(['a']);
    q.add('w1', 'b', async () => void runs.push('b'));
    await q.idle();
    expect(runs).toEqual(['a', 'b']);
  });

  it('logs a delivery that throws and goes on with the next', async () => {
    const errors: string[] = [];
    const quiet = () => undefined;
    const log: Logger = { fatal: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet, error: (f, m) => void errors.push(String(m ?? f)), child: () => log };
    const q = new DeliveryQueue(1, log);
    const runs: string[] = [];
    q.add('w1', 'bad', () => Promise.reject(new Error('boom')));
    q.add('w1', 'good', async () => void runs.push('good'));
    await q.idle();
    expect(runs).toEqual(['good']);
    expect(errors).toEqual(['ping delivery failed unexpectedly']);
    expect(q.has('w1', 'bad')).toBe(false);
  });

  it('goes through 100,000 deliveries queued at once, in order', async () => {
    const q = new DeliveryQueue(32, silentLogger);
    let next = 0;
    let outOfOrder = 0;
    for (let i = 0; i < 100_000; i++) {
      q.add('w1', String(i), async () => {
        if (i !== next) outOfOrder++;
        next++;
      });
    }
    await q.idle();
    expect(next).toBe(100_000);
    expect(outOfOrder).toBe(0);
  });
});
