import { basename, dirname, join, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { Logger } from '../log.js';
import { BaseStore } from './base-store.js';
import { syncDir, writeFileAtomic } from './atomic-file.js';
import { valueAt, type RecordPath } from './change-tracker.js';
import { JournalWriter, StoreWriteError, type JournalRecord } from './journal.js';
import { lockDataFile } from './file-lock.js';
import { ManifestFile, MANIFEST_VERSION, readManifest, resolveDataFile, withEntry, workspaceFileName, type Manifest } from './manifest.js';
import { migrate } from './migrate.js';
import { snapshotChunks } from './snapshot.js';
import { loadWorkspaceFiles } from './workspace-load.js';
import { errCode, nodeFs, type StoreFs } from './fs.js';
import { emptyWorkspace, type WorkspaceData } from './types.js';
import { StoreError } from './errors.js';

export { workspaceFileName };

/**
 * The default store: a folder with one snapshot and one journal per workspace, and a manifest at
 * the data file's path (read and written through lowdb) that lists the workspaces.
 *
 *   data/sellerdesk.json                  manifest: format version, workspaces, checksum
 *   data/sellerdesk.json.d/T0123-….json    a workspace's snapshot (snapshot.ts: one record a line)
 *   data/sellerdesk.json.d/T0123-….4.journal   its journal since that snapshot (journal.ts)
 *
 * A workspace is the unit: a command reads and writes only its workspace's files, so its cost
 * does not grow with the other workspaces' data. A write appends the records it changed to the
 * workspace's journal as one checksummed line and fsyncs it before it is confirmed. When the
 * journal outgrows the snapshot (and 2 MB) it is folded into a new snapshot while the bot keeps
 * running: the journal moves on to a new file, the snapshot is written in slices between writes,
 * then replaces the old one atomically, and the old journal is removed. Stopping writes nothing.
 * A snapshot's records are parsed when first read, so opening a big workspace parses little.
 *
 * Whatever it cannot trust (a damaged or missing snapshot, a complete journal line that fails its
 * checksum, a value of the wrong shape, a newer format) stops it with a message naming the file,
 * and the file is left byte for byte as it was.
 */

export interface LowdbStoreOptions {
  /** Fold a workspace's journal once it is bigger than this (and than a sixteenth of its snapshot); default 2 MB. */
  compactBytes?: number;
  /** The file system (tests put a faulty one here). */
  io?: StoreFs;
  /** Where the store says what it does about trouble it recovers from (a full disk). */
  log?: Logger;
  /** Workspaces to load now, so a damaged one stops start-up (default: each on first use). */
  preload?: 'all' | readonly string[];
}

/** A workspace's files and writer. */
interface Files {
  name: string;
  snapshotPath: string;
  snapshotBytes: number;
  /** The journal generation being appended to, and the oldest one that may still be on disk. */
  gen: number;
  oldestGen: number;
  writer: JournalWriter;
  compacting: Promise<void> | undefined;
  compactError: unknown;
}

const MIN_COMPACT_BYTES = 2 * 1024 * 1024;

export class LowdbStore extends BaseStore {
  readonly location: string;
  private readonly folder: string;
  private readonly files = new Map<string, Files>();
  /** Journal file names in the folder when it was opened, by workspace file name: generations, ascending. */
  private readonly segmentsAtOpen = new Map<string, number[]>();
  private compactBytes = MIN_COMPACT_BYTES;
  private unlock: () => void = () => undefined;
  private failing: string | undefined;
  private readonly manifestDb: Low<Manifest>;

  private constructor(
    file: string,
    private manifest: Manifest,
    private readonly io: StoreFs,
    private readonly log: Logger | undefined,
  ) {
    super();
    this.location = file;
    this.folder = join(dirname(file), manifest.folder);
    this.manifestDb = new Low<Manifest>(new ManifestFile(file, io), manifest);
  }

  /**
   * Opens (or creates on first write) the data file; a file it cannot use stops here, untouched.
   * An older format is migrated (the old file is kept beside it as `<file>.v2-backup.json`).
   */
  static async open(file: string, opts: LowdbStoreOptions = {}): Promise<LowdbStore> {
    const io = opts.io ?? nodeFs;
    const abs = await resolveDataFile(resolve(file), io);
    const unlock = lockDataFile(abs);
    try {
      const store = await LowdbStore.load(abs, io, opts);
      store.unlock = unlock;
      return store;
    } catch (err) {
      unlock();
      throw err;
    }
  }

  private static async load(abs: string, io: StoreFs, opts: LowdbStoreOptions): Promise<LowdbStore> {
    let manifest = await readManifest(abs, io);
    if (manifest === 'old') {
      await migrate(abs, io, opts.log);
      manifest = await readManifest(abs, io);
      if (manifest === 'old') throw new StoreError(`the data file ${abs} could not be migrated`, abs);
    }
    const store = new LowdbStore(abs, manifest ?? { schemaVersion: MANIFEST_VERSION, folder: `${basename(abs)}.d`, workspaces: Object.create(null) as Manifest['workspaces'] }, io, opts.log);
    if (opts.compactBytes !== undefined) store.compactBytes = opts.compactBytes;
    if (manifest?.migrated) await store.finishMigration(abs);
    await store.scanFolder(manifest !== undefined);
    const preload = opts.preload === 'all' ? Object.keys(store.manifest.workspaces) : (opts.preload ?? []);
    for (const w of preload) store.read(w);
    return store;
  }

  /** A migration stopped after the manifest was written: move the old journal aside now. */
  private async finishMigration(abs: string): Promise<void> {
    await this.io.rename(`${abs}.journal`, `${abs}.v2-backup.json.journal`).catch(() => undefined);
    const m = { ...this.manifest };
    delete m.migrated;
    this.manifest = m;
    await this.writeManifest();
  }

  private async scanFolder(expected: boolean): Promise<void> {
    let names: string[];
    try {
      names = await this.io.readdir(this.folder);
    } catch (err) {
      if (errCode(err) === 'ENOENT') {
        const listed = Object.values(this.manifest.workspaces).some((w) => w.snapshot);
        if (expected && listed) {
          throw new StoreError(
            `the data folder ${this.folder} is missing, but ${this.location} lists workspaces in it; nothing was changed. Put the folder back beside the data file (or restore both from a backup).`,
            this.location,
          );
        }
        return;
      }
      throw new StoreError(`cannot read the data folder ${this.folder} (${errCode(err) ?? (err as Error).message}); it was left as it is`, this.folder, { cause: err });
    }
    for (const n of names) {
      const m = /^([A-Za-z0-9_-]+)\.(\d+)\.journal$/.exec(n);
      if (!m) continue;
      const list = this.segmentsAtOpen.get(m[1]!) ?? [];
      list.push(Number(m[2]));
      this.segmentsAtOpen.set(m[1]!, list);
    }
    for (const list of this.segmentsAtOpen.values()) list.sort((a, b) => a - b);
  }

  protected override unloadedWorkspaces(): string[] {
    return Object.keys(this.manifest.workspaces);
  }

  /** Reads a workspace's snapshot and journal (workspace-load.ts); throws a StoreError when they cannot be trusted. */
  protected override loadWorkspace(workspace: string): WorkspaceData | undefined {
    if (!Object.hasOwn(this.manifest.workspaces, workspace)) return undefined;
    const entry = this.manifest.workspaces[workspace]!;
    const gens = this.segmentsAtOpen.get(entry.name) ?? [];
    const loaded = loadWorkspaceFiles(this.io, this.folder, workspace, entry, gens);
    const lastGen = gens.at(-1) ?? 1;
    this.files.set(workspace, {
      name: entry.name,
      snapshotPath: loaded.snapshotPath,
      snapshotBytes: loaded.snapshotBytes,
      gen: lastGen,
      oldestGen: gens[0] ?? 1,
      writer: new JournalWriter(this.io, join(this.folder, `${entry.name}.${lastGen}.journal`), loaded.seq, loaded.active),
      compacting: undefined,
      compactError: undefined,
    });
    return loaded.data;
  }

  protected async persist(workspace: string, records: RecordPath[], ws: WorkspaceData | undefined): Promise<void> {
    if (!ws || !records.length) return;
    try {
      if (!Object.hasOwn(this.manifest.workspaces, workspace)) await this.register(workspace);
      const files = this.files.get(workspace)!;
      const lines = records.map((path): JournalRecord => {
        const value = valueAt(ws, path);
        return value === undefined ? [path] : [path, value];
      });
      await files.writer.append(lines);
      if (this.failing) {
        this.log?.warn({ file: this.location }, `writes to ${this.location} work again; nothing confirmed was lost`);
        this.failing = undefined;
      }
      // Folded once it outgrows a sixteenth of the snapshot (and compactBytes): opening replays
      // the journal in full, so it stays small beside the snapshot, whose records are parsed lazily.
      if (!files.compacting && files.writer.size > Math.max(this.compactBytes, files.snapshotBytes / 16)) {
        files.compacting = this.compact(workspace, files).finally(() => (files.compacting = undefined));
      }
    } catch (err) {
      const code = errCode(err);
      if (this.failing !== code) {
        this.log?.error(
          { file: this.location, workspace, code },
          `cannot write to ${this.location} (${code ?? (err as Error).message}): writes fail, and leave nothing behind, until this is fixed${code === 'ENOSPC' ? ' (free some disk space)' : ''}`,
        );
        this.failing = code ?? 'error';
      }
      throw err instanceof StoreWriteError ? err : new StoreWriteError((err as Error).message, code, { cause: err });
    }
  }

  /** Adds a workspace to the manifest (before its first journal line: a listed workspace may be empty, never lost). */
  private async register(workspace: string): Promise<void> {
    const name = workspaceFileName(workspace);
    this.manifest = { ...this.manifest, workspaces: withEntry(this.manifest.workspaces, workspace, { name, snapshot: false }) };
    try {
      await this.io.mkdir(this.folder);
      await this.writeManifest();
    } catch (err) {
      const workspaces = withEntry(this.manifest.workspaces, workspace, undefined);
      this.manifest = { ...this.manifest, workspaces };
      throw err;
    }
    this.files.set(workspace, {
      name,
      snapshotPath: join(this.folder, `${name}.json`),
      snapshotBytes: 0,
      gen: 1,
      oldestGen: 1,
      writer: new JournalWriter(this.io, join(this.folder, `${name}.1.journal`), 0, undefined),
      compacting: undefined,
      compactError: undefined,
    });
  }

  private manifestQueue: Promise<void> = Promise.resolve();
  /** Writes the manifest as it is when the write starts; one write at a time. */
  private writeManifest(): Promise<void> {
    const next = this.manifestQueue.then(async () => {
      this.manifestDb.data = this.manifest;
      await this.manifestDb.write();
    });
    this.manifestQueue = next.catch(() => undefined);
    return next;
  }

  /**
   * Folds a workspace's journal into a new snapshot, without holding up writes: appends move on
   * to the next journal file at once; the snapshot (covering the old one) is written in slices.
   */
  private async compact(workspace: string, files: Files): Promise<void> {
    const slot = this.slotOf(workspace);
    const old = files.writer;
    const oldGen = files.gen;
    const journalSeq = old.seq;
    files.gen = oldGen + 1;
    files.writer = new JournalWriter(this.io, join(this.folder, `${files.name}.${files.gen}.journal`), journalSeq, undefined);
    try {
      await old.close();
      const data = slot.data ?? emptyWorkspace();
      let bytes = 0;
      const chunks = snapshotChunks(workspace, journalSeq, data, { quiet: () => this.quiet(slot), settled: () => this.settled(slot) });
      const counted = (async function* () {
        for await (const c of chunks) {
          bytes += c.length;
          yield c;
        }
      })();
      await writeFileAtomic(files.snapshotPath, counted, this.io);
      files.snapshotBytes = bytes;
      const entry = this.manifest.workspaces[workspace];
      if (entry && !entry.snapshot) {
        this.manifest = { ...this.manifest, workspaces: withEntry(this.manifest.workspaces, workspace, { ...entry, snapshot: true }) };
        await this.writeManifest();
      }
      for (let g = files.oldestGen; g <= oldGen; g++) await this.io.unlink(join(this.folder, `${files.name}.${g}.journal`)).catch(() => undefined);
      files.oldestGen = oldGen + 1;
      await syncDir(this.folder, this.io);
      files.compactError = undefined;
    } catch (err) {
      // Nothing is lost: the old journal files stay until a snapshot covers them.
      files.compactError = err;
      this.log?.error({ file: files.snapshotPath, workspace, code: errCode(err) }, `cannot fold the journal of workspace ${workspace} into ${files.snapshotPath} (${errCode(err) ?? (err as Error).message}); nothing was lost, the journal keeps every write`);
    }
  }

  /** Starts folding a workspace's journal into a new snapshot now, unless one is under way (benchmarks, tests). */
  foldNow(workspace: string): void {
    this.read(workspace);
    const files = this.files.get(workspace);
    if (files && !files.compacting) files.compacting = this.compact(workspace, files).finally(() => (files.compacting = undefined));
  }

  /** Resolves when no fold is under way. */
  async folded(): Promise<void> {
    for (;;) {
      const running = [...this.files.values()].map((f) => f.compacting).filter((c): c is Promise<void> => c !== undefined);
      if (!running.length) return;
      await Promise.all(running);
    }
  }

  /** Waits for the last writes and any fold under way, then releases the data file. Stopping writes nothing else. */
  override async close(): Promise<void> {
    try {
      await this.flush();
      const folds = [...this.files.entries()].filter(([, f]) => f.compacting !== undefined);
      await Promise.all(folds.map(([, f]) => f.compacting));
      for (const f of this.files.values()) await f.writer.close().catch(() => undefined);
      const failed = folds.find(([, f]) => f.compactError !== undefined);
      if (failed) {
        const [workspace, f] = failed;
        const code = errCode(f.compactError);
        throw new StoreError(
          `could not fold the journal of workspace ${JSON.stringify(workspace)} into ${f.snapshotPath} (${code === 'ENOSPC' ? 'the disk is full' : (code ?? (f.compactError as Error).message)}). Nothing was lost: every confirmed write is in its journal, and the data file is as it was. ${code === 'ENOSPC' ? 'Free some disk space; ' : ''}sellerdesk folds it on a later run.`,
          f.snapshotPath,
          { cause: f.compactError },
        );
      }
    } finally {
      await super.close();
      this.unlock();
    }
  }
}

