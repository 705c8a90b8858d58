import { buttons, context, fields, list, para, withInline } from '../core/reply.js';
import type { Block, Button, Ctx, Inline, Rich } from '../core/types.js';
import type { Translate } from '../i18n/index.js';
import { deadlinesOf, isOverdue, type Deadline } from './deadlines.js';
import {
  deadlineName,
  eventName,
  fieldLabel,
  formatDay,
  formatDue,
  formatLeft,
  formatWhen,
  formatZone,
  outcomeName,
  templateName,
  workingDaysLeft,
} from './format.js';
import type { Item } from './item.js';
import { template, type EventDef } from './templates.js';
import type { Calendar } from './working-days.js';

/** How items and deadlines appear in replies (text blocks) and in JSON (`item`, `items`). */

/** The most recent events an item's view lists (the notes: five). */
const MAX_EVENTS_SHOWN = 10;

/** A translated sentence with a user mention in it, the mention an inline token (never text that could ping; see withInline). */
export function withMention(t: Translate, key: string, vars: Record<string, unknown>, user: string): Inline[] {
  return withInline(t, key, vars, 'user', { mention: user });
}

/** The JSON of one deadline: `due` is ISO 8601 with the workspace zone's offset. */
export function deadlineJson(item: Item, d: Deadline, cal: Calendar, now: Date): Record<string, unknown> {
  return {
    key: d.key,
    due: cal.iso(d.due),
    hard: d.hard,
    timed: d.timed,
    kind: d.kind,
    met: d.met,
    overdue: isOverdue(item, d, now),
    workingDaysLeft: workingDaysLeft(cal, d, now),
    entry: d.entry,
  };
}

/** The documented JSON of an item (README, "JSON replies"). */
export function itemJson(item: Item, cal: Calendar, now: Date): Record<string, unknown> {
  return {
    id: item.id,
    template: item.template,
    title: item.title,
    status: item.status,
    channel: item.channel,
    assignee: item.assignee ?? null,
    createdBy: item.createdBy,
    createdAt: cal.iso(new Date(item.createdAt)),
    fields: item.fields,
    events: item.events.map((e) => ({
      key: e.key,
      ...('day' in e.when ? { day: e.when.day } : { at: cal.iso(new Date(e.when.at)) }),
      ...(e.outcome ? { outcome: e.outcome } : {}),
    })),
    deadlines: deadlinesOf(item, cal).map((d) => deadlineJson(item, d, cal, now)),
  };
}

/** One deadline as a line: name, absolute due, time left, hard or not, and the guide that helps. */
export function deadlineLine(ctx: Ctx, cal: Calendar, item: Item, d: Deadline, opts: { withName?: boolean } = {}): Inline[] {
  const t = ctx.t;
  const now = ctx.now();
  const out: Inline[] = [];
  if (opts.withName !== false) out.push({ bold: deadlineName(t, item.template, d.key) }, t('track.colon'));
  out.push(formatDue(t, cal, d), ' — ', formatLeft(t, cal, item, d, now));
  if (!d.met && item.status === 'open') out.push(' · ', d.hard ? { bold: t('track.hard') } : t('track.soft'));
  if (d.checklist && !d.met && item.status === 'open') out.push(' · ', t('track.checklistOn', { day: formatDay(t, d.checklist.day) }));
  if (d.entry) out.push(' · ', t('track.guideLabel'), ' ', { code: `/guide ${d.entry}` });
  return out;
}

/** Buttons that open the guides of an item's live deadlines (at most three). */
function guideButtons(t: Translate, item: Item, deadlines: Deadline[]): Button[] {
  const seen = new Set<string>();
  const out: Button[] = [];
  for (const d of deadlines) {
    if (!d.entry || d.met || seen.has(d.entry) || out.length >= 3) continue;
    seen.add(d.entry);
    out.push({ label: t('track.guideButton', { name: deadlineName(t, item.template, d.key) }), actionId: 'guide:open', value: d.entry });
  }
  return out;
}

