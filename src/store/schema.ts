import { LOCALES } from '../i18n/locales.js';
import { rawOf } from './lazy.js';
import { d, StoredShape, type Desc } from './fast-check.js';
import { once } from '../once.js';

/**
 * What each feature keeps in a workspace, checked when the data is loaded (and when a record is
 * first read from a snapshot), so a file that parses but holds the wrong shape is refused with
 * the file, the workspace and the field, instead of failing later inside a command. Objects are
 * loose (a newer field is kept), known fields are checked. The shapes are the TypeScript types of
 * the features: workflows/item.ts, scheduler/schedule.ts and ping-ledger.ts, knowledge/gaps.ts
 * and progress.ts, store/types.ts.
 */

/**
 * A tree of the stored shape: a key, '*' for any key of a map, and a StoredShape where a record
 * (or a whole small value) is checked. Paths not in the tree belong to no known feature and are
 * not checked. Built when a workspace is first checked.
 */
export type Shape = StoredShape | { readonly [key: string]: Shape };
export const SHAPE = once((): Shape => {
  const { str, opt, bool, int } = d;
  const platform = d.enum(['shell', 'slack', 'discord']);
  const locale = d.enum(LOCALES);

  const when = d.union(d.object({ day: str }), d.object({ at: str }));
  const itemEvent = d.object({ key: str, when, outcome: opt(str), by: str, recordedAt: str });
  const itemNote = d.object({ by: str, at: str, text: str });
  const dueRule = d.union(d.object({ when }), d.object({ relative: d.object({ n: d.num, unit: d.enum(['workingDays', 'days', 'weeks', 'years', 'hours']) }) }));
  const item = d.object({
    id: str,
    template: str,
    title: str,
    channel: str,
    platform: opt(platform),
    status: d.enum(['open', 'done', 'cancelled']),
    createdBy: str,
    createdAt: str,
    assignee: opt(str),
    fields: d.record(str),
    dues: d.record(dueRule),
    events: d.array(itemEvent),
    notes: d.array(itemNote),
    closedAt: opt(str),
    closedBy: opt(str),
    rev: d.num,
  });

  const ledgerEntry = d.object({
    state: d.enum(['claimed', 'sent', 'skipped', 'failed']),
    kind: d.enum(['slot', 'missed', 'digest']),
    channel: str,
    platform: opt(platform),
    at: str,
    changedAt: str,
    messageId: opt(str),
    reason: opt(str),
    summary: opt(str),
    lines: opt(d.array(d.object({ item: str, deadline: str, due: str, slot: str }))),
    day: opt(str),
    attempts: opt(d.num),
    retryAt: opt(str),
  });
  const schedule = d.object({ enabled: bool, days: d.array(int), minute: int, overdue: bool, hour: bool });
  const digest = d.object({ minute: int, by: str, platform });
  const gap = d.object({ question: str, count: d.positiveInt, tier: d.enum(['suggest', 'unknown']), offered: d.array(str), first: str, last: str });
  const step = d.object({ step: d.positiveInt, at: str });
  const userSettings = d.object({ locale: opt(locale), bilingual: opt(bool) });
  const settings = d.object({ timezone: opt(str), holidays: opt(str), locale: opt(locale) });
  const $ = (desc: Desc) => new StoredShape(desc);

  return {
    settings: $(settings),
    users: { '*': $(userSettings) },
    channels: { '*': $(d.record(d.unknown)) },
    track: { seq: $(d.nonnegativeInt), items: { '*': $(item) } },
    pings: { schedule: $(schedule), scheduleSince: $(str), digests: { '*': $(digest) }, ledger: { '*': $(ledgerEntry) } },
    howto: { gaps: { '*': $(gap) } },
    guideProgress: { '*': { '*': $(step) } },
  };
});

export interface ShapeIssue {
  /** The field, from the workspace down (`track.items.12.events`). */
  field: string;
  message: string;
}

/**
 * Checks a value stored at a path inside a workspace (the path of a record, or any path above
 * one: a whole feature, a whole map). Undefined when it is fine.
 */
export function checkValue(path: readonly string[], value: unknown, skip?: (v: unknown) => boolean): ShapeIssue | undefined {
  let shape: Shape | undefined = SHAPE();
  for (let i = 0; i < path.length; i++) {
    if (shape instanceof StoredShape) return checkStored(shape, path.slice(0, i), value, path.slice(i));
    shape = own(shape, path[i]!) ?? own(shape, '*');
    if (!shape) return undefined;
  }
  return checkNode(shape, [...path], value, skip);
}

function checkNode(shape: Shape, path: string[], value: unknown, skip?: (v: unknown) => boolean): ShapeIssue | undefined {
  if (skip?.(value)) return undefined;
  if (shape instanceof StoredShape) return checkStored(shape, path, value, []);
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { field: path.join('.') || '(workspace)', message: `expected an object, got ${describe(value)}` };
  // The object itself, not a lazy map's view of it: records still unparsed are checked when read.
  const raw = rawOf(value) as Record<string, unknown>;
  const any = own(shape, '*');
  for (const key of Object.keys(raw)) {
    const v = raw[key];
    // Before building the path: a map of 100,000 records still unparsed is skipped quickly.
    if (skip?.(v)) continue;
    const child = own(shape, key) ?? any;
    if (!child) continue;
    const issue = checkNode(child, [...path, key], v, skip);
    if (issue) return issue;
  }
  return undefined;
}

/** `value` sits at `at` + `below`; `below` is the part of the path inside the shape's value. */
function checkStored(shape: StoredShape, at: string[], value: unknown, below: string[]): ShapeIssue | undefined {
  if (below.length) {
    // A record deeper than the checked value (one setting of a user): check the field alone
    // when the shape knows it, else accept it (loose objects keep unknown fields).
    const field = shape.field(below[0]!);
    if (!field || below.length > 1) return undefined;
    return checkStored(field, [...at, below[0]!], value, []);
  }
  if (value === undefined) return undefined;
  if (shape.fast(value)) return undefined;
  const r = shape.zod().safeParse(value);
  if (r.success) return undefined;
  const first = r.error.issues[0];
  return { field: [...at, ...(first?.path ?? []).map(String)].join('.'), message: first?.message ?? 'bad shape' };
}

function own(shape: Shape, key: string): Shape | undefined {
  if (shape instanceof StoredShape) return undefined;
  return Object.hasOwn(shape, key) ? shape[key] : undefined;
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v;
}
