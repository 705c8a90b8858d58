import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.js';
import { translator } from '../../../src/i18n/index.js';
import { startSlack, type SlackAdapter } from '../../../src/adapters/slack/index.js';
import { testBot } from '../../support/app.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { FakeSlackSocket } from '../../fakes/slack-socket.js';
import { blocksOf, eventCallback, textsOf } from './harness.js';

let api: FakeSlackApi;
let socket: FakeSlackSocket;
let adapter: SlackAdapter;
const bot = testBot();

beforeAll(async () => {
  api = await FakeSlackApi.start();
  socket = await FakeSlackSocket.start();
  api.socketUrl = socket.url;
  adapter = await startSlack(bot.core, {
    botToken: 'xoxb-test-token',
    appToken: 'xapp-test-token',
    apiUrl: api.apiUrl,
    log: silentLogger,
    autoReconnect: false,
  });
  await socket.whenConnected();
});
afterAll(async () => {
  await adapter.stop();
  await socket.close();
  await api.close();
});

describe('Slack in Socket Mode, through a local WebSocket server', () => {
  it('opens the connection with the app-level token', () => {
    expect(adapter.mode).toBe('socket');
    const open = api.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe('xapp-test-token');
  });

  it('answers a slash command in the envelope acknowledgement, in the person’s language', async () => {
    api.users.set('U0SOCK', { id: 'U0SOCK', locale: 'zh-TW', is_admin: true });
    const ack = await socket.send('slash_commands', {
      token: 'x',
      team_id: 'T0SOCK',
      team_domain: 'example',
      channel_id: 'C0SOCK',
      channel_name: 'support',
      user_id: 'U0SOCK',
      user_name: 'mei',
      command: '/settings',
      text: 'timezone Asia/Taipei',
      api_app_id: 'A0APP',
      response_url: api.responseUrl('socket-1'),
      trigger_id: '1.2.3',
    });
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(textsOf(ack.payload).join('\n')).toContain('Asia/Taipei');
    expect(blocksOf(ack.payload).length).toBeGreaterThan(0);
    expect(bot.store.read('T0SOCK').settings.timezone).toBe('Asia/Taipei');
    const help = await socket.send('slash_commands', {
      team_id: 'T0SOCK',
      channel_id: 'C0SOCK',
      user_id: 'U0SOCK',
      command: '/help',
      text: '',
      response_url: api.responseUrl('socket-2'),
      trigger_id: '1.2.4',
    });
    expect((blocksOf(help.payload)[0]!.text as { text: string }).text).toBe(translator('zh-TW')('help.title'));
  });

  it('acknowledges a button click and answers through response_url', async () => {
    const ack = await socket.send('interactive', {
      type: 'block_actions',
      team: { id: 'T0SOCK', domain: 'example' },
      user: { id: 'U0SOCK', username: 'mei', team_id: 'T0SOCK' },
      api_app_id: 'A0APP',
      token: 'x',
      container: { type: 'message', message_ts: '1.1', channel_id: 'C0SOCK', is_ephemeral: true },
      trigger_id: '1.2.5',
      channel: { id: 'C0SOCK', name: 'support' },
      response_url: api.responseUrl('socket-3'),
      actions: [{ type: 'button', action_id: 'nothing:here', block_id: 'b', text: { type: 'plain_text', text: 'x' }, value: 'v', action_ts: '1.2' }],
    });
    expect(ack.envelope_id).toBeTruthy();
    await api.waitFor(() => api.responsesTo('socket-3').length > 0);
    expect(textsOf(api.responsesTo('socket-3')[0]!.body).join()).toContain(translator('zh-TW')('errors.unknownAction'));
  });

  it('answers a mention sent as an events_api envelope in a thread, once even when Slack retries the envelope', async () => {
    const before = api.callsTo('chat.postMessage').length;
    const event = { type: 'app_mention', user: 'U0SOCK', text: '<@U0BOT> 要怎麼撤銷我提交的設計', ts: '1700000300.000001', channel: 'C0SOCK', team: 'T0SOCK' };
    const ack = await socket.send('events_api', eventCallback('T0SOCK', 'EvSOCK1', event));
    expect(ack.envelope_id).toBeTruthy();
    await api.waitFor(() => api.callsTo('chat.postMessage').length > before);
    // Slack sends the envelope again (retry_attempt 1) when it saw no ack in time.
    await socket.send('events_api', eventCallback('T0SOCK', 'EvSOCK1', event));
    await new Promise((r) => setTimeout(r, 100));
    const posts = api.callsTo('chat.postMessage').slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.params).toMatchObject({ channel: 'C0SOCK', thread_ts: '1700000300.000001' });
    expect(textsOf(posts[0]!.params).join('\n')).toContain('Withdraw');
  });
});
