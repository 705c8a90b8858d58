import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { z } from 'zod';
import { BaseStore } from './base-store.js';
import { writeFileAtomic } from './atomic-file.js';
import { SCHEMA_VERSION, type DbData } from './types.js';
import { StoreError } from '../core/errors.js';

const fileShape = z.object({
  schemaVersion: z.number().int().positive(),
  workspaces: z.record(
    z.string(),
    z.looseObject({
      settings: z.record(z.string(), z.unknown()),
      users: z.record(z.string(), z.record(z.string(), z.unknown())),
      channels: z.record(z.string(), z.record(z.string(), z.unknown())),
    }),
  ),
});

/** lowdb adapter: strict reading (refuse, never repair) and atomic, fsynced writes. */
class AtomicJsonFile implements Adapter<DbData> {
  constructor(private readonly file: string) {}

  async read(): Promise<DbData | null> {
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
    return json as DbData;
  }

  async write(data: DbData): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(data));
  }
}

/** The default store: one JSON file through lowdb. */
export class LowdbStore extends BaseStore {
  readonly location: string;
  private constructor(
    private readonly db: Low<DbData>,
    file: string,
  ) {
    super(db.data);
    this.location = file;
  }

  /** Opens (or creates on first write) the data file; a file it cannot use stops here, untouched. */
  static async open(file: string): Promise<LowdbStore> {
    const abs = resolve(file);
    const db = new Low<DbData>(new AtomicJsonFile(abs), { schemaVersion: SCHEMA_VERSION, workspaces: {} });
    await db.read();
    migrate(db.data);
    return new LowdbStore(db, abs);
  }

  protected async persist(data: DbData): Promise<void> {
    this.db.data = data;
    await this.db.write();
  }
}

/** Brings an older file up to SCHEMA_VERSION in memory (written back on the next update). */
function migrate(data: DbData): void {
  // Version 1 is the first; later versions add their steps here.
  data.schemaVersion = SCHEMA_VERSION;
}
