import type { Ctx } from '../core/types.js';
import { UserError } from '../core/errors.js';
import type { Calendar } from './working-days.js';
import { parseRelativeDue, parseWhen } from './parse-date.js';
import type { EventDef, TemplateDef } from './templates.js';
import type { DueRule, When } from './item.js';
import { eventName } from './format.js';

/**
 * Dates people type for a tracked item's events and dues (`/track new … due:next tuesday`,
 * `/track event 12 submitted yesterday`), read in the workspace's calendar, with errors that show a
 * date on the side the value leans to.
 */

export function eventWhen(ctx: Ctx, cal: Calendar, tpl: TemplateDef, ev: EventDef, typed: string | undefined, id: string): When {
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

export function quotedDateHint<T>(key: string, value: string | undefined, parse: () => T): T {
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

export function sameWhen(a: When, b: When): boolean {
  return 'day' in a ? 'day' in b && a.day === b.day : 'at' in b && a.at === b.at;
}

export function dueRule(ctx: Ctx, cal: Calendar, typed: string): DueRule {
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
