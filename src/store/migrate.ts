import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import type { Logger } from '../log.js';
import { StoreError } from './errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { errCode, type StoreFs } from './fs.js';
import { parseSegment, type Segment } from './journal.js';
import { badValue, MANIFEST_VERSION, manifestCrc, oldFileShape, workspaceFileName, type Manifest } from './manifest.js';
import { checkValue } from './schema.js';
import { adopt, setIn, snapshotChunks } from './snapshot.js';
import { emptyWorkspace, SCHEMA_VERSION, type WorkspaceData } from './types.js';

/**
 * Version 1 or 2 (one JSON file, and a journal beside it) to 3: every workspace is checked, then
 * written to its own snapshot; the old file is kept as `<file>.v2-backup.json` (a hard link, so
 * no copy) and its journal beside it; the manifest replaces the old file last, atomically, so a
 * crash at any point leaves either the old data file or the new one.
 */
export async function migrate(abs: string, io: StoreFs, log: Logger | undefined): Promise<void> {
  const old = JSON.parse((await io.readFile(abs)).toString('utf8')) as z.infer<ReturnType<typeof oldFileShape>>;
  oldFileShape().parse(old);
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