/** The full view of an item: what it is, its deadlines, events and notes, and what comes next. */
export function itemBlocks(ctx: Ctx, cal: Calendar, item: Item): Block[] {
  const t = ctx.t;
  const tpl = template(item.template);
  const now = ctx.now();
  const deadlines = deadlinesOf(item, cal);
  const info: { label: string; value: Rich }[] = [
    { label: t('track.label.template'), value: templateName(t, item.template) },
    { label: t('track.label.status'), value: t(`track.status.${item.status}`) },
    { label: t('track.label.assignee'), value: item.assignee ? [{ mention: item.assignee }] : t('track.label.nobody') },
    { label: t('track.label.opened'), value: formatDay(t, cal.dayOf(new Date(item.createdAt))) },
  ];
  for (const [k, v] of Object.entries(item.fields)) info.push({ label: fieldLabel(t, item.template, k), value: v });
  const blocks: Block[] = [{ type: 'heading', text: `#${item.id} · ${item.title}` }, fields(info)];
  blocks.push(para([{ bold: t('track.label.deadlines') }]));
  if (deadlines.length) blocks.push(list(deadlines.map((d) => deadlineLine(ctx, cal, item, d))));
  else blocks.push(context(t('track.noDeadlinesYet')));
  if (item.events.length) {
    blocks.push(para([{ bold: t('track.label.events') }]));
    // The latest record of an event counts; an earlier one of an event that does not repeat is
    // marked as replaced, so a corrected date does not read as a second occurrence.
    const repeats = new Set(tpl?.events.filter((e) => e.repeats).map((e) => e.key));
    const shown = item.events.map((e, i) => ({ e, i })).slice(-MAX_EVENTS_SHOWN);
    blocks.push(
      list(
        shown.map(({ e, i }) => {
          const line: Inline[] = [eventName(t, item.template, e.key), t('track.colon'), formatWhen(t, cal, e.when)];
          if (e.outcome) line.push(' — ', outcomeName(t, e.outcome));
          if (!repeats.has(e.key) && item.events.some((later, j) => j > i && later.key === e.key)) line.push(t('track.replacedLater'));
          return line;
        }),
      ),
    );
    if (item.events.length > shown.length) blocks.push(context(t('track.olderEvents', { count: item.events.length - shown.length })));
  }
  if (item.notes.length) {
    blocks.push(para([{ bold: t('track.label.notes') }]));
    blocks.push(list(item.notes.slice(-5).map((n) => [formatDay(t, cal.dayOf(new Date(n.at))), t('track.colon'), n.text])));
    if (item.notes.length > 5) blocks.push(context(t('track.olderNotes', { count: item.notes.length - 5 })));
  }
  if (item.status === 'open' && tpl) {
    const recorded = new Set(item.events.map((e) => e.key));
    for (const e of tpl.events.filter((ev) => !recorded.has(ev.key)).slice(0, 2)) {
      blocks.push(context(t('track.nextEvent', { event: eventName(t, item.template, e.key), command: eventCommand(t, item.id, e) })));
    }
  }
  blocks.push(context(t('track.zoneLine', { zone: formatZone(cal, now) })));
  const b = guideButtons(t, item, deadlines.filter((d) => item.status === 'open' && !d.met));
  if (b.length) blocks.push(buttons(b));
  return blocks;
}

/** What to type to record an event: `/track event 12 video-scheduled "<date time>"`. */
export function eventCommand(t: Translate, id: string, e: EventDef): string {
  const parts = [`/track event ${id} ${e.key}`];
  if (e.outcomes.length) parts.push(e.outcomes.join('|'));
  if (e.when === 'time') parts.push(`"<${t('track.placeholder.dateTime')}>"`);
  else if (e.needsDate) parts.push(`<${t('track.placeholder.date')}>`);
  else parts.push(`[${t('track.placeholder.date')}]`);
  return parts.join(' ');
}
