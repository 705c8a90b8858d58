import { emptyWorkspace, type DbData, type Store, type WorkspaceData } from './types.js';
import type { ChangeTracker } from './change-tracker.js';

const EMPTY: Readonly<WorkspaceData> = Object.freeze(emptyWorkspace());

/**
 * The in-memory half of every store: workspace partitioning and a group-committing writer.
 * Updates apply at once (JavaScript runs one at a time, so none is lost); the persist step runs
 * one write at a time and covers every update made before it started.
 */
export abstract class BaseStore implements Store {
  abstract readonly location: string;
  protected data: DbData;
  private writing: Promise<void> | undefined;
  private pending: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;
  private closed = false;

  /**
   * When set, update functions see the workspace through it, so persist() can write only the
   * records that changed (see change-tracker.ts).
   */
  protected readonly tracker: ChangeTracker | undefined;

  protected constructor(data: DbData, tracker?: ChangeTracker) {
    this.data = data;
    this.tracker = tracker;
  }

  /** Makes every update made so far durable (the whole data set, or what the tracker saw change). */
  protected abstract persist(data: DbData): Promise<void>;

  read(workspace: string): Readonly<WorkspaceData> {
    return this.data.workspaces[workspace] ?? EMPTY;
  }

  workspaces(): string[] {
    return Object.keys(this.data.workspaces);
  }

  async update<T>(workspace: string, fn: (ws: WorkspaceData) => T): Promise<T> {
    if (this.closed) throw new Error('store is closed');
    if (!workspace) throw new Error('store.update needs a workspace id');
    let ws = this.data.workspaces[workspace];
    const created = !ws;
    if (!ws) ws = emptyWorkspace();
    const tracker = this.tracker;
    const result = tracker ? tracker.unwrap(fn(tracker.wrap(ws, workspace))) : fn(ws);
    if (created) {
      this.data.workspaces[workspace] = ws;
      tracker?.markWorkspace(workspace);
    }
    await this.schedule();
    return result;
  }

  /** Joins the next write; starts it when none is running. */
  private schedule(): Promise<void> {
    if (!this.pending) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.pending = { promise, resolve, reject };
      if (!this.writing) this.writing = this.drain();
      return promise;
    }
    return this.pending.promise;
  }

  private async drain(): Promise<void> {
    // Let the updates of this turn of the event loop join the first write.
    await Promise.resolve();
    while (this.pending) {
      const batch = this.pending;
      this.pending = undefined;
      try {
        await this.persist(this.data);
        batch.resolve();
      } catch (err) {
        batch.reject(err);
      }
    }
    this.writing = undefined;
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }
}
