import { z } from 'zod';
import { defineCommand, defineSub, type Choice, type Ctx, type Inline, type OptionMeta, type Reply } from '../src/core/types.js';
import { context, heading, list, para, reply } from '../src/core/reply.js';
import { UserError } from '../src/core/errors.js';
import { calendarFor, type Calendar } from '../src/workflows/working-days.js';
import { parseRelativeDue, parseWhen } from '../src/workflows/parse-date.js';
import { FIELD_KEYS, TEMPLATES, template, type EventDef, type TemplateDef } from '../src/workflows/templates.js';
import { deadlinesOf, isOverdue, type Deadline } from '../src/workflows/deadlines.js';
import { latestEvent, type DueRule, type Item, type ItemEvent, type When } from '../src/workflows/item.js';
import { pageByUrgency, itemsOf, nextDeadline, parseItemId, trackOf, writableTrack } from '../src/workflows/items.js';
import { findEvent, findOutcome, findTemplate } from '../src/workflows/lookup.js';
import {
  deadlineName,
  eventName,
  fieldExample,
  fieldName,
  formatDue,
  formatLeft,
  formatWhen,
  templateName,
} from '../src/workflows/format.js';
import { deadlineLine, eventCommand, itemBlocks, itemJson, withMention } from '../src/workflows/view.js';

const text = z.string().trim().optional();
const idOption: OptionMeta = { name: 'id', kind: 'string', positional: true, autocomplete: 'item' };
const PAGE_SIZE = 20;
const MAX_TITLE = 200;
const MAX_NOTE = 1000;
const MAX_FIELD = 60;

const newSchema = z.object({
  template: text,
  title: text,
  ...Object.fromEntries(FIELD_KEYS.map((k) => [k, text])),
});

/** `/track`: open, follow and close workflow items whose deadlines are derived from their events. */
/** The fields that take a date (an event's or a due's). */
const DATE_FIELDS = new Set(TEMPLATES.flatMap((t) => t.fields.filter((f) => f.kind !== 'text').map((f) => f.key)));

export default defineCommand({
  name: 'track',
  emptySubcommand: 'list',
  subcommands: [
    defineSub({
      name: 'new',
      schema: newSchema,
      options: [
        { name: 'template', kind: 'string', positional: true, autocomplete: 'template' },
        { name: 'title', kind: 'string', positional: true, rest: true, verbatim: true },
        // A date field typed last may have spaces (`due:next tuesday`).
        ...FIELD_KEYS.map((k): OptionMeta => ({ name: k, kind: 'string', ...(DATE_FIELDS.has(k) ? { trailing: true } : {}) })),
      ],
      run: (ctx, opts) => newItem(ctx, opts as Record<string, string | undefined>),
    }),
    defineSub({
      name: 'event',
      schema: z.object({ id: text, event: text, date: text }),
      options: [idOption, { name: 'event', kind: 'string', positional: true, autocomplete: 'event' }, { name: 'date', kind: 'string', positional: true, rest: true }],
      run: (ctx, o) => recordEvent(ctx, o.id, o.event, o.date),
    }),
    defineSub({
      name: 'list',
      schema: z.object({
        filter: text,
        page: z.coerce.number({ message: 'errors.track.badPage' }).int('errors.track.badPage').min(1, 'errors.track.badPage').max(100_000, 'errors.track.badPage').optional(),
      }),
      options: [
        { name: 'filter', kind: 'string', positional: true, rest: true, choices: ['mine', 'overdue', 'closed', 'all'] },
        { name: 'page', kind: 'integer' },
      ],
      run: (ctx, o) => listItems(ctx, o.filter, o.page ?? 1),
    }),
    defineSub({ name: 'show', schema: z.object({ id: text }), options: [idOption], run: (ctx, o) => showItem(ctx, o.id) }),
    defineSub({
      name: 'assign',
      schema: z.object({ id: text, user: text }),
      options: [idOption, { name: 'user', kind: 'user', positional: true }],
      run: (ctx, o) => assign(ctx, o.id, o.user),
    }),
    defineSub({
      name: 'note',
      schema: z.object({ id: text, text }),
      options: [idOption, { name: 'text', kind: 'string', positional: true, rest: true, verbatim: true }],
      run: (ctx, o) => addNote(ctx, o.id, o.text),
    }),
    defineSub({ name: 'done', schema: z.object({ id: text }), options: [idOption], run: (ctx, o) => close(ctx, o.id, 'done') }),
    defineSub({ name: 'cancel', schema: z.object({ id: text }), options: [idOption], run: (ctx, o) => close(ctx, o.id, 'cancelled') }),
    defineSub({ name: 'templates', schema: z.object({}), options: [], run: (ctx) => listTemplates(ctx) }),
  ],
  complete,
  // An error under `/track new` shows a `due:` a few working days ahead, never one in the past.
  example: (ctx, sub) => (sub === 'new' ? ctx.t('cmd.track.exampleNew', { date: futureDay(ctx) }) : undefined),
  actions: {
    /** The "Track this" button of a /howto or /guide answer: what to type for that template. */
    'new-from': (ctx, value) => newFrom(ctx, value),
  },
});

