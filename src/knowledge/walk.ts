import { buttons, context, divider, heading, list, para, reply, warning } from '../core/reply.js';
import type { Block, Button, Ctx, HandlerReply } from '../core/types.js';
import { UserError } from '../core/errors.js';
import { LOCALE_NAMES, type Locale } from '../i18n/locales.js';
import { otherLanguage, richText } from './render.js';
import { clearProgress, readProgress, saveProgress } from './progress.js';
import type { Entry } from './schema.js';

/**
 * The walkthrough of an entry: one step (or checklist item) at a time with Back / Next / Done
 * buttons (`guide:back`, `guide:next`, `guide:done`, value `<id>|<step shown>`), updated in place.
 * The step a user is on is kept per user and entry, so starting again resumes there.
 */

/** What a walkthrough goes through: the steps, else the checklist items; empty for the rest. */
function walkUnits(entry: Entry): { kind: 'step' | 'item'; units: Entry['steps'] } {
  return entry.steps.length ? { kind: 'step', units: entry.steps } : { kind: 'item', units: entry.items };
}

function entryOrThrow(ctx: Ctx, id: string, locale: Locale = ctx.locale): Entry {
  const e = ctx.knowledge.base().entry(id, locale);
  if (!e) throw new UserError('errors.unknownEntry', { id });
  return e;
}

function progressLine(ctx: Ctx, entry: Entry, n: number): string {
  const { kind, units } = walkUnits(entry);
  return ctx.t(kind === 'step' ? 'guide.stepOf' : 'guide.itemOf', { n, total: units.length });
}

function unitBlocks(entry: Entry, locale: Locale, n: number): Block[] {
  const { kind, units } = walkUnits(entry);
  const unit = units[n - 1];
  if (!unit) return [];
  return kind === 'step' ? [{ type: 'steps', items: [richText(unit, locale)], start: n }] : [list([richText(unit, locale)], true)];
}

/** The view of step n (1-based, clamped) of an entry's walkthrough, in the reader's language. */
function walkView(ctx: Ctx, id: string, step: number, opts: { note?: string | undefined } = {}): HandlerReply {
  const entry = entryOrThrow(ctx, id);
  const total = walkUnits(entry).units.length;
  const n = Math.min(Math.max(1, Math.trunc(step)), total);
  const blocks: Block[] = [heading(entry.title), context(progressLine(ctx, entry, n))];
  if (opts.note) blocks.push(para(opts.note));
  if (n === 1) blocks.push(para(entry.summary));
  blocks.push(...unitBlocks(entry, ctx.locale, n));
  // Warnings matter before the first action and before the last one.
  if (n === 1 || n === total) for (const w of entry.warnings) blocks.push(warning(w));
  if (ctx.bilingual) {
    const other = otherLanguage(ctx, ctx.locale);
    const second = ctx.knowledge.base().entry(id, other);
    if (second) blocks.push(divider(), context(LOCALE_NAMES[other]), ...unitBlocks(second, other, n));
  }
  const value = `${id}|${n}`;
  const nav: Button[] = [];
  if (n > 1) nav.push({ label: ctx.t('guide.back'), actionId: 'guide:back', value });
  if (n < total) nav.push({ label: ctx.t('guide.next'), actionId: 'guide:next', value, style: 'primary' });
  nav.push({ label: ctx.t('guide.done'), actionId: 'guide:done', value, ...(n === total ? { style: 'primary' as const } : {}) });
  blocks.push(buttons(nav));
  return reply(blocks, {
    data: { entryId: id, step: n, total },
  });
}

/**
 * Starts or resumes a walkthrough: the step the user last saw, else step 1. Undefined when the
 * entry has nothing to walk through (the caller then shows it in full).
 */
export async function startWalk(ctx: Ctx, id: string): Promise<HandlerReply | undefined> {
  const entry = entryOrThrow(ctx, id);
  const total = walkUnits(entry).units.length;
  if (total === 0) return undefined;
  const saved = readProgress(ctx.store, ctx.caller.workspace, ctx.caller.user, id);
  const step = saved && saved.step <= total ? saved.step : 1;
  await saveProgress(ctx.store, ctx.caller.workspace, ctx.caller.user, id, step, ctx.now());
  return walkView(ctx, id, step, { note: step > 1 ? ctx.t('guide.resumed') : undefined });
}

/** Decodes `<id>|<step>` from a walkthrough button. */
function parseStepValue(value: string): { id: string; step: number } {
  const bar = value.lastIndexOf('|');
  const step = Number(value.slice(bar + 1));
  if (bar < 1 || !Number.isInteger(step) || step < 1) throw new UserError('errors.unknownAction', { action: value });
  return { id: value.slice(0, bar), step };
}

/** Next / Back: moves from the step the button was on, saves it, and redraws in place. */
export async function moveWalk(ctx: Ctx, value: string, delta: 1 | -1): Promise<HandlerReply> {
  const { id, step } = parseStepValue(value);
  const entry = entryOrThrow(ctx, id);
  const total = walkUnits(entry).units.length;
  if (total === 0) throw new UserError('errors.unknownAction', { action: value });
  const n = Math.min(Math.max(1, step + delta), total);
  await saveProgress(ctx.store, ctx.caller.workspace, ctx.caller.user, id, n, ctx.now());
  return walkView(ctx, id, n);
}

/**
 * Done: on the last step the walkthrough is finished and forgotten; earlier, it stops there and
 * the next `/guide <id> walk` resumes at that step.
 */
export async function finishWalk(ctx: Ctx, value: string): Promise<HandlerReply> {
  const { id, step } = parseStepValue(value);
  const entry = entryOrThrow(ctx, id);
  const total = walkUnits(entry).units.length;
  const n = Math.min(step, total);
  const blocks: Block[] = [heading(entry.title)];
  if (n >= total) {
    await clearProgress(ctx.store, ctx.caller.workspace, ctx.caller.user, id);
    blocks.push(para(ctx.t('guide.finished', { title: entry.title, progress: progressLine(ctx, entry, total) })));
    const next: Button[] = entry.template ? [{ label: ctx.t('guide.track'), actionId: 'track:new-from', value: entry.template }] : [];
    next.push({ label: ctx.t('guide.showAll'), actionId: 'guide:open', value: id });
    blocks.push(buttons(next));
  } else {
    await saveProgress(ctx.store, ctx.caller.workspace, ctx.caller.user, id, n, ctx.now());
    blocks.push(para(ctx.t('guide.paused', { where: progressLine(ctx, entry, n), id })));
    blocks.push(buttons([{ label: ctx.t('guide.walk'), actionId: 'guide:walk', value: id }]));
  }
  return reply(blocks, { data: { entryId: id, step: n, total, finished: n >= total } });
}
