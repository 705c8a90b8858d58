import { z } from 'zod';
import { DefinitionError } from '../core/errors.js';
import { once } from '../once.js';

/**
 * Workflow templates as data: what an item is opened with, the events a team records, and the
 * rules that derive each deadline from those events (workflows.md). Names are localized in
 * `locales/<locale>/workflows.json` under `workflows.templates.<id>`.
 */

/**
 * How an event's date is typed:
 * - `day`: a calendar day (a time typed with it is ignored); default today;
 * - `time`: a day and a time of day, required (a meeting);
 * - `moment`: a day, or a day and time; default now.
 */
export const WHEN_KINDS = ['day', 'time', 'moment'] as const;
export type WhenKind = (typeof WHEN_KINDS)[number];

export const OFFSET_UNITS = ['workingDays', 'days', 'weeks', 'years', 'hours'] as const;

/** The schema of a template, built when the templates are first used (`templates()`). */
const templateSchema = once(() => {
  const slug = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);
  const entryId = z.string().regex(/^[a-z-]+\.[a-z0-9-]+$/);

  const eventSchema = z.strictObject({
    key: slug,
    when: z.enum(WHEN_KINDS),
    /** Which way a date without a year leans (`11/20`): events that happened lean to the past. */
    prefer: z.enum(['past', 'future']).default('past'),
    /** Given with the event word: `decided approved`. */
    outcomes: z.array(slug).default([]),
    /** Recording it closes the item (status done). */
    closes: z.boolean().default(false),
    /** Must be given (no default date) when recorded. */
    needsDate: z.boolean().default(false),
    /**
     * It happens again and again (a revision asked for, then another): each record is history.
     * Otherwise a later record of the event replaces the earlier one (a corrected date, a new
     * invitation, a rescheduled meeting).
     */
    repeats: z.boolean().default(false),
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
    required: z.boolean().default(false),
    /** For `event` fields: recorded at creation with this default when not given. */
    default: z.enum(['today', 'now']).nullable().default(null),
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
    kind: z.enum(['deadline', 'cutoff', 'appointment']).default('deadline'),
    /** Recording one of these events (after the one it counts from) meets the deadline. */
    metBy: z.array(slug).default([]),
    /** The knowledge-base entry that helps with it. */
    entry: entryId.nullable(),
    /** A checklist to prepare on the working day before (entry id). */
    checklist: entryId.optional(),
  });

  return z
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
});

export type TemplateDef = z.infer<ReturnType<typeof templateSchema>>;
export type EventDef = TemplateDef['events'][number];
export type FieldDef = TemplateDef['fields'][number];
export type DeadlineRule = TemplateDef['deadlines'][number];
export type DeadlineKind = DeadlineRule['kind'];
export type OffsetUnit = (typeof OFFSET_UNITS)[number];

const RAW: z.input<ReturnType<typeof templateSchema>>[] = [
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

function build(): readonly TemplateDef[] {
  const out: TemplateDef[] = [];
  const problems: string[] = [];
  for (const raw of RAW) {
    const parsed = templateSchema().safeParse(raw);
    if (parsed.success) out.push(parsed.data);
    else problems.push(...parsed.error.issues.map((i) => `template ${raw.id}: ${i.path.join('.') || '(template)'} ${i.message}`));
  }
  if (problems.length) throw new DefinitionError(`bad workflow templates:\n  ${problems.join('\n  ')}`, { cause: problems });
  return out;
}

/**
 * Every template, in the order `/track templates` lists them: validated (and given their defaults)
 * on first use. The build and the tests check them (app.ts checkApp), so a bad template stops the
 * build instead of a command.
 */
export const templates = once(build);
export type TemplateId = string;

const byId = once(() => new Map(templates().map((t) => [t.id, t])));

export function template(id: string): TemplateDef | undefined {
  return byId().get(id);
}

/** Every field key any template takes (the `/track new` options), from the declarations as written. */
export const FIELD_KEYS: readonly string[] = [...new Set(RAW.flatMap((t) => t.fields.map((f) => f.key)))];

/** The field keys that take a date (an event's or a due date), as opposed to a text. */
export const DATE_FIELD_KEYS: ReadonlySet<string> = new Set(RAW.flatMap((t) => t.fields.filter((f) => f.kind !== 'text').map((f) => f.key)));

/** Every knowledge-base entry a template links, for the start-up/consistency check. */
export function linkedEntries(t: TemplateDef): string[] {
  return [...new Set([...t.entries, ...t.deadlines.flatMap((d) => [d.entry, d.checklist].filter((e): e is string => !!e))])];
}
