import type { Locale } from '../i18n/locales.js';

/**
 * Bumped when the stored shape changes incompatibly; older files are migrated on load, newer ones
 * refused. 1: one JSON file; 2: plus a journal beside it; 3: one folder of per-workspace
 * snapshots and journals, with a manifest at the data file's path (lowdb-store.ts).
 */
export const SCHEMA_VERSION = 3;

export interface UserSettings {
  locale?: Locale | undefined;
  /** The language the person's chat platform last reported for them (for pings to them, written when it changes). */
  platformLocale?: Locale | undefined;
  bilingual?: boolean | undefined;
}

export interface WorkspaceSettings {
  timezone?: string | undefined;
  /** A date-holidays country code (e.g. US, CN, TW), or undefined for weekends only. */
  holidays?: string | undefined;
  /** The workspace default language (else the platform's workspace locale, else en). */
  locale?: Locale | undefined;
}

/**
 * One workspace's data (a Slack team, a Discord guild, a Discord DM user, the local shell).
 * Features own their fields; a field a feature has not written yet is absent.
 */
export interface WorkspaceData {
  settings: WorkspaceSettings;
  users: Record<string, UserSettings>;
  channels: Record<string, Record<string, unknown>>;
  /** Feature data (tracked items, ping ledger, guide progress, question gaps, …), by feature name. */
  [feature: string]: unknown;
}

export interface DbData {
  schemaVersion: number;
  workspaces: Record<string, WorkspaceData>;
}

/** A new workspace. Its maps have no prototype: every id a user or a platform gives is a plain key. */
export function emptyWorkspace(): WorkspaceData {
  const ws = Object.create(null) as WorkspaceData;
  ws.settings = Object.create(null) as WorkspaceSettings;
  ws.users = Object.create(null) as Record<string, UserSettings>;
  ws.channels = Object.create(null) as Record<string, Record<string, unknown>>;
  return ws;
}

/**
 * The store. Reads are synchronous views of the in-memory data; every write goes through one
 * serialized writer and is durable (atomic file replace) when its promise resolves. No call spans
 * two workspaces.
 */
export interface Store {
  /** Where the data lives, for messages ("memory" for the in-memory store). */
  readonly location: string;
  /** A read-only view of a workspace; an unknown workspace reads as empty. Do not mutate. */
  read(workspace: string): Readonly<WorkspaceData>;
  /**
   * Runs fn on the workspace's live data, then persists. fn must be synchronous: its return
   * value is passed through, a throw is re-thrown. All or nothing: when fn throws or the write
   * fails, none of fn's changes stay (in memory or on disk).
   */
  update<T>(workspace: string, fn: (ws: WorkspaceData) => T): Promise<T>;
  /**
   * Stores shared with other processes (PgStore): makes read(workspace) current, loading the
   * workspace on first use or catching up with other replicas' writes. The command core calls it
   * before each command; without it, read() is always current.
   */
  prepare?(workspace: string): Promise<void>;
  /** The workspaces that have data (a shared store: those loaded in this process). */
  workspaces(): string[];
  /** Resolves when every write so far is on disk. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
