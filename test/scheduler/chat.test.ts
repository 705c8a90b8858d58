import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { writableTrack } from '../../src/workflows/items.js';
import type { Item } from '../../src/workflows/item.js';
import { ledgerOf } from '../../src/scheduler/ping-ledger.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { signedPost } from '../fakes/slack-signing.js';
import { startSlackBot } from '../fakes/slack-process.js';

// The compiled program as `npm start` runs it with Slack configured (`npm test` builds it first):
// the scheduler starts with the Slack adapter and posts pings through the Slack Web API (a fake).
const SECRET = 'chat-test-signing-secret';

/** A task due an hour after `pingAt`, so its one-hour ping is due then. Opened ten minutes ago. */
function timedTask(id: string, title: string, pingAt: number, now: number): Item {
  const created = new Date(now - 600_000).toISOString();
  return {
    id,
    template: 'task',
    title,
    channel: 'C0PINGS',
    platform: 'slack',
    status: 'open',
    createdBy: 'U0LIN',
    createdAt: created,
    assignee: 'U0LIN',
    fields: {},
    dues: { due: { when: { at: new Date(pingAt + 3_600_000).toISOString() } } },
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
  it('posts a due ping to Slack when it is due, with its key in the metadata, and none for an item closed from Slack before its time', async () => {
    const api = await FakeSlackApi.start();
    const db = join(dir, 'db.json');
    const now = Date.now();
    const pingA = now + 5_000;
    const pingB = now + 8_000;
    const store = await LowdbStore.open(db);
    await store.update('T0PINGS', (ws) => {
      const track = writableTrack(ws);
      track.items['1'] = timedTask('1', 'Call the brand owner', pingA, now);
      track.items['2'] = timedTask('2', 'Cancelled call', pingB, now);
      track.seq = 2;
    });
    await store.close();
    const bot = await startSlackBot({ db, api, secret: SECRET, token: 'xoxb-test' });
    try {
      const done = await signedPost(
        `http://127.0.0.1:${bot.port}/slack/events`,
        { team_id: 'T0PINGS', channel_id: 'C0PINGS', user_id: 'U0LIN', command: '/track', text: 'done 2', response_url: api.responseUrl('d'), trigger_id: 't' },
        { secret: SECRET },
      );
      expect(done.status).toBe(200);
      await api.waitFor(() => api.callsTo('chat.postMessage').length >= 1, 15_000);
      // Item 2's ping would have come 3 s later.
      await new Promise((r) => setTimeout(r, Math.max(0, pingB - Date.now()) + 1_500));
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
    const posts = api.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0PINGS');
    expect(posts).toHaveLength(1);
    const [post] = posts;
    const meta = post!.params.metadata as { event_type: string; event_payload: { key: string; item: string; slot: string } };
    expect(meta.event_type).toBe('sellerdesk_ping');
    expect(meta.event_payload).toMatchObject({ item: '1', slot: '1h' });
    expect(String(post!.params.text)).toContain('<@U0LIN>');
    expect(String(post!.params.text)).toContain('Call the brand owner');
    const message = api.messages.get('C0PINGS')![0]!;
    expect(bot.logs()).toContain('"ping delivered"');
    const after = await LowdbStore.open(db);
    expect(ledgerOf(after.read('T0PINGS'))[meta.event_payload.key.slice('T0PINGS:'.length)]).toMatchObject({ state: 'sent', messageId: message.ts });
    await after.close();
    await api.close();
  }, 30_000);
});
