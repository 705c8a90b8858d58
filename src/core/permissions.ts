import { UserError } from './errors.js';
import type { Ctx } from './types.js';
import type { WorkspaceData } from '../store/types.js';

/**
 * Who may change a workspace-wide setting (time zone, holidays, default language, the ping schedule,
 * digests): the workspace's admins as the platform defines them (Slack admins and owners, Discord
 * Manage Server, the shell's local user), and the members an admin named a lead. Everyone may change
 * their own language and bilingual setting.
 */
const LEADS_FEATURE = 'leads';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The workspace's leads (user ids), as an admin granted them. */
export function leadsOf(ws: Readonly<WorkspaceData>): string[] {
  const d = ws[LEADS_FEATURE];
  return isObject(d) && Array.isArray(d.users) ? d.users.filter((u): u is string => typeof u === 'string') : [];
}

function isLead(ctx: Ctx): boolean {
  return leadsOf(ctx.store.read(ctx.caller.workspace)).includes(ctx.caller.user);
}

/** Whether the caller is a workspace admin or a lead they named. */
export function isWorkspaceManager(ctx: Ctx): boolean {
  return ctx.caller.isAdmin === true || isLead(ctx);
}

/** Throws a localized refusal naming who can make the change, unless the caller is an admin or a lead. */
export function requireWorkspaceManager(ctx: Ctx, what: string): void {
  if (isWorkspaceManager(ctx)) return;
  throw new UserError('permissions.refused', { what: ctx.t(`permissions.what.${what}`), who: ctx.t(`permissions.who.${ctx.caller.platform}`) });
}

/** Throws unless the caller is a platform admin (granting the lead role is theirs alone). */
export function requireWorkspaceAdmin(ctx: Ctx): void {
  if (ctx.caller.isAdmin === true) return;
  throw new UserError('permissions.adminOnly', { who: ctx.t(`permissions.who.${ctx.caller.platform}`) });
}

/** Grants or takes back the lead role. */
export function setLead(ws: WorkspaceData, user: string, on: boolean): void {
  const users = new Set(leadsOf(ws));
  if (on) users.add(user);
  else users.delete(user);
  ws[LEADS_FEATURE] = { users: [...users].sort() };
}
