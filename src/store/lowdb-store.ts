import { basename, dirname, join, resolve } from 'node:path';
import { crc32 } from './crc32.js';
import { sha256Hex } from './sha256.js';
import { Low, type Adapter } from 'lowdb';
import type { Logger } from '../log.js';
import { z } from 'zod';
import { BaseStore } from './base-store.js';
import { syncDir, writeFileAtomic } from './atomic-file.js';
import { valueAt, type RecordPath } from './change-tracker.js';
import { JournalWriter, parseSegment, StoreWriteError, type JournalEntry, type JournalRecord, type Segment } from './journal.js';
import { lockDataFile } from './file-lock.js';
import { Lazy } from './lazy.js';
import { checkValue } from './schema.js';
import { adopt, parseSnapshot, setIn, snapshotChunks, type MaterializeFor } from './snapshot.js';
import { errCode, nodeFs, type StoreFs } from './fs.js';
import { emptyWorkspace, SCHEMA_VERSION, type WorkspaceData } from './types.js';
import { StoreError } from '../core/errors.js';

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
 * journal outgrows the snapshot (and 8 MB) it is folded into a new snapshot while the bot keeps
 * running: the journal moves on to a new file, the snapshot is written in slices between writes,
 * then replaces the old one atomically, and the old journal is removed. Stopping writes nothing.
 * A snapshot's records are parsed when first read, so opening a big workspace parses little.
 *
 * Whatever it cannot trust (a damaged or missing snapshot, a complete journal line that fails its
 * checksum, a value of the wrong shape, a newer format) stops it with a message naming the file,
 * and the file is left byte for byte as it was.
 */

const MANIFEST_VERSION = SCHEMA_VERSION;
const manifestShape = z.object({
  schemaVersion: z.number().int().positive(),
  folder: z.string().min(1),
  workspaces: z.record(z.string(), z.object({ name: z.string().regex(/^[A-Za-z0-9_-]+$/), snapshot: z.boolean() })),
  /** Set by the migration from version 2: the old journal is moved aside once the manifest is written. */
  migrated: z.boolean().optional(),
  crc: z.string(),
});
type Manifest = Omit<z.infer<typeof manifestShape>, 'crc'>;

/** Version 1 and 2: one JSON file with every workspace, and (2) a journal beside it. */
const oldFileShape = z.object({
  schemaVersion: z.number().int().positive(),
  journalSeq: z.number().int().nonnegative().optional(),
  workspaces: z.record(z.string(), z.unknown()),
});

function manifestCrc(m: Manifest): string {
  return crc32(JSON.stringify({ schemaVersion: m.schemaVersion, folder: m.folder, workspaces: m.workspaces, migrated: m.migrated ?? false })).toString(16);
}

