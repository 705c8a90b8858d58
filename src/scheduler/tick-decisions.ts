import type { Store } from '../store/types.js';
import type { Item } from '../workflows/item.js';
import { DAY_MS, type TickReport } from './options.js';
import { claim, claimedEntries, digestKey, ledgerOf, prune, skip, type MissedLine } from './ping-ledger.js';
import { cachedPlan, type PlannedSlot } from './ping-plan.js';
import { guessPlatform } from './route.js';
import type { Due, WsView } from './workspace-index.js';

/**
 * What a tick decides for one workspace, and writes down before anything is posted:
 * - of the slots of one deadline that came due since they were last looked at, only the latest is
 *   sent, and only within the grace window; the earlier ones are superseded;
 * - a deadline whose latest slot is older than the grace window goes into one "missed while
 *   offline" summary per channel (the summary and the slots it covers in one write);
 * - a digest due now is claimed.
 * The pings to send are returned to be claimed one by one just before each is posted, so a crash
 * leaves at most the posts in flight unconfirmed.
 */

/** A delivery the tick decided on, in the order it was due. */
export interface Decided {
  key: string;
  at: number;
  /** A slot to claim and post (absent: the key is claimed already, a summary or a digest). */
  send?: { item: Item; slot: PlannedSlot; rev: number; signature: string } | undefined;
}

interface ItemSlot {
  item: Item;
  slot: PlannedSlot;
}

/** Sorts the due slots of the due items into sends, superseded ones and missed ones (by channel). */
function sortDue(v: WsView, nowMs: number, items: readonly Item[], busy: (key: string) => boolean, graceMs: number) {
  const sends: ItemSlot[] = [];
  const superseded: ItemSlot[] = [];
  const missed = new Map<string, ItemSlot[]>();
  for (const item of items) {
    const plan = cachedPlan(item, v.cal, v.schedule, v.notBefore, v.signature);
    const byDeadline = new Map<string, PlannedSlot[]>();
    for (let i = plan.pos; i < plan.slots.length; i++) {
      const s = plan.slots[i]!;
      if (s.at > nowMs) break;
      if (s.at < v.since || v.ledger[s.key] !== undefined || busy(s.key)) continue;
      const list = byDeadline.get(s.deadline) ?? [];
      list.push(s);
      byDeadline.set(s.deadline, list);
    }
    for (const list of byDeadline.values()) {
      const latest = list[list.length - 1]!;
      for (const s of list.slice(0, -1)) superseded.push({ item, slot: s });
      if (nowMs - latest.at <= graceMs) sends.push({ item, slot: latest });
      else {
        const l = missed.get(item.channel) ?? [];
        l.push({ item, slot: latest });
        missed.set(item.channel, l);
      }
    }
  }
  return { sends, superseded, missed };
}

/**
 * Decides about what is due in one workspace. Superseded and missed slots, missed-while-offline
 * summaries and digests are recorded in one durable write; returns every delivery to make, in the
 * order it was due (the retries of `due` are not among them).
 */
export async function decideDue(
  deps: { store: Pick<Store, 'update'>; graceMs: number; busy: (key: string) => boolean },
  v: WsView,
  now: Date,
  due: Due,
  report: TickReport,
): Promise<Decided[]> {
  const w = v.w;
  const nowMs = now.getTime();
  const { sends, superseded, missed } = sortDue(v, nowMs, due.items, deps.busy, deps.graceMs);
  const claimed: Decided[] = [];
  const nowIso = now.toISOString();
  const iso = (ms: number) => new Date(ms).toISOString();
  if (superseded.length || missed.size || due.digests.length) {
    await deps.store.update(w, (wsw) => {
      for (const { item, slot } of superseded) {
        if (skip(wsw, slot.key, { kind: 'slot', channel: item.channel, at: iso(slot.at), reason: 'superseded' }, now)) report.superseded++;
      }
      for (const [channel, list] of missed) {
        const summary = `missed/${channel}/${nowIso}`;
        const lines: MissedLine[] = list.map(({ item, slot }) => ({ item: item.id, deadline: slot.deadline, due: iso(slot.due), slot: slot.slot }));
        const first = list[0]!.item;
        // The summary and the slots it covers in one write: never a summary and the pings too.
        if (!claim(wsw, summary, { kind: 'missed', channel, platform: first.platform ?? guessPlatform(w), at: nowIso, lines }, now)) continue;
        claimed.push({ key: summary, at: nowMs });
        for (const { slot } of list) {
          if (skip(wsw, slot.key, { kind: 'slot', channel, at: iso(slot.at), reason: 'missed', summary }, now)) report.missed++;
        }
      }
      for (const d of due.digests) {
        const key = digestKey(d.channel, d.day);
        if (claim(wsw, key, { kind: 'digest', channel: d.channel, platform: d.setting.platform, at: iso(d.at), day: d.day }, now)) claimed.push({ key, at: d.at });
      }
    });
  }
  const decided: Decided[] = [
    ...claimed,
    ...sends.map(({ item, slot }) => ({ key: slot.key, at: slot.at, send: { item, slot, rev: item.rev, signature: v.signature } })),
  ];
  decided.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
  report.claimed += decided.length;
  return decided;
}

/**
 * Claims left by a process that died between claiming and recording the platform's answer:
 * each to deliver now, or (a retry was set) at its retry time.
 */
export function leftovers(store: Pick<Store, 'read'>, w: string, now: number): { key: string; retryAt: number | undefined }[] {
  const out: { key: string; retryAt: number | undefined }[] = [];
  for (const [key, e] of claimedEntries(store.read(w))) {
    const retryAt = e.retryAt ? Date.parse(e.retryAt) : undefined;
    out.push({ key, retryAt: retryAt !== undefined && retryAt > now ? retryAt : undefined });
  }
  return out;
}

/** Drops the ledger entries older than the horizon and a day (never an unconfirmed claim). */
export async function pruneLedger(store: Pick<Store, 'read' | 'update'>, w: string, now: number, horizonMs: number): Promise<void> {
  const before = now - horizonMs - DAY_MS;
  const ledger = ledgerOf(store.read(w));
  let any = false;
  for (const k in ledger) {
    const e = ledger[k]!;
    if (e.state !== 'claimed' && Date.parse(e.at) < before) {
      any = true;
      break;
    }
  }
  if (any) await store.update(w, (ws) => prune(ws, before));
}
