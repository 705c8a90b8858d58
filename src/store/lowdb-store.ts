import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { z } from 'zod';
import { BaseStore } from './base-store.js';
import { writeFileAtomic } from './atomic-file.js';
import { ChangeTracker, setAt, valueAt } from './change-tracker.js';
import { Journal, type JournalRecord } from './journal.js';
import { lockDataFile } from './file-lock.js';
import { SCHEMA_VERSION, type DbData } from './types.js';
import { StoreError } from '../core/errors.js';

const fileShape = z.object({
  schemaVersion: z.number().int().positive(),
  /** The last journal entry the snapshot includes (absent: none). */
  journalSeq: z.number().int().nonnegative().optional(),
  workspaces: z.record(
    z.string(),
    z.looseObject({
      settings: z.record(z.string(), z.unknown()),
      users: z.record(z.string(), z.record(z.string(), z.unknown())),
      channels: z.record(z.string(), z.record(z.string(), z.unknown())),
    }),
  ),
});

/** The snapshot as it is on disk: the data and how far into the journal it reaches. */
interface Snapshot extends DbData {
  journalSeq?: number | undefined;
}

/** lowdb adapter for the snapshot: strict reading (refuse, never repair) and atomic, fsynced writes. */
class AtomicJsonFile implements Adapter<Snapshot> {
  /** Bytes of the last snapshot read or written. */
  size = 0;
  constructor(private readonly file: string) {}

  async read(): Promise<Snapshot | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      throw new StoreError(`cannot read the data file ${this.file} (${code ?? (err as Error).message}); it was left as it is`, this.file, { cause: err });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new StoreError(
        `the data file ${this.file} is not valid JSON (${(err as Error).message}); it was left as it is. Restore it from a backup, or move it away to start empty.`,
        this.file,
        { cause: err },
      );
    }
    const parsed = fileShape.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StoreError(
        `the data file ${this.file} is not a sellerdesk data file (${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'bad shape'}); it was left as it is`,
        this.file,
      );
    }
    if (parsed.data.schemaVersion > SCHEMA_VERSION) {
      throw new StoreError(
        `the data file ${this.file} has schema version ${parsed.data.schemaVersion}, newer than this sellerdesk understands (${SCHEMA_VERSION}); upgrade sellerdesk. The file was left as it is.`,
        this.file,
      );
    }
    this.size = text.length;
    return json as Snapshot;
  }

  async write(data: Snapshot): Promise<void> {
    const text = JSON.stringify({ schemaVersion: data.schemaVersion, journalSeq: data.journalSeq ?? 0, workspaces: data.workspaces });
    await writeFileAtomic(this.file, text);
    this.size = text.length;
  }
}

/** A journal bigger than this (and than the snapshot) is folded into a new snapshot. */
const MIN_COMPACT_BYTES = 8 * 1024 * 1024;

/**
 * The default store: a JSON snapshot through lowdb plus an append-only journal beside it
 * (`<file>.journal`). A write appends the records that changed as one checksummed line and
 * fsyncs it, so its cost does not grow with the data; when the journal outgrows the snapshot
 * (and on close) it is folded into a new snapshot, written atomically. Opening reads the
 * snapshot and replays the journal entries it does not include yet. A torn last line (a crash
 * during an append that was never confirmed) is dropped; any other damage stops start-up.
 */
export class LowdbStore extends BaseStore {
  readonly location: string;
  private constructor(
    private readonly db: Low<Snapshot>,
    private readonly snapshot: AtomicJsonFile,
    private readonly journal: Journal,
    file: string,
    tracker: ChangeTracker,
  ) {
    super(db.data, tracker);
    this.location = file;
    this.hasSnapshot = snapshot.size > 0;
  }

  /**
   * Opens (or creates on first write) the data file; a file it cannot use stops here, untouched.
   * `compactBytes`: fold the journal into the snapshot once it is bigger than this (and than the
   * snapshot); default 8 MB.
   */
  static async open(file: string, opts: { compactBytes?: number } = {}): Promise<LowdbStore> {
    const abs = resolve(file);
    const unlock = lockDataFile(abs);
    try {
      const store = await LowdbStore.load(abs, opts);
      store.unlock = unlock;
      return store;
    } catch (err) {
      unlock();
      throw err;
    }
  }

  private static async load(abs: string, opts: { compactBytes?: number }): Promise<LowdbStore> {
    const snapshot = new AtomicJsonFile(abs);
    const db = new Low<Snapshot>(snapshot, { schemaVersion: SCHEMA_VERSION, journalSeq: 0, workspaces: {} });
    await db.read();
    const journal = await Journal.open(`${abs}.journal`);
    const fromSeq = db.data.journalSeq ?? 0;
    const workspaces = db.data.workspaces as Record<string, unknown>;
    let lastSeq = fromSeq;
    for (const entry of journal.entries) {
      if (entry.seq <= fromSeq) continue;
      for (const record of entry.records) setAt(workspaces, record[0], record.length === 2 ? record[1] : undefined);
      lastSeq = entry.seq;
    }
    journal.entries = [];
    journal.seq = Math.max(lastSeq, journal.seq);
    migrate(db.data);
    const store = new LowdbStore(db, snapshot, journal, abs, new ChangeTracker());
    if (opts.compactBytes !== undefined) store.compactBytes = opts.compactBytes;
    return store;
  }

  /** Serializes the journal appends and snapshots (persist and close both write). */
  private io: Promise<void> = Promise.resolve();
  private hasSnapshot = false;
  private compactBytes = MIN_COMPACT_BYTES;
  private unlock: () => void = () => undefined;

  protected persist(): Promise<void> {
    // Taken now, before any await: this write covers every update made so far.
    const changed = this.tracker!.take();
    const records = changed.map((path): JournalRecord => {
      const value = valueAt(this.data.workspaces, path);
      return value === undefined ? [path] : [path, value];
    });
    const run = async () => {
      if (!this.hasSnapshot) {
        // The first write creates the data file itself.
        await this.compact();
        return;
      }
      if (records.length) await this.journal.append(records);
      if (this.journal.size > Math.max(this.compactBytes, this.snapshot.size)) await this.compact();
    };
    const next = this.io.then(run);
    this.io = next.catch(() => undefined);
    return next;
  }

  /** Writes the whole data set as the new snapshot, then empties the journal it now includes. */
  private async compact(): Promise<void> {
    this.db.data = { ...this.data, schemaVersion: SCHEMA_VERSION, journalSeq: this.journal.seq };
    await this.db.write();
    this.hasSnapshot = true;
    await this.journal.clear();
  }

  /** Folds the journal into the snapshot, so a closed store is one file. */
  /**
   * Lets go of the files as a crash would, for tests that simulate one: the journal's handle is
   * closed, nothing is folded or written, the lock is released.
   */
  async abandon(): Promise<void> {
    await this.io.catch(() => undefined);
    await this.journal.release();
    this.unlock();
  }

  override async close(): Promise<void> {
    await this.flush();
    const fold = this.io.then(async () => {
      if (this.journal.size > 0) await this.compact();
      await this.journal.close();
    });
    this.io = fold.catch(() => undefined);
    await fold;
    await super.close();
    this.unlock();
  }
}

/** Brings an older file up to SCHEMA_VERSION in memory (written back on the next snapshot). */
function migrate(data: DbData): void {
  // 1 → 2: the journal beside the file (a version-1 reader would ignore it); the data is the same.
  data.schemaVersion = SCHEMA_VERSION;
}
