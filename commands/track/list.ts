import type { Ctx, Inline, HandlerReply } from '../../src/core/types.js';
import { context, heading, list, para, reply } from '../../src/core/reply.js';
import { UserError } from '../../src/core/errors.js';
import type { Calendar } from '../../src/workflows/working-days.js';
import { TEMPLATES, type TemplateDef } from '../../src/workflows/templates.js';
import { deadlinesOnce, isOverdue, type Deadline } from '../../src/workflows/deadlines.js';
import type { Item } from '../../src/workflows/item.js';
import { pageByUrgency, itemsOf, nextDeadline } from '../../src/workflows/items.js';
import { deadlineName, eventName, fieldName, formatDue, formatLeft, templateName } from '../../src/workflows/format.js';
import { itemBlocks, itemJson } from '../../src/workflows/view.js';
import { calendar, findItem, resolveTemplate, usageOf } from './shared.js';

/** `/track list`, `show` and `templates`, and the "Track this" button: what is tracked and how to track more. */

const PAGE_SIZE = 20;

const FILTER_WORDS: Record<string, 'mine' | 'overdue' | 'closed' | 'all'> = {
  mine: 'mine', me: 'mine', my: 'mine', 我的: 'mine', 我: 'mine',
  overdue: 'overdue', late: 'overdue', 逾期: 'overdue', 过期: 'overdue', 過期: 'overdue', 超期: 'overdue',
  closed: 'closed', done: 'closed', 已关闭: 'closed', 已關閉: 'closed', 已完成: 'closed', 关闭: 'closed', 關閉: 'closed',
  all: 'all', 全部: 'all', 所有: 'all',
};

export function listItems(ctx: Ctx, filterText: string | undefined, page: number): HandlerReply {
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
  // Deadlines derived for this listing only; the overdue filter's are used again to order the page.
  const derived = new Map<Item, Deadline[]>();
  const deadlinesFor = (i: Item): Deadline[] => derived.get(i) ?? deadlinesOnce(i, cal);
  if (filters.has('overdue')) {
    items = items.filter((i) => {
      const ds = deadlinesOnce(i, cal);
      if (!ds.some((d) => isOverdue(i, d, now))) return false;
      derived.set(i, ds);
      return true;
    });
  }
  const total = items.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (page > pages) {
    const command = `/track list ${[...filters].join(' ')} page:${pages}`.replace('  ', ' ');
    throw new UserError('errors.track.noSuchPage', { page, pages, example: pages > 1 ? command : '/track list' });
  }
  const from = (page - 1) * PAGE_SIZE;
  const shown = closed
    ? items.sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? '') || Number(b.id) - Number(a.id)).slice(from, from + PAGE_SIZE)
    : pageByUrgency(items, cal, now, from, PAGE_SIZE, deadlinesFor);
  const scope = everywhere ? 'workspace' : 'channel';
  const kind = closed ? 'closed' : filters.has('overdue') ? 'overdue' : filters.has('mine') ? 'mine' : 'open';
  const blocks = [heading(t(`track.list.title.${kind}.${scope}`, { count: total }))];
  if (!total) {
    blocks.push(para(t('track.list.empty')));
    blocks.push(context(t('track.list.howToStart')));
  } else {
    blocks.push(list(shown.map((i) => listRow(ctx, cal, i, everywhere))));
    if (pages > 1) {
      const line: Inline[] = [t('track.list.page', { page, pages, count: total })];
      if (page < pages) {
        // The command as code, so each platform writes it the way its readers type it.
        const command = `/track list ${[...filters].join(' ')} page:${page + 1}`.replace('  ', ' ');
        const [before = '', after = ''] = t('track.list.nextPage', { command: '\u0000' }).split('\u0000');
        line.push(` ${before}`, { code: command }, after);
      }
      blocks.push(context(line));
    }
    blocks.push(context(t('track.list.more')));
  }
  return reply(blocks, {
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

export function showItem(ctx: Ctx, typedId: string | undefined): HandlerReply {
  const item = findItem(ctx, typedId, 'show');
  const cal = calendar(ctx);
  return reply(itemBlocks(ctx, cal, item), { data: { item: itemJson(item, cal, ctx.now()) } });
}

export function listTemplates(ctx: Ctx): HandlerReply {
  const t = ctx.t;
  const blocks = [heading(t('track.templates.title'))];
  for (const tpl of TEMPLATES) {
    blocks.push(...templateBlocks(ctx, tpl));
  }
  blocks.push(context(t('track.templates.footer')));
  return reply(blocks, { data: { templates: TEMPLATES.map((x) => x.id) } });
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
export function newFrom(ctx: Ctx, value: string): HandlerReply {
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
  return reply(blocks, { data: { template: tpl.id, usage, example } });
}
