import { join } from 'node:path';
import { StoreError } from './errors.js';
import { coverPaths } from './change-tracker.js';
import { errCode, type StoreFs } from './fs.js';
import { parseSegment, type Segment } from './journal.js';
import { Lazy, rawOf } from './lazy.js';
import { badValue } from './manifest.js';
import { checkValue } from './schema.js';
import { parseSnapshot, setIn, type MaterializeFor } from './snapshot.js';
import { emptyWorkspace, type WorkspaceData } from './types.js';

/** A workspace as read from its files, with what its writer needs to go on. */
export interface LoadedWorkspace {
  data: WorkspaceData;
  snapshotPath: string;
  snapshotBytes: number;
  /** The last write in the files. */
  seq: number;
  /** The newest journal file as read (its writer continues it), if it exists. */
  active: Segment | undefined;
}

/**
 * Reads a workspace's snapshot and the journal files after it, and replays them; throws a
 * StoreError naming the file when they cannot be trusted. Every byte is checked at once (the
 * snapshot's checksum, every journal line's); the shape of the values is checked for what was
 * parsed here (the small records of the snapshot and every record the journal replays), while a
 * record still unparsed (an item, a ledger entry) is checked when it is first read.
 */
export function loadWorkspaceFiles(io: StoreFs, folder: string, workspace: string, entry: { name: string; snapshot: boolean }, gens: readonly number[]): LoadedWorkspace {
  const snapshotPath = join(folder, `${entry.name}.json`);
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
    bytes = io.readFileSync(snapshotPath);
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
  /** Paths of the values parsed here, to check once replayed. */
  const parsed: string[][] = loaded ? [...loaded.parsed] : [];
  const segments: Segment[] = [];
  for (let i = 0; i < gens.length; i++) {
    const path = join(folder, `${entry.name}.${gens[i]}.journal`);
    let seg: Buffer;
    try {
      seg = io.readFileSync(path);
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
      for (const record of e.records) {
        setIn(ws, record[0], record.length === 2 ? record[1] : undefined);
        parsed.push(record[0]);
      }
      seq = e.seq;
    }
  }
  // Each value once, as it stands after the replay (a value a later write replaced is not checked).
  const isLazy = (v: unknown) => v instanceof Lazy;
  for (const path of coverPaths(parsed)) {
    const issue = checkValue(path, valueOrLazy(ws, path), isLazy);
    if (issue) throw badValue(where(issue.field), issue.message, snapshotPath);
  }
  const lastGen = gens.at(-1) ?? 1;
  const lastSeg = segments.at(-1);
  return {
    data: ws as WorkspaceData,
    snapshotPath,
    snapshotBytes: bytes?.length ?? 0,
    seq,
    active: lastSeg && lastSeg.path.endsWith(`.${lastGen}.journal`) ? lastSeg : undefined,
  };
}

/** The value at a path, without parsing a record still unparsed on the way (it is checked when read). */
function valueOrLazy(ws: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = ws;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    const raw = rawOf(v) as Record<string, unknown>;
    v = Object.hasOwn(raw, k) ? raw[k] : undefined;
  }
  return v;
}
