import { sha256Hex } from './sha256.js';
import type { Adapter } from 'lowdb';
import { z } from 'zod';
import { crc32 } from './crc32.js';
import { writeFileAtomic } from './atomic-file.js';
import { errCode, type StoreFs } from './fs.js';
import { SCHEMA_VERSION } from './types.js';
import { StoreError } from './errors.js';
import { once } from '../once.js';

/**
 * The manifest at the data file's path (format 3): the format version, the data folder, and the
 * workspaces with their file names, under a checksum. Read strictly (a file it cannot trust is
 * refused, never repaired) and written through lowdb, atomically. Also the data file's path
 * through a symbolic link, and the messages shared by the store's readers.
 */

export const MANIFEST_VERSION = SCHEMA_VERSION;
export const manifestShape = once(() =>
  z.object({
    schemaVersion: z.number().int().positive(),
    folder: z.string().min(1),
    workspaces: z.record(z.string(), z.object({ name: z.string().regex(/^[A-Za-z0-9_-]+$/), snapshot: z.boolean() })),
    /** Set by the migration from version 2: the old journal is moved aside once the manifest is written. */
    migrated: z.boolean().optional(),
    crc: z.string(),
  }),
);
export type Manifest = Omit<z.infer<ReturnType<typeof manifestShape>>, 'crc'>;

/** Version 1 and 2: one JSON file with every workspace, and (2) a journal beside it. */
export const oldFileShape = once(() =>
  z.object({
    schemaVersion: z.number().int().positive(),
    journalSeq: z.number().int().nonnegative().optional(),
    workspaces: z.record(z.string(), z.unknown()),
  }),
);

export function manifestCrc(m: Manifest): string {
  return crc32(JSON.stringify({ schemaVersion: m.schemaVersion, folder: m.folder, workspaces: m.workspaces, migrated: m.migrated ?? false })).toString(16);
}

/** lowdb adapter for the manifest: strict reading (refuse, never repair) and atomic, fsynced writes. */
export class ManifestFile implements Adapter<Manifest> {
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

/** The workspace's file name: readable, and distinct for ids that differ only in case or in characters a file name cannot hold. */
export function workspaceFileName(workspace: string): string {
  const safe = workspace.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 32) || 'ws';
  return `${safe}-${sha256Hex(workspace).slice(0, 12)}`;
}

/** A copy of the manifest's workspace list with one entry set (or, undefined, removed); no prototype, so any id is a key. */
export function withEntry(list: Manifest['workspaces'], workspace: string, entry: Manifest['workspaces'][string] | undefined): Manifest['workspaces'] {
  const out = Object.assign(Object.create(null) as Manifest['workspaces'], list);
  if (entry) out[workspace] = entry;
  else delete out[workspace];
  return out;
}

export function badValue(where: string, message: string, file: string): StoreError {
  return new StoreError(`the data file ${where} does not hold what sellerdesk stores there (${message}); it was left as it is. Restore it from a backup, or correct that field.`, file);
}

/** The data file's path, through a symbolic link; a link to nothing is refused. */
export async function resolveDataFile(abs: string, io: StoreFs): Promise<string> {
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
export async function readManifest(abs: string, io: StoreFs): Promise<Manifest | 'old' | undefined> {
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
    const old = oldFileShape().safeParse(json);
    if (!old.success) throw notOurs(abs, old.error.issues[0]);
    return 'old';
  }
  // The plain check passes a sound manifest without zod (not set up on a one-shot start); zod
  // decides and words what is wrong with any other.
  if (!isManifest(json)) {
    const m = manifestShape().safeParse(json);
    if (!m.success) throw notOurs(abs, m.error.issues[0]);
  }
  // The parsed JSON itself, not zod's copy: a copy made by assignment would drop a workspace
  // named `__proto__`. Its maps get no prototype, so every id is a plain key.
  const { crc, ...manifest } = json as z.infer<ReturnType<typeof manifestShape>>;
  manifest.workspaces = Object.assign(Object.create(null) as Manifest['workspaces'], manifest.workspaces);
  if (manifestCrc(manifest) !== crc) throw new StoreError(`the data file ${abs} is damaged (checksum mismatch); it was left as it is. Restore it from a backup.`, abs);
  return manifest;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const WORKSPACE_NAME = /^[A-Za-z0-9_-]+$/;

/** What manifestShape accepts, for the common case (a sound manifest), in plain code. */
function isManifest(m: unknown): boolean {
  if (!isObject(m) || !Number.isSafeInteger(m.schemaVersion) || (m.schemaVersion as number) <= 0) return false;
  if (typeof m.folder !== 'string' || m.folder.length < 1 || typeof m.crc !== 'string') return false;
  if (m.migrated !== undefined && typeof m.migrated !== 'boolean') return false;
  if (!isObject(m.workspaces)) return false;
  for (const w of Object.values(m.workspaces)) {
    if (!isObject(w) || typeof w.name !== 'string' || !WORKSPACE_NAME.test(w.name) || typeof w.snapshot !== 'boolean') return false;
  }
  return true;
}

function notOurs(abs: string, issue: z.core.$ZodIssue | undefined): StoreError {
  return new StoreError(
    `the data file ${abs} is not a sellerdesk data file (${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'bad shape'}); it was left as it is`,
    abs,
  );
}

