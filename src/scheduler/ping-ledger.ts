import type { Platform } from '../core/types.js';
import type { WorkspaceData } from '../store/types.js';
import { pingsOf, writablePings } from './schedule.js';

/**
 * The delivery ledger: one entry per message the scheduler decided on, under its idempotency key,
 * in the workspace's `pings.ledger`. The life of an entry:
 *
 *   (absent) ──claim──► claimed ──platform confirmed──► sent (message id)
 *                          │
 *                          ├──refused for good (channel gone, bot not in it)──► failed
 *                          └──slot no longer applies when retried──► skipped
 *   (absent) ──a later slot of the same deadline was due too──► skipped (superseded)
 *   (absent) ──came due while offline, beyond the grace window──► skipped (missed; in a summary)
 *
 * A claim is written (durably) before the platform is asked, and `sent` after it answered; an
 * entry still `claimed` when the bot starts was being posted when the process died, and is
 * resolved by asking the platform first (Notifier.findPosted) rather than posting again.
 */

export type LedgerState = 'claimed' | 'sent' | 'skipped' | 'failed';
export type LedgerKind = 'slot' | 'missed' | 'digest';

/** One deadline a missed-while-offline summary covers. */
export interface MissedLine {
  item: string;
  deadline: string;
  /** ISO, the deadline's due time. */
  due: string;
  /** The slot that was missed. */
  slot: string;
}

export interface LedgerEntry {
  state: LedgerState;
  kind: LedgerKind;
  channel: string;
  platform?: Platform | undefined;
  /** When it was due to leave (ISO). */
  at: string;
  /** When the current state was written (ISO). */
  changedAt: string;
  /** Platform message id (sent). */
  messageId?: string | undefined;
  /** skipped: superseded | missed | withdrawn; failed: the DeliveryFailure. */
  reason?: string | undefined;
  /** skipped as missed: the summary that covers it. */
  summary?: string | undefined;
  /** A missed summary: what it lists (to rebuild it after a crash). */
  lines?: MissedLine[] | undefined;
  /** A digest: its day (YYYY-MM-DD in the workspace zone). */
  day?: string | undefined;
  /** Claimed: delivery attempts so far and when to try again (ISO). */
  attempts?: number | undefined;
  retryAt?: string | undefined;
}

const NONE: Readonly<Record<string, LedgerEntry>> = Object.freeze({});

/** The ledger key of a channel's digest of one day. */
export function digestKey(channel: string, day: string): string {
  return `digest/${channel}/${day}`;
}

export function ledgerOf(ws: Readonly<WorkspaceData>): Readonly<Record<string, LedgerEntry>> {
  return pingsOf(ws).ledger ?? NONE;
}

function writableLedger(ws: WorkspaceData): Record<string, LedgerEntry> {
  const p = writablePings(ws);
  p.ledger ??= {};
  return p.ledger;
}

/**
 * Claims a key: writes `claimed` when the key has no entry yet. Returns false when it has one
 * (another tick, or an earlier run, already decided about it).
 */
export function claim(ws: WorkspaceData, key: string, entry: Omit<LedgerEntry, 'state' | 'changedAt'>, now: Date): boolean {
  const ledger = writableLedger(ws);
  if (ledger[key]) return false;
  ledger[key] = { ...entry, state: 'claimed', changedAt: now.toISOString(), attempts: 0 };
  return true;
}

/** Records a decision not to send (superseded, missed, withdrawn) for a key with no entry, or a claimed one. */
export function skip(ws: WorkspaceData, key: string, entry: Omit<LedgerEntry, 'state' | 'changedAt'>, now: Date): boolean {
  const ledger = writableLedger(ws);
  const old = ledger[key];
  if (old && old.state !== 'claimed') return false;
  ledger[key] = { ...(old ?? {}), ...entry, state: 'skipped', changedAt: now.toISOString() };
  delete ledger[key].retryAt;
  return true;
}

/** The platform confirmed the message. */
export function markSent(ws: WorkspaceData, key: string, messageId: string, now: Date): void {
  const ledger = writableLedger(ws);
  const old = ledger[key];
  if (!old || old.state === 'sent') return;
  const { retryAt: _r, ...rest } = old;
  ledger[key] = { ...rest, state: 'sent', messageId, changedAt: now.toISOString() };
}

/** The platform refused for good. */
export function markFailed(ws: WorkspaceData, key: string, reason: string, now: Date): void {
  const ledger = writableLedger(ws);
  const old = ledger[key];
  if (!old || old.state !== 'claimed') return;
  const { retryAt: _r, ...rest } = old;
  ledger[key] = { ...rest, state: 'failed', reason, changedAt: now.toISOString() };
}

/** A delivery that may work later: stays claimed, with when to try again. */
export function markRetry(ws: WorkspaceData, key: string, retryAt: Date, reason: string, now: Date): void {
  const ledger = writableLedger(ws);
  const old = ledger[key];
  if (!old || old.state !== 'claimed') return;
  ledger[key] = { ...old, attempts: (old.attempts ?? 0) + 1, retryAt: retryAt.toISOString(), reason, changedAt: now.toISOString() };
}

/** Deletes settled entries due before `before` (ms); claimed ones stay. Returns how many went. */
export function prune(ws: WorkspaceData, before: number): number {
  const ledger = pingsOf(ws).ledger;
  if (!ledger) return 0;
  const old = Object.keys(ledger).filter((k) => ledger[k]!.state !== 'claimed' && Date.parse(ledger[k]!.at) < before);
  if (!old.length) return 0;
  const w = writableLedger(ws);
  for (const k of old) delete w[k];
  return old.length;
}

/** The keys of entries still claimed, with when each may be tried (ms). */
export function claimedEntries(ws: Readonly<WorkspaceData>): [string, LedgerEntry][] {
  return Object.entries(ledgerOf(ws)).filter(([, e]) => e.state === 'claimed');
}
