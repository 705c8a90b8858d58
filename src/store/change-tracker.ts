import type { WorkspaceData } from './types.js';
import { adopt, setIn } from './snapshot.js';
import { rawOf } from './lazy.js';

/**
 * Which records an update changed, so a store can persist those records instead of the whole
 * data set. A record is the value at a path of at most RECORD_DEPTH keys below a workspace
 * (`track` › `items` › `12`; `settings` › `timezone`); a change anywhere inside a record marks the
 * record, and a change inside an array marks the whole array.
 *
 * The update function gets the workspace through proxies that note every write (set, delete,
 * define) with its path; reads are not noted. Only plain objects and arrays are wrapped.
 *
 * Each update also leaves an undo log: before a record first changes, its old value (the object
 * itself when it is replaced or deleted, a copy when it is changed inside), so a write that throws
 * or does not reach the disk is taken back out of memory and leaves no trace. Objects stored in
 * the top levels of a workspace lose their prototype (see adopt in snapshot.ts), so an id such as
 * `__proto__` or `constructor` is a key like any other.
 */
export const RECORD_DEPTH = 3;

/** A changed record: [workspace, key, …] with at most RECORD_DEPTH keys. */
export type RecordPath = string[];

/** How to put one record back: its path below the workspace and its old value (undefined: absent). */
export interface UndoStep {
  path: string[];
  value: unknown;
}
export type UndoLog = UndoStep[];

export class ChangeTracker {
  private dirty = new Map<string, RecordPath>();
  /** Proxy → its object, to store objects rather than proxies when a proxy is assigned. */
  private readonly targets = new WeakMap<object, object>();
  /** Object → proxy for the current update (so one object reads as one proxy within it). */
  private cache = new WeakMap<object, object>();
  private root: WorkspaceData | undefined;
  private undo: UndoLog = [];
  private undone = new Set<string>();

  /** The workspace as the update function sees it. */
  wrap(ws: WorkspaceData, workspace: string): WorkspaceData {
    this.cache = new WeakMap();
    this.root = ws;
    this.undo = [];
    this.undone = new Set();
    return this.proxy(ws, [workspace]) as WorkspaceData;
  }

  /** The undo log of the update since wrap (oldest first). */
  takeUndo(): UndoLog {
    const log = this.undo;
    this.undo = [];
    this.undone = new Set();
    this.root = undefined;
    return log;
  }

  /** Notes the old value of a record before its first change in this update. */
  private remember(path: RecordPath, inside: boolean): void {
    const k = key(path);
    if (this.undone.has(k) || !this.root) return;
    this.undone.add(k);
    const rel = path.slice(1);
    let v: unknown = this.root;
    for (const p of rel) {
      if (v === null || typeof v !== 'object') {
        v = undefined;
        break;
      }
      const raw = rawOf(v) as Record<string, unknown>;
      v = Object.hasOwn(raw, p) ? (v as Record<string, unknown>)[p] : undefined;
    }
    // Changed inside (an item's events): a copy; replaced or deleted: the object itself.
    // (Records are JSON data; a JSON round trip copies them several times faster than structuredClone.)
    this.undo.push({ path: rel, value: inside && v !== null && typeof v === 'object' ? (JSON.parse(JSON.stringify(v)) as unknown) : v });
  }

  /** Notes a whole workspace as changed (it was created). */
  markWorkspace(workspace: string): void {
    this.mark([workspace]);
  }

  /** The object behind a proxy (anything else as it is). */
  unwrap<T>(value: T): T {
    if (value !== null && typeof value === 'object') return (this.targets.get(value) as T | undefined) ?? value;
    return value;
  }

  /**
   * A value about to be stored, with every proxy inside it replaced by its object (a new object
   * may hold parts read through the update's proxies). Objects already in the data hold none.
   */
  private unwrapDeep<T>(value: T): T {
    if (value === null || typeof value !== 'object') return value;
    const target = this.targets.get(value);
    if (target) return target as T;
    if (!isPlain(value)) return value;
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const child = o[k];
      if (child !== null && typeof child === 'object') {
        const u = this.unwrapDeep(child);
        if (u !== child) o[k] = u;
      }
    }
    return value;
  }

  /** The records changed since the last call, each once, ancestors before (and instead of) descendants. */
  take(): RecordPath[] {
    const paths = [...this.dirty.values()];
    this.dirty = new Map();
    return coverPaths(paths);
  }

  get pending(): boolean {
    return this.dirty.size > 0;
  }

  private mark(path: RecordPath): void {
    this.dirty.set(key(path), path);
  }

  private proxy(target: object, path: RecordPath): object {
    const known = this.cache.get(target);
    if (known) return known;
    // Inside an array, or deep inside a record, every change marks the same record.
    const fixed = Array.isArray(target) || path.length > RECORD_DEPTH;
    const childPath = (k: string): RecordPath => (fixed ? path : [...path, k]);
    const before = (k: string): void => {
      const p = childPath(k);
      this.remember(p, fixed);
      this.mark(p);
    };
    // The depth below the workspace of a value stored here (objects above RECORD_DEPTH lose their prototype).
    const store = (v: unknown): unknown => (fixed ? this.unwrapDeep(v) : adopt(this.unwrapDeep(v), path.length));
    const proxy = new Proxy(target, {
      get: (t, k) => {
        const v: unknown = Reflect.get(t, k);
        if (typeof k === 'symbol' || !isPlain(v) || Object.isFrozen(t) || !Object.hasOwn(rawOf(t), k)) return v;
        return this.proxy(v as object, childPath(k));
      },
      set: (t, k, v) => {
        if (typeof k === 'symbol') return Reflect.set(t, k, v);
        before(k);
        return Reflect.set(t, k, store(v));
      },
      deleteProperty: (t, k) => {
        if (typeof k !== 'symbol') before(k);
        return Reflect.deleteProperty(t, k);
      },
      defineProperty: (t, k, desc) => {
        if (typeof k !== 'symbol') before(k);
        return Reflect.defineProperty(t, k, 'value' in desc ? { ...desc, value: store(desc.value) } : desc);
      },
    });
    this.cache.set(target, proxy);
    this.targets.set(proxy, target);
    return proxy;
  }
}

/** Paths once each, ancestors before (and instead of) descendants. */
export function coverPaths(paths: RecordPath[]): RecordPath[] {
  const sorted = [...paths].sort((a, b) => a.length - b.length);
  const kept = new Set<string>();
  const out: RecordPath[] = [];
  for (const p of sorted) {
    const k = key(p);
    if (kept.has(k)) continue;
    let covered = false;
    for (let i = 1; i < p.length && !covered; i++) covered = kept.has(key(p.slice(0, i)));
    if (covered) continue;
    kept.add(k);
    out.push(p);
  }
  return out;
}

export function key(path: readonly string[]): string {
  return path.join('\u0000');
}

function isPlain(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || v === Object.prototype) return false;
  if (Array.isArray(v)) return true;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The value at a record path below a workspace (undefined when absent). */
export function valueAt(ws: Readonly<WorkspaceData>, path: readonly string[]): unknown {
  let v: unknown = ws;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.hasOwn(rawOf(v), k) ? (v as Record<string, unknown>)[k] : undefined;
  }
  return v;
}

/** Puts records back as an undo log says, newest change first. */
export function applyUndo(ws: WorkspaceData, log: UndoLog): void {
  for (let i = log.length - 1; i >= 0; i--) setIn(ws as Record<string, unknown>, log[i]!.path, log[i]!.value);
}
