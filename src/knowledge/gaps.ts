import { z } from 'zod';
import type { Store, WorkspaceData } from '../store/types.js';
import { once } from '../once.js';
import { firstChars } from '../core/clip.js';

/**
 * Questions /howto could not answer with confidence, kept per workspace under the `howto` feature
 * field so a team lead sees (`/howto gaps`) which entries are missing. The same question asked in
 * other words that normalize alike ("怎麼退保證金", "怎么退保证金") counts as one.
 *
 * Most are asked privately (the slash command's answer is the asker's alone, a DM): each gap keeps
 * who asked it privately and the wording last asked where the channel saw the answer (a mention, a
 * thread), so the list shows a member only what they could know (see visibleGaps).
 */

export const FEATURE = 'howto';
/** A workspace keeps at most this many distinct questions; the least asked, oldest go first. */
export const MAX_GAPS = 200;
const MAX_QUESTION = 300;
/** The private askers a gap remembers; later ones see it only once it is asked in a channel. */
export const MAX_ASKERS = 20;

const gapSchema = once(() =>
  z.object({
    /** The question as it was last asked. */
    question: z.string(),
    count: z.number().int().positive(),
    /** The last time: unsure (offered entries), unknown (offered none), or answered and rated not helpful (offered: that entry). */
    tier: z.enum(['suggest', 'unknown', 'unhelpful']),
    /** What was offered the last time. */
    offered: z.array(z.string()),
    first: z.string(),
    last: z.string(),
    /** Who asked it privately (a slash /howto, a DM), first ones first. Absent in gaps recorded before it was kept: private to all. */
    askers: z.array(z.string()).optional(),
    /** The wording last asked where the channel saw the answer (a question in conversation in a channel). */
    shared: z.string().optional(),
  }),
);

export type Gap = z.infer<ReturnType<typeof gapSchema>> & { key: string };
type GapRecord = z.infer<ReturnType<typeof gapSchema>>;
interface HowtoData {
  gaps: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The workspace's howto data as stored, or undefined when absent or not in the expected shape. */
function stored(ws: Readonly<WorkspaceData>): HowtoData | undefined {
  const data = ws[FEATURE];
  return isObject(data) && isObject(data.gaps) ? (data as unknown as HowtoData) : undefined;
}

/** One stored record, or undefined when it is damaged (it is then replaced or skipped). */
function record(v: unknown): GapRecord | undefined {
  const parsed = gapSchema().safeParse(v);
  return parsed.success ? parsed.data : undefined;
}

export interface GapInput {
  /** The grouping key: the question normalized (see HowtoIndex.key). */
  key: string;
  question: string;
  tier: 'suggest' | 'unknown' | 'unhelpful';
  offered: string[];
  at: Date;
  /** Who asked. */
  by: string;
  /** Asked where the channel saw the answer (in conversation in a channel), not privately. */
  publicly: boolean;
}

/** Counts one more asking of a question in the workspace. */
export function recordGap(store: Store, workspace: string, g: GapInput): Promise<void> {
  return store.update(workspace, (ws) => {
    let data = stored(ws);
    if (!data) {
      ws[FEATURE] = { gaps: {} };
      // Read back through the store's view: its maps have no prototype, so a question such as
      // "constructor" is a plain key.
      data = stored(ws)!;
    }
    const at = g.at.toISOString();
    const prev = Object.hasOwn(data.gaps, g.key) ? record(data.gaps[g.key]) : undefined;
    const question = firstChars(g.question, MAX_QUESTION);
    const askers = prev?.askers ?? [];
    const next: GapRecord = {
      question,
      count: (prev?.count ?? 0) + 1,
      tier: g.tier,
      offered: g.offered.slice(0, 3),
      first: prev?.first ?? at,
      last: at,
      askers: !g.publicly && !askers.includes(g.by) && askers.length < MAX_ASKERS ? [...askers, g.by] : askers,
    };
    const shared = g.publicly ? question : prev?.shared;
    if (shared !== undefined) next.shared = shared;
    data.gaps[g.key] = next;
    if (!prev) evict(data, g.key);
  });
}

/** Drops the least asked (then oldest) questions beyond MAX_GAPS, never `keep`. */
function evict(data: HowtoData, keep: string): void {
  let size = Object.keys(data.gaps).length;
  while (size > MAX_GAPS) {
    let worst: { key: string; count: number; last: string } | undefined;
    for (const [key, v] of Object.entries(data.gaps)) {
      if (key === keep) continue;
      // A damaged record goes first.
      const count = isObject(v) && typeof v.count === 'number' ? v.count : 0;
      const last = isObject(v) && typeof v.last === 'string' ? v.last : '';
      if (!worst || count < worst.count || (count === worst.count && last < worst.last)) worst = { key, count, last };
    }
    if (!worst) return;
    delete data.gaps[worst.key];
    size--;
  }
}

/** The workspace's gaps, most asked first (then most recent); damaged records are skipped. */
export function topGaps(ws: Readonly<WorkspaceData>, limit = 10): Gap[] {
  const data = stored(ws);
  if (!data) return [];
  return Object.entries(data.gaps)
    .flatMap(([key, v]) => {
      const r = record(v);
      return r ? [{ key, ...r }] : [];
    })
    .sort((a, b) => b.count - a.count || b.last.localeCompare(a.last))
    .slice(0, limit);
}

/** Who reads the list: a workspace admin or lead (`manager`) sees every gap, anyone else only some. */
export interface GapReader {
  user: string;
  manager: boolean;
}

/** A gap as a reader may see it, worded as they may see it; undefined when it is not theirs to see. */
function seenBy(g: Gap, reader: GapReader): Gap | undefined {
  if (reader.manager || g.askers?.includes(reader.user)) return g;
  return g.shared !== undefined ? { ...g, question: g.shared } : undefined;
}

/**
 * The gaps a reader may see, most asked first, at most `limit`: every gap for a workspace admin or
 * lead; for anyone else the questions asked where the channel saw the answer (in their channel
 * wording) and the ones they asked privately themselves. `total` counts what they may see,
 * `hidden` the questions only admins and leads see.
 */
export function visibleGaps(ws: Readonly<WorkspaceData>, reader: GapReader, limit = 10): { gaps: Gap[]; total: number; hidden: number } {
  const all = topGaps(ws, Infinity);
  const seen = all.flatMap((g) => seenBy(g, reader) ?? []);
  return { gaps: seen.slice(0, limit), total: seen.length, hidden: all.length - seen.length };
}

/** How many distinct questions the workspace has recorded. */
export function gapCount(ws: Readonly<WorkspaceData>): number {
  const data = stored(ws);
  return data ? Object.keys(data.gaps).length : 0;
}
