import { BaseStore } from './base-store.js';
import { SCHEMA_VERSION, type DbData } from './types.js';

/** For tests: the same semantics as the file store, nothing on disk. */
export class MemoryStore extends BaseStore {
  readonly location = 'memory';
  writes = 0;
  constructor(data?: DbData) {
    super(data ?? { schemaVersion: SCHEMA_VERSION, workspaces: {} });
  }
  /** Set to make every write fail (as a full disk would), for tests of what callers show. */
  failWith: Error | undefined;
  protected async persist(): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.writes++;
  }
}