/** lowdb adapter for the manifest: strict reading (refuse, never repair) and atomic, fsynced writes. */
class ManifestFile implements Adapter<Manifest> {
  constructor(
    private readonly file: string,
    private readonly io: StoreFs,
  ) {}
  async read(): Promise<Manifest | null> {
    throw new Error(`read the manifest ${this.file} with readManifest`);
  }
  async write(m: Manifest): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify({ ...m, crc: manifestCrc(m) })}\n`, this.io);
  }
}

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

/** The workspace's file name: readable, and distinct for ids that differ only in case or in characters a file name cannot hold. */
export function workspaceFileName(workspace: string): string {
  const safe = workspace.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 32) || 'ws';
  return `${safe}-${sha256Hex(workspace).slice(0, 12)}`;
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

  /** Reads a workspace's snapshot and journal; throws a StoreError when they cannot be trusted. */
  protected override loadWorkspace(workspace: string): WorkspaceData | undefined {
    if (!Object.hasOwn(this.manifest.workspaces, workspace)) return undefined;
    const entry = this.manifest.workspaces[workspace]!;
    const snapshotPath = join(this.folder, `${entry.name}.json`);
    const where = (field: string) => `${snapshotPath} (workspace ${JSON.stringify(workspace)}, field ${field})`;
    const materializeFor: MaterializeFor = (mapPath) => (key: string, lazy: Lazy) => {
      let value: unknown;
      try {
        value = JSON.parse(lazy.text());
      } catch {
        throw new StoreError(`the data file ${where([...mapPath, key].join('.'))} is not valid JSON; it was left as it is. Restore it from a backup.`, snapshotPath);
      }
      const issue = checkValue([...mapPath, key], value);
      if (issue) throw badValue(where(issue.field), issue.message, snapshotPath);
      return value;
    };
    let bytes: Buffer | undefined;
    try {
      bytes = this.io.readFileSync(snapshotPath);
    } catch (err) {
      if (errCode(err) !== 'ENOENT') throw new StoreError(`cannot read the data file ${snapshotPath} (${errCode(err) ?? (err as Error).message}); it was left as it is`, snapshotPath, { cause: err });
      if (entry.snapshot) {
        throw new StoreError(
          `the data file ${snapshotPath} of workspace ${JSON.stringify(workspace)} is missing (or is a link to a missing file); nothing was changed. Put it back (or restore the data folder from a backup); its journal alone does not hold the workspace's data.`,
          snapshotPath,
        );
      }
    }
    const loaded = bytes ? parseSnapshot(snapshotPath, bytes, workspace, materializeFor) : undefined;
    const fromSeq = loaded?.journalSeq ?? 0;
    const ws = (loaded?.data ?? emptyWorkspace()) as Record<string, unknown>;
    const gens = this.segmentsAtOpen.get(entry.name) ?? [];
    const segments: Segment[] = [];
    for (let i = 0; i < gens.length; i++) {
      const path = join(this.folder, `${entry.name}.${gens[i]}.journal`);
      let seg: Buffer;
      try {
        seg = this.io.readFileSync(path);
      } catch (err) {
        if (errCode(err) === 'ENOENT') continue;
        throw new StoreError(`cannot read the journal ${path} (${errCode(err) ?? (err as Error).message}); it was left as it is`, path, { cause: err });
      }
      segments.push(parseSegment(path, seg, i === gens.length - 1));
    }
    let seq = fromSeq;
    for (const s of segments) {
      for (const e of s.entries) {
        if (e.seq <= fromSeq) continue;
        if (e.seq !== seq + 1) {
          throw new StoreError(
            loaded
              ? `the journal ${s.path} continues at write ${e.seq}, but its snapshot ${snapshotPath} ends at write ${fromSeq}: writes in between are missing. Nothing was changed; restore the data folder from a backup.`
              : `the journal ${s.path} starts at write ${e.seq}, but the snapshot ${snapshotPath} it continues is missing; nothing was changed. Put the snapshot back (or restore the data folder from a backup).`,
            s.path,
          );
        }
        replay(ws, e);
        seq = e.seq;
      }
    }
    const issue = checkValue([], ws, (v) => v instanceof Lazy);
    if (issue) throw badValue(where(issue.field), issue.message, snapshotPath);
    const lastGen = gens.at(-1) ?? 1;
    const lastSeg = segments.at(-1);
    const active = lastSeg && lastSeg.path.endsWith(`.${lastGen}.journal`) ? lastSeg : undefined;
    this.files.set(workspace, {
      name: entry.name,
      snapshotPath,
      snapshotBytes: bytes?.length ?? 0,
      gen: lastGen,
      oldestGen: gens[0] ?? 1,
      writer: new JournalWriter(this.io, join(this.folder, `${entry.name}.${lastGen}.journal`), seq, active),
      compacting: undefined,
      compactError: undefined,
    });
    return ws as WorkspaceData;
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
      const folds = [...this.files.entries()].filter(([, f]) => f.compacting);
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

/** A copy of the manifest's workspace list with one entry set (or, undefined, removed); no prototype, so any id is a key. */
function withEntry(list: Manifest['workspaces'], workspace: string, entry: Manifest['workspaces'][string] | undefined): Manifest['workspaces'] {
  const out = Object.assign(Object.create(null) as Manifest['workspaces'], list);
  if (entry) out[workspace] = entry;
  else delete out[workspace];
  return out;
}

function replay(ws: Record<string, unknown>, e: JournalEntry): void {
  for (const record of e.records) setIn(ws, record[0], record.length === 2 ? record[1] : undefined);
}

function badValue(where: string, message: string, file: string): StoreError {
  return new StoreError(`the data file ${where} does not hold what sellerdesk stores there (${message}); it was left as it is. Restore it from a backup, or correct that field.`, file);
}

/** The data file's path, through a symbolic link; a link to nothing is refused. */
async function resolveDataFile(abs: string, io: StoreFs): Promise<string> {
  let st;
  try {
    st = await io.lstat(abs);
  } catch (err) {
    if (errCode(err) === 'ENOENT') return abs;
    throw new StoreError(`cannot read the data file ${abs} (${errCode(err) ?? (err as Error).message}); it was left as it is`, abs, { cause: err });
  }
  if (!st.isSymbolicLink()) return abs;
  try {
    return await io.realpath(abs);
  } catch {
    throw new StoreError(
      `the data file ${abs} is a symbolic link to a file that does not exist; nothing was changed. Restore the file it points to, or remove the link to start with no data.`,
      abs,
    );
  }
}

