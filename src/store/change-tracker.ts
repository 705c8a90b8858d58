import type { WorkspaceData } from './types.js';

/**
 * Which records an update changed, so a store can persist those records instead of the whole
 * data set. A record is the value at a path of at most RECORD_DEPTH keys below a workspace
 * (`track` › `items` › `12`; `settings` › `timezone`); a change anywhere inside a record marks the
 * record, and a change inside an array marks the whole array.
 *
 * The update function gets the workspace through proxies that note every write (set, delete,
 * define) with its path; reads are not noted. Only plain objects and arrays are wrapped.
 */
export const RECORD_DEPTH = 3;

/** A changed record: [workspace, key, …] with at most RECORD_DEPTH keys. */
export type RecordPath = string[];

export class ChangeTracker {
  private dirty = new Map<string, RecordPath>();
  /** Proxy → its object, to store objects rather than proxies when a proxy is assigned. */
  private readonly targets = new WeakMap<object, object>();
  /** Object → proxy for the current update (so one object reads as one proxy within it). */
  private cache = new WeakMap<object, object>();

  /** The workspace as the update function sees it. */
  wrap(ws: WorkspaceData, workspace: string): WorkspaceData {
    this.cache = new WeakMap();
    return this.proxy(ws, [workspace]) as WorkspaceData;
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
    const paths = [...this.dirty.values()].sort((a, b) => a.length - b.length);
    this.dirty = new Map();
    const kept = new Set<string>();
    const out: RecordPath[] = [];
    for (const p of paths) {
      let covered = false;
      for (let i = 1; i < p.length && !covered; i++) covered = kept.has(key(p.slice(0, i)));
      if (covered) continue;
      kept.add(key(p));
      out.push(p);
    }
    return out;
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
    const proxy = new Proxy(target, {
      get: (t, k) => {
        const v: unknown = Reflect.get(t, k);
        if (typeof k === 'symbol' || !isPlain(v) || Object.isFrozen(t)) return v;
        return this.proxy(v as object, childPath(k));
      },
      set: (t, k, v) => {
        if (typeof k !== 'symbol') this.mark(childPath(k));
        return Reflect.set(t, k, this.unwrapDeep(v));
      },
      deleteProperty: (t, k) => {
        if (typeof k !== 'symbol') this.mark(childPath(k));
        return Reflect.deleteProperty(t, k);
      },
      defineProperty: (t, k, desc) => {
        if (typeof k !== 'symbol') this.mark(childPath(k));
        return Reflect.defineProperty(t, k, 'value' in desc ? { ...desc, value: this.unwrapDeep(desc.value) } : desc);
      },
    });
    this.cache.set(target, proxy);
    this.targets.set(proxy, target);
    return proxy;
  }
}

function key(path: RecordPath): string {
  return path.join('\u0000');
}

function isPlain(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return true;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The value at a record path in the data (undefined when absent). */
export function valueAt(workspaces: Record<string, unknown>, path: RecordPath): unknown {
  let v: unknown = workspaces;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
  }
  return v;
}

/** Sets (or, with undefined, deletes) the value at a record path, creating objects on the way. */
export function setAt(workspaces: Record<string, unknown>, path: RecordPath, value: unknown): void {
  let o = workspaces as Record<string, unknown>;
  for (const k of path.slice(0, -1)) {
    let next = o[k];
    if (next === null || typeof next !== 'object') {
      if (value === undefined) return;
      next = {};
      o[k] = next;
    }
    o = next as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = value;
}
