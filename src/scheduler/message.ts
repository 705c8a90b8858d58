import { context, fields, heading, list, para, warning } from '../core/reply.js';
import { renderText } from '../core/render-text.js';
import type { Ping } from '../core/notifier.js';
import type { Block, Inline, Reply, Services } from '../core/types.js';
import { translator, type Translate } from '../i18n/index.js';
import { resolveLocale, type Locale } from '../i18n/locales.js';
import { richText } from '../knowledge/render.js';
import type { WorkspaceData } from '../store/types.js';
import { deadlinesOnce, isOverdue, pendingDeadlines, type Deadline } from '../workflows/deadlines.js';
import { deadlineName, formatDay, formatDue, formatLeft, formatZone, templateName } from '../workflows/format.js';
import type { Item } from '../workflows/item.js';
import { itemsOf } from '../workflows/items.js';
import type { Calendar } from '../workflows/working-days.js';
import type { MissedLine } from './ping-ledger.js';
import type { PlannedSlot } from './ping-plan.js';
import { formatTimeOfDay } from './schedule.js';

/**
 * The messages the scheduler posts, in the channel's language: a deadline ping, a "missed while
 * offline" summary, a daily digest. User-typed text (titles) stays plain text, which every
 * renderer escapes; the only mention token is the assignee's.
 */

/** This feature's own strings, looked up in their namespace directly (locales/<l>/pings.json). */
function own(t: Translate): Translate {
  return (key, vars) => t(`pings:${key}`, vars);
}

/**
 * The language of a message about a person's item (its opener, the digest's owner), in the one
 * order of precedence (resolveLocale): their own setting, else the language their chat platform
 * last reported for them (they never ran /settings lang), else the workspace default, else English.
 */
export function channelLocale(ws: Readonly<WorkspaceData>, person: string | undefined): Locale {
  const user = person ? ws.users[person] : undefined;
  return resolveLocale({ userSetting: user?.locale, platformLocale: user?.platformLocale, workspaceSetting: ws.settings.locale });
}

/** The ledger key as the platform sees it (Slack metadata, Discord nonce): unique across workspaces. */
export function pingKey(workspace: string, key: string): string {
  return `${workspace}:${key}`;
}

interface Base {
  services: Pick<Services, 'knowledge'>;
  workspace: string;
  ws: Readonly<WorkspaceData>;
  cal: Calendar;
  now: Date;
}

function finish(reply: Reply, p: Omit<Ping, 'text' | 'reply'>): Ping {
  return { ...p, reply, text: renderText(reply) };
}

function itemRef(t: Translate, item: Item): Inline[] {
  return [{ code: `#${item.id}` }, ' ', item.title, ` · ${templateName(t, item.template)}`];
}

/** What the first line says: how soon, and which deadline. */
function lead(t: Translate, item: Item, d: Deadline, slot: string): string {
  const tp = own(t);
  const deadline = deadlineName(t, item.template, d.key);
  if (slot === 'overdue') return tp('pings.lead.overdue', { deadline });
  if (slot === '1h') return tp('pings.lead.hour', { deadline });
  if (slot === 'due') return tp('pings.lead.today', { deadline });
  return tp('pings.lead.days', { deadline, count: Number(/^(\d+)wd$/.exec(slot)?.[1] ?? 0) });
}

/** One deadline ping. */
export function slotPing(b: Base & { item: Item; deadline: Deadline; slot: PlannedSlot }): Ping {
  const { item, deadline: d, cal, now, slot } = b;
  const locale = channelLocale(b.ws, item.createdBy);
  const t = translator(locale);
  const tp = own(t);
  const blocks: Block[] = [para([{ bold: lead(t, item, d, slot.slot) }, ' — ', ...itemRef(t, item)])];
  const name = deadlineName(t, item.template, d.key);
  blocks.push(
    fields([
      { label: tp('pings.field.deadline'), value: tp('pings.field.deadlineValue', { name, kind: d.hard ? t('track.hard') : t('track.soft') }) },
      { label: tp('pings.field.due'), value: tp('pings.field.dueValue', { due: formatDue(t, cal, d), zone: formatZone(cal, d.due) }) },
      { label: tp('pings.field.left'), value: formatLeft(t, cal, item, d, now) },
      { label: tp('pings.field.assignee'), value: item.assignee ? [{ mention: item.assignee }] : tp('pings.nobody', { id: item.id }) },
    ]),
  );
  const gap = locale === 'en' ? ' ' : '';
  if (d.entry) blocks.push(context([tp('pings.guide'), gap, { code: `/guide ${d.entry}` }]));
  if (slot.checklist) blocks.push(...checklistBlocks(b.services, t, locale, slot.checklist));
  blocks.push(context(tp('pings.footer', { id: item.id })));
  return finish(
    { blocks, locale },
    {
      key: pingKey(b.workspace, slot.key),
      workspace: b.workspace,
      channel: item.channel,
      itemId: item.id,
      deadline: d.key,
      slot: slot.slot,
      mention: item.assignee,
    },
  );
}

