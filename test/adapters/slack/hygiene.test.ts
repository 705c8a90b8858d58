import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedJsonPost, signedPost } from '../../fakes/slack-signing.js';
import { SECRET, slackHarness, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await slackHarness();
});
afterAll(async () => {
  await h.close();
});

describe('Slack HTTP mode: odd but signed payloads', () => {
  it('answers a command without team_id with a clean 200 and writes nothing', async () => {
    const res = await signedPost(
      h.eventsUrl,
      { command: '/settings', text: 'timezone Asia/Taipei', channel_id: 'C1', user_id: 'U1', response_url: h.api.responseUrl('odd-1'), trigger_id: '1' },
      { secret: SECRET },
    );
    expect(res.status).toBe(200);
    expect(res.body).toContain('nothing was done');
    expect(h.bot.store.workspaces()).toEqual([]);
  });

  it('answers a block_actions payload without user with 200 and runs nothing', async () => {
    const payload = {
      type: 'block_actions',
      team: { id: 'T0ODD' },
      api_app_id: 'A0APP',
      container: { type: 'message', channel_id: 'C1' },
      channel: { id: 'C1' },
      response_url: h.api.responseUrl('odd-2'),
      actions: [{ type: 'button', action_id: 'howto:rate', block_id: 'b', value: 'down abcdefgh -', action_ts: '1' }],
    };
    const res = await signedPost(h.eventsUrl, { payload: JSON.stringify(payload) }, { secret: SECRET });
    expect(res.status).toBeLessThan(500);
    expect(h.api.responsesTo('odd-2')).toEqual([]);
    expect(h.bot.store.workspaces()).toEqual([]);
  });

  it('answers an event without team or user with 200 and posts nothing', async () => {
    const res = await signedJsonPost(h.eventsUrl, { type: 'event_callback', event_id: 'EvODD', event: { type: 'app_mention', text: 'hi', ts: '1.1', channel: 'C1' } }, { secret: SECRET });
    expect(res.status).toBeLessThan(500);
    expect(h.api.callsTo('chat.postMessage')).toEqual([]);
    expect(h.bot.store.workspaces()).toEqual([]);
  });

  it('answers a payload that is not JSON with a 4xx, never a 500', async () => {
    const res = await signedPost(h.eventsUrl, { payload: '{not json' }, { secret: SECRET });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
