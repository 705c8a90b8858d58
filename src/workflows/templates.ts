import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { DefinitionError } from '../core/errors.js';

/**
 * Workflow templates as data: what an item is opened with, the events a team records, and the
 * rules that derive each deadline from those events (workflows.md). Names are localized in
 * `locales/<locale>/workflows.json` under `workflows.templates.<id>`.
 */

/*
 * The templates are checked against the schema below by the build and the tests (checkTemplates,
 * from src/app.ts checkApp), not at every start: a process fills in the defaults (DEFAULTS) and
 * uses them as written. The check also makes sure the defaults filled in are the schema's.
 */

/**
 * How an event's date is typed:
 * - `day`: a calendar day (a time typed with it is ignored); default today;
 * - `time`: a day and a time of day, required (a meeting);
 * - `moment`: a day, or a day and time; default now.
 */
const WHEN_KINDS = ['day', 'time', 'moment'] as const;

export const OFFSET_UNITS = ['workingDays', 'days', 'weeks', 'years', 'hours'] as const;

/** What an event, a field or a deadline rule is when the template does not say. */
const DEFAULTS = {
  event: { prefer: 'past', outcomes: [], closes: false, needsDate: false, repeats: false },
  field: { required: false, default: null },
  deadline: { kind: 'deadline', metBy: [] },
} as const;

function schemas() {
  const slug = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);
  const entryId = z.string().regex(/^[a-z-]+\.[a-z0-9-]+$/);

const eventSchema = z.strictObject({
  key: slug,
  when: z.enum(WHEN_KINDS),
  /** Which way a date without a year leans (`11/20`): events that happened lean to the past. */
  prefer: z.enum(['past', 'future']).default(DEFAULTS.event.prefer),
  /** Given with the event word: `decided approved`. */
  outcomes: z.array(slug).default([...DEFAULTS.event.outcomes]),
  /** Recording it closes the item (status done). */
  closes: z.boolean().default(DEFAULTS.event.closes),
  /** Must be given (no default date) when recorded. */
  needsDate: z.boolean().default(DEFAULTS.event.needsDate),
  /**
   * It happens again and again (a revision asked for, then another): each record is history.
   * Otherwise a later record of the event replaces the earlier one (a corrected date, a new
   * invitation, a rescheduled meeting).
   */
  repeats: z.boolean().default(DEFAULTS.event.repeats),
});

/**
 * What `/track new <template> <title>` takes as `key:value`:
 * - `event`: records the event of the same key at creation (`submitted:2026-11-20`);
 * - `text`: a short text (`market:US`);
 * - `due`: a due date or a relative due from creation (`due:"3 working days"`).
 */
const fieldSchema = z.strictObject({
  key: slug,
  kind: z.enum(['event', 'text', 'due']),
  required: z.boolean().default(DEFAULTS.field.required),
  /** For `event` fields: recorded at creation with this default when not given. */
  default: z.enum(['today', 'now']).nullable().default(DEFAULTS.field.default),
  /** An example value for usage lines. */
  example: z.string().min(1),
});

const deadlineSchema = z.strictObject({
  key: slug,
  /** The event, or the `due` field, the deadline is counted from. */
  from: z.union([z.strictObject({ event: slug }), z.strictObject({ due: slug })]),
  /** Added to the event's date (negative: before it). Absent: the event's own time. */
  offset: z.strictObject({ n: z.number().int(), unit: z.enum(OFFSET_UNITS) }).optional(),
  /** Missing it has consequences outside the team (an appeal declined); otherwise a follow-up. */
  hard: z.boolean(),
  /**
   * - `deadline`: something to do by then; overdue after it;
   * - `cutoff`: the last moment something is still possible; it lapses, it is never overdue;
   * - `appointment`: a time to be somewhere; it passes, it is never overdue.
   */
  kind: z.enum(['deadline', 'cutoff', 'appointment']).default(DEFAULTS.deadline.kind),
  /** Recording one of these events (after the one it counts from) meets the deadline. */
  metBy: z.array(slug).default([...DEFAULTS.deadline.metBy]),
  /** The knowledge-base entry that helps with it. */
  entry: entryId.nullable(),
  /** A checklist to prepare on the working day before (entry id). */
  checklist: entryId.optional(),
});

