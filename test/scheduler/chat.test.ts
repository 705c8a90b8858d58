import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { writableTrack } from '../../src/workflows/items.js';
import type { Item } from '../../src/workflows/item.js';
import { ledgerOf } from '../../src/scheduler/ping-ledger.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { signedPost } from '../fakes/slack-signing.js';
import { freePort } from '../fakes/slack-process.js';
import { ManualClock } from '../support/clock.js';

// Chat mode as `npm start` runs it with Slack configured (src/main.ts, in this process), on a clock
// the test advances: the scheduler starts with the Slack adapter and posts pings through the Slack
// Web API (a fake). Nothing here reads the wall clock, so it passes at any hour, on any weekday,
// in any time zone.
const SECRET = 'chat-test-signing-secret';
/** A Tuesday afternoon in the workspace's zone (Asia/Shanghai): no 09:00 ping is near. */
const T0 = Date.parse('2026-11-24T14:00:00+08:00');
const MIN = 60_000;

/** A task due an hour after `pingAt`, so its one-hour ping is due then. Opened ten minutes before T0. */
function timedTask(id: string, title: string, pingAt: number): Item {
  return {
    id,
    template: 'task',
    title,
    channel: 'C0PINGS',
    platform: 'slack',
    status: 'open',
    createdBy: 'U0LIN',
    createdAt: new Date(T0 - 10 * MIN).toISOString(),
    assignee: 'U0LIN',
    fields: {},
    dues: { due: { when: { at: new Date(pingAt + 60 * MIN).toISOString() } } },
    events: [],
    notes: [],
    rev: 1,
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-chat-pings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('pings in chat mode', () => {
  it('posts each due ping to Slack when the clock reaches it, with its key in the metadata, and none for an item closed from Slack before its time', async () => {
    const api = await FakeSlackApi.start();
    const db = join(dir, 'db.json');
    const pingA = T0 + 5 * MIN;
    const pingB = T0 + 8 * MIN;
    const pingC = T0 + 11 * MIN;
    const store = await LowdbStore.open(db);
    await store.update('T0PINGS', (ws) => {
      const track = writableTrack(ws);
      track.items['1'] = timedTask('1', 'Call the brand owner', pingA);
      track.items['2'] = timedTask('2', 'Cancelled call', pingB);
      track.items['3'] = timedTask('3', 'Send the samples', pingC);
      track.seq = 3;
    });
    await store.close();
    const clock = new ManualClock(T0);
    const port = await freePort();
    const stop = new AbortController();
    const stderr = new PassThrough();
    let errText = '';
    stderr.on('data', (c: Buffer) => (errText += c.toString()));
    const running = main({
      argv: [],
      env: { DATA_FILE: db, LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: api.apiUrl, PORT: String(port) },
      stdin: new PassThrough(),
      stdout: new PassThrough(),
      stderr,
      signal: stop.signal,
      clock: clock.clock,
      timers: clock,
    });
    try {
      const url = `http://127.0.0.1:${port}/slack/events`;
      await api.waitFor(() => api.callsTo('auth.test').length > 0, 10_000);
      for (let i = 0; i < 200; i++) {
        if (await fetch(url.replace('/slack/events', '/healthz')).then((r) => r.ok, () => false)) break;
        await new Promise((r) => setImmediate(r));
      }
      const done = await signedPost(
        url,
        { team_id: 'T0PINGS', channel_id: 'C0PINGS', user_id: 'U0LIN', command: '/track', text: 'done 2', response_url: api.responseUrl('d'), trigger_id: 't' },
        { secret: SECRET },
      );
      expect(done.status).toBe(200);
      // Nothing is due yet: a minute before the first ping, nothing is posted.
      await clock.advanceTo(pingA - MIN);
      expect(api.callsTo('chat.postMessage')).toHaveLength(0);
      // Past the three ping times: item 1's and item 3's pings, never item 2's (closed).
      await clock.advanceTo(pingC + MIN);
      await api.waitFor(() => api.callsTo('chat.postMessage').length >= 2, 15_000);
    } finally {
      stop.abort();
    }
    // Stopping waits for the posts in flight: whatever the scheduler decided to post is posted.
    expect(await running).toBe(0);
    expect(errText).toBe('');
    const posts = api.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0PINGS');
    const metas = posts.map((p) => p.params.metadata as { event_type: string; event_payload: { key: string; item: string; slot: string } });
    expect(metas.map((m) => `${m.event_payload.item} ${m.event_payload.slot}`).sort()).toEqual(['1 1h', '3 1h']);
    expect(metas.every((m) => m.event_type === 'sellerdesk_ping')).toBe(true);
    const first = posts[metas.findIndex((m) => m.event_payload.item === '1')]!;
    expect(String(first.params.text)).toContain('<@U0LIN>');
    expect(String(first.params.text)).toContain('Call the brand owner');
    const after = await LowdbStore.open(db);
    const ledger = ledgerOf(after.read('T0PINGS'));
    const sentTs = new Set((api.messages.get('C0PINGS') ?? []).map((m) => m.ts));
    for (const m of metas) {
      const entry = ledger[m.event_payload.key.slice('T0PINGS:'.length)];
      expect(entry).toMatchObject({ state: 'sent' });
      expect(sentTs.has(String(entry?.messageId))).toBe(true);
    }
    // Item 1's ping is the slot at its own time, not one made up at another.
    expect(ledger[metas.find((m) => m.event_payload.item === '1')!.event_payload.key.slice('T0PINGS:'.length)]?.at).toBe(new Date(pingA).toISOString());
    expect(Object.keys(ledger).some((k) => k.startsWith('2/'))).toBe(false);
    await after.close();
    await api.close();
  }, 30_000);
});
