import { RECORD_DEPTH } from './change-tracker.js';
import type { WorkspaceData } from './types.js';

/**
 * A workspace as rows of records, for a database store: the same records the change tracker notes
 * (the value at a path of at most RECORD_DEPTH keys: `track` › `items` › `12`), so an update
 * writes the rows of the records it changed, whatever the size of the workspace.
 *
 * Canonical form: a plain object above RECORD_DEPTH is split into the records of its keys (an empty
 * one is a record of its own); anything else (a value, an array, an object at RECORD_DEPTH) is one
 * record. Writing a path replaces every record at or below it.
 *
 * A record's key is its path, each key URI-encoded (so `/` separates), e.g. `track/items/12`.
 */

export interface RecordRow {
  key: string;
  depth: number;
  /** JSON text of the value. */
  json: string;
}

export function encodeKey(path: readonly string[]): string {
  return path.map((k) => encodeURIComponent(k)).join('/');
}

function decodeKey(key: string): string[] {
  return key.split('/').map((k) => decodeURIComponent(k));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The records of the value at a path (relative to the workspace), in canonical form. */
export function explode(path: readonly string[], value: unknown, out: RecordRow[] = []): RecordRow[] {
  if (value === undefined) return out;
  if (path.length < RECORD_DEPTH && isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (keys.length > 0 || path.length === 0) {
      for (const k of keys) explode([...path, k], value[k], out);
      return out;
    }
  }
  out.push({ key: encodeKey(path), depth: path.length, json: JSON.stringify(value) });
  return out;
}

/** The records of a whole workspace. */
export function workspaceRecords(ws: Readonly<WorkspaceData>): RecordRow[] {
  return explode([], ws);
}

/**
 * Builds a workspace from its records, shallow ones first (a deeper record lies inside a
 * shallower empty one). Missing top-level fields are filled in.
 */
export function assemble(rows: readonly { key: string; value: unknown }[]): WorkspaceData {
  const root: Record<string, unknown> = {};
  const sorted = [...rows].sort((a, b) => depthOf(a.key) - depthOf(b.key));
  for (const r of sorted) setAt(root, decodeKey(r.key), r.value);
  return withDefaults(root);
}

function withDefaults(root: Record<string, unknown>): WorkspaceData {
  if (!isPlainObject(root.settings)) root.settings = {};
  if (!isPlainObject(root.users)) root.users = {};
  if (!isPlainObject(root.channels)) root.channels = {};
  return root as WorkspaceData;
}

function depthOf(key: string): number {
  let n = 1;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 47) n++;
  return n;
}

/**
 * Applies rows changed since a known version to a workspace in memory: deleted records first
 * (value undefined), then the others, shallow ones first.
 */
export function applyChanges(ws: WorkspaceData, rows: readonly { key: string; value: unknown; deleted: boolean }[]): void {
  const root = ws as unknown as Record<string, unknown>;
  for (const r of rows) if (r.deleted) setAt(root, decodeKey(r.key), undefined);
  const live = rows.filter((r) => !r.deleted).sort((a, b) => depthOf(a.key) - depthOf(b.key));
  for (const r of live) setAt(root, decodeKey(r.key), r.value);
  withDefaults(root);
}

/** Sets (or, with undefined, deletes) the value at a path, creating plain objects on the way; only own keys count, so any id is data. */
function setAt(root: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = root;
  for (const k of path.slice(0, -1)) {
    let next = Object.hasOwn(o, k) ? o[k] : undefined;
    if (next === null || typeof next !== 'object') {
      if (value === undefined) return;
      next = {};
      Object.defineProperty(o, k, { value: next, writable: true, enumerable: true, configurable: true });
    }
    o = next as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete o[last];
  else Object.defineProperty(o, last, { value, writable: true, enumerable: true, configurable: true });
}
