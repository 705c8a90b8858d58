import type { Store, WorkspaceData } from '../store/types.js';

/** Told which workspace an update changed, once the update is applied and durable. */
export type ChangeListener = (workspace: string) => void;

export interface ChangeFeed {
  /** Returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void;
}

/**
 * A store that reports its updates: the commands write through it, so the scheduler hears about a
 * new item, a recorded event, a closed item or a changed setting at once (and re-plans that
 * workspace) instead of finding out at its next wake-up. Reads and writes go to the same data.
 */
export class ObservedStore implements Store {
  private readonly listeners = new Set<ChangeListener>();
  readonly changes: ChangeFeed = {
    subscribe: (listener) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    },
  };

  constructor(readonly inner: Store) {}

  get location(): string {
    return this.inner.location;
  }

  read(workspace: string): Readonly<WorkspaceData> {
    return this.inner.read(workspace);
  }

  async update<T>(workspace: string, fn: (ws: WorkspaceData) => T): Promise<T> {
    const result = await this.inner.update(workspace, fn);
    for (const l of this.listeners) {
      try {
        l(workspace);
      } catch {
        // A listener's failure is its own; the write succeeded.
      }
    }
    return result;
  }

  prepare(workspace: string): Promise<void> {
    return this.inner.prepare ? this.inner.prepare(workspace) : Promise.resolve();
  }

  workspaces(): string[] {
    return this.inner.workspaces();
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
