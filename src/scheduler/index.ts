import type { Notifier } from '../core/notifier.js';
import type { Services } from '../core/types.js';
import { PgStore } from '../store/pg-store.js';
import { PgWorkspaceSource } from './pg-source.js';
import { guessPlatform, routeAllTo, routeByPlatform } from './route.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';

/**
 * How main.ts runs the scheduler: `sellerdesk tick` (once, pings printed by the shell notifier
 * main.ts builds) and chat mode (always on, pings posted by the notifiers of the running chat
 * adapters).
 */

/** `sellerdesk tick [--now ISO] [--json]`: sends what is due at that moment through `shell`, then returns. */
export async function runTick(services: Services, shell: Notifier): Promise<number> {
  const store = services.store;
  // On the database the bots may be running: tick takes the due workspaces' leases for the moment
  // and prints the pings of the items opened in the shell; Slack's and Discord's are the bots' to post.
  const shared = store instanceof PgStore;
  const source = shared ? new PgWorkspaceSource({ store, log: services.log, greedy: true, batch: 100_000 }) : undefined;
  const scheduler = new Scheduler({
    services,
    route: shared ? (w, platform) => ((platform ?? guessPlatform(w)) === 'shell' ? shell : undefined) : routeAllTo(shell),
    // One at a time, so the printed order is the order the pings were due.
    concurrency: 1,
    source,
  });
  try {
    await scheduler.runOnce();
  } finally {
    await source?.release();
  }
  return 0;
}

/**
 * Chat mode: each item's pings go through the notifier of its platform. The scheduler hears of
 * every item and schedule change from the items repository (services.items).
 */
export async function startScheduler(
  services: Services,
  notifiers: readonly Notifier[],
  extra: Partial<Omit<SchedulerOptions, 'services' | 'route' | 'changes'>> = {},
): Promise<Scheduler> {
  const store = services.store;
  // Replicas on one database share the work by workspace (leases), and poll for it every second.
  const source = store instanceof PgStore ? new PgWorkspaceSource({ store, log: services.log }) : undefined;
  const scheduler = new Scheduler({
    ...(source ? { source, maxSleepMs: 1_000 } : {}),
    ...extra,
    services,
    route: routeByPlatform(notifiers),
    changes: services.items,
    onDelivered:
      extra.onDelivered ??
      ((ping, delivered, notifier) =>
        services.log.info({ workspace: ping.workspace, channel: ping.channel, item: ping.itemId, deadline: ping.deadline, slot: ping.slot, platform: notifier.platform, messageId: delivered.messageId }, 'ping delivered')),
  });
  await scheduler.start();
  return scheduler;
}
