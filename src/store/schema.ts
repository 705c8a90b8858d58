import { z } from 'zod';
import { LOCALES } from '../i18n/locales.js';
import { rawOf } from './lazy.js';
import { fastCheckOf } from './fast-check.js';
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
 * A tree of the stored shape: a key, '*' for any key of a map, and a zod schema where a record
 * (or a whole small value) is checked. Paths not in the tree belong to no known feature and are
 * not checked. Built when a workspace is first checked.
 */
export type Shape = z.ZodType | { readonly [key: string]: Shape };
export const SHAPE = once((): Shape => {
  const str = z.string();
  const opt = <T extends z.ZodType>(t: T) => t.optional();
  const platform = z.enum(['shell', 'slack', 'discord']);
  const locale = z.enum(LOCALES);

  const when = z.union([z.looseObject({ day: str }), z.looseObject({ at: str })]);
  const itemEvent = z.looseObject({ key: str, when, outcome: opt(str), by: str, recordedAt: str });
  const itemNote = z.looseObject({ by: str, at: str, text: str });
  const dueRule = z.union([
    z.looseObject({ when }),
    z.looseObject({ relative: z.looseObject({ n: z.number(), unit: z.enum(['workingDays', 'days', 'weeks', 'years', 'hours']) }) }),
  ]);
  const item = z.looseObject({
    id: str,
    template: str,
    title: str,
    channel: str,
    platform: opt(platform),
    status: z.enum(['open', 'done', 'cancelled']),
    createdBy: str,
    createdAt: str,
    assignee: opt(str),
    fields: z.record(str, str),
    dues: z.record(str, dueRule),
    events: z.array(itemEvent),
    notes: z.array(itemNote),
    closedAt: opt(str),
    closedBy: opt(str),
    rev: z.number(),
  });

  const ledgerEntry = z.looseObject({
    state: z.enum(['claimed', 'sent', 'skipped', 'failed']),
    kind: z.enum(['slot', 'missed', 'digest']),
    channel: str,
    platform: opt(platform),
    at: str,
    changedAt: str,
    messageId: opt(str),
    reason: opt(str),
    summary: opt(str),
    lines: opt(z.array(z.looseObject({ item: str, deadline: str, due: str, slot: str }))),
    day: opt(str),
    attempts: opt(z.number()),
    retryAt: opt(str),
  });
  const schedule = z.looseObject({ enabled: z.boolean(), days: z.array(z.number().int()), minute: z.number().int(), overdue: z.boolean(), hour: z.boolean() });
  const digest = z.looseObject({ minute: z.number().int(), by: str, platform });
  const gap = z.looseObject({ question: str, count: z.number().int().positive(), tier: z.enum(['suggest', 'unknown']), offered: z.array(str), first: str, last: str });
  const step = z.looseObject({ step: z.number().int().positive(), at: str });
  const userSettings = z.looseObject({ locale: opt(locale), bilingual: opt(z.boolean()) });
  const settings = z.looseObject({ timezone: opt(str), holidays: opt(str), locale: opt(locale) });

  return {
    settings,
    users: { '*': userSettings },
    channels: { '*': z.record(str, z.unknown()) },
    track: { seq: z.number().int().nonnegative(), items: { '*': item } },
    pings: { schedule, scheduleSince: str, digests: { '*': digest }, ledger: { '*': ledgerEntry } },
    howto: { gaps: { '*': gap } },
    guideProgress: { '*': { '*': step } },
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
    if (shape instanceof z.ZodType) return checkZod(shape, path.slice(0, i), value, path.slice(i));
    shape = own(shape, path[i]!) ?? own(shape, '*');
    if (!shape) return undefined;
  }
  return checkNode(shape, [...path], value, skip);
}

function checkNode(shape: Shape, path: string[], value: unknown, skip?: (v: unknown) => boolean): ShapeIssue | undefined {
  if (skip?.(value)) return undefined;
  if (shape instanceof z.ZodType) return checkZod(shape, path, value, []);
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

/** `value` sits at `at` + `below`; `below` is the part of the path inside the schema's value. */
function checkZod(schema: z.ZodType, at: string[], value: unknown, below: string[]): ShapeIssue | undefined {
  if (below.length) {
    // A record deeper than the checked value (one setting of a user): check the field alone
    // when the schema knows it, else accept it (loose objects keep unknown fields).
    const field = schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>)[below[0]!] : undefined;
    if (!field || below.length > 1) return undefined;
    return checkZod(field, [...at, below[0]!], value, []);
  }
  if (value === undefined) return undefined;
  if (fastCheckOf(schema)?.(value)) return undefined;
  const r = schema.safeParse(value);
  if (r.success) return undefined;
  const first = r.error.issues[0];
  return { field: [...at, ...(first?.path ?? []).map(String)].join('.'), message: first?.message ?? 'bad shape' };
}

function own(shape: Shape, key: string): Shape | undefined {
  if (shape instanceof z.ZodType) return undefined;
  return Object.hasOwn(shape, key) ? shape[key] : undefined;
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v;
}
