import { DeliveryError } from '../core/notifier.js';
import type { Item } from '../workflows/item.js';
import type { SchedulerOptions, SchedulerServices, TickReport } from './options.js';
import { buildPing, type KnownSlot } from './ping-builder.js';
import { claim, ledgerOf, markFailed, markRetry, markSent, skip, type LedgerEntry } from './ping-ledger.js';
import { guessPlatform } from './route.js';

/**
 * Posting one claimed ledger entry and recording what the platform answered: sent (with its
 * message id), to retry (a rate limit, another failure, with backoff) or failed for good (the
 * channel is gone, the bot is not in it, too many attempts). Each ping is claimed durably before
 * it is posted (a group of a tick's due pings together, claimAll), so a crash leaves the claims not yet
 * confirmed; such a leftover claim is resolved by asking the platform first
 * (Notifier.findPosted), never by posting twice.
 */

export interface DeliveryDeps {
  services: SchedulerServices;
  opts: Pick<SchedulerOptions, 'route' | 'source' | 'onDelivered'>;
  maxAttempts: number;
  /** The report of the tick running now (recoveries are counted there). */
  report(): TickReport;
  /** Whether the workspace was handed to this scheduler at the last tick (with a source). */
  handled(workspace: string): boolean;
  /** A claim to try again at `at` (ms). */
  retryLater(workspace: string, key: string, at: number): void;
}

const noop = (): void => undefined;

export class Delivery {
  constructor(private readonly deps: DeliveryDeps) {}

  /**
   * The due slots of one workspace, claimed (durably) together in one write before any of them is
   * posted: one transaction for a tick's 500 due pings instead of one each, ahead of the posts
   * that wait for a place among those in flight. Returns the keys claimed (a key with an entry
   * already was decided about by another tick or run). A crash after the claims leaves them
   * claimed, resolved by asking the platform first, as for a crash in the middle of a post.
   */
  async claimAll(w: string, due: readonly { item: Item; known: KnownSlot }[]): Promise<Set<string>> {
    const { services, opts } = this.deps;
    if (!due.length || (opts.source && !opts.source.holds(w))) return new Set();
    const now = services.clock();
    const entries = due.map(({ item, known }) => ({
      key: known.slot.key,
      entry: { kind: 'slot' as const, channel: item.channel, platform: item.platform ?? guessPlatform(w), at: new Date(known.slot.at).toISOString() },
    }));
    return services.store.update(w, (ws) => new Set(entries.filter(({ key, entry }) => claim(ws, key, entry, now)).map((e) => e.key)));
  }

  /**
   * Posts one claimed entry and records the answer. `fresh`: claimed just now by this process, so
   * the platform cannot have it yet (and `known` is the slot as the tick planned it). Otherwise (a
   * leftover claim, a retry) the platform is asked first whether the message is already there.
   * `release` is called once the platform answered: recording the answer (durably, so a crash
   * after it finds the entry sent, or still claimed and asks the platform) does not hold a place
   * among the posts in flight.
   */
  async deliver(w: string, key: string, fresh: boolean, known?: KnownSlot, release: () => void = noop): Promise<void> {
    const { services, opts } = this.deps;
    const entry = ledgerOf(services.store.read(w))[key];
    if (!entry || entry.state !== 'claimed') return;
    // The lease is not (or no longer) certain here: look again in a second. If another process
    // took the workspace, the claim is its to resolve, and this retry finds the workspace not held.
    if (opts.source && !opts.source.holds(w)) {
      if (this.deps.handled(w)) this.deps.retryLater(w, key, services.clock().getTime() + 1_000);
      return;
    }
    const notifier = opts.route(w, entry.platform);
    if (!notifier) return; // no notifier for that platform here: it stays claimed for a run that has one
    const built = buildPing(services, w, key, entry, known);
    try {
      if (!fresh && notifier.findPosted) {
        const found = await notifier.findPosted(built.ping);
        if (found) {
          this.deps.report().recovered++;
          await services.store.update(w, (ws) => markSent(ws, key, found.messageId, services.clock()));
          return;
        }
      }
      if (built.skip) {
        await services.store.update(w, (ws) => skip(ws, key, { kind: entry.kind, channel: entry.channel, at: entry.at, reason: built.skip }, services.clock()));
        return;
      }
      if (!fresh) this.deps.report().recovered++;
      const delivered = await notifier.post(built.ping);
      release();
      await services.store.update(w, (ws) => markSent(ws, key, delivered.messageId, services.clock()));
      opts.onDelivered?.(built.ping, delivered, notifier);
    } catch (err) {
      release();
      await this.failed(w, key, entry, err);
    }
  }

  private async failed(w: string, key: string, entry: LedgerEntry, err: unknown): Promise<void> {
    const { services, maxAttempts } = this.deps;
    const log = services.log;
    const now = services.clock();
    const e = err instanceof DeliveryError ? err : new DeliveryError('other', (err as Error)?.message ?? String(err), { cause: err });
    const where = { workspace: w, channel: entry.channel, key, reason: e.reason };
    const attempts = (entry.attempts ?? 0) + 1;
    try {
      if (e.reason === 'channel-gone' || e.reason === 'not-in-channel' || (e.reason === 'other' && attempts >= maxAttempts)) {
        log.warn({ ...where, err: e.message, attempts }, 'ping not delivered; giving up');
        await services.store.update(w, (ws) => markFailed(ws, key, e.reason, now));
        return;
      }
      const wait = e.reason === 'rate-limited' ? (e.retryAfterMs ?? 60_000) : Math.min(10 * 60_000, 5_000 * 4 ** (attempts - 1));
      const retryAt = now.getTime() + wait;
      log.info({ ...where, err: e.message, attempts, retryInMs: wait }, 'ping not delivered; will retry');
      await services.store.update(w, (ws) => markRetry(ws, key, new Date(retryAt), e.reason, now));
      this.deps.retryLater(w, key, retryAt);
    } catch (storeErr) {
      log.error({ ...where, err: storeErr }, 'could not record a failed delivery');
    }
  }
}