// ---------------------------------------------------------------------------------------------
// Shared pieces

function calendar(ctx: Ctx): Calendar {
  return calendarFor(ctx.store.read(ctx.caller.workspace), ctx.config);
}

/** A working day a week of working days from now, in the workspace's zone (for examples). */
export function futureDay(ctx: Ctx): string {
  const cal = calendar(ctx);
  return cal.addWorkingDays(cal.dayOf(ctx.now()), 5);
}

function templateList(): string {
  return TEMPLATES.map((t) => t.id).join(', ');
}

function resolveTemplate(typed: string | undefined): TemplateDef {
  if (!typed) throw new UserError('errors.track.noTemplate', { templates: templateList() });
  const found = findTemplate(typed);
  if (found.template) return found.template;
  throw new UserError(found.guess ? 'errors.track.unknownTemplateGuess' : 'errors.track.unknownTemplate', {
    value: typed,
    guess: found.guess,
    templates: templateList(),
  });
}

/** The item an id names in the caller's workspace (never another workspace's). */
function findItem(ctx: Ctx, typed: string | undefined, sub: string): Item {
  if (!typed) throw new UserError('errors.track.missingId', { example: `/track ${sub} 12` });
  const id = parseItemId(typed);
  if (!id) throw new UserError('errors.track.badId', { value: typed, example: `/track ${sub} 12` });
  const item = trackOf(ctx.store.read(ctx.caller.workspace)).items[id];
  if (!item) throw new UserError('errors.track.unknownItem', { id });
  return item;
}

/** Its creator, its assignee or a workspace admin. */
function canManage(ctx: Ctx, item: Item): boolean {
  return item.createdBy === ctx.caller.user || item.assignee === ctx.caller.user || ctx.caller.isAdmin === true;
}

function requireManager(ctx: Ctx, item: Item, action: 'close' | 'cancel' | 'assign'): void {
  if (!canManage(ctx, item)) throw new UserError('errors.track.notYours', { id: item.id, action: ctx.t(`track.actions.${action}`) });
}

/** Events and notes: anyone in the item's channel, and its managers from anywhere in the workspace. */
function requireChannel(ctx: Ctx, item: Item): void {
  if (item.channel !== ctx.caller.channel && !canManage(ctx, item)) {
    throw new UserError('errors.track.otherChannel', { id: item.id, channel: item.channel });
  }
}

function requireOpen(ctx: Ctx, item: Item): void {
  if (item.status !== 'open') throw new UserError('errors.track.closed', { id: item.id, status: ctx.t(`track.status.${item.status}`) });
}

/** Changes one item inside a store update: re-read there, checked, changed, its revision bumped. */
async function change(ctx: Ctx, id: string, fn: (item: Item) => void): Promise<Item> {
  const changed = await ctx.store.update(ctx.caller.workspace, (ws) => {
    const item = writableTrack(ws).items[id];
    if (!item) throw new UserError('errors.track.unknownItem', { id });
    fn(item);
    item.rev++;
    return item;
  });
  // The deadline scheduler re-plans this item's pings at once.
  ctx.itemChanges.announce(ctx.caller.workspace, id);
  return changed;
}

