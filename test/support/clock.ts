import type { Timers } from '../../src/scheduler/scheduler.js';

/**
 * A clock the test moves by hand, with timers that follow it: `clock` is what the program reads
 * as now, `set`/`clear` are its timers. `advanceTo` moves the clock forward and fires every timer
 * that comes due on the way, in order, each at its own time. A timer set for a time the clock has
 * already reached fires on the next turn of the event loop (as setTimeout(fn, 0) would).
 * Nothing waits for real time.
 */
export class ManualClock implements Timers {
  private nowMs: number;
  private seq = 0;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();

  constructor(start: string | number) {
    this.nowMs = typeof start === 'number' ? start : Date.parse(start);
    if (Number.isNaN(this.nowMs)) throw new Error(`not a time: ${start}`);
  }

  readonly clock = (): Date => new Date(this.nowMs);

  get now(): number {
    return this.nowMs;
  }

  set(fn: () => void, ms: number): number {
    const id = ++this.seq;
    const at = this.nowMs + Math.max(0, ms);
    this.pending.set(id, { at, fn });
    if (at <= this.nowMs) setImmediate(() => this.fire(id));
    return id;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Moves the clock to `to` (never back), firing the timers due on the way and letting what they start run. */
  async advanceTo(to: string | number): Promise<void> {
    const target = typeof to === 'number' ? to : Date.parse(to);
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.pending) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.nowMs = Math.max(this.nowMs, next[1].at);
      this.fire(next[0]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.nowMs = Math.max(this.nowMs, target);
  }

  async advanceBy(ms: number): Promise<void> {
    await this.advanceTo(this.nowMs + ms);
  }

  private fire(id: number): void {
    const t = this.pending.get(id);
    if (!t) return;
    this.pending.delete(id);
    t.fn();
  }
}
