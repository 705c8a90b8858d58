import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError, type Delivered, type Notifier, type Ping } from '../../src/core/notifier.js';
import type { Inline, Reply } from '../../src/core/types.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { claim, ledgerOf } from '../../src/scheduler/ping-ledger.js';
import { routeAllTo } from '../../src/scheduler/route.js';
import { Scheduler, type Timers } from '../../src/scheduler/scheduler.js';
import type { WorkspaceSource } from '../../src/scheduler/options.js';
import { testBot, type TestBot } from '../support/app.js';

/** Timers the test fires by hand; remembers the delay of each one set. */
class ManualTimers implements Timers {
  private seq = 0;
  readonly pending = new Map<number, { fn: () => void; ms: number }>();
  set(fn: () => void, ms: number): number {
    this.pending.set(++this.seq, { fn, ms });
    return this.seq;
  }
  clear(h: unknown): void {
    this.pending.delete(h as number);
  }
  /** The delay of the scheduler's sleep (the latest timer still set). */
  get sleep(): number | undefined {
    return [...this.pending.values()].at(-1)?.ms;
  }
  /** Fires every timer set so far, once. */
  fire(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const t of due) t.fn();
  }
}

/** A chat platform that records what it was asked to post; optionally it can look a ping up. */
class RecordingNotifier implements Notifier {
  readonly platform = 'shell' as const;
  readonly posted: Ping[] = [];
  /** Errors to throw on the next posts, one per post. */
  readonly failures: DeliveryError[] = [];
  /** What findPosted answers, by ping key (undefined: it has no findPosted). */
  lookup: Map<string, Delivered> | undefined;
  lookups = 0;

  post(ping: Ping): Promise<Delivered> {
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    this.posted.push(ping);
    return Promise.resolve({ messageId: `m${this.posted.length}` });
  }

  get findPosted(): ((ping: Ping) => Promise<Delivered | undefined>) | undefined {
    const lookup = this.lookup;
    if (!lookup) return undefined;
    return (ping) => {
      this.lookups++;
      return Promise.resolve(lookup.get(ping.key));
    };
  }
}

interface Rig {
  bot: TestBot;
  store: MemoryStore;
  timers: ManualTimers;
  notifier: RecordingNotifier;
  scheduler: Scheduler;
  at(iso: string): void;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.scheduler.stop();
});

function rig(now: string, source?: WorkspaceSource): Rig {
  const store = new MemoryStore();
  const bot = testBot({ now, store });
  const timers = new ManualTimers();
  const notifier = new RecordingNotifier();
  const scheduler = new Scheduler({ services: bot.core.services, route: routeAllTo(notifier), changes: bot.core.services.items, timers, source });
  const r = { bot, store, timers, notifier, scheduler, at: (iso: string) => bot.setNow(iso) };
  rigs.push(r);
  return r;
}

/** Fires the timers as the clock reaches them would, and waits for what they started. */
async function fire(r: Rig): Promise<void> {
  r.timers.fire();
  await new Promise((resolve) => setImmediate(resolve));
  await r.scheduler.settled();
}

function mentions(reply: Reply): string[] {
  const out: string[] = [];
  const scan = (parts: string | Inline[]) => {
    if (typeof parts !== 'string') for (const p of parts) if (typeof p !== 'string' && 'mention' in p) out.push(p.mention);
  };
  for (const b of reply.blocks) {
    if (b.type === 'paragraph' || b.type === 'context' || b.type === 'warning') scan(b.text);
    if (b.type === 'list' || b.type === 'steps') b.items.forEach(scan);
    if (b.type === 'fields') b.fields.forEach((f) => scan(f.value));
  }
  return out;
}