/** What to type to open an item of a template, with its fields. */
function usageOf(ctx: Ctx, t: TemplateDef): { usage: string; example: string } {
  const tr = ctx.t;
  const usage = [`/track new ${t.id} <${tr(`workflows.templates.${t.id}.title`)}>`];
  const example = [`/track new ${t.id} ${tr(`workflows.templates.${t.id}.exampleTitle`)}`];
  for (const f of t.fields) {
    const part = `${f.key}:<${fieldName(tr, t.id, f.key)}>`;
    usage.push(f.required ? part : `[${part}]`);
    example.push(`${f.key}:${fieldExample(tr, t.id, f.key, f.example)}`);
  }
  return { usage: usage.join(' '), example: example.join(' ') };
}

// ---------------------------------------------------------------------------------------------
// Dates typed for events and dues

function eventWhen(ctx: Ctx, cal: Calendar, tpl: TemplateDef, ev: EventDef, typed: string | undefined, id: string): When {
  const now = ctx.now();
  const example = eventExample(ctx, tpl, ev, id);
  if (!typed) {
    if (ev.needsDate || ev.when === 'time') {
      throw new UserError('errors.track.needDate', { event: eventName(ctx.t, tpl.id, ev.key), example });
    }
    return ev.when === 'day' ? { day: cal.dayOf(now) } : { at: now.toISOString() };
  }
  const parsed = parseWhen(typed, { calendar: cal, now, prefer: ev.prefer, examples: dateExamples(ctx, cal, ev.prefer) });
  if (ev.when === 'time' && parsed.kind !== 'time') {
    throw new UserError('errors.track.needTime', { event: eventName(ctx.t, tpl.id, ev.key), value: typed, example });
  }
  // Something that happened (an invitation arrived, a case was submitted) cannot be dated ahead of
  // now; a scheduled event (a meeting, an announcement) may.
  if (ev.prefer === 'past') {
    const ahead = parsed.kind === 'day' ? parsed.day > cal.dayOf(now) : parsed.at.getTime() > now.getTime() + 60_000;
    if (ahead) {
      throw new UserError('errors.track.futureEvent', { event: eventName(ctx.t, tpl.id, ev.key), value: typed, today: cal.dayOf(now) });
    }
  }
  if (parsed.kind === 'day') return { day: parsed.day };
  return ev.when === 'day' ? { day: cal.dayOf(parsed.at) } : { at: parsed.at.toISOString() };
}

/**
 * A one-word date that cannot be read may be the first word of a longer one typed without quotes
 * before other options (`due:next brand:Acme`): the error says to put it in quotes.
 */
/** Words that begin a date of several words (`next Tuesday`, `3 working days`, `下 周二`). */
const DATE_START = /^(?:next|this|last|coming|in|on|the|end|\d+|下|上|本|这|這|今|明|后|後|下个|下個)$/i;

function quotedDateHint<T>(key: string, value: string | undefined, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (value && DATE_START.test(value) && err instanceof UserError && (err.key === 'errors.date.unreadable' || err.key === 'errors.track.badDue')) {
      throw new UserError('errors.track.dateInQuotes', { option: key, value });
    }
    throw err;
  }
}

/**
 * The accepted date forms for an error, with dates on the side the value leans to: past ones for
 * an event that happened, future ones for a due date or a meeting.
 */
function dateExamples(ctx: Ctx, cal: Calendar, prefer: 'past' | 'future'): string {
  const day = cal.addWorkingDays(cal.dayOf(ctx.now()), prefer === 'past' ? -3 : 5);
  return ctx.t('errors.date.examples', { day, md: `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}` });
}

function eventExample(ctx: Ctx, tpl: TemplateDef, ev: EventDef, id: string): string {
  const field = tpl.fields.find((f) => f.key === ev.key);
  if (field && id === '') return `/track new ${tpl.id} ${ctx.t(`workflows.templates.${tpl.id}.exampleTitle`)} ${ev.key}:${field.example}`;
  const date = ev.when === 'time' ? '"2026-12-10 10:00"' : '2026-11-23';
  return `/track event ${id || '12'} ${ev.key}${ev.outcomes.length ? ` ${ev.outcomes[0]}` : ''} ${date}`;
}

function sameWhen(a: When, b: When): boolean {
  return 'day' in a ? 'day' in b && a.day === b.day : 'at' in b && a.at === b.at;
}

