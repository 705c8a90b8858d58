import type { Ctx } from '../../src/core/types.js';
import { UserError } from '../../src/core/errors.js';
import { calendarFor, type Calendar } from '../../src/workflows/working-days.js';
import { templates, type TemplateDef } from '../../src/workflows/templates.js';
import type { Item } from '../../src/workflows/item.js';
import { parseItemId, trackOf } from '../../src/workflows/items.js';
import { findTemplate } from '../../src/workflows/lookup.js';
import { fieldExample, fieldName } from '../../src/workflows/format.js';

/** The pieces every `/track` subcommand shares: finding an item, who may change it, changing it. */

export function calendar(ctx: Ctx): Calendar {
  return calendarFor(ctx.store.read(ctx.caller.workspace), ctx.config);
}

/** A working day a week of working days from now, in the workspace's zone (for examples). */
export function futureDay(ctx: Ctx): string {
  const cal = calendar(ctx);
  return cal.addWorkingDays(cal.dayOf(ctx.now()), 5);
}

export function templateList(): string {
  return templates().map((t) => t.id).join(', ');
}

export function resolveTemplate(typed: string | undefined): TemplateDef {
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
export function findItem(ctx: Ctx, typed: string | undefined, sub: string): Item {
  if (!typed) throw new UserError('errors.track.missingId', { example: `/track ${sub} 12` });
  const id = parseItemId(typed);
  if (!id) throw new UserError('errors.track.badId', { value: typed, example: `/track ${sub} 12` });
  const item = trackOf(ctx.store.read(ctx.caller.workspace)).items[id];
  if (!item) throw new UserError('errors.track.unknownItem', { id });
  return item;
}

/** Its creator, its assignee or a workspace admin. */
export function canManage(ctx: Ctx, item: Item): boolean {
  return item.createdBy === ctx.caller.user || item.assignee === ctx.caller.user || ctx.caller.isAdmin === true;
}

export function requireManager(ctx: Ctx, item: Item, action: 'close' | 'cancel' | 'assign'): void {
  if (!canManage(ctx, item)) throw new UserError('errors.track.notYours', { id: item.id, action: ctx.t(`track.actions.${action}`) });
}

/** Events and notes: anyone in the item's channel, and its managers from anywhere in the workspace. */
export function requireChannel(ctx: Ctx, item: Item): void {
  if (item.channel !== ctx.caller.channel && !canManage(ctx, item)) {
    throw new UserError('errors.track.otherChannel', { id: item.id, channel: item.channel });
  }
}

export function requireOpen(ctx: Ctx, item: Item): void {
  if (item.status !== 'open') throw new UserError('errors.track.closed', { id: item.id, status: ctx.t(`track.status.${item.status}`) });
}

/** What to type to open an item of a template, with its fields. */
export function usageOf(ctx: Ctx, t: TemplateDef): { usage: string; example: string } {
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
