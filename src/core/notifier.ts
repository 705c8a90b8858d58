import type { Platform, Reply } from './types.js';

/**
 * A deadline ping (or a digest) to post in a channel. The scheduler builds it; the adapter of the
 * item's platform delivers it through its Notifier.
 */
export interface Ping {
  /** Idempotency key from the delivery ledger (item, deadline, slot, due time). */
  key: string;
  workspace: string;
  channel: string;
  itemId: string;
  /** Deadline key (e.g. book-slots), or "digest" / "missed" for summaries. */
  deadline: string;
  /** Slot name (e.g. 2wd, 1wd, due, overdue, 1h). */
  slot: string;
  /** Plain text of the message (the fallback and the shell's output). */
  text: string;
  reply: Reply;
  /** The only user the message may ping: the item's assignee. */
  mention?: string | undefined;
}

export interface Delivered {
  messageId: string;
}

export type DeliveryFailure = 'channel-gone' | 'not-in-channel' | 'rate-limited' | 'other';

/** A delivery the platform refused; the scheduler records it and decides whether to retry. */
export class DeliveryError extends Error {
  readonly reason: DeliveryFailure;
  readonly retryAfterMs: number | undefined;
  constructor(reason: DeliveryFailure, message: string, opts: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'DeliveryError';
    this.reason = reason;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** How an adapter posts pings. The shell prints them; Slack and Discord post to channels. */
export interface Notifier {
  readonly platform: Platform;
  post(ping: Ping): Promise<Delivered>;
  /**
   * Crash recovery: the message already posted under this ping's key, if the platform can tell
   * (Slack: message metadata in the channel's recent history; Discord: the nonce is enforced, so
   * posting again returns the first message instead).
   */
  findPosted?: ((ping: Ping) => Promise<Delivered | undefined>) | undefined;
}
