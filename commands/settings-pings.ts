import { defineSub, option, type Ctx, type HandlerReply, type SubcommandSpec } from '../src/core/types.js';
import { context, fields, heading, reply } from '../src/core/reply.js';
import { UserError } from '../src/core/errors.js';
import { optional, text as trimmed } from '../src/core/option-checks.js';
import { isNoneWord, onOff, onOffLabel, onOffWord } from '../src/core/on-off.js';
import { requireWorkspaceManager } from '../src/core/permissions.js';
import { calendarFor } from '../src/workflows/working-days.js';
import {
  DEFAULT_SCHEDULE,
  MAX_DAYS_BEFORE,
  formatTimeOfDay,
  parseDays,
  parseTimeOfDay,
  pingsOf,
  scheduleOf,
  writablePings,
  type PingSchedule,
} from '../src/scheduler/schedule.js';

/**
 * `/settings pings …` (the workspace's ping schedule) and `/settings digest …` (this channel's
 * daily digest), added to /settings as subcommands.
 *
 *   /settings pings                                     show the schedule
 *   /settings pings days:2,1,0 time:09:00 overdue:on hour:on   change any of its parts
 *   /settings pings reset | off | on                    the default schedule / no pings / pings again
 *   /settings digest 09:00 | off                        this channel's digest
 */

const ACTIONS = ['show', 'reset', 'off', 'on'] as const;
type Action = (typeof ACTIONS)[number];

const text = optional(trimmed());
function action(typed: string | undefined): Action | undefined {
  if (!typed) return undefined;
  const s = typed.toLowerCase();
  if ((ACTIONS as readonly string[]).includes(s)) return s as Action;
  const on = onOffWord(s);
  if (on !== undefined) return on ? 'on' : 'off';
  if (['default', '默认', '預設', '重置', '重設'].includes(s)) return 'reset';
  throw new UserError('errors.pings.badAction', { value: typed });
}

export const pingsSubcommand: SubcommandSpec = defineSub({
  name: 'pings',
  visibility: 'ephemeral',
  options: {
    action: option.string({ positional: true, choices: ACTIONS }, text),
    days: option.string({}, text),
    time: option.string({}, text),
    overdue: option.boolean({}, optional(onOff)),
    hour: option.boolean({}, optional(onOff)),
  },
  run: async (ctx, o) => {
    const act = action(o.action);
    const days = o.days === undefined ? undefined : parseDays(o.days);
    if (o.days !== undefined && !days) throw new UserError('errors.pings.badDays', { value: o.days, max: MAX_DAYS_BEFORE });
    const minute = o.time === undefined ? undefined : parseTimeOfDay(o.time);
    if (o.time !== undefined && minute === undefined) throw new UserError('errors.pings.badTime', { value: o.time });
    const changesParts = days !== undefined || minute !== undefined || o.overdue !== undefined || o.hour !== undefined;
    if ((act === undefined || act === 'show') && !changesParts) return show(ctx);
    requireWorkspaceManager(ctx, 'pings');
    const now = ctx.now();
    const next = await ctx.items.changeSchedule(ctx.caller.workspace, (ws) => {
      const p = writablePings(ws);
      const s: PingSchedule = act === 'reset' ? { ...DEFAULT_SCHEDULE, days: [...DEFAULT_SCHEDULE.days] } : { ...(p.schedule ?? DEFAULT_SCHEDULE) };
      if (act === 'off') s.enabled = false;
      if (act === 'on' || (changesParts && act !== 'off')) s.enabled = true;
      if (days) s.days = days;
      if (minute !== undefined) s.minute = minute;
      if (o.overdue !== undefined) s.overdue = o.overdue;
      if (o.hour !== undefined) s.hour = o.hour;
      const before = p.schedule ?? DEFAULT_SCHEDULE;
      if (!sameSchedule(s, before)) p.scheduleSince = now.toISOString();
      if (sameSchedule(s, DEFAULT_SCHEDULE)) delete p.schedule;
      else p.schedule = s;
      return s;
    });
    const key = act === 'reset' && !changesParts ? 'pings.settings.reset' : !next.enabled ? 'pings.settings.off' : 'pings.settings.changed';
    return show(ctx, ctx.t(key));
  },
});

