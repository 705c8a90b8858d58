import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError, type Ping } from '../../../src/core/notifier.js';
import { PING_EVENT_TYPE } from '../../../src/adapters/slack/notifier.js';
import { slackHarness, TEAM, type SlackHarness } from './harness.js';

const waits: number[] = [];
let h: SlackHarness;
beforeAll(async () => {
  h = await slackHarness({ slack: { sleep: async (ms) => void waits.push(ms) } });
  h.api.users.set('U0CREATOR', { id: 'U0CREATOR', display_name: 'Mei' });
});
afterAll(async () => {
  await h.close();
});

let n = 0;
function ping(over: Partial<Ping> = {}): Ping {
  n++;
  return {
    key: `item-${n}|book-slots|1wd|2026-11-24T18:00:00+08:00`,
    workspace: TEAM,
    channel: 'C0PINGS',
    itemId: `item-${n}`,
    deadline: 'book-slots',
    slot: '1wd',
    text: 'Book the interview slots by tomorrow 18:00 <!channel>',
    reply: {
      blocks: [
        { type: 'heading', text: 'Book the interview slots' },
        { type: 'paragraph', text: ['Due tomorrow 18:00, opened by ', { mention: 'U0CREATOR' }, '. Note: <!channel> & <@U0BOSS>'] },
      ],
    },
    mention: 'U0ASSIGNEE',
    ...over,
  };
}

describe('pings through chat.postMessage', () => {
  it('posts to the item’s channel, mentions only the assignee, and carries the idempotency key in the metadata', async () => {
    const p = ping();
    const delivered = await h.adapter.notifier.post(p);
    const [call] = h.api.callsTo('chat.postMessage').slice(-1);
    expect(call!.params.channel).toBe('C0PINGS');
    expect(call!.token).toBe('xoxb-test-token');
    expect(delivered.messageId).toBe(h.api.messages.get('C0PINGS')!.at(-1)!.ts);
    expect(call!.params.metadata).toEqual({ event_type: PING_EVENT_TYPE, event_payload: { key: p.key, item: p.itemId, deadline: 'book-slots', slot: '1wd' } });
    const all = `${String(call!.params.text)}\n${JSON.stringify(call!.params.blocks)}`;
    expect(all.match(/<@U[A-Z0-9]+>/g)?.every((m) => m === '<@U0ASSIGNEE>')).toBe(true);
    expect(String(call!.params.text).startsWith('<@U0ASSIGNEE> ')).toBe(true);
    expect(all).not.toMatch(/<!channel>|<@U0CREATOR>|<@U0BOSS>/);
    expect(JSON.stringify(call!.params.blocks)).toContain('@Mei');
  });

  it('names a teammate typed into the title by display name, and the phone notification text names people, not ids', async () => {
    h.api.users.set('U0LEAD', { id: 'U0LEAD', display_name: 'Boss Wang' });
    await h.adapter.notifier.post(ping({ reply: { blocks: [{ type: 'heading', text: 'Ask <@U0LEAD> about the invoice' }, { type: 'paragraph', text: ['Opened by ', { mention: 'U0CREATOR' }] }] } }));
    const [call] = h.api.callsTo('chat.postMessage').slice(-1);
    const text = String(call!.params.text);
    expect(text).toContain('Ask @Boss Wang about the invoice');
    expect(text).toContain('@Mei');
    expect(text).not.toMatch(/U0LEAD|U0CREATOR|&lt;@|==/);
    expect(JSON.stringify(call!.params.blocks)).toContain('@Boss Wang');
    expect(JSON.stringify(call!.params.blocks)).not.toContain('U0LEAD');
  });

  it('finds a ping already posted under its key, for crash recovery, and nothing for a key never posted', async () => {
    const p = ping();
    const delivered = await h.adapter.notifier.post(p);
    for (let i = 0; i < 5; i++) await h.adapter.notifier.post(ping());
    expect(await h.adapter.notifier.findPosted!(p)).toEqual(delivered);
    expect(await h.adapter.notifier.findPosted!(ping({ key: 'never-posted' }))).toBeUndefined();
    const history = h.api.callsTo('conversations.history').at(-1)!;
    expect(history.params.include_all_metadata).toBe('true');
  });

  it('looks further back than one page of history', async () => {
    const p = ping({ channel: 'C0BUSY' });
    const delivered = await h.adapter.notifier.post(p);
    // 250 newer messages from people in the channel.
    const list = h.api.messages.get('C0BUSY')!;
    for (let i = 0; i < 250; i++) list.push({ ts: `1800000000.${String(i).padStart(6, '0')}`, channel: 'C0BUSY', text: `chat ${i}`, blocks: undefined });
    expect(await h.adapter.notifier.findPosted!(p)).toEqual(delivered);
  });

  it('reports a channel that is gone or archived as channel-gone', async () => {
    h.api.channelErrors.set('C0GONE', 'channel_not_found');
    h.api.channelErrors.set('C0ARCHIVED', 'is_archived');
    await expect(h.adapter.notifier.post(ping({ channel: 'C0GONE' }))).rejects.toMatchObject({ name: 'DeliveryError', reason: 'channel-gone' });
    await expect(h.adapter.notifier.post(ping({ channel: 'C0ARCHIVED' }))).rejects.toMatchObject({ reason: 'channel-gone' });
  });

  it('reports a channel the bot is not in as not-in-channel', async () => {
    h.api.channelErrors.set('C0PRIVATE', 'not_in_channel');
    const err = await h.adapter.notifier.post(ping({ channel: 'C0PRIVATE' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).reason).toBe('not-in-channel');
  });

  it('waits out a short Retry-After and posts once Slack allows it', async () => {
    waits.length = 0;
    h.api.rateLimits.push(2);
    const before = h.api.messages.get('C0PINGS')?.length ?? 0;
    await h.adapter.notifier.post(ping());
    expect(waits).toEqual([2000]);
    expect(h.api.messages.get('C0PINGS')!.length).toBe(before + 1);
  });

  it('hands a long Retry-After back to the scheduler as rate-limited, with the wait', async () => {
    waits.length = 0;
    h.api.rateLimits.push(120);
    await expect(h.adapter.notifier.post(ping())).rejects.toMatchObject({ reason: 'rate-limited', retryAfterMs: 120_000 });
    expect(waits).toEqual([]);
  });
});
