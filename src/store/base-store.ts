import { emptyWorkspace, type DbData, type Store, type WorkspaceData } from './types.js';
import { ChangeTracker, applyUndo, coverPaths, key, type RecordPath, type UndoLog } from './change-tracker.js';
import { adopt } from './snapshot.js';

const EMPTY: Readonly<WorkspaceData> = Object.freeze(emptyWorkspace());

interface Batch {
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** One workspace in memory: its data, what changed since the last durable write, its writer. */
export interface Slot {
  readonly workspace: string;
  /** Undefined until the first update creates it (or the store loads it). */
  data: WorkspaceData | undefined;
  /** Changed records (paths below the workspace) not written yet. */
  dirty: Map<string, string[]>;
  /** One undo log per update not yet durable, oldest first. */
  undo: UndoLog[];
  /** The update that created the workspace is not durable yet. */
  createdPending: boolean;
  pending: Batch | undefined;
  writing: Promise<void> | undefined;
  /** Resolved whenever a write settles (for compaction, which waits for quiet moments). */
  waiters: (() => void)[];
}

/**
 * The in-memory half of every store: workspace partitioning and a group-committing writer per
 * workspace. An update applies at once (JavaScript runs one at a time, so none is lost); the
 * workspace's persist step runs one write at a time and covers every update made before it
 * started. An update is all or nothing: when its function throws, or its write fails, every
 * change it made is taken back out of memory (and so is every later update of that workspace
 * not yet written, which may have built on it); nothing of it is written later.
 */
export abstract class BaseStore implements Store {
  abstract readonly location: string;
  /** Workspaces are a Map: any id (`__proto__`, `constructor`) is a key like another. */
  private readonly slots = new Map<string, Slot>();
  private closed = false;
  protected readonly tracker = new ChangeTracker();

  protected constructor(data?: DbData) {
    if (data) for (const [w, ws] of Object.entries(data.workspaces)) this.slotOf(w).data = adopt(ws, 0) as WorkspaceData;
  }

  /**
   * Makes the given changed records of a workspace durable (paths below the workspace; the
   * values are read from `ws`, the live data). Throwing fails the write and rolls it back.
   */
  protected abstract persist(workspace: string, records: RecordPath[], ws: WorkspaceData | undefined, created: boolean): Promise<void>;

  /** A workspace not in memory yet, loaded on first use (file stores); undefined when it has no data. */
  protected loadWorkspace(_workspace: string): WorkspaceData | undefined {
    return undefined;
  }

  /** Workspaces that have data but are not loaded yet. */
  protected unloadedWorkspaces(): string[] {
    return [];
  }

  protected slotOf(workspace: string): Slot {
    let slot = this.slots.get(workspace);
    if (!slot) {
      // A workspace that cannot be loaded throws here, every time: nothing writes over it.
      const data = this.loadWorkspace(workspace);
      slot = { workspace, data, dirty: new Map(), undo: [], createdPending: false, pending: undefined, writing: undefined, waiters: [] };
      this.slots.set(workspace, slot);
    }
    return slot;
  }

  protected loadedSlots(): Slot[] {
    return [...this.slots.values()];
  }

  read(workspace: string): Readonly<WorkspaceData> {
    return this.slotOf(workspace).data ?? EMPTY;
  }

  workspaces(): string[] {
    const out = new Set<string>();
    for (const s of this.slots.values()) if (s.data) out.add(s.workspace);
    for (const w of this.unloadedWorkspaces()) out.add(w);
    return [...out];
  }

  async update<T>(workspace: string, fn: (ws: WorkspaceData) => T): Promise<T> {
    if (this.closed) throw new Error('store is closed');
    if (typeof workspace !== 'string' || !workspace) throw new Error('store.update needs a workspace id');
    const slot = this.slotOf(workspace);
    const created = !slot.data;
    const ws = slot.data ?? emptyWorkspace();
    const tracker = this.tracker;
    let result: T;
    try {
      result = tracker.unwrap(fn(tracker.wrap(ws, workspace)));
    } catch (err) {
      applyUndo(ws, tracker.takeUndo());
      tracker.take();
      throw err;
    }
    const log = tracker.takeUndo();
    const changed = tracker.take();
    if (created) {
      slot.data = ws;
      slot.createdPending = true;
      slot.dirty.set('', []);
    }
    for (const p of changed) {
      const rel = p.slice(1);
      slot.dirty.set(key(rel), rel);
    }
    slot.undo.push(log);
    await this.schedule(slot);
    return result;
  }

  /** Joins the workspace's next write; starts it when none is running. */
  private schedule(slot: Slot): Promise<void> {
    if (!slot.pending) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      slot.pending = { promise, resolve, reject };
      if (!slot.writing) slot.writing = this.drain(slot);
    }
    return slot.pending.promise;
  }

  private async drain(slot: Slot): Promise<void> {
    // Let the updates of this turn of the event loop join the first write.
    await Promise.resolve();
    while (slot.pending) {
      const batch = slot.pending;
      slot.pending = undefined;
      const covered = slot.undo.length;
      const created = slot.createdPending;
      const records = coverPaths([...slot.dirty.values()].filter((p) => p.length > 0));
      slot.dirty = new Map();
      try {
        await this.persist(slot.workspace, records, slot.data, created);
        slot.undo.splice(0, covered);
        if (created) slot.createdPending = false;
        batch.resolve();
      } catch (err) {
        // Nothing of this write is on disk: take it, and every later update that may have built
        // on it, back out of memory; all of them are reported failed.
        const later = slot.pending as Batch | undefined;
        slot.pending = undefined;
        this.rollback(slot);
        batch.reject(err);
        later?.reject(err);
      }
      this.wake(slot);
    }
    slot.writing = undefined;
    this.wake(slot);
  }

  private rollback(slot: Slot): void {
    if (slot.data) for (let i = slot.undo.length - 1; i >= 0; i--) applyUndo(slot.data, slot.undo[i]!);
    slot.undo = [];
    slot.dirty = new Map();
    if (slot.createdPending) slot.data = undefined;
    slot.createdPending = false;
  }

  private wake(slot: Slot): void {
    const waiters = slot.waiters;
    slot.waiters = [];
    for (const w of waiters) w();
  }

  /** True when every change to the workspace in memory is on disk. */
  protected quiet(slot: Slot): boolean {
    return slot.undo.length === 0 && !slot.pending && !slot.writing;
  }

  /** Resolves when the workspace's writes in flight have settled. */
  protected settled(slot: Slot): Promise<void> {
    if (this.quiet(slot)) return Promise.resolve();
    return new Promise((resolve) => slot.waiters.push(resolve));
  }

  async flush(): Promise<void> {
    for (;;) {
      const running = [...this.slots.values()].map((s) => s.writing).filter((w): w is Promise<void> => w !== undefined);
      if (!running.length) return;
      await Promise.all(running.map((w) => w.catch(() => undefined)));
    }
  }

  protected get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }
}
