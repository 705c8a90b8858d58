import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { StoreError } from '../core/errors.js';
import type { RecordPath } from './change-tracker.js';

/** A changed record: its path and new value, or its path alone when it was deleted. */
export type JournalRecord = readonly [RecordPath, unknown] | readonly [RecordPath];

export interface JournalEntry {
  seq: number;
  records: JournalRecord[];
}

/**
 * The append-only journal beside the data file. Each write is one line, `<json>\t<crc32>\n`,
 * fsynced before the write is confirmed. Lines carry increasing sequence numbers; the snapshot
 * records the last one it includes.
 */
export class Journal {
  /** What was read at open (the store replays, then drops them). */
  entries: JournalEntry[] = [];
  /** The last sequence number used. */
  seq = 0;
  /** Bytes in the file now. */
  size = 0;
  private fh: FileHandle | undefined;

  private constructor(private readonly file: string) {}

  /**
   * Reads the journal. A last line that is torn or fails its checksum is a write that was never
   * confirmed (the process died during it): it is cut off. A bad line before the last one means
   * the file is damaged: opening stops, the file untouched.
   */
  static async open(file: string): Promise<Journal> {
    const j = new Journal(file);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return j;
      throw new StoreError(`cannot read the journal ${file} (${code ?? (err as Error).message}); it was left as it is`, file, { cause: err });
    }
    let offset = 0;
    let good = 0;
    const lines: { start: number; end: number }[] = [];
    while (offset < bytes.length) {
      const nl = bytes.indexOf(0x0a, offset);
      if (nl < 0) break;
      lines.push({ start: offset, end: nl });
      offset = nl + 1;
    }
    const torn = offset < bytes.length;
    for (let i = 0; i < lines.length; i++) {
      const { start, end } = lines[i]!;
      const entry = parseLine(bytes.subarray(start, end).toString('utf8'));
      const last = i === lines.length - 1 && !torn;
      if (!entry || entry.seq <= j.seq) {
        if (last && entry === undefined) break; // an unconfirmed last write
        throw new StoreError(
          `the journal ${file} is damaged at line ${i + 1} (${entry ? 'sequence out of order' : 'bad checksum or shape'}); it was left as it is. Restore the data file and its journal from a backup.`,
          file,
        );
      }
      j.entries.push(entry);
      j.seq = entry.seq;
      good = end + 1;
    }
    j.size = good;
    if (good < bytes.length) {
      const fh = await open(file, 'r+');
      try {
        await fh.truncate(good);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    return j;
  }

  /** Appends one entry and waits until it is on disk. */
  async append(records: JournalRecord[]): Promise<void> {
    const json = JSON.stringify({ seq: this.seq + 1, r: records });
    const line = Buffer.from(`${json}\t${crc32(json).toString(16)}\n`, 'utf8');
    this.fh ??= await open(this.file, 'a', 0o600);
    await this.fh.write(line);
    await this.fh.sync();
    this.seq += 1;
    this.size += line.length;
  }

  /** Empties the journal (its entries are in the snapshot now). */
  async clear(): Promise<void> {
    if (this.size === 0 && !this.fh) return;
    this.fh ??= await open(this.file, 'a', 0o600);
    await this.fh.truncate(0);
    await this.fh.sync();
    this.size = 0;
  }

  /** Closes the file handle and leaves the file as it is (what a crash leaves). */
  async release(): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
  }

  /** Closes the file; an empty journal is removed. */
  async close(): Promise<void> {
    await this.fh?.close();
    this.fh = undefined;
    if (this.size === 0) await unlink(this.file).catch(() => undefined);
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
    if (!Array.isArray(rec) || rec.length < 1 || rec.length > 2 || !Array.isArray(rec[0]) || !rec[0].every((k) => typeof k === 'string')) return undefined;
  }
  return { seq, records: r as JournalRecord[] };
}
