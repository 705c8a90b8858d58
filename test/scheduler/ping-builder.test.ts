import { describe, expect, it } from 'vitest';
import { buildPing, type KnownSlot } from '../../src/scheduler/ping-builder.js';
import type { LedgerEntry } from '../../src/scheduler/ping-ledger.js';
import { planItem, planSignature } from '../../src/scheduler/ping-plan.js';
import { scheduleOf, scheduleSince } from '../../src/scheduler/schedule.js';
import type { Item } from '../../src/workflows/item.js';
import { trackOf } from '../../src/workflows/items.js';
import { calendarFor } from '../../src/workflows/working-days.js';
import { testBot, type TestBot } from '../support/app.js';

/** The 2wd slot of item 1 (due Wed 2026-12-02) as a tick plans it, and its claimed ledger entry. */
function planned(bot: TestBot): { item: Item; known: KnownSlot; entry: LedgerEntry } {
  const ws = bot.store.read('w1');
  const cal = calendarFor(ws, bot.core.services.config);
  const item = trackOf(ws).items['1']!;
  const slot = planItem(item, cal, scheduleOf(ws), scheduleSince(ws)).find((s) => s.slot === '2wd')!;
  const known = { slot, rev: item.rev, signature: planSignature(cal, scheduleOf(ws), scheduleSince(ws)) };
  return { item, known, entry: { state: 'claimed', kind: 'slot', channel: item.channel, platform: 'shell', at: new Date(slot.at).toISOString(), changedAt: '' } };
}

describe('the ping builder', () => {
  it('builds the ping of a slot the tick just planned from that slot', async () => {
    const bot = testBot({ now: '2026-11-23T10:00:00+08:00' });
    await bot.run('/track new task Samples due:2026-12-02');
    bot.setNow('2026-11-30T09:00:00+08:00');
    const { known, entry } = planned(bot);
    const built = buildPing(bot.core.services, 'w1', known.slot.key, entry, known);
    expect(built.skip).toBeUndefined();
    expect(built.ping).toMatchObject({ key: `w1:${known.slot.key}`, itemId: '1', deadline: 'due', slot: '2wd', channel: 'c1' });
    expect(built.ping.text).toContain('Samples');
    // The same entry without the plan (a leftover claim, a retry) reads its key: the same ping.
    expect(buildPing(bot.core.services, 'w1', known.slot.key, entry).ping).toEqual(built.ping);
  });

  it('looks the slot up again when the item changed since, and withdraws it when the item closed', async () => {
    const bot = testBot({ now: '2026-11-23T10:00:00+08:00' });
    await bot.run('/track new task Samples due:2026-12-02');
    bot.setNow('2026-11-30T09:00:00+08:00');
    const { known, entry } = planned(bot);
    await bot.run('/track note 1 called the seller');
    const changed = buildPing(bot.core.services, 'w1', known.slot.key, entry, known);
    expect(changed.skip).toBeUndefined();
    expect(changed.ping.slot).toBe('2wd');
    await bot.run('/track done 1');
    const closed = buildPing(bot.core.services, 'w1', known.slot.key, entry, known);
    expect(closed.skip).toBe('withdrawn');
    expect(closed.ping).toMatchObject({ itemId: '1', deadline: 'due', slot: '2wd', text: '' });
  });

  it('withdraws the planned slot when its deadline moved since', async () => {
    const bot = testBot({ now: '2026-11-23T10:00:00+08:00' });
    await bot.run('/track new store-authorization Shop market:US');
    await bot.run('/track event 1 order-loading-authorized 2026-11-20');
    const ws = bot.store.read('w1');
    const cal = calendarFor(ws, bot.core.services.config);
    const item = trackOf(ws).items['1']!;
    const slot = planItem(item, cal, scheduleOf(ws), scheduleSince(ws))[0]!;
    const known = { slot, rev: item.rev, signature: planSignature(cal, scheduleOf(ws), scheduleSince(ws)) };
    const entry: LedgerEntry = { state: 'claimed', kind: 'slot', channel: 'c1', platform: 'shell', at: new Date(slot.at).toISOString(), changedAt: '' };
    expect(buildPing(bot.core.services, 'w1', slot.key, entry, known).skip).toBeUndefined();
    // Authorized again a day later: the renewal counts from the new date, so the planned slot is gone.
    await bot.run('/track event 1 order-loading-authorized 2026-11-21');
    expect(buildPing(bot.core.services, 'w1', slot.key, entry, known).skip).toBe('withdrawn');
  });
});
