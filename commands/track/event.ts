import type { Ctx, Inline, HandlerReply } from '../../src/core/types.js';
import { list, para, reply } from '../../src/core/reply.js';
import { UserError } from '../../src/core/errors.js';
import type { Calendar } from '../../src/workflows/working-days.js';
import { template } from '../../src/workflows/templates.js';
import { deadlinesOf, type Deadline } from '../../src/workflows/deadlines.js';
import { latestEvent, type Item } from '../../src/workflows/item.js';
import { findEvent, findOutcome } from '../../src/workflows/lookup.js';
import { deadlineName, eventName, formatDue, formatLeft, formatWhen, templateName } from '../../src/workflows/format.js';
import { deadlineLine, eventCommand, itemBlocks, itemJson } from '../../src/workflows/view.js';
import { eventWhen, sameWhen } from '../../src/workflows/typed-dates.js';
import { calendar, findItem, requireChannel, requireManager, requireOpen, templateList } from './shared.js';

/** `/track event`: records an event on an item and says what it did to the deadlines. */

export async function recordEvent(ctx: Ctx, typedId: string | undefined, typedEvent: string | undefined, typedDate: string | undefined): Promise<HandlerReply> {
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
  const updated = await ctx.items.change(ctx.caller.workspace, item.id, (it) => {
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
