import { crc32 } from './crc32.js';
import { StoreError, StoreWriteError } from './errors.js';

export { StoreWriteError };
import { syncDir } from './atomic-file.js';
import { errCode, RW_CREATE, writeAll, type StoreFs } from './fs.js';
import { dirname } from 'node:path';

/** A changed record: its path and new value, or its path alone when it was deleted. */
export type JournalRecord = readonly [string[], unknown] | readonly [string[]];

export interface JournalEntry {
  seq: number;
  records: JournalRecord[];
}

/** One journal file as read: its entries and how many of its bytes are whole lines. */
export interface Segment {
  path: string;
  entries: JournalEntry[];
  /** Bytes of whole, valid lines; anything after them is a torn last write. */
  good: number;
  /** The file's size when read. */
  size: number;
}

/**
 * One journal file's bytes as entries. Each line is `<json>\t<crc32>\n`. A last line without its
 * newline is a write that never completed (the process died or the disk filled during it): it is
 * not an entry, and it is cut off before the next append (not now: opening writes nothing). A
 * complete line that fails its checksum or its shape is damage, not a torn write: opening stops and
 * the file is left as it is.
 */
export function parseSegment(path: string, bytes: Buffer, allowTorn: boolean): Segment {
  const entries: JournalEntry[] = [];
  let offset = 0;
  let line = 0;
  while (offset < bytes.length) {
    const nl = bytes.indexOf(0x0a, offset);
    if (nl < 0) break;
    line++;
    const entry = parseLine(bytes.subarray(offset, nl).toString('utf8'));
    if (!entry) {
      throw new StoreError(
        `the journal ${path} is damaged at line ${line} (byte ${offset}): a complete line fails its checksum or shape, which an interrupted write cannot cause. It was left as it is. Restore the data from a backup; or, to keep the writes before that line and lose the ones after it, cut the journal there (truncate -s ${offset} '${path}') and start again.`,
        path,
      );
    }
    const prev = entries.at(-1);
    if (prev && entry.seq !== prev.seq + 1) {
      throw new StoreError(
        `the journal ${path} is damaged at line ${line}: write ${entry.seq} follows write ${prev.seq}. It was left as it is. Restore the data from a backup.`,
        path,
      );
    }
    entries.push(entry);
    offset = nl + 1;
  }
  if (offset < bytes.length && !allowTorn) {
    throw new StoreError(
      `the journal ${path} ends in an incomplete line, but it is not the newest journal; it was left as it is. Restore the data from a backup.`,
      path,
    );
  }
  return { path, entries, good: offset, size: bytes.length };
}

function formatLine(seq: number, records: readonly JournalRecord[]): Buffer {
  const json = JSON.stringify({ seq, r: records });
  return Buffer.from(`${json}\t${crc32(json).toString(16)}\n`, 'utf8');
}

/**
 * The journal a workspace appends to. Each append is one line at the end of the good bytes,
 * fsynced before it is confirmed. If the write or the fsync fails (a full disk), the file is cut
 * back to where the line started before anything else is written, so no fragment stays between
 * two confirmed writes; if even that fails, every later append first retries the cut.
 */
export class JournalWriter {
  private fd: number | undefined;
  /** Bytes of confirmed lines. */
  size: number;
  /** Bytes after `size` that are not confirmed (a torn or failed write). */
  private dirtyTail: boolean;
  private dirSynced = false;

  constructor(
    private readonly io: StoreFs,
    readonly path: string,
    /** The last sequence number written. */
    public seq: number,
    existing: Segment | undefined,
  ) {
    this.size = existing?.good ?? 0;
    this.dirtyTail = existing ? existing.good < existing.size : false;
  }

  async append(records: readonly JournalRecord[]): Promise<void> {
    const line = formatLine(this.seq + 1, records);
    try {
      this.fd ??= await this.io.open(this.path, RW_CREATE, 0o600);
      // The file's name is durable before its first line is confirmed (retried until it is).
      if (!this.dirSynced) {
        await syncDir(dirname(this.path), this.io);
        this.dirSynced = true;
      }
      if (this.dirtyTail) {
        await this.io.ftruncate(this.fd, this.size);
        this.dirtyTail = false;
      }
      this.dirtyTail = true;
      await writeAll(this.io, this.fd, line, this.size);
      await this.io.fsync(this.fd);
      this.dirtyTail = false;
    } catch (err) {
      if (this.fd !== undefined && this.dirtyTail) {
        try {
          await this.io.ftruncate(this.fd, this.size);
          await this.io.fsync(this.fd);
          this.dirtyTail = false;
        } catch {
          // Still dirty: the next append cuts it back first (or fails too).
        }
      }
      throw new StoreWriteError(`cannot write the journal ${this.path} (${errCode(err) ?? (err as Error).message})`, errCode(err), { cause: err });
    }
    this.seq += 1;
    this.size += line.length;
  }

  async close(): Promise<void> {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) await this.io.close(fd);
  }
}

function parseLine(line: string): JournalEntry | undefined {
  const tab = line.lastIndexOf('\t');
  if (tab < 0) return undefined;
  const json = line.slice(0, tab);
  if (crc32(json).toString(16) !== line.slice(tab + 1)) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (v === null || typeof v !== 'object') return undefined;
  const { seq, r } = v as { seq?: unknown; r?: unknown };
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || !Array.isArray(r)) return undefined;
  for (const rec of r) {
    if (!Array.isArray(rec) || rec.length < 1 || rec.length > 2 || !Array.isArray(rec[0]) || rec[0].length < 1 || !rec[0].every((k) => typeof k === 'string')) return undefined;
  }
  return { seq, records: r as JournalRecord[] };
}
