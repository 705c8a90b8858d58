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

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A sound header or trailer as headerShape / trailerShape give it, in plain code (zod is not set up for it). */
function headerOf(h: unknown): { sellerdesk: 'workspace'; version: number; workspace: string; journalSeq: number } | undefined {
  if (!isObject(h) || h.sellerdesk !== 'workspace' || !isCount(h.version) || h.version === 0 || typeof h.workspace !== 'string' || !isCount(h.journalSeq)) return undefined;
  return { sellerdesk: 'workspace', version: h.version, workspace: h.workspace, journalSeq: h.journalSeq };
}
function trailerOf(t: unknown): { end: true; records: number; crc: string } | undefined {
  if (!isObject(t) || t.end !== true || !isCount(t.records) || typeof t.crc !== 'string') return undefined;
  return { end: true, records: t.records, crc: t.crc };
}

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
    const json: unknown = JSON.parse(bytes.toString('utf8', 0, headerEnd));
    const quick = headerOf(json);
    if (quick) header = quick;
    else {
      const h = headerShape().safeParse(json);
      if (!h.success) throw new Error('bad header');
      header = h.data;
    }
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
    const json: unknown = JSON.parse(bytes.toString('utf8', trailerStart, bytes.length - 1));
    const quick = trailerOf(json);
    if (quick) trailer = quick;
    else {
      const t = trailerShape().safeParse(json);
      if (!t.success) throw new Error('bad trailer');
      trailer = t.data;
    }
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
    if (run && nl - offset > runLength && samePrefix(bytes, runStart, offset, runLength)) {
      // A key without escapes or control bytes ends at its first quote, which must open `"]\t`
      // and a value that is an object or a list (a fourth key would not: refused below).
      const keyStart = offset + runLength;
      let i = keyStart;
      // Its value as an array index when it is one (`12`: no leading zero, nine digits at most),
      // which names the same property as the string and spares decoding it.
      let index = 0;
      let digits = true;
      for (; i < nl; i++) {
        const b = bytes[i]!;
        if (b === 0x22 || b === 0x5c || b < 0x20) break;
        if (digits && b >= 0x30 && b <= 0x39) index = index * 10 + b - 0x30;
        else digits = false;
      }
      const first = bytes[i + 3];
      if (i > keyStart && i + 3 < nl && bytes[i] === 0x22 && bytes[i + 1] === 0x5d && bytes[i + 2] === 0x09 && (first === 0x7b || first === 0x5b)) {
        const plainIndex = digits && i - keyStart <= 9 && (bytes[keyStart] !== 0x30 || i - keyStart === 1);
        run[plainIndex ? index : bytes.toString('utf8', keyStart, i)] = new Lazy(bytes, i + 3, nl);
        lazy++;
        offset = nl + 1;
        continue;
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

/** The `length` bytes at `a` and at `b` are the same (a loop: far cheaper than Buffer.compare for a few bytes). */
function samePrefix(bytes: Buffer, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
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
    // Lines are written straight into the chunk: one string of a megabyte per chunk would be
    // allocated in the old generation, and a fold of 300,000 items would set off full collections.
    const chunk = new ChunkWriter();
    for (;;) {
      const next = records.next();
      if (next.done) {
        done = true;
        break;
      }
      const [path, value] = next.value;
      const head = `${JSON.stringify(path)}\t`;
      if (value instanceof Lazy) chunk.lazyLine(head, value);
      else {
        const text = JSON.stringify(value);
        if (text === undefined) continue;
        chunk.line(`${head}${text}\n`);
      }
      count++;
      if (chunk.full || ((count & 63) === 0 && monotonicMs() - t0 > SLICE_MS)) break;
    }
    for (const c of chunk.take()) {
      crc = crc32(c, crc);
      yield c;
    }
  }
  const trailer = Buffer.from(`${JSON.stringify({ end: true, records: count, crc: crc.toString(16) })}\n`, 'utf8');
  yield trailer;
}

/** Lines of a snapshot gathered into buffers of about CHUNK_BYTES (a longer line gets one of its own). */
class ChunkWriter {
  private readonly done: Buffer[] = [];
  private buf: Buffer | undefined;
  private used = 0;

  /** Time to yield the chunk: a buffer is filled, or nearly (so a chunk is rarely cut in two). */
  get full(): boolean {
    return this.done.length > 0 || this.used > CHUNK_BYTES - (CHUNK_BYTES >> 4);
  }

  line(text: string): void {
    // At most 3 bytes of UTF-8 per UTF-16 unit.
    if (text.length * 3 > CHUNK_BYTES) {
      this.close();
      this.done.push(Buffer.from(text, 'utf8'));
      return;
    }
    const buf = this.room(text.length * 3);
    this.used += buf.write(text, this.used, 'utf8');
  }

  /** A record still unparsed: its bytes as they were read. */
  lazyLine(head: string, value: Lazy): void {
    const size = head.length * 3 + (value.end - value.start) + 1;
    if (size > CHUNK_BYTES) {
      this.close();
      this.done.push(Buffer.concat([Buffer.from(head, 'utf8'), value.bytes.subarray(value.start, value.end), Buffer.from('\n')]));
      return;
    }
    const buf = this.room(size);
    this.used += buf.write(head, this.used, 'utf8');
    this.used += value.bytes.copy(buf, this.used, value.start, value.end);
    buf[this.used++] = 0x0a;
  }

  /** The buffers filled so far. */
  take(): Buffer[] {
    this.close();
    return this.done.splice(0);
  }

  private room(bytes: number): Buffer {
    if (this.buf && this.used + bytes > this.buf.length) this.close();
    this.buf ??= Buffer.allocUnsafe(CHUNK_BYTES);
    return this.buf;
  }

  private close(): void {
    if (this.buf && this.used > 0) this.done.push(this.buf.subarray(0, this.used));
    this.buf = undefined;
    this.used = 0;
  }
}

/** Every record of a workspace: values three keys down, or shallower values that are not maps. */
function* walk(ws: WorkspaceData): Generator<[string[], unknown]> {
  const w = rawOf(ws) as Record<string, unknown>;
  // Each map's keys are listed once: for a map of 100,000 items that alone takes milliseconds.
  for (const k1 of Object.keys(w)) {
    const v1 = rawOf(w[k1]);
    const keys1 = isObj(v1) ? Object.keys(v1) : [];
    if (!isObj(v1) || !keys1.length) {
      if (Object.hasOwn(w, k1)) yield [[k1], v1];
      continue;
    }
    for (const k2 of keys1) {
      if (!Object.hasOwn(v1, k2)) continue;
      const v2 = rawOf(v1[k2]);
      const keys2 = isObj(v2) ? Object.keys(v2) : [];
      if (!isObj(v2) || !keys2.length) {
        yield [[k1, k2], v2];
        continue;
      }
      for (const k3 of keys2) if (Object.hasOwn(v2, k3)) yield [[k1, k2, k3], v2[k3]];
    }
  }
}