const templateSchema = z
  .strictObject({
    id: slug,
    fields: z.array(fieldSchema),
    events: z.array(eventSchema).min(1),
    deadlines: z.array(deadlineSchema),
    /** Knowledge-base entries that help with the whole workflow, most useful first. */
    entries: z.array(entryId),
  })
  .superRefine((t, c) => {
    const events = new Set(t.events.map((e) => e.key));
    const fields = new Map(t.fields.map((f) => [f.key, f]));
    const dup = (keys: string[], what: string) => {
      const seen = new Set<string>();
      for (const k of keys) {
        if (seen.has(k)) c.addIssue({ code: 'custom', message: `${what} ${k} is listed twice` });
        seen.add(k);
      }
    };
    dup(t.events.map((e) => e.key), 'event');
    dup(t.fields.map((f) => f.key), 'field');
    dup(t.deadlines.map((d) => d.key), 'deadline');
    for (const f of t.fields) {
      if (f.kind === 'event' && !events.has(f.key)) c.addIssue({ code: 'custom', message: `field ${f.key} names no event` });
      if (f.kind !== 'event' && f.default !== null) c.addIssue({ code: 'custom', message: `field ${f.key}: only event fields have a default` });
      if (f.kind === 'event' && f.required === (f.default !== null)) {
        c.addIssue({ code: 'custom', message: `field ${f.key}: an event field is either required or has a default` });
      }
    }
    for (const d of t.deadlines) {
      if ('event' in d.from && !events.has(d.from.event)) c.addIssue({ code: 'custom', message: `deadline ${d.key} counts from unknown event ${d.from.event}` });
      if ('due' in d.from && fields.get(d.from.due)?.kind !== 'due') c.addIssue({ code: 'custom', message: `deadline ${d.key} counts from ${d.from.due}, not a due field` });
      if ('due' in d.from && d.offset) c.addIssue({ code: 'custom', message: `deadline ${d.key}: a due field is the rule itself, no offset` });
      for (const m of d.metBy) if (!events.has(m)) c.addIssue({ code: 'custom', message: `deadline ${d.key} is met by unknown event ${m}` });
    }
  });
  return templateSchema;
}

export type TemplateDef = z.infer<ReturnType<typeof schemas>>;
export type EventDef = TemplateDef['events'][number];
type FieldDef = TemplateDef['fields'][number];
export type DeadlineRule = TemplateDef['deadlines'][number];
export type DeadlineKind = DeadlineRule['kind'];

const RAW: z.input<ReturnType<typeof schemas>>[] = [
  {
    id: 'brand-appeal',
    fields: [{ key: 'submitted', kind: 'event', default: 'today', example: '2026-11-20' }],
    events: [
      { key: 'submitted', when: 'day' },
      { key: 'video-invited', when: 'day' },
      { key: 'video-scheduled', when: 'time', prefer: 'future', needsDate: true },
      { key: 'decided', when: 'day', outcomes: ['approved', 'declined'], closes: true },
    ],
    deadlines: [
      {
        key: 'expected-decision',
        from: { event: 'submitted' },
        offset: { n: 9, unit: 'workingDays' },
        hard: false,
        metBy: ['decided'],
        entry: 'brand-registry.submit-appeal',
      },
      {
        key: 'book-slots',
        from: { event: 'video-invited' },
        offset: { n: 7, unit: 'workingDays' },
        hard: true,
        metBy: ['video-scheduled'],
        entry: 'brand-registry.video-verification-booking',
      },
      {
        key: 'reschedule-cutoff',
        from: { event: 'video-scheduled' },
        offset: { n: -48, unit: 'hours' },
        hard: true,
        kind: 'cutoff',
        entry: 'brand-registry.video-verification-reschedule',
      },
      {
        key: 'meeting',
        from: { event: 'video-scheduled' },
        hard: true,
        kind: 'appointment',
        entry: 'brand-registry.video-verification-prepare',
        checklist: 'brand-registry.video-verification-prepare',
      },
    ],
    entries: [
      'brand-registry.submit-appeal',
      'brand-registry.video-verification-booking',
      'brand-registry.video-verification-prepare',
      'brand-registry.video-verification-representative',
      'brand-registry.video-verification-reschedule',
      'brand-registry.find-appeal-link',
    ],
  },
  {
    id: 'handmade-press',
    fields: [{ key: 'announce', kind: 'event', required: true, example: '2027-01-15' }],
    events: [
      { key: 'announce', when: 'day', prefer: 'future', needsDate: true },
      { key: 'pr-contacted', when: 'day' },
      { key: 'published', when: 'day', closes: true },
    ],
    deadlines: [
      {
        key: 'pr-review-request',
        from: { event: 'announce' },
        offset: { n: -2, unit: 'weeks' },
        hard: true,
        metBy: ['pr-contacted'],
        entry: 'handmade.press-release',
      },
    ],
    entries: ['handmade.press-release'],
  },
  {
    id: 'handmade-listing',
    fields: [{ key: 'listed', kind: 'event', default: 'now', example: '"2026-11-22 15:30"' }],
    events: [
      { key: 'listed', when: 'moment' },
      { key: 'visible', when: 'moment', closes: true },
    ],
    deadlines: [
      {
        key: 'visibility-check',
        from: { event: 'listed' },
        offset: { n: 24, unit: 'hours' },
        hard: false,
        metBy: ['visible'],
        entry: 'handmade.list-products',
      },
    ],
    entries: ['handmade.list-products'],
  },
  {
    id: 'store-authorization',
    fields: [{ key: 'market', kind: 'text', required: true, example: 'US' }],
    events: [
      { key: 'order-loading-authorized', when: 'day' },
      { key: 'listing-sync-authorized', when: 'day' },
      { key: 'revoked', when: 'day', closes: true },
    ],
    deadlines: [
      {
        key: 'renew-order-loading',
        from: { event: 'order-loading-authorized' },
        offset: { n: 1, unit: 'years' },
        hard: true,
        entry: 'saleyee.authorize-order-loading',
      },
      {
        key: 'renew-listing-sync',
        from: { event: 'listing-sync-authorized' },
        offset: { n: 1, unit: 'years' },
        hard: true,
        entry: 'saleyee.authorize-listing-sync',
      },
    ],
    entries: [
      'saleyee.authorization-rules',
      'saleyee.add-amazon-account',
      'saleyee.authorize-order-loading',
      'saleyee.authorize-listing-sync',
      'saleyee.faq-authorization-failed',
    ],
  },
  {
    id: 'collab-design',
    fields: [
      { key: 'brand', kind: 'text', example: 'Acme' },
      { key: 'due', kind: 'due', example: '"3 working days"' },
    ],
    events: [
      { key: 'approved', when: 'moment', closes: true },
      { key: 'rejected', when: 'moment', closes: true },
      { key: 'revision-requested', when: 'moment', repeats: true },
      { key: 'revised', when: 'moment', repeats: true },
      { key: 'withdrawn', when: 'moment', closes: true },
    ],
    deadlines: [
      {
        key: 'review',
        from: { due: 'due' },
        hard: false,
        metBy: ['approved', 'rejected', 'revision-requested', 'withdrawn'],
        entry: 'collab.approve-design',
      },
    ],
    entries: ['collab.approve-design', 'collab.reject-design', 'collab.request-revision', 'collab.submit-revision', 'collab.withdraw-design'],
  },
  {
    id: 'task',
    fields: [{ key: 'due', kind: 'due', example: '2026-12-01' }],
    events: [{ key: 'done', when: 'moment', closes: true }],
    deadlines: [{ key: 'due', from: { due: 'due' }, hard: false, metBy: ['done'], entry: null }],
    entries: [],
  },
];

