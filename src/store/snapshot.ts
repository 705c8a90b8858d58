import { crc32 } from './crc32.js';
import { z } from 'zod';
import { StoreError } from './errors.js';
import { once } from '../once.js';
import { Lazy, lazyMap, rawOf, type Materialize } from './lazy.js';
import { emptyWorkspace, type WorkspaceData } from './types.js';

/**
 * One workspace's snapshot file (format version 3):
 *
 *   {"sellerdesk":"workspace","version":3,"workspace":"T0123","journalSeq":41}
 *   ["settings","timezone"]\t"Asia/Taipei"
 *   ["track","items","12"]\t{"id":"12",…}
 *   …
 *   {"end":true,"records":2,"crc":"1c291ca3"}
 *
 * One record per line: its path below the workspace (at most three keys: `track` › `items` ›
 * `12`) and its value, so a record can be read without parsing the others, and copied from an
 * older snapshot without parsing it at all. The last line counts the records and carries the
 * CRC-32 of every byte before it: a file that was changed, cut short or bit-flipped is refused.
 */
const SNAPSHOT_VERSION = 3;
/** Records deeper than this many keys are part of the record above them. */
const RECORD_DEPTH = 3;

const headerShape = once(() =>
  z.object({
    sellerdesk: z.literal('workspace'),
    version: z.number().int().positive(),
    workspace: z.string(),
    journalSeq: z.number().int().nonnegative(),
  }),
);
const trailerShape = once(() => z.object({ end: z.literal(true), records: z.number().int().nonnegative(), crc: z.string() }));

export interface LoadedSnapshot {
  journalSeq: number;
  data: WorkspaceData;
  /** Lazy records still unparsed at load (for figures). */
  lazy: number;
  /** The paths of the records parsed at load (the others are checked when first read). */
  parsed: string[][];
}

export type MaterializeFor = (mapPath: readonly string[]) => Materialize;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Objects at the top three levels of a workspace (the workspace, a feature, a map inside it)
 * are keyed by ids that come from users and platforms (`__proto__`, `constructor`), so they
 * have no prototype: every key is data. `depth` is the value's depth (0: the workspace).
 */
export function adopt(value: unknown, depth: number): unknown {
  if (depth >= RECORD_DEPTH || !isObj(value)) return value;
  const raw = rawOf(value);
  if (Object.getPrototypeOf(raw) !== null) Object.setPrototypeOf(raw, null);
  for (const k of Object.keys(raw)) adopt(raw[k], depth + 1);
  return value;
}

/** Sets (or, with undefined, deletes) the value at a record path in a workspace, creating maps on the way. */
export function setIn(ws: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = ws;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    const found = Object.hasOwn(rawOf(o), k) ? o[k] : undefined;
    let next: Record<string, unknown>;
    if (isObj(found)) next = found;
    else {
      if (value === undefined) return;
      next = Object.create(null) as Record<string, unknown>;
      o[k] = next;
    }
    o = next;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = adopt(value, path.length);
}

function damaged(file: string, why: string): StoreError {
  return new StoreError(
    `the data file ${file} is damaged (${why}); it was left as it is. Restore it from a backup (the data folder holds one file per workspace; the others are fine).`,
    file,
  );
}

