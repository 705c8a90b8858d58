import PQueue, { type Queue, type QueueAddOptions } from 'p-queue';
import type { Logger } from '../log.js';

/**
 * The deliveries waiting or in flight: at most `concurrency` run at once (p-queue), in the order
 * they were added, each ledger key at most once per workspace (a key queued twice would post
 * twice). The planner asks `has` so a key being delivered is not planned again meanwhile.
 */

type Run = () => Promise<unknown>;

/**
 * A delivery: `release` frees its place among the `concurrency` in flight before it ends (once
 * the platform answered: recording the answer durably need not hold up the next post). Its key
 * stays busy until it ends.
 */
export type Delivering = (release: () => void) => Promise<void>;

/**
 * p-queue's default queue takes each task with Array.shift, which copies the whole array: with
 * 100,000 pings due at once that cost 8 s of one core here. This one only moves a head index
 * (every task has the same priority, so first in, first out is the whole order).
 */
class FifoQueue implements Queue<Run, QueueAddOptions> {
  private runs: Run[] = [];
  private head = 0;

  get size(): number {
    return this.runs.length - this.head;
  }

  enqueue(run: Run): void {
    this.runs.push(run);
  }

  dequeue(): Run | undefined {
    if (this.head >= this.runs.length) return undefined;
    const run = this.runs[this.head++];
    if (this.head > 1024 && this.head * 2 > this.runs.length) {
      this.runs = this.runs.slice(this.head);
      this.head = 0;
    }
    return run;
  }

  filter(options: Readonly<Partial<QueueAddOptions>>): Run[] {
    return (options.priority ?? 0) === 0 ? this.runs.slice(this.head) : [];
  }

  setPriority(): void {
    throw new Error('the delivery queue keeps its order: it has no priorities');
  }
}

interface Waiting {
  workspace: string;
  key: string;
}

export class DeliveryQueue {
  private readonly queue: PQueue<FifoQueue, QueueAddOptions>;
  /** Keys queued or being delivered, per workspace. */
  private readonly busy = new Map<string, Set<string>>();
  /** Tasks added and not started yet (dropped by `clear`). */
  private readonly waiting = new Set<Waiting>();
  /** Deliveries that released their place and are still recording their answer. */
  private readonly tails = new Set<Promise<void>>();

  constructor(
    concurrency: number,
    private readonly log: Logger,
  ) {
    this.queue = new PQueue({ concurrency, queueClass: FifoQueue });
  }

  /** Queues a delivery of a ledger key; nothing when that key is queued or in flight already. */
  add(workspace: string, key: string, run: Delivering): void {
    let keys = this.busy.get(workspace);
    if (!keys) this.busy.set(workspace, (keys = new Set()));
    if (keys.has(key)) return;
    keys.add(key);
    const task: Waiting = { workspace, key };
    this.waiting.add(task);
    void this.queue.add(async () => {
      this.waiting.delete(task);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const done = (async () => {
        try {
          await run(release);
        } catch (err) {
          this.log.error({ err }, 'ping delivery failed unexpectedly');
        } finally {
          this.busy.get(workspace)?.delete(key);
        }
      })();
      this.tails.add(done);
      void done.then(() => this.tails.delete(done));
      await Promise.race([done, released]);
    });
  }

  /** Whether a key is queued or being delivered. */
  has(workspace: string, key: string): boolean {
    return this.busy.get(workspace)?.has(key) === true;
  }

  /** Deliveries of a workspace queued or in flight. */
  count(workspace: string): number {
    return this.busy.get(workspace)?.size ?? 0;
  }

  /** Deliveries queued or in flight, all workspaces. */
  get size(): number {
    return this.queue.size + this.tails.size;
  }

  /** Resolves when nothing is queued or in flight (answers being recorded included). */
  async idle(): Promise<void> {
    while (this.queue.size + this.queue.pending > 0 || this.tails.size > 0) {
      await this.queue.onIdle();
      await Promise.all([...this.tails]);
    }
  }

  /** Drops what has not started (it stays claimed or due, for the next start); the posts in flight run on. */
  clear(): void {
    for (const t of this.waiting) this.busy.get(t.workspace)?.delete(t.key);
    this.waiting.clear();
    this.queue.clear();
  }
}