/** The preparation checklist of a knowledge-base entry, in the channel's language. */
function checklistBlocks(services: Pick<Services, 'knowledge'>, t: Translate, locale: Locale, entryId: string): Block[] {
  const tp = own(t);
  const entry = services.knowledge.base().entry(entryId, locale);
  if (!entry) return [];
  const items = entry.items.length ? entry.items : entry.steps;
  const out: Block[] = [heading(tp('pings.checklist', { title: entry.title })), list(items.map((i) => richText(i, locale)), true)];
  for (const w of entry.warnings) out.push(warning(w));
  out.push(context([tp('pings.checklistMore'), locale === 'en' ? ' ' : '', { code: `/guide ${entryId}` }]));
  return out;
}

/** A deadline as one line of a list: item, deadline, absolute due, time left, assignee (never pinged). */
function deadlineRow(t: Translate, cal: Calendar, item: Item, d: Deadline, now: Date): Inline[] {
  const row: Inline[] = [...itemRef(t, item), ' — ', { bold: deadlineName(t, item.template, d.key) }, `: ${formatDue(t, cal, d)} (${formatLeft(t, cal, item, d, now)})`];
  if (item.assignee) row.push(' · ', { mention: item.assignee });
  return row;
}

/**
 * One message for a channel listing the deadlines whose pings came due while the bot was not
 * running, beyond the grace window. It mentions nobody: a summary pings no one.
 */
export function missedPing(b: Base & { channel: string; key: string; lines: MissedLine[]; person: string | undefined }): Ping {
  const locale = channelLocale(b.ws, b.person);
  const t = translator(locale);
  const tp = own(t);
  const items = (b.ws.track as { items?: Record<string, Item> } | undefined)?.items ?? {};
  const rows: Inline[][] = [];
  for (const line of b.lines) {
    const item = items[line.item];
    if (!item) continue;
    // Listed as it stands now: still ahead, overdue, or passed (a cutoff) while the bot was away.
    const d = deadlinesOnce(item, b.cal).find((x) => x.key === line.deadline);
    if (d) rows.push(deadlineRow(t, b.cal, item, d, b.now));
  }
  const blocks: Block[] = [heading(tp('pings.missed.title')), para(tp('pings.missed.intro', { count: b.lines.length }))];
  if (rows.length) blocks.push(list(rows));
  blocks.push(context(tp('pings.missed.footer')));
  return finish(
    { blocks, locale },
    { key: pingKey(b.workspace, b.key), workspace: b.workspace, channel: b.channel, itemId: '', deadline: 'missed', slot: 'summary' },
  );
}

/**
 * A channel's daily digest: its overdue deadlines and those due today, or undefined when there
 * are none (an empty digest is not posted).
 */
export function digestPing(b: Base & { channel: string; key: string; day: string; minute: number; person: string | undefined }): Ping | undefined {
  const locale = channelLocale(b.ws, b.person);
  const t = translator(locale);
  const tp = own(t);
  const overdue: Inline[][] = [];
  const today: Inline[][] = [];
  const rows: { item: Item; d: Deadline; late: boolean }[] = [];
  for (const item of itemsOf(b.ws)) {
    if (item.status !== 'open' || item.channel !== b.channel) continue;
    for (const d of pendingDeadlines(item, b.cal, b.now)) {
      const late = isOverdue(item, d, b.now);
      if (late || d.day === b.day) rows.push({ item, d, late });
    }
  }
  if (!rows.length) return undefined;
  rows.sort((x, y) => x.d.due.getTime() - y.d.due.getTime() || Number(x.item.id) - Number(y.item.id));
  for (const r of rows) (r.late ? overdue : today).push(deadlineRow(t, b.cal, r.item, r.d, b.now));
  const blocks: Block[] = [heading(tp('pings.digest.title', { day: formatDay(t, b.day) }))];
  if (overdue.length) blocks.push(para([{ bold: tp('pings.digest.overdue', { count: overdue.length }) }]), list(overdue));
  if (today.length) blocks.push(para([{ bold: tp('pings.digest.today', { count: today.length }) }]), list(today));
  blocks.push(context(tp('pings.digest.footer', { time: formatTimeOfDay(b.minute) })));
  return finish(
    { blocks, locale },
    { key: pingKey(b.workspace, b.key), workspace: b.workspace, channel: b.channel, itemId: '', deadline: 'digest', slot: b.day },
  );
}