/** Reads a snapshot; throws a StoreError naming the file when it cannot be trusted. */
export function parseSnapshot(file: string, bytes: Buffer, workspace: string, materializeFor: MaterializeFor): LoadedSnapshot {
  const headerEnd = bytes.indexOf(0x0a);
  if (headerEnd < 0) throw damaged(file, 'no header line');
  let header: z.infer<ReturnType<typeof headerShape>>;
  try {
    const h = headerShape().safeParse(JSON.parse(bytes.toString('utf8', 0, headerEnd)));
    if (!h.success) throw new Error('bad header');
    header = h.data;
  } catch {
    throw damaged(file, 'its first line is not a sellerdesk workspace header');
  }
  if (header.version > SNAPSHOT_VERSION) {
    throw new StoreError(
      `the data file ${file} has format version ${header.version}, newer than this sellerdesk understands (${SNAPSHOT_VERSION}); upgrade sellerdesk. The file was left as it is.`,
      file,
    );
  }
  if (header.workspace !== workspace) throw damaged(file, `it holds workspace ${JSON.stringify(header.workspace)}, not ${JSON.stringify(workspace)}`);
  if (bytes.length < 2 || bytes[bytes.length - 1] !== 0x0a) throw damaged(file, 'it is cut short: no end line');
  const trailerStart = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
  let trailer: z.infer<ReturnType<typeof trailerShape>>;
  try {
    const t = trailerShape().safeParse(JSON.parse(bytes.toString('utf8', trailerStart, bytes.length - 1)));
    if (!t.success) throw new Error('bad trailer');
    trailer = t.data;
  } catch {
    throw damaged(file, 'it is cut short: no end line');
  }
  if (crc32(bytes.subarray(0, trailerStart)).toString(16) !== trailer.crc) throw damaged(file, 'checksum mismatch: some bytes changed since it was written');

  const data = emptyWorkspace() as Record<string, unknown>;
  const withLazy: { parent: Record<string, unknown>; path: string[] }[] = [];
  const lazyParents = new Set<object>();
  const parsed: string[][] = [];
  let offset = headerEnd + 1;
  let count = 0;
  let lazy = 0;
  // The map the last unparsed record went to, and its path's first bytes (`["track","items","`):
  // the records of a map come one after another, so most lines only need their key read.
  let run: Record<string, unknown> | undefined;
  let runStart = 0;
  let runLength = 0;
  while (offset < trailerStart) {
    const nl = bytes.indexOf(0x0a, offset);
    count++;
    if (run && nl - offset > runLength && bytes.compare(bytes, runStart, runStart + runLength, offset, offset + runLength) === 0) {
      // A key without escapes holds no quote or tab, so it ends at the first `"]\t`.
      const keyStart = offset + runLength;
      const tab = bytes.indexOf(0x09, keyStart);
      const first = bytes[tab + 1];
      if (tab > keyStart + 1 && tab < nl && bytes[tab - 1] === 0x5d && bytes[tab - 2] === 0x22 && (first === 0x7b || first === 0x5b)) {
        // No escape, and no quote before the closing one (a fourth key would be one: refused below).
        const keyEnd = tab - 2;
        let i = keyStart;
        while (i < keyEnd && bytes[i] !== 0x5c && bytes[i] !== 0x22) i++;
        if (i === keyEnd) {
          run[bytes.toString('utf8', keyStart, keyEnd)] = new Lazy(bytes, tab + 1, nl);
          lazy++;
          offset = nl + 1;
          continue;
        }
      }
    }
    const tab = bytes.indexOf(0x09, offset);
    if (tab < 0 || tab > nl) throw damaged(file, `record ${count} has no value`);
    let path: unknown;
    const text = bytes.toString('utf8', offset, tab);
    // Most paths are plain keys (`["track","items","12"]`): split them without the JSON parser.
    const plain = text.length > 4 && text.startsWith('["') && text.endsWith('"]') && !text.includes('\\');
    if (plain) path = text.slice(2, -2).split('","');
    else {
      try {
        path = JSON.parse(text);
      } catch {
        throw damaged(file, `record ${count} has a bad path`);
      }
    }
    if (!Array.isArray(path) || path.length < 1 || path.length > RECORD_DEPTH || !path.every((k) => typeof k === 'string')) throw damaged(file, `record ${count} has a bad path`);
    const keys = path as string[];
    const first = bytes[tab + 1];
    if (keys.length === RECORD_DEPTH && (first === 0x7b || first === 0x5b)) {
      // An object or list three keys down (an item, a ledger entry): parsed when first read.
      let parent = data;
      for (const k of keys.slice(0, -1)) {
        let next = Object.hasOwn(parent, k) ? parent[k] : undefined;
        if (!isObj(next)) parent[k] = next = Object.create(null) as Record<string, unknown>;
        parent = next as Record<string, unknown>;
      }
      parent[keys[2]!] = new Lazy(bytes, tab + 1, nl);
      lazy++;
      if (!lazyParents.has(parent)) {
        lazyParents.add(parent);
        withLazy.push({ parent, path: keys.slice(0, -1) });
      }
      if (plain) {
        run = parent;
        runStart = offset;
        runLength = Buffer.byteLength(`["${keys[0]!}","${keys[1]!}","`, 'utf8');
      } else run = undefined;
    } else {
      let value: unknown;
      try {
        value = JSON.parse(bytes.toString('utf8', tab + 1, nl));
      } catch {
        throw damaged(file, `record ${count} (${keys.join('.')}) is not valid JSON`);
      }
      setIn(data, keys, value);
      parsed.push(keys);
      run = undefined;
    }
    offset = nl + 1;
  }
  if (count !== trailer.records) throw damaged(file, `${count} records where its end line says ${trailer.records}`);
  for (const { parent, path } of withLazy) {
    let grand = data;
    for (const k of path.slice(0, -1)) grand = grand[k] as Record<string, unknown>;
    grand[path[path.length - 1]!] = lazyMap(parent, materializeFor(path));
  }
  return { journalSeq: header.journalSeq, data: data as WorkspaceData, lazy, parsed };
}