/** A template as written, with the defaults filled in (checkTemplates makes sure the result is what the schema gives). */
function withDefaults(raw: (typeof RAW)[number]): TemplateDef {
  return {
    ...raw,
    fields: raw.fields.map((f) => filled(DEFAULTS.field, f) as FieldDef),
    events: raw.events.map((e) => filled(DEFAULTS.event, e) as EventDef),
    deadlines: raw.deadlines.map((d) => filled(DEFAULTS.deadline, d) as DeadlineRule),
  };
}

/** The object with each default it lacks (or leaves undefined) filled in; arrays copied. */
function filled(defaults: Readonly<Record<string, unknown>>, raw: object): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const [k, v] of Object.entries(defaults)) if (out[k] === undefined) out[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
  return out;
}

/**
 * Checks every template against the schema (and that the defaults a process fills in are the
 * schema's); throws a DefinitionError naming each problem. The build and the tests run it.
 */
export function checkTemplates(): void {
  const schema = schemas();
  const problems: string[] = [];
  for (const raw of RAW) {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `template ${raw.id}: ${i.path.join('.') || '(template)'} ${i.message}`));
    else if (!isDeepStrictEqual(parsed.data, withDefaults(raw))) problems.push(`template ${raw.id}: the defaults filled in at run time are not the schema's`);
  }
  if (problems.length) throw new DefinitionError(`bad workflow templates:\n  ${problems.join('\n  ')}`, { cause: problems });
}

/** Every template, in the order `/track templates` lists them. */
export const TEMPLATES: readonly TemplateDef[] = RAW.map(withDefaults);

const byId = new Map(TEMPLATES.map((t) => [t.id, t]));

export function template(id: string): TemplateDef | undefined {
  return byId.get(id);
}

/** Every field key any template takes (the `/track new` options). */
export const FIELD_KEYS: readonly string[] = [...new Set(TEMPLATES.flatMap((t) => t.fields.map((f) => f.key)))];

/** The field keys that take a date (an event's or a due date), as opposed to a text. */
export const DATE_FIELD_KEYS: ReadonlySet<string> = new Set(TEMPLATES.flatMap((t) => t.fields.filter((f) => f.kind !== 'text').map((f) => f.key)));

/** Every knowledge-base entry a template links, for the start-up/consistency check. */
export function linkedEntries(t: TemplateDef): string[] {
  return [...new Set([...t.entries, ...t.deadlines.flatMap((d) => [d.entry, d.checklist].filter((e): e is string => !!e))])];
}