export const digestSubcommand: SubcommandSpec = defineSub({
  name: 'digest',
  visibility: 'ephemeral',
  options: { at: option.string({ positional: true }, text) },
  run: async (ctx, o) => {
    if (!o.at || o.at.toLowerCase() === 'show') return show(ctx);
    const off = onOffWord(o.at) === false || isNoneWord(o.at);
    const minute = off ? undefined : parseTimeOfDay(o.at);
    if (!off && minute === undefined) throw new UserError('errors.pings.badDigest', { value: o.at });
    requireWorkspaceManager(ctx, 'digest');
    const { channel, user, platform } = ctx.caller;
    await ctx.items.changeSchedule(ctx.caller.workspace, (ws) => {
      const p = writablePings(ws);
      if (minute === undefined) {
        if (p.digests) delete p.digests[channel];
      } else {
        p.digests ??= {};
        p.digests[channel] = { minute, by: user, platform };
      }
    });
    const zone = calendarFor(ctx.store.read(ctx.caller.workspace), ctx.config).zone;
    return show(ctx, minute === undefined ? ctx.t('pings.settings.digestOff') : ctx.t('pings.settings.digestSet', { time: formatTimeOfDay(minute), zone }));
  },
});

function sameSchedule(a: Readonly<PingSchedule>, b: Readonly<PingSchedule>): boolean {
  return a.enabled === b.enabled && a.days.join() === b.days.join() && a.minute === b.minute && a.overdue === b.overdue && a.hour === b.hour;
}

/** `2 and 1 working days before, the due day` in the reader's words. */
function daysText(ctx: Ctx, days: readonly number[]): string {
  const before = days.filter((d) => d > 0);
  const parts: string[] = [];
  if (before.length) parts.push(ctx.t('pings.settings.daysBefore', { list: before.join(ctx.locale === 'en' ? ', ' : '、') }));
  if (days.includes(0)) parts.push(ctx.t('pings.settings.dueDay'));
  return parts.length ? parts.join(ctx.locale === 'en' ? '; ' : '；') : ctx.t('pings.settings.noDays');
}

/** The workspace's schedule and this channel's digest (JSON: `pings`). */
function show(ctx: Ctx, lead?: string): HandlerReply {
  const ws = ctx.store.read(ctx.caller.workspace);
  const s = scheduleOf(ws);
  const zone = calendarFor(ws, ctx.config).zone;
  const digest = pingsOf(ws).digests?.[ctx.caller.channel];
  const t = ctx.t;
  const blocks = [heading(t('pings.settings.title'))];
  if (lead) blocks.push(context(lead));
  blocks.push(
    fields([
      { label: t('pings.settings.status'), value: s.enabled ? t('pings.settings.enabled') : t('pings.settings.disabled') },
      { label: t('pings.settings.days'), value: daysText(ctx, s.days) },
      { label: t('pings.settings.time'), value: t('pings.settings.timeValue', { time: formatTimeOfDay(s.minute), zone }) },
      { label: t('pings.settings.overdue'), value: onOffLabel(t, s.overdue) },
      { label: t('pings.settings.hour'), value: onOffLabel(t, s.hour) },
      { label: t('pings.settings.digest'), value: digest ? t('pings.settings.timeValue', { time: formatTimeOfDay(digest.minute), zone }) : t('settings.off') },
    ]),
    context(t('pings.settings.howTo')),
  );
  return reply(blocks, {
    data: {
      pings: {
        enabled: s.enabled,
        days: [...s.days],
        time: formatTimeOfDay(s.minute),
        overdue: s.overdue,
        hour: s.hour,
        timezone: zone,
        digest: digest ? formatTimeOfDay(digest.minute) : null,
      },
    },
  });
}
