import type { Ctx, Inline, HandlerReply } from '../../src/core/types.js';
import { context, para, reply } from '../../src/core/reply.js';
import { UserError } from '../../src/core/errors.js';
import type { Item } from '../../src/workflows/item.js';
import { itemJson, withMention } from '../../src/workflows/view.js';
import { isNobody, parseUser } from '../../src/workflows/users.js';
import { calendar, findItem, requireChannel, requireManager, requireOpen } from './shared.js';

/** `/track assign`, `note`, `done` and `cancel`: changes to an item by the people it belongs to. */

const MAX_NOTE = 1000;

export async function assign(ctx: Ctx, typedId: string | undefined, typedUser: string | undefined): Promise<HandlerReply> {
  const item = findItem(ctx, typedId, 'assign');
  if (!typedUser) throw new UserError('errors.track.missingUser', { example: `/track assign ${item.id} @lin` });
  const nobody = isNobody(typedUser);
  const user = nobody ? undefined : parseUser(typedUser);
  if (!nobody && !user) throw new UserError('errors.track.badUser', { value: typedUser, example: `/track assign ${item.id} @lin` });
  return setAssignee(ctx, item, user);
}

/** `/track unassign <id>`: nobody is assigned (what `assign <id> none` does, and a way that needs no typed word). */
export function unassign(ctx: Ctx, typedId: string | undefined): Promise<HandlerReply> {
  return setAssignee(ctx, findItem(ctx, typedId, 'unassign'), undefined);
}

async function setAssignee(ctx: Ctx, item: Item, user: string | undefined): Promise<HandlerReply> {
  requireManager(ctx, item, 'assign');
  requireOpen(ctx, item);
  const cal = calendar(ctx);
  const updated = await ctx.items.change(ctx.caller.workspace, item.id, (it) => {
    if (user) it.assignee = user;
    else delete it.assignee;
  });
  const text: Inline[] = user
    ? withMention(ctx.t, 'track.assigned', { id: updated.id, title: updated.title }, user)
    : [ctx.t('track.unassigned', { id: updated.id, title: updated.title })];
  return reply([para(text)], { data: { item: itemJson(updated, cal, ctx.now()) } });
}

export async function addNote(ctx: Ctx, typedId: string | undefined, note: string | undefined): Promise<HandlerReply> {
  const item = findItem(ctx, typedId, 'note');
  const body = (note ?? '').trim();
  if (!body) throw new UserError('errors.track.missingNote', { example: `/track note ${item.id} …` });
  if (body.length > MAX_NOTE) throw new UserError('errors.track.noteTooLong', { max: MAX_NOTE, length: body.length });
  requireChannel(ctx, item);
  const cal = calendar(ctx);
  const now = ctx.now();
  const updated = await ctx.items.change(ctx.caller.workspace, item.id, (it) => {
    it.notes.push({ by: ctx.caller.user, at: now.toISOString(), text: body });
  });
  return reply([para(ctx.t('track.noted', { id: updated.id, title: updated.title })), context(body)], {
    data: { item: itemJson(updated, cal, now) },
  });
}

export async function close(ctx: Ctx, typedId: string | undefined, status: 'done' | 'cancelled'): Promise<HandlerReply> {
  const item = findItem(ctx, typedId, status === 'done' ? 'done' : 'cancel');
  requireManager(ctx, item, status === 'done' ? 'close' : 'cancel');
  requireOpen(ctx, item);
  const cal = calendar(ctx);
  const now = ctx.now();
  const updated = await ctx.items.change(ctx.caller.workspace, item.id, (it) => {
    if (it.status !== 'open') throw new UserError('errors.track.closed', { id: it.id, status: ctx.t(`track.status.${it.status}`) });
    it.status = status;
    it.closedAt = now.toISOString();
    it.closedBy = ctx.caller.user;
  });
  return reply([para(ctx.t(`track.closed.${status}`, { id: updated.id, title: updated.title }))], {
    data: { item: itemJson(updated, cal, now) },
  });
}