/** The manifest; undefined when there is no data file yet; 'old' for a version 1 or 2 file. */
async function readManifest(abs: string, io: StoreFs): Promise<Manifest | 'old' | undefined> {
  let bytes: Buffer;
  try {
    bytes = await io.readFile(abs);
  } catch (err) {
    const code = errCode(err);
    if (code !== 'ENOENT') throw new StoreError(`cannot read the data file ${abs} (${code ?? (err as Error).message}); it was left as it is`, abs, { cause: err });
    for (const beside of [`${abs}.journal`, `${abs}.d`]) {
      const there = await io.lstat(beside).then(
        () => true,
        () => false,
      );
      if (there) {
        throw new StoreError(
          `the data file ${abs} is missing, but ${beside} is there: it holds only changes to that file, not the data itself. Nothing was changed. Put the data file back (or restore both from a backup); to start with no data, move ${beside} away too.`,
          abs,
        );
      }
    }
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new StoreError(
      `the data file ${abs} is not valid JSON (${(err as Error).message}); it was left as it is. Restore it from a backup, or move it away to start empty.`,
      abs,
      { cause: err },
    );
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new StoreError(
      `the data file ${abs} has schema version ${version}, newer than this sellerdesk understands (${SCHEMA_VERSION}); upgrade sellerdesk. The file was left as it is.`,
      abs,
    );
  }
  if (typeof version === 'number' && version < 3) {
    const old = oldFileShape.safeParse(json);
    if (!old.success) throw notOurs(abs, old.error.issues[0]);
    return 'old';
  }
  const m = manifestShape.safeParse(json);
  if (!m.success) throw notOurs(abs, m.error.issues[0]);
  // The parsed JSON itself, not zod's copy: a copy made by assignment would drop a workspace
  // named `__proto__`. Its maps get no prototype, so every id is a plain key.
  const { crc, ...manifest } = json as z.infer<typeof manifestShape>;
  manifest.workspaces = Object.assign(Object.create(null) as Manifest['workspaces'], manifest.workspaces);
  if (manifestCrc(manifest) !== crc) throw new StoreError(`the data file ${abs} is damaged (checksum mismatch); it was left as it is. Restore it from a backup.`, abs);
  return manifest;
}

function notOurs(abs: string, issue: z.core.$ZodIssue | undefined): StoreError {
  return new StoreError(
    `the data file ${abs} is not a sellerdesk data file (${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'bad shape'}); it was left as it is`,
    abs,
  );
}

/**
 * Version 1 or 2 (one JSON file, and a journal beside it) to 3: every workspace is checked, then
 * written to its own snapshot; the old file is kept as `<file>.v2-backup.json` (a hard link, so
 * no copy) and its journal beside it; the manifest replaces the old file last, atomically, so a
 * crash at any point leaves either the old data file or the new one.
 */
async function migrate(abs: string, io: StoreFs, log: Logger | undefined): Promise<void> {
  const old = JSON.parse((await io.readFile(abs)).toString('utf8')) as z.infer<typeof oldFileShape>;
  oldFileShape.parse(old);
  const workspaces = adopt(old.workspaces, 0) as Record<string, unknown>;
  let journal: Segment | undefined;
  try {
    journal = parseSegment(`${abs}.journal`, await io.readFile(`${abs}.journal`), true);
  } catch (err) {
    if (err instanceof StoreError) throw err;
    if (errCode(err) !== 'ENOENT') throw new StoreError(`cannot read the journal ${abs}.journal (${errCode(err) ?? (err as Error).message}); it was left as it is`, `${abs}.journal`, { cause: err });
  }
  const fromSeq = old.journalSeq ?? 0;
  let seq = fromSeq;
  for (const e of journal?.entries ?? []) {
    if (e.seq <= fromSeq) continue;
    if (e.seq !== seq + 1) throw new StoreError(`the journal ${abs}.journal continues at write ${e.seq}, but ${abs} ends at write ${fromSeq}; nothing was changed. Restore both from a backup.`, `${abs}.journal`);
    for (const r of e.records) setIn(workspaces, r[0], r.length === 2 ? r[1] : undefined);
    seq = e.seq;
  }
  const folder = `${basename(abs)}.d`;
  const dir = join(dirname(abs), folder);
  const manifest: Manifest = { schemaVersion: MANIFEST_VERSION, folder, workspaces: Object.create(null) as Manifest['workspaces'], migrated: true };
  const quiet = { quiet: () => true, settled: () => Promise.resolve() };
  // Every workspace is checked before anything is written.
  const checked: [string, WorkspaceData][] = [];
  for (const w of Object.keys(workspaces)) {
    const ws = workspaces[w];
    if (ws === null || typeof ws !== 'object' || Array.isArray(ws)) throw badValue(`${abs} (workspace ${JSON.stringify(w)})`, 'expected an object', abs);
    const data = Object.assign(emptyWorkspace(), ws) as WorkspaceData;
    adopt(data, 0);
    for (const k of ['settings', 'users', 'channels'] as const) if (!Object.hasOwn(ws, k)) data[k] = emptyWorkspace()[k] as never;
    const issue = checkValue([], data);
    if (issue) throw badValue(`${abs} (workspace ${JSON.stringify(w)}, field ${issue.field})`, issue.message, abs);
    checked.push([w, data]);
  }
  await io.mkdir(dir);
  for (const [w, data] of checked) {
    const name = workspaceFileName(w);
    await writeFileAtomic(join(dir, `${name}.json`), snapshotChunks(w, 0, data, quiet), io);
    manifest.workspaces[w] = { name, snapshot: true };
  }
  const backup = `${abs}.v2-backup.json`;
  await io.unlink(backup).catch(() => undefined);
  await io.link(abs, backup);
  await writeFileAtomic(abs, `${JSON.stringify({ ...manifest, crc: manifestCrc(manifest) })}\n`, io);
  log?.info({ file: abs, from: old.schemaVersion, to: SCHEMA_VERSION, backup }, `migrated ${abs} to format ${SCHEMA_VERSION}; the old file is kept as ${backup}`);
}
