import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Store, WorkspaceData } from '../store/types.js';
import { once } from '../once.js';
import { firstChars } from '../core/clip.js';

/**
 * Answers people can rate. Each /howto answer gets an ask id; the question and the entry it got are
 * kept per workspace under the `howto-ratings` feature (the last MAX_ASKS), so a Helpful / Not helpful
 * click finds them again after a restart: the buttons carry only the ask id and the entry id. Each
 * person's rating of one answer counts once (a second click changes it); per entry the counts give
 * the helpful rate `/howto gaps` shows.
 */
export const RATINGS_FEATURE = 'howto-ratings';
export const MAX_ASKS = 500;
const MAX_QUESTION = 300;

const askSchema = once(() =>
  z.object({
    question: z.string(),
    entry: z.string().nullable(),
    at: z.string(),
    /** user → their rating of this answer. */
    rated: z.record(z.string(), z.enum(['up', 'down'])).default({}),
    /** Who asked, and whether where the channel saw the answer (see GapInput): a Not helpful's gap is as private as its question. */
    by: z.string().optional(),
    publicly: z.boolean().optional(),
  }),
);
const countSchema = once(() => z.object({ up: z.number().int().nonnegative(), down: z.number().int().nonnegative() }));

type Ask = z.infer<ReturnType<typeof askSchema>>;
export type Rating = 'up' | 'down';
export interface EntryRating {
  entry: string;
  up: number;
  down: number;
}
interface RatingsData {
  asks: Record<string, unknown>;
  entries: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stored(ws: Readonly<WorkspaceData>): RatingsData | undefined {
  const d = ws[RATINGS_FEATURE];
  return isObject(d) && isObject(d.asks) && isObject(d.entries) ? (d as unknown as RatingsData) : undefined;
}

/** A fresh ask id: 8 characters of base36, short enough for a Discord custom_id. */
export function newAskId(): string {
  // Random bytes are drawn 6 at a time from a pool filled 4 KiB at once (one system call per 680 ids).
  if (poolAt + 6 > pool.length) {
    fillRandom(pool);
    poolAt = 0;
  }
  const n = pool.readUIntBE(poolAt, 6);
  poolAt += 6;
  return n.toString(36).padStart(8, '0').slice(-8);
}

/**
 * Fills the buffer with random bytes: from /dev/urandom where there is one, else node:crypto's.
 * Loading node:crypto costs a one-shot /howto (which draws one id) more than the rest of its answer
 * does.
 */
function fillRandom(buf: Buffer): void {
  let fd: number | undefined;
  try {
    fd = openSync('/dev/urandom', 'r');
    let at = 0;
    while (at < buf.length) {
      const n = readSync(fd, buf, at, buf.length - at, null);
      if (n <= 0) throw new Error('/dev/urandom ended');
      at += n;
    }
    return;
  } catch {
    // No /dev/urandom (Windows): node:crypto's generator.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).randomFillSync(buf);
}

const pool = Buffer.alloc(4080);
let poolAt = pool.length;

export const ASK_ID = /^[0-9a-z]{8}$/;

/**
 * How far past MAX_ASKS the asks may grow before the oldest are dropped (back to MAX_ASKS): listing
 * every ask to find the oldest costs more than the rest of an answer, so it is done once per
 * PRUNE_SLACK answers rather than at every one.
 */
export const PRUNE_SLACK = 50;

/** Per store and workspace, how many asks it holds as far as this process knows (undefined: not counted yet). */
const askCounts = new WeakMap<Store, Map<string, number>>();

/** Keeps the question an answer was given for (the last MAX_ASKS to MAX_ASKS + PRUNE_SLACK asks are kept). */
export function recordAsk(store: Store, workspace: string, id: string, a: { question: string; entry: string | null; at: Date; by: string; publicly: boolean }): Promise<void> {
  let counts = askCounts.get(store);
  if (!counts) askCounts.set(store, (counts = new Map()));
  const known = counts;
  return store.update(workspace, (ws) => {
    let data = stored(ws);
    if (!data) ws[RATINGS_FEATURE] = data = { asks: {}, entries: {} };
    const isNew = !Object.hasOwn(data.asks, id);
    data.asks[id] = { question: firstChars(a.question, MAX_QUESTION), entry: a.entry, at: a.at.toISOString(), rated: {}, by: a.by, ...(a.publicly ? { publicly: true } : {}) } satisfies Ask;
    const count = known.get(workspace);
    // A count that drifted (an update rolled back, another replica wrote) only moves when the listing happens.
    if (count !== undefined && count + (isNew ? 1 : 0) <= MAX_ASKS + PRUNE_SLACK) {
      known.set(workspace, count + (isNew ? 1 : 0));
      return;
    }
    const ids = Object.keys(data.asks);
    // Insertion order is age order: the oldest asks go first.
    const drop = ids.length > MAX_ASKS + (count === undefined ? PRUNE_SLACK : 0) ? ids.length - MAX_ASKS : 0;
    for (let i = 0; i < drop; i++) delete data.asks[ids[i]!];
    known.set(workspace, ids.length - drop);
  });
}

export interface RateResult {
  /** The question, when the ask is still known. */
  question: string | undefined;
  /** Who asked it (when the ask was kept with its asker), and whether the channel saw its answer. */
  by: string | undefined;
  publicly: boolean;
  /** The rating counted (false: the same person already gave the same rating). */
  changed: boolean;
}

/**
 * Counts one person's rating of one answer. The entry comes from the button (so a rating still counts
 * when the ask was evicted); the question from the stored ask.
 */
export function rate(store: Store, workspace: string, r: { ask: string; entry: string | null; user: string; rating: Rating }): Promise<RateResult> {
  return store.update(workspace, (ws) => {
    let data = stored(ws);
    if (!data) ws[RATINGS_FEATURE] = data = { asks: {}, entries: {} };
    const parsed = askSchema().safeParse(data.asks[r.ask]);
    const ask = parsed.success ? parsed.data : undefined;
    const entry = ask?.entry ?? r.entry;
    const before = ask?.rated[r.user];
    const asked = { question: ask?.question, by: ask?.by, publicly: ask?.publicly === true };
    if (before === r.rating) return { ...asked, changed: false };
    if (entry) {
      const prev = countSchema().safeParse(data.entries[entry]);
      const c = prev.success ? prev.data : { up: 0, down: 0 };
      if (before) c[before] = Math.max(0, c[before] - 1);
      c[r.rating] += 1;
      data.entries[entry] = c;
    }
    if (ask) {
      ask.rated[r.user] = r.rating;
      data.asks[r.ask] = ask;
    }
    return { ...asked, changed: true };
  });
}

/** Every rated entry, least helpful first (then most rated). */
export function entryRatings(ws: Readonly<WorkspaceData>): EntryRating[] {
  const data = stored(ws);
  if (!data) return [];
  return Object.entries(data.entries)
    .flatMap(([entry, v]) => {
      const c = countSchema().safeParse(v);
      return c.success && c.data.up + c.data.down > 0 ? [{ entry, ...c.data }] : [];
    })
    .sort((a, b) => a.up / (a.up + a.down) - b.up / (b.up + b.down) || b.up + b.down - (a.up + a.down) || a.entry.localeCompare(b.entry));
}