export interface SnapshotSource {
  /** True when every change in memory is durable (no write in flight or failed-and-pending). */
  quiet(): boolean;
  /** Resolves when the writes in flight have settled. */
  settled(): Promise<void>;
}

/** Milliseconds on a monotonic clock (node:perf_hooks' performance would be loaded at every start for this). */
const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
/** Each slice of work runs at most this long before it yields to the event loop. */
const SLICE_MS = 5;
const CHUNK_BYTES = 1 << 20;

/**
 * The snapshot of a live workspace, as chunks of bytes. It is written while the bot runs: each
 * slice serializes records for a few milliseconds and only when every change in memory is
 * durable, so the file holds nothing a failed write made; records already written may be newer
 * than journalSeq (a change made between slices), which replaying the journal after journalSeq
 * makes right again (every journal record is a whole value). Unparsed records are copied as the
 * bytes they were read as.
 */
export async function* snapshotChunks(workspace: string, journalSeq: number, ws: WorkspaceData, source: SnapshotSource): AsyncGenerator<Buffer> {
  const header = `${JSON.stringify({ sellerdesk: 'workspace', version: SNAPSHOT_VERSION, workspace, journalSeq })}\n`;
  let crc = 0;
  const first = Buffer.from(header, 'utf8');
  crc = crc32(first, crc);
  yield first;
  const records = walk(ws);
  let count = 0;
  let done = false;
  while (!done) {
    while (!source.quiet()) await source.settled();
    const t0 = monotonicMs();
    const parts: string[] = [];
    let bytes = 0;
    for (;;) {
      const next = records.next();
      if (next.done) {
        done = true;
        break;
      }
      const [path, value] = next.value;
      const text = value instanceof Lazy ? value.text() : JSON.stringify(value);
      if (text === undefined) continue;
      const line = `${JSON.stringify(path)}\t${text}\n`;
      parts.push(line);
      bytes += line.length;
      count++;
      if (bytes >= CHUNK_BYTES || ((count & 63) === 0 && monotonicMs() - t0 > SLICE_MS)) break;
    }
    if (parts.length) {
      const chunk = Buffer.from(parts.join(''), 'utf8');
      crc = crc32(chunk, crc);
      yield chunk;
    }
  }
  const trailer = Buffer.from(`${JSON.stringify({ end: true, records: count, crc: crc.toString(16) })}\n`, 'utf8');
  yield trailer;
}

/** Every record of a workspace: values three keys down, or shallower values that are not maps. */
function* walk(ws: WorkspaceData): Generator<[string[], unknown]> {
  const w = rawOf(ws) as Record<string, unknown>;
  for (const k1 of Object.keys(w)) {
    const v1 = rawOf(w[k1]);
    if (!isObj(v1) || !Object.keys(v1).length) {
      if (Object.hasOwn(w, k1)) yield [[k1], v1];
      continue;
    }
    for (const k2 of Object.keys(v1)) {
      if (!Object.hasOwn(v1, k2)) continue;
      const v2 = rawOf(v1[k2]);
      if (!isObj(v2) || !Object.keys(v2).length) {
        yield [[k1, k2], v2];
        continue;
      }
      for (const k3 of Object.keys(v2)) if (Object.hasOwn(v2, k3)) yield [[k1, k2, k3], v2[k3]];
    }
  }
}