describe('the scheduler', () => {
  it('sleeps until the next due slot, and at most 60 s at a time', async () => {
    const r = rig('2026-11-23T10:00:00+08:00');
    await r.bot.run('/track new task Samples due:2026-12-02');
    r.at('2026-11-30T08:59:30+08:00');
    await r.scheduler.start();
    expect(r.timers.sleep).toBe(30_000);
    r.at('2026-11-30T08:00:00+08:00');
    await fire(r);
    expect(r.timers.sleep).toBe(60_000);
    expect(r.notifier.posted).toEqual([]);
  });

  it('posts a ping when its timer fires, once', async () => {
    const r = rig('2026-11-23T10:00:00+08:00');
    await r.bot.run('/track new task Samples due:2026-12-02');
    r.at('2026-11-30T08:59:59.500+08:00');
    await r.scheduler.start();
    expect(r.timers.sleep).toBe(500);
    r.at('2026-11-30T09:00:00+08:00');
    await fire(r);
    expect(r.notifier.posted.map((p) => `${p.itemId} ${p.deadline} ${p.slot}`)).toEqual(['1 due 2wd']);
    const entry = Object.values(ledgerOf(r.store.read('w1')))[0]!;
    expect(entry).toMatchObject({ state: 'sent', messageId: 'm1', channel: 'c1' });
    await fire(r);
    expect(r.notifier.posted).toHaveLength(1);
  });

  it('does not claim a ping it has no notifier for, so the run that has one posts it at once', async () => {
    // A Slack-only chat replica sees an item opened in the shell: not its to post (before, it
    // claimed it and left the claim for `tick` to find as a leftover).
    const r = rig('2026-11-23T10:00:00+08:00');
    await r.bot.run('/track new task Samples due:2026-12-02');
    const timers = new ManualTimers();
    const slackOnly = new Scheduler({ services: r.bot.core.services, route: () => undefined, changes: r.bot.core.services.items, timers });
    r.at('2026-11-30T09:00:00+08:00');
    await slackOnly.start();
    timers.fire();
    await new Promise((resolve) => setImmediate(resolve));
    await slackOnly.settled();
    await slackOnly.stop();
    expect(ledgerOf(r.store.read('w1'))).toEqual({});
    await r.scheduler.start();
    await fire(r);
    expect(r.notifier.posted.map((p) => `${p.itemId} ${p.slot}`)).toEqual(['1 2wd']);
  });

  it('claims a burst a group at a time, so a stop or crash leaves at most two groups unconfirmed', async () => {
    const r = rig('2026-11-23T10:00:00+08:00');
    for (let i = 1; i <= 7; i++) await r.bot.run(`/track new task Samples${i} due:2026-12-02`);
    const gates: (() => void)[] = [];
    const notifier = new RecordingNotifier();
    const post = notifier.post.bind(notifier);
    notifier.post = (ping) => new Promise<void>((resolve) => gates.push(resolve)).then(() => post(ping));
    const timers = new ManualTimers();
    const two = new Scheduler({ services: r.bot.core.services, route: routeAllTo(notifier), changes: r.bot.core.services.items, timers, concurrency: 2 });
    r.at('2026-11-30T09:00:00+08:00');
    await two.start();
    timers.fire();
    for (let i = 0; i < 20 && gates.length < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    const claimedNow = () => Object.values(ledgerOf(r.store.read('w1'))).filter((e) => e.state === 'claimed').length;
    // 2 in flight, and the next group claimed at most: not all 7.
    expect(gates).toHaveLength(2);
    expect(claimedNow()).toBeLessThanOrEqual(4);
    // Let them all through: each goes out once.
    for (let i = 0; i < 50 && notifier.posted.length < 7; i++) {
      gates.splice(0).forEach((open) => open());
      await new Promise((resolve) => setImmediate(resolve));
    }
    await two.settled();
    await two.stop();
    expect(notifier.posted.map((p) => p.itemId).sort()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(claimedNow()).toBe(0);
  });

  it('never posts before a slot, also when a timer fires early; a deadline day and its hour each go at their own time', async () => {
    // Created at 08:00, due at 10:00:02: the deadline day's ping at 09:00:00 (the schedule's time),
    // the one-hour ping at 09:00:02. The bench once counted the first as an early second one.
    const r = rig('2026-11-23T08:00:00+08:00');
    await r.bot.run('/track new task Call due:"2026-11-23 10:00:02"');
    const postedAt: { slot: string; at: number; clock: number }[] = [];
    const post = r.notifier.post.bind(r.notifier);
    r.notifier.post = (ping) => {
      const entry = ledgerOf(r.store.read('w1'))[ping.key.slice('w1:'.length)];
      postedAt.push({ slot: ping.slot, at: Date.parse(entry?.at ?? ''), clock: r.bot.core.services.clock().getTime() });
      return post(ping);
    };
    r.at('2026-11-23T08:59:59+08:00');
    await r.scheduler.start();
    expect(r.timers.sleep).toBe(1000);
    // The event loop's time lags the wall clock: the timer fires 300 ms early.
    r.at('2026-11-23T08:59:59.700+08:00');
    await fire(r);
    expect(r.notifier.posted).toEqual([]);
    expect(r.timers.sleep).toBe(300);
    r.at('2026-11-23T09:00:00+08:00');
    await fire(r);
    expect(r.notifier.posted.map((p) => p.slot)).toEqual(['due']);
    r.at('2026-11-23T09:00:01.999+08:00');
    await fire(r);
    expect(r.notifier.posted.map((p) => p.slot)).toEqual(['due']);
    r.at('2026-11-23T09:00:02+08:00');
    await fire(r);
    expect(r.notifier.posted.map((p) => p.slot)).toEqual(['due', '1h']);
    for (const p of postedAt) expect(p.clock - p.at).toBeGreaterThanOrEqual(0);
    expect(postedAt.map((p) => p.at)).toEqual([Date.parse('2026-11-23T09:00:00+08:00'), Date.parse('2026-11-23T09:00:02+08:00')]);
  });

  it("waits for the replicas' shared clock when this process's clock runs ahead of it", async () => {
    // A replica whose clock is 2 s ahead of the database's: by the shared clock, the 09:00 ping of
    // the due day is due 2 s later than this clock says.
    let behind = 2_000;
    const source: WorkspaceSource = {
      acquire: () => Promise.resolve({ workspaces: ['w1'], fresh: [], changed: [] }),
      holds: (w) => w === 'w1',
      planned: () => Promise.resolve(),
      poke: () => undefined,
      release: () => Promise.resolve(),
      behindMs: () => behind,
    };
    const r = rig('2026-11-23T08:00:00+08:00', source);
    await r.bot.run('/track new task Call due:"2026-11-23 17:00"');
    r.at('2026-11-23T08:59:59+08:00');
    await r.scheduler.start();
    expect(r.timers.sleep).toBe(3_000);
    r.at('2026-11-23T09:00:00.500+08:00');
    await fire(r);
    expect(r.notifier.posted).toEqual([]);
    expect(r.timers.sleep).toBe(1_500);
    r.at('2026-11-23T09:00:02+08:00');
    await fire(r);
    expect(r.notifier.posted.map((p) => p.slot)).toEqual(['due']);
    // The clocks agree again: the one-hour ping goes at 16:00 by this clock.
    behind = 0;
    r.at('2026-11-23T16:00:00+08:00');
    await fire(r);
    expect(r.notifier.posted.map((p) => p.slot)).toEqual(['due', '1h']);
  });

  it('hears about a new item at once and wakes for its near slot', async () => {
    const r = rig('2026-11-23T08:58:00+08:00');
    await r.scheduler.start();
    expect(r.timers.sleep).toBe(60_000);
    r.at('2026-11-23T08:59:50+08:00');
    // A timed due at 10:00: its one-hour ping is at 09:00, ten seconds away.
    await r.bot.run('/track new task Call due:"2026-11-23 10:00"');
    await fire(r); // the change notice
    expect(r.timers.sleep).toBe(10_000);
    r.at('2026-11-23T09:00:00+08:00');
    await fire(r);
    expect(r.notifier.posted.map((p) => p.slot)).toEqual(['1h']);
  });

  it('re-plans one item when an item changes, the workspace when the schedule does, and nothing for another feature\'s write', async () => {
    const r = rig('2026-11-23T10:00:00+08:00');
    await r.bot.run('/track new task Samples due:2026-12-02');
    await r.bot.run('/track new task Invoice due:2026-12-03');
    await r.scheduler.start();
    const base = { ...r.scheduler.replans };
    expect(base.full).toBe(1);
    expect(r.timers.pending.size).toBe(1); // the sleep until the next slot
    // A question /howto cannot answer (a gap) and a /guide walkthrough step: both are stored...
    await r.bot.run('/howto lazada怎么退保证金', { platformLocale: 'zh-CN' });
    const walk = await r.bot.run('/guide brand-registry.submit-appeal walk');
    const next = walk.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])).find((b) => b.actionId === 'guide:next')!;
    await r.bot.press(next.actionId, next.value);
    expect(Object.keys((r.store.read('w1').howto as { gaps: object }).gaps)).toHaveLength(1);
    expect(r.store.read('w1').guideProgress).toMatchObject({ u1: { 'brand-registry.submit-appeal': { step: 2 } } });
    // ...and the scheduler hears nothing: no change notice, and no re-plan at its next wake-up.
    expect(r.timers.pending.size).toBe(1);
    r.at('2026-11-23T10:01:00+08:00');
    await fire(r);
    expect(r.scheduler.replans).toEqual(base);
    // An item changes: that one item is planned again, not the workspace.
    await r.bot.run('/track note 1 called the seller');
    expect(r.timers.pending.size).toBe(2); // the change notice beside the sleep
    await fire(r);
    expect(r.scheduler.replans).toEqual({ full: base.full, items: base.items + 1 });
    // The ping schedule changes: every item's plan depends on it.
    await r.bot.run('/settings pings days:1,0', { isAdmin: true });
    await fire(r);
    await fire(r);
    expect(r.scheduler.replans.full).toBe(base.full + 1);
  });

  it('sends nothing for an item closed before its slot', async () => {
    const r = rig('2026-11-23T10:00:00+08:00');
    await r.bot.run('/track new task Samples due:2026-12-02');
    await r.scheduler.start();
    await r.bot.run('/track done 1');
    r.at('2026-11-30T09:00:00+08:00');
    await fire(r);
    await fire(r);
    expect(r.notifier.posted).toEqual([]);
  });

  it('mentions only the assignee; a title that looks like a mention stays plain text', async () => {
    const r = rig('2026-11-23T10:00:00+08:00');
    await r.bot.run('/track new task "<!channel> @everyone <@U0EVIL> ask" due:2026-12-02');
    await r.bot.run('/track assign 1 <@U07LIN>');
    r.at('2026-11-30T09:00:00+08:00');
    await r.scheduler.start();
    const [ping] = r.notifier.posted;
    expect(ping!.mention).toBe('U07LIN');
    expect(mentions(ping!.reply)).toEqual(['U07LIN']);
    expect(JSON.stringify(ping!.reply.blocks[0])).toContain('"<!channel> @everyone <@U0EVIL> ask"');
  });

  it('resolves a claim left by a crashed run through findPosted, without a second post', async () => {
    const r = rig('2026-11-23T10:00:00+08:00');
    await r.bot.run('/track new task Samples due:2026-12-02');
    r.at('2026-11-30T09:00:05+08:00');
    // A run claimed the 2wd ping, the platform took it, and the process died before recording that.
    const key = `1/due/2wd/${new Date('2026-12-02T23:59:59.999+08:00').toISOString()}`;
    await r.store.update('w1', (ws) => claim(ws, key, { kind: 'slot', channel: 'c1', platform: 'shell', at: '2026-11-30T01:00:00.000Z' }, new Date('2026-11-30T01:00:00Z')));
    r.notifier.lookup = new Map([[`w1:${key}`, { messageId: 'posted-before-crash' }]]);
    await r.scheduler.start();
    await r.scheduler.settled();
    expect(r.notifier.posted).toEqual([]);
    expect(r.notifier.lookups).toBe(1);
    expect(ledgerOf(r.store.read('w1'))[key]).toMatchObject({ state: 'sent', messageId: 'posted-before-crash' });
  });

  it('posts a leftover claim again when the platform cannot be asked (at least once)', async () => {
    const r = rig('2026-11-23T10:00:00+08:00');
    await r.bot.run('/track new task Samples due:2026-12-02');
    r.at('2026-11-30T09:00:05+08:00');
    const key = `1/due/2wd/${new Date('2026-12-02T23:59:59.999+08:00').toISOString()}`;
    await r.store.update('w1', (ws) => claim(ws, key, { kind: 'slot', channel: 'c1', platform: 'shell', at: '2026-11-30T01:00:00.000Z' }, new Date('2026-11-30T01:00:00Z')));
    await r.scheduler.start();
    await r.scheduler.settled();
    expect(r.notifier.posted.map((p) => p.key)).toEqual([`w1:${key}`]);
    expect(ledgerOf(r.store.read('w1'))[key]!.state).toBe('sent');
  });

  it('withdraws a leftover claim whose item was closed since, if the platform does not have it', async () => {
    const r = rig('2026-11-23T10:00:00+08:00');
    await r.bot.run('/track new task Samples due:2026-12-02');
    const key = `1/due/2wd/${new Date('2026-12-02T23:59:59.999+08:00').toISOString()}`;
    await r.store.update('w1', (ws) => claim(ws, key, { kind: 'slot', channel: 'c1', platform: 'shell', at: '2026-11-30T01:00:00.000Z' }, new Date('2026-11-30T01:00:00Z')));
    await r.bot.run('/track done 1');
    r.notifier.lookup = new Map();
    r.at('2026-11-30T09:10:00+08:00');
    await r.scheduler.start();
    await r.scheduler.settled();
    expect(r.notifier.posted).toEqual([]);
    expect(ledgerOf(r.store.read('w1'))[key]).toMatchObject({ state: 'skipped', reason: 'withdrawn' });
  });

  it('waits out a rate limit and tries again (asking the platform first); gives up on a channel that is gone', async () => {
    const r = rig('2026-11-23T10:00:00+08:00');
    await r.bot.run('/track new task Samples due:2026-12-02');
    await r.bot.run('/track new task Gone due:2026-12-02', { channel: 'c-archived' });
    r.notifier.lookup = new Map();
    r.notifier.failures.push(
      new DeliveryError('rate-limited', 'slow down', { retryAfterMs: 45_000 }),
      new DeliveryError('channel-gone', 'archived'),
    );
    r.at('2026-11-30T09:00:00+08:00');
    await r.scheduler.start();
    await r.scheduler.settled();
    const ledger = () => Object.values(ledgerOf(r.store.read('w1')));
    expect(ledger().map((e) => `${e.channel} ${e.state} ${e.reason}`).sort()).toEqual(['c-archived failed channel-gone', 'c1 claimed rate-limited']);
    expect(r.timers.sleep).toBe(45_000);
    r.at('2026-11-30T09:00:45+08:00');
    await fire(r);
    expect(r.notifier.lookups).toBe(1);
    expect(r.notifier.posted.map((p) => p.channel)).toEqual(['c1']);
    expect(ledger().map((e) => `${e.channel} ${e.state}`).sort()).toEqual(['c-archived failed', 'c1 sent']);
  });

  it('notices a clock that jumped ahead at its next capped wake-up', async () => {
    const r = rig('2026-11-23T10:00:00+08:00');
    await r.bot.run('/track new task Samples due:2026-12-02');
    await r.scheduler.start();
    expect(r.timers.sleep).toBe(60_000);
    r.at('2026-11-30T09:00:10+08:00'); // the wall clock was set a week ahead
    await fire(r);
    expect(r.notifier.posted.map((p) => p.slot)).toEqual(['2wd']);
  });
});
