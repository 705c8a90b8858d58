import type { Ctx, HandlerReply } from '../../src/core/types.js';
import { para, reply } from '../../src/core/reply.js';
import { UserError } from '../../src/core/errors.js';
import { FIELD_KEYS } from '../../src/workflows/templates.js';
import type { DueRule, ItemEvent } from '../../src/workflows/item.js';
import { fieldName, templateName } from '../../src/workflows/format.js';
import { itemBlocks, itemJson } from '../../src/workflows/view.js';
import { dueRule, eventWhen, quotedDateHint } from '../../src/workflows/typed-dates.js';
import { calendar, resolveTemplate, usageOf } from './shared.js';

/** `/track new`: opens an item of a template, its fields, events and dues read from what was typed. */

const MAX_TITLE = 200;
const MAX_FIELD = 60;

export async function newItem(ctx: Ctx, opts: Record<string, string | undefined>): Promise<HandlerReply> {
  const tpl = resolveTemplate(opts.template);
  const title = (opts.title ?? '').trim();
  const { example } = usageOf(ctx, tpl);
  const name = templateName(ctx.t, tpl.id);
  if (!title) throw new UserError('errors.track.missingTitle', { template: name, what: ctx.t(`workflows.templates.${tpl.id}.title`), example });
  if (title.length > MAX_TITLE) throw new UserError('errors.track.titleTooLong', { max: MAX_TITLE, length: title.length });
  for (const key of FIELD_KEYS) {
    if (opts[key] !== undefined && !tpl.fields.some((f) => f.key === key)) {
      throw new UserError(tpl.fields.length ? 'errors.track.fieldNotForTemplate' : 'errors.track.noFields', {
        field: key,
        template: name,
        fields: tpl.fields.map((f) => `${f.key}:`).join(', '),
        example,
      });
    }
  }
  const cal = calendar(ctx);
  const now = ctx.now();
  const by = ctx.caller.user;
  const events: ItemEvent[] = [];
  const fields: Record<string, string> = {};
  const dues: Record<string, DueRule> = {};
  for (const f of tpl.fields) {
    const value = opts[f.key]?.trim() || undefined;
    if (!value && f.required) {
      throw new UserError('errors.track.missingField', { template: name, field: f.key, what: fieldName(ctx.t, tpl.id, f.key), example });
    }
    if (f.kind === 'event') {
      if (!value && f.default === null) continue;
      const ev = tpl.events.find((e) => e.key === f.key)!;
      events.push({ key: f.key, when: quotedDateHint(f.key, value, () => eventWhen(ctx, cal, tpl, ev, value, '')), by, recordedAt: now.toISOString() });
    } else if (value && f.kind === 'text') {
      if (value.length > MAX_FIELD) throw new UserError('errors.track.fieldTooLong', { field: f.key, max: MAX_FIELD });
      fields[f.key] = f.key === 'market' ? value.toUpperCase() : value;
    } else if (value && f.kind === 'due') {
      dues[f.key] = quotedDateHint(f.key, value, () => dueRule(ctx, cal, value));
    }
  }
  const item = await ctx.items.open(ctx.caller.workspace, {
    template: tpl.id,
    title,
    channel: ctx.caller.channel,
    platform: ctx.caller.platform,
    status: 'open',
    createdBy: by,
    createdAt: now.toISOString(),
    fields,
    dues,
    events,
    notes: [],
  });
  const blocks = [para([{ bold: ctx.t('track.created', { id: item.id, template: name, title: item.title }) }]), ...itemBlocks(ctx, cal, item)];
  return reply(blocks, { data: { item: itemJson(item, cal, now) } });
}
