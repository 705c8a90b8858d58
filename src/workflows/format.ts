import { weekdayOf, type Calendar, type Day } from './working-days.js';
import { hasPassed, isOverdue, type Deadline } from './deadlines.js';
import type { Item, When } from './item.js';
import type { Translate } from '../i18n/index.js';

/**
 * Dates and deadlines as people read them, in the workspace's zone and the reader's language.
 * Shared by /track, /deadlines and the ping messages.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** `Thu 2026-12-03` / `2026-12-03（周四）`. */
export function formatDay(t: Translate, day: Day): string {
  return t('track.time.day', { date: day, weekday: t(`track.time.weekdays.${weekdayOf(day)}`) });
}

/** `Tue 2026-12-08 10:00` in the calendar's zone. */
function formatInstant(t: Translate, cal: Calendar, at: Date): string {
  const w = cal.wallClock(at);
  return t('track.time.dayTime', { date: w.day, weekday: t(`track.time.weekdays.${weekdayOf(w.day)}`), time: `${pad(w.hour)}:${pad(w.minute)}` });
}

export function formatWhen(t: Translate, cal: Calendar, when: When): string {
  return 'day' in when ? formatDay(t, when.day) : formatInstant(t, cal, new Date(when.at));
}

/** The absolute due time: a time of day for a timed deadline, "end of day" for a date-only one. */
export function formatDue(t: Translate, cal: Calendar, d: Pick<Deadline, 'timed' | 'day' | 'due'>): string {
  return d.timed ? formatInstant(t, cal, d.due) : t('track.time.endOfDay', { day: formatDay(t, d.day) });
}

/** `Asia/Shanghai, UTC+08:00` for the line that says which zone the times are in. */
export function formatZone(cal: Calendar, at: Date): string {
  const off = cal.wallClock(at).offsetMinutes;
  const a = Math.abs(off);
  return `${cal.zone}, UTC${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** Working days from today to the due day (negative when overdue); 0 on the due day. */
export function workingDaysLeft(cal: Calendar, d: Pick<Deadline, 'day'>, now: Date): number {
  return cal.workingDaysBetween(cal.dayOf(now), d.day);
}

/** How much time is left, as a phrase: working days, hours on the last day, or how late it is. */
export function formatLeft(t: Translate, cal: Calendar, item: Item, d: Deadline, now: Date): string {
  if (item.status !== 'open') return t(`track.left.${item.status}`);
  if (d.met) return t('track.left.met');
  if (hasPassed(d, now)) return t('track.left.passed');
  const left = workingDaysLeft(cal, d, now);
  if (isOverdue(item, d, now)) return left < 0 ? t('track.left.overdueDays', { count: -left }) : t('track.left.overdue');
  const ms = d.due.getTime() - now.getTime();
  if (d.timed && ms < 86_400_000) {
    const minutes = Math.max(1, Math.ceil(ms / 60_000));
    return t('track.left.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  }
  if (cal.dayOf(now) === d.day) return t('track.left.today');
  if (left === 0) return t('track.left.noWorkingDay');
  return t('track.left.days', { count: left });
}

export function templateName(t: Translate, template: string): string {
  return t(`workflows.templates.${template}.name`);
}

export function eventName(t: Translate, template: string, event: string): string {
  return t(`workflows.templates.${template}.events.${event}`);
}

export function deadlineName(t: Translate, template: string, deadline: string): string {
  return t(`workflows.templates.${template}.deadlines.${deadline}`);
}

/** What a field asks for, as usage text (`the marketplace, e.g. US`). */
export function fieldName(t: Translate, template: string, field: string): string {
  return t(`workflows.templates.${template}.fields.${field}`);
}

/** A field's short name, as the label of its value on an item (`Marketplace`). */
export function fieldLabel(t: Translate, template: string, field: string): string {
  return t(`workflows.templates.${template}.labels.${field}`);
}

/** A field's example value in the reader's language where it has words (`"3 个工作日"`), else the template's. */
export function fieldExample(t: Translate, template: string, field: string, fallback: string): string {
  const key = `workflows.templates.${template}.fieldExamples.${field}`;
  const v = t(key);
  return v && v !== key ? v : fallback;
}

export function outcomeName(t: Translate, outcome: string): string {
  return t(`workflows.outcomes.${outcome}.name`);
}
