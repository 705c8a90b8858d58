import type { Notifier } from '../core/notifier.js';
import type { Platform } from '../core/types.js';

/** Which notifier posts for a workspace's item or channel (undefined: none here; the ping waits). */
export type NotifierRoute = (workspace: string, platform: Platform | undefined) => Notifier | undefined;

/**
 * The platform of a workspace id when an item does not record its own (items opened before the
 * field existed): Slack team ids are `T…`/`E…`, Discord guilds are snowflakes, DMs `dm:<user>`.
 */
export function guessPlatform(workspace: string): Platform {
  if (/^[TE][A-Z0-9]{6,}$/.test(workspace)) return 'slack';
  if (/^\d{15,21}$/.test(workspace) || workspace.startsWith('dm:')) return 'discord';
  return 'shell';
}

/** Each item through the notifier of its own platform (chat mode: Slack, Discord or both). */
export function routeByPlatform(notifiers: readonly Notifier[]): NotifierRoute {
  const by = new Map(notifiers.map((n) => [n.platform, n]));
  return (workspace, platform) => by.get(platform ?? guessPlatform(workspace));
}

/** Everything through one notifier (`sellerdesk tick`: the shell prints every ping). */
export function routeAllTo(notifier: Notifier): NotifierRoute {
  return () => notifier;
}
