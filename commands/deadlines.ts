import { defineCommand, defineLeaf, option, type Ctx, type Inline, type HandlerReply } from '../src/core/types.js';
import { context, heading, list, para, reply } from '../src/core/reply.js';
import { UserError } from '../src/core/errors.js';
import { refuse, type Check } from '../src/core/option-checks.js';
import { calendarFor, addDays } from '../src/workflows/working-days.js';
import { deadlinesOnce, type Deadline } from '../src/workflows/deadlines.js';
import { TopK } from '../src/workflows/top.js';
import { itemsOf } from '../src/workflows/items.js';
import { deadlineName, formatDue, formatLeft, formatZone, templateName } from '../src/workflows/format.js';
import { deadlineJson } from '../src/workflows/view.js';
import type { Item } from '../src/workflows/item.js';

const DEFAULT_DAYS = 14;
const MAX_SHOWN = 30;
/** Sorts every overdue deadline before every upcoming one (far more than any span of dates). */
const OVERDUE_FIRST = 1e14;

/** A number of calendar days as typed: `14`, `７`, `7 days`, `7天`. */
const days: Check<number | undefined, true> = {
  optional: true,
  parse(v) {
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string') return refuse();
    const text = String(v)
      .normalize('NFKC')
      .trim()
      .replace(/\s*(?:days?|d|天|日)$/i, '');
    // Digits only: `1e2` or `0x10` are not what anyone means by a number of days.
    const n = typeof v === 'number' ? v : /^\d{1,4}$/.test(text) ? Number(text) : NaN;
    return Number.isInteger(n) && n >= 1 && n <= 366 ? n : refuse('errors.track.badDays');
  },
};

/** `/deadlines [days]`: this channel's deadlines in the next days, overdue first, then soonest. */
export default defineCommand({
  name: 'deadlines',
  leaf: defineLeaf({
    visibility: 'ephemeral',
    // `rest`: `/deadlines 7 days` is one value.
    options: { days: option.integer({ positional: true, rest: true }, days) },
    run: (ctx, o) => upcoming(ctx, o.days ?? DEFAULT_DAYS),
  }),
});

interface Row {
  item: Item;
  d: Deadline;
  overdue: boolean;
}

function upcoming(ctx: Ctx, ahead: number): HandlerReply {
  if (!Number.isInteger(ahead) || ahead < 1) throw new UserError('errors.track.badDays', { value: String(ahead) });
  const t = ctx.t;
  const ws = ctx.store.read(ctx.caller.workspace);
  const cal = calendarFor(ws, ctx.config);
  const now = ctx.now();
  const until = cal.endOfDay(addDays(cal.dayOf(now), ahead)).getTime();
  // Overdue first (the most overdue first), then the soonest; only the rows shown are ordered.
  const top = new TopK<Row>(MAX_SHOWN);
  let total = 0;
  let overdueCount = 0;
  const t0 = now.getTime();
  for (const item of itemsOf(ws)) {
    if (item.status !== 'open' || item.channel !== ctx.caller.channel) continue;
    // Derived for this one use: the channel may hold 100,000 open items.
    for (const d of deadlinesOnce(item, cal)) {
      const due = d.due.getTime();
      // Pending: not met, not a cutoff or appointment that has passed; within the window.
      if (d.met || (d.kind !== 'deadline' && due < t0) || due > until) continue;
      const overdue = d.kind === 'deadline' && due < t0;
      total++;
      if (overdue) overdueCount++;
      const key = overdue ? due - OVERDUE_FIRST : due;
      if (top.wants(key, Number(item.id))) top.offer(key, Number(item.id), { item, d, overdue });
    }
  }
  const rows = top.result();
  const blocks = [heading(t('deadlines.title', { days: ahead }))];
  if (!total) blocks.push(para(t('deadlines.none', { days: ahead })));
  else {
    const line = (r: Row): Inline[] => {
      const out: Inline[] = [
        { code: `#${r.item.id}` },
        ' ',
        { bold: deadlineName(t, r.item.template, r.d.key) },
        t('deadlines.row', { title: r.item.title, template: templateName(t, r.item.template) }),
        formatDue(t, cal, r.d),
        ' — ',
        r.overdue ? { bold: formatLeft(t, cal, r.item, r.d, now) } : formatLeft(t, cal, r.item, r.d, now),
      ];
      if (r.d.hard) out.push(' · ', { bold: t('track.hard') });
      if (r.d.entry) out.push(' · ', { code: `/guide ${r.d.entry}` });
      if (r.item.assignee) out.push(' · ', { mention: r.item.assignee });
      return out;
    };
    const overdue = rows.filter((r) => r.overdue);
    const soon = rows.filter((r) => !r.overdue);
    if (overdue.length) {
      blocks.push(para([{ bold: t('deadlines.overdue', { count: overdueCount }) }]));
      blocks.push(list(overdue.map(line)));
    }
    if (soon.length) {
      blocks.push(para([{ bold: t('deadlines.upcoming', { count: total - overdueCount }) }]));
      blocks.push(list(soon.map(line)));
    }
    if (total > rows.length) blocks.push(context(t('deadlines.more', { count: total - rows.length })));
  }
  blocks.push(context(t('track.zoneLine', { zone: formatZone(cal, now) })));
  return reply(blocks, {
    data: {
      deadlines: rows.map((r) => ({ item: r.item.id, title: r.item.title, template: r.item.template, ...deadlineJson(r.item, r.d, cal, now) })),
      total,
      overdue: overdueCount,
    },
  });
}
