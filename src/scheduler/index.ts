import type { Notifier } from '../core/notifier.js';
import type { Services } from '../core/types.js';
import { ShellNotifier } from '../adapters/shell/notifier.js';
import { ObservedStore } from './changes.js';
import { routeAllTo, routeByPlatform } from './route.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';

/**
 * How main.ts runs the scheduler: `sellerdesk tick` (once, pings printed by the shell) and chat
 * mode (always on, pings posted by the notifiers of the running chat adapters).
 */

/** `sellerdesk tick [--now ISO] [--json]`: sends what is due at that moment, then returns. */
export async function runTick(services: Services, out: NodeJS.WritableStream, json: boolean): Promise<number> {
  const store = services.store instanceof ObservedStore ? services.store.inner : services.store;
  const scheduler = new Scheduler({
    services: { ...services, store },
    route: routeAllTo(new ShellNotifier(out, json)),
    // One at a time, so the printed order is the order the pings were due.
    concurrency: 1,
  });
  await scheduler.runOnce();
  return 0;
}

/**
 * Chat mode: each item's pings go through the notifier of its platform. The scheduler hears about
 * every command's update through the observed store, and writes its ledger to the store beneath.
 */
export async function startScheduler(
  services: Services,
  notifiers: readonly Notifier[],
  extra: Partial<Omit<SchedulerOptions, 'services' | 'route' | 'changes'>> = {},
): Promise<Scheduler> {
  const observed = services.store instanceof ObservedStore ? services.store : undefined;
  const scheduler = new Scheduler({
    ...extra,
    services: { ...services, store: observed?.inner ?? services.store },
    route: routeByPlatform(notifiers),
    changes: observed?.changes,
    onDelivered:
      extra.onDelivered ??
      ((ping, delivered, notifier) =>
        services.log.info({ workspace: ping.workspace, channel: ping.channel, item: ping.itemId, deadline: ping.deadline, slot: ping.slot, platform: notifier.platform, messageId: delivered.messageId }, 'ping delivered')),
  });
  await scheduler.start();
  return scheduler;
}

export { ObservedStore } from './changes.js';
export { Scheduler } from './scheduler.js';