function dueRule(ctx: Ctx, cal: Calendar, typed: string): DueRule {
  const relative = parseRelativeDue(typed);
  if (relative) return { relative };
  try {
    const w = parseWhen(typed, { calendar: cal, now: ctx.now(), prefer: 'future', examples: dateExamples(ctx, cal, 'future') });
    return { when: w.kind === 'day' ? { day: w.day } : { at: w.at.toISOString() } };
  } catch (err) {
    if (err instanceof UserError && err.key === 'errors.date.unreadable') {
      throw new UserError('errors.track.badDue', { value: typed, day: cal.addWorkingDays(cal.dayOf(ctx.now()), 5) });
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// /track new

async function newItem(ctx: Ctx, opts: Record<string, string | undefined>): Promise<Reply> {
  const tpl = resolveTemplate(opts.template);
  const title = (opts.title ?? '').trim();
  const { example } = usageOf(ctx, tpl);
  const name = templateName(ctx.t, tpl.id);
  if (!title) throw new UserError('errors.track.missingTitle', { template: name, what: ctx.t(`workflows.templates.${tpl.id}.title`), example });
  if (title.length > MAX_TITLE) throw new UserError('errors.track.titleTooLong', { max: MAX_TITLE, length: title.length });
  for (const key of FIELD_KEYS) {
    if (opts[key] !== undefined && !tpl.fields.some((f) => f.key === key)) {
      throw new UserError(tpl.fields.length ? 'errors.track.fieldNotForTemplate' : 'errors.track.noFields', {
        field: key,
        template: name,
        fields: tpl.fields.map((f) => `${f.key}:`).join(', '),
        example,
      });
    }
  }
  const cal = calendar(ctx);
  const now = ctx.now();
  const by = ctx.caller.user;
  const events: ItemEvent[] = [];
  const fields: Record<string, string> = {};
  const dues: Record<string, DueRule> = {};
  for (const f of tpl.fields) {
    const value = opts[f.key]?.trim() || undefined;
    if (!value && f.required) {
      throw new UserError('errors.track.missingField', { template: name, field: f.key, what: fieldName(ctx.t, tpl.id, f.key), example });
    }
    if (f.kind === 'event') {
      if (!value && f.default === null) continue;
      const ev = tpl.events.find((e) => e.key === f.key)!;
      events.push({ key: f.key, when: quotedDateHint(f.key, value, () => eventWhen(ctx, cal, tpl, ev, value, '')), by, recordedAt: now.toISOString() });
    } else if (value && f.kind === 'text') {
      if (value.length > MAX_FIELD) throw new UserError('errors.track.fieldTooLong', { field: f.key, max: MAX_FIELD });
      fields[f.key] = f.key === 'market' ? value.toUpperCase() : value;
    } else if (value && f.kind === 'due') {
      dues[f.key] = quotedDateHint(f.key, value, () => dueRule(ctx, cal, value));
    }
  }
  const item = await ctx.store.update(ctx.caller.workspace, (ws) => {
    const track = writableTrack(ws);
    const id = String(++track.seq);
    const created: Item = {
      id,
      template: tpl.id,
      title,
      channel: ctx.caller.channel,
      platform: ctx.caller.platform,
      status: 'open',
      createdBy: by,
      createdAt: now.toISOString(),
      fields,
      dues,
      events,
      notes: [],
      rev: 1,
    };
    track.items[id] = created;
    return created;
  });
  ctx.itemChanges.announce(ctx.caller.workspace, item.id);
  const blocks = [para([{ bold: ctx.t('track.created', { id: item.id, template: name, title: item.title }) }]), ...itemBlocks(ctx, cal, item)];
  return reply(blocks, { data: { item: itemJson(item, cal, now) } });
}

// ---------------------------------------------------------------------------------------------
// /track event

async function recordEvent(ctx: Ctx, typedId: string | undefined, typedEvent: string | undefined, typedDate: string | undefined): Promise<Reply> {
  const item = findItem(ctx, typedId, 'event');
  const tpl = template(item.template);
  if (!tpl) throw new UserError('errors.track.unknownTemplate', { value: item.template, templates: templateList() });
  const events = tpl.events.map((e) => e.key).join(', ');
  const tname = templateName(ctx.t, tpl.id);
  if (!typedEvent) {
    throw new UserError('errors.track.missingEvent', { id: item.id, template: tname, events, example: eventCommand(ctx.t, item.id, tpl.events[0]!) });
  }
  const found = findEvent(tpl, typedEvent);
  if (!found.event) {
    throw new UserError(found.guess ? 'errors.track.unknownEventGuess' : 'errors.track.unknownEvent', {
      event: typedEvent,
      guess: found.guess,
      id: item.id,
      template: tname,
      events,
      example: eventCommand(ctx.t, item.id, tpl.events.find((e) => e.key === found.guess) ?? tpl.events[0]!),
    });
  }
  const ev = found.event;
  requireChannel(ctx, item);
  requireOpen(ctx, item);
  if (ev.closes) requireManager(ctx, item, 'close');

  let dateText = typedDate?.trim() || undefined;
  let outcome: string | undefined;
  if (ev.outcomes.length) {
    const [first = '', ...rest] = (dateText ?? '').split(/\s+/);
    outcome = first ? findOutcome(ev, first) : undefined;
    if (!outcome) {
      throw new UserError(first ? 'errors.track.badOutcome' : 'errors.track.needOutcome', {
        value: first,
        event: eventName(ctx.t, tpl.id, ev.key),
        outcomes: ev.outcomes.join(', '),
        example: `/track event ${item.id} ${ev.key} ${ev.outcomes[0]}`,
      });
    }
    dateText = rest.join(' ') || undefined;
  }
  const cal = calendar(ctx);
  const now = ctx.now();
  const when = eventWhen(ctx, cal, tpl, ev, dateText, item.id);
  const t = ctx.t;
  const whenText = formatWhen(t, cal, when);
  const latest = latestEvent(item, ev.key)?.event;
  if (!ev.repeats && latest && sameWhen(latest.when, when) && latest.outcome === outcome) {
    // Typed twice: the event stands as recorded; a second identical line would only be noise.
    const blocks = [para([{ bold: t('track.eventAlready', { id: item.id, event: eventName(t, tpl.id, ev.key), when: whenText }) }])];
    blocks.push(...itemBlocks(ctx, cal, item));
    return reply(blocks, { data: { item: itemJson(item, cal, now) } });
  }
  const before = deadlinesOf(item, cal);
  const updated = await change(ctx, item.id, (it) => {
    if (it.status !== 'open') throw new UserError('errors.track.closed', { id: it.id, status: ctx.t(`track.status.${it.status}`) });
    it.events.push({ key: ev.key, when, ...(outcome ? { outcome } : {}), by: ctx.caller.user, recordedAt: now.toISOString() });
    if (ev.closes) {
      it.status = 'done';
      it.closedAt = now.toISOString();
      it.closedBy = ctx.caller.user;
    }
  });
  const after = deadlinesOf(updated, cal);
  const recorded: Inline[] = [{ bold: t('track.eventRecorded', { id: updated.id, event: eventName(t, tpl.id, ev.key), when: whenText }) }];
  if (latest && !ev.repeats) recorded.push(t('track.eventReplaced', { when: formatWhen(t, cal, latest.when) }));
  if (outcome) recorded.push(` — ${t('workflows.outcomes.' + outcome + '.name')}`);
  const blocks = [para(recorded)];
  const changes = changedDeadlines(ctx, cal, updated, before, after);
  if (changes.length) blocks.push(list(changes));
  if (ev.closes) blocks.push(para(t('track.closedByEvent', { id: updated.id, title: updated.title })));
  blocks.push(...itemBlocks(ctx, cal, updated));
  return reply(blocks, { data: { item: itemJson(updated, cal, now) } });
}

/** What an event did to the deadlines: new ones, moved ones, met ones. */
function changedDeadlines(ctx: Ctx, cal: Calendar, item: Item, before: Deadline[], after: Deadline[]): Inline[][] {
  const t = ctx.t;
  const out: Inline[][] = [];
  for (const d of after) {
    const old = before.find((b) => b.key === d.key);
    const name = deadlineName(t, item.template, d.key);
    if (!old) out.push([t('track.deadlineNew', { deadline: name }), ...deadlineLine(ctx, cal, item, d, { withName: false })]);
    else if (old.due.getTime() !== d.due.getTime()) {
      const line: Inline[] = [t('track.deadlineMoved', { deadline: name, from: formatDue(t, cal, old), to: formatDue(t, cal, d) }), ' — ', formatLeft(t, cal, item, d, ctx.now())];
      // Counted from a new date, what met it before (recorded earlier) no longer does.
      if (old.met && !d.met) line.push(t('track.deadlineReopened'));
      out.push(line);
    } else if (!old.met && d.met) out.push([t('track.deadlineMet', { deadline: name })]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// /track list, show, templates

const FILTER_WORDS: Record<string, 'mine' | 'overdue' | 'closed' | 'all'> = {
  mine: 'mine', me: 'mine', my: 'mine', 我的: 'mine', 我: 'mine',
  overdue: 'overdue', late: 'overdue', 逾期: 'overdue', 过期: 'overdue', 過期: 'overdue', 超期: 'overdue',
  closed: 'closed', done: 'closed', 已关闭: 'closed', 已關閉: 'closed', 已完成: 'closed', 关闭: 'closed', 關閉: 'closed',
  all: 'all', 全部: 'all', 所有: 'all',
};

function listItems(ctx: Ctx, filterText: string | undefined, page: number): Reply {
  const filters = new Set<string>();
  for (const word of (filterText ?? '').toLowerCase().split(/\s+/).filter(Boolean)) {
    const f = FILTER_WORDS[word];
    if (!f) throw new UserError('errors.track.badFilter', { value: word });
    filters.add(f);
  }
  const t = ctx.t;
  const cal = calendar(ctx);
  const now = ctx.now();
  const me = ctx.caller.user;
  const here = ctx.caller.channel;
  const everywhere = filters.has('all');
  const closed = filters.has('closed');
  let items = itemsOf(ctx.store.read(ctx.caller.workspace)).filter(
    (i) => (closed ? i.status !== 'open' : i.status === 'open') && (everywhere || i.channel === here),
  );
  if (filters.has('mine')) items = items.filter((i) => i.assignee === me || (!i.assignee && i.createdBy === me));
  if (filters.has('overdue')) items = items.filter((i) => deadlinesOf(i, cal).some((d) => isOverdue(i, d, now)));
  const total = items.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (page > pages) {
    const command = `/track list ${[...filters].join(' ')} page:${pages}`.replace('  ', ' ');
    throw new UserError('errors.track.noSuchPage', { page, pages, example: pages > 1 ? command : '/track list' });
  }
  const from = (page - 1) * PAGE_SIZE;
  const shown = closed
    ? items.sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? '') || Number(b.id) - Number(a.id)).slice(from, from + PAGE_SIZE)
    : pageByUrgency(items, cal, now, from, PAGE_SIZE);
  const scope = everywhere ? 'workspace' : 'channel';
  const kind = closed ? 'closed' : filters.has('overdue') ? 'overdue' : filters.has('mine') ? 'mine' : 'open';
  const blocks = [heading(t(`track.list.title.${kind}.${scope}`, { count: total }))];
  if (!total) {
    blocks.push(para(t('track.list.empty')));
    blocks.push(context(t('track.list.howToStart')));
  } else {
    blocks.push(list(shown.map((i) => listRow(ctx, cal, i, everywhere))));
    if (pages > 1) {
      const next = page < pages ? t('track.list.nextPage', { command: `/track list ${[...filters].join(' ')} page:${page + 1}`.replace('  ', ' ') }) : '';
      blocks.push(context(`${t('track.list.page', { page, pages, count: total })} ${next}`.trim()));
    }
    blocks.push(context(t('track.list.more')));
  }
  return reply(blocks, {
    ephemeral: true,
    data: { items: shown.map((i) => itemJson(i, cal, now)), total, page, pages },
  });
}

function listRow(ctx: Ctx, cal: Calendar, item: Item, withChannel: boolean): Inline[] {
  const t = ctx.t;
  const row: Inline[] = [{ code: `#${item.id}` }, ' ', { bold: item.title }, ` · ${templateName(t, item.template)}`];
  if (item.status !== 'open') row.push(` · ${t(`track.status.${item.status}`)}`);
  const next = item.status === 'open' ? nextDeadline(item, cal, ctx.now()) : undefined;
  if (next) {
    const vars = { deadline: deadlineName(t, item.template, next.key), due: formatDue(t, cal, next), left: formatLeft(t, cal, item, next, ctx.now()) };
    row.push(' — ', t(next.hard ? 'track.list.nextHard' : 'track.list.next', vars));
  }
  if (item.assignee) row.push(' · ', { mention: item.assignee });
  if (withChannel) row.push(` · ${t('track.inChannel', { channel: item.channel })}`);
  return row;
}

function showItem(ctx: Ctx, typedId: string | undefined): Reply {
  const item = findItem(ctx, typedId, 'show');
  const cal = calendar(ctx);
  return reply(itemBlocks(ctx, cal, item), { ephemeral: true, data: { item: itemJson(item, cal, ctx.now()) } });
}

function listTemplates(ctx: Ctx): Reply {
  const t = ctx.t;
  const blocks = [heading(t('track.templates.title'))];
  for (const tpl of TEMPLATES) {
    blocks.push(...templateBlocks(ctx, tpl));
  }
  blocks.push(context(t('track.templates.footer')));
  return reply(blocks, { ephemeral: true, data: { templates: TEMPLATES.map((x) => x.id) } });
}

/** A template's summary, then how to open one (unless shown already), its events and deadline rules. */
function templateBlocks(ctx: Ctx, tpl: TemplateDef, opts: { usage?: boolean } = {}): ReturnType<typeof para>[] {
  const t = ctx.t;
  const { usage, example } = usageOf(ctx, tpl);
  const rows: Inline[][] = [];
  if (opts.usage !== false) rows.push([t('track.templates.openWith'), { code: usage }], [t('track.templates.example'), { code: example }]);
  rows.push(
    [
      t('track.templates.events'),
      tpl.events.map((e) => t('track.templates.eventItem', { key: e.key, name: eventName(t, tpl.id, e.key) })).join(t('track.templates.separator')),
    ],
  );
  for (const d of tpl.deadlines) {
    const row: Inline[] = [{ bold: deadlineName(t, tpl.id, d.key) }, t('track.templates.ruleKey', { key: d.key }), t(`workflows.templates.${tpl.id}.rules.${d.key}`)];
    row.push(' · ', d.hard ? { bold: t('track.hard') } : t('track.soft'));
    if (d.entry) row.push(' · ', { code: `/guide ${d.entry}` });
    rows.push(row);
  }
  return [
    para([{ bold: templateName(t, tpl.id) }, ' ', { code: tpl.id }, ` — ${t(`workflows.templates.${tpl.id}.summary`)}`]),
    list(rows),
  ];
}

/** The "Track this" button: a chat button cannot ask for a title, so show exactly what to type. */
function newFrom(ctx: Ctx, value: string): Reply {
  const tpl = resolveTemplate(value);
  const t = ctx.t;
  const { usage, example } = usageOf(ctx, tpl);
  const fieldRows: Inline[][] = tpl.fields.map((f) => [{ code: `${f.key}:` }, ` ${fieldName(t, tpl.id, f.key)}${f.required ? t('track.required') : ''}`]);
  const blocks = [
    heading(t('track.newFrom.title', { template: templateName(t, tpl.id) })),
    para(t('track.newFrom.type')),
    para([{ code: usage }]),
    para([t('track.templates.example'), { code: example }]),
  ];
  if (fieldRows.length) blocks.push(list(fieldRows));
  // The usage and example are at the top already.
  blocks.push(...templateBlocks(ctx, tpl, { usage: false }).slice(1));
  return reply(blocks, { ephemeral: true, data: { template: tpl.id, usage, example } });
}

// ---------------------------------------------------------------------------------------------
// /track assign, note, done, cancel

const NOBODY = ['none', 'nobody', '-', '无', '無', '没有人', '沒有人'];

/** A user as the platform gives it: `<@U123>`, `<@!123>`, `<@U123|name>`, `@name` or a plain id. */
export function parseUser(typed: string): string | undefined {
  const s = typed.trim();
  const mention = /^<@!?([A-Za-z0-9._-]{1,64})(?:\|[^>]*)?>$/.exec(s);
  const id = mention ? mention[1]! : s.replace(/^[@＠]/, '');
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) return undefined;
  // Never store a word that a platform reads as a mass mention.
  if (['everyone', 'here', 'channel'].includes(id.toLowerCase())) return undefined;
  return id;
}

async function assign(ctx: Ctx, typedId: string | undefined, typedUser: string | undefined): Promise<Reply> {
  const item = findItem(ctx, typedId, 'assign');
  if (!typedUser) throw new UserError('errors.track.missingUser', { example: `/track assign ${item.id} @lin` });
  const nobody = NOBODY.includes(typedUser.trim().toLowerCase());
  const user = nobody ? undefined : parseUser(typedUser);
  if (!nobody && !user) throw new UserError('errors.track.badUser', { value: typedUser, example: `/track assign ${item.id} @lin` });
  requireManager(ctx, item, 'assign');
  requireOpen(ctx, item);
  const cal = calendar(ctx);
  const updated = await change(ctx, item.id, (it) => {
    if (user) it.assignee = user;
    else delete it.assignee;
  });
  const text: Inline[] = user
    ? withMention(ctx.t, 'track.assigned', { id: updated.id, title: updated.title }, user)
    : [ctx.t('track.unassigned', { id: updated.id, title: updated.title })];
  return reply([para(text)], { data: { item: itemJson(updated, cal, ctx.now()) } });
}

async function addNote(ctx: Ctx, typedId: string | undefined, note: string | undefined): Promise<Reply> {
  const item = findItem(ctx, typedId, 'note');
  const body = (note ?? '').trim();
  if (!body) throw new UserError('errors.track.missingNote', { example: `/track note ${item.id} …` });
  if (body.length > MAX_NOTE) throw new UserError('errors.track.noteTooLong', { max: MAX_NOTE, length: body.length });
  requireChannel(ctx, item);
  const cal = calendar(ctx);
  const now = ctx.now();
  const updated = await change(ctx, item.id, (it) => {
    it.notes.push({ by: ctx.caller.user, at: now.toISOString(), text: body });
  });
  return reply([para(ctx.t('track.noted', { id: updated.id, title: updated.title })), context(body)], {
    data: { item: itemJson(updated, cal, now) },
  });
}

async function close(ctx: Ctx, typedId: string | undefined, status: 'done' | 'cancelled'): Promise<Reply> {
  const item = findItem(ctx, typedId, status === 'done' ? 'done' : 'cancel');
  requireManager(ctx, item, status === 'done' ? 'close' : 'cancel');
  requireOpen(ctx, item);
  const cal = calendar(ctx);
  const now = ctx.now();
  const updated = await change(ctx, item.id, (it) => {
    if (it.status !== 'open') throw new UserError('errors.track.closed', { id: it.id, status: ctx.t(`track.status.${it.status}`) });
    it.status = status;
    it.closedAt = now.toISOString();
    it.closedBy = ctx.caller.user;
  });
  return reply([para(ctx.t(`track.closed.${status}`, { id: updated.id, title: updated.title }))], {
    data: { item: itemJson(updated, cal, now) },
  });
}

// ---------------------------------------------------------------------------------------------
// Autocomplete (Discord)

function complete(ctx: Ctx, option: OptionMeta, partial: string): Choice[] {
  const p = partial.trim().toLowerCase().replace(/^[#＃]/, '');
  if (option.autocomplete === 'item') {
    const out: Choice[] = [];
    const items = itemsOf(ctx.store.read(ctx.caller.workspace)).filter((i) => i.status === 'open');
    items.sort((a, b) => Number(b.id) - Number(a.id));
    for (const i of items) {
      if (p && !i.id.startsWith(p) && !i.title.toLowerCase().includes(p)) continue;
      out.push({ name: `#${i.id} ${i.title} · ${templateName(ctx.t, i.template)}`.slice(0, 100), value: i.id });
      if (out.length >= 25) break;
    }
    return out;
  }
  if (option.autocomplete === 'template') {
    return TEMPLATES.filter((t) => !p || t.id.includes(p) || templateName(ctx.t, t.id).toLowerCase().includes(p)).map((t) => ({
      name: `${templateName(ctx.t, t.id)} (${t.id})`.slice(0, 100),
      value: t.id,
    }));
  }
  if (option.autocomplete === 'event') {
    const seen = new Map<string, string>();
    for (const t of TEMPLATES) for (const e of t.events) if (!seen.has(e.key)) seen.set(e.key, eventName(ctx.t, t.id, e.key));
    return [...seen]
      .filter(([key, name]) => !p || key.includes(p) || name.toLowerCase().includes(p))
      .slice(0, 25)
      .map(([key, name]) => ({ name: `${key} — ${name}`.slice(0, 100), value: key }));
  }
  return [];
}
