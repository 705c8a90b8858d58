import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { startSlack } from '../src/adapters/slack/index.js';
import { percentile } from './util.js';
import type { Bench } from './run.js';

const SECRET = 'bench-signing-secret';

/**
 * The time from a signed slash command to Slack's acknowledgement, on loopback, through the real
 * Slack adapter in production mode (HTTP receiver, ack sent as soon as the reply is ready) over the
 * real core. A local Web API answers auth.test and users.info. Target: p99 under 50 ms.
 */
const bench: Bench = {
  name: 'slack',
  async run() {
    const posted = new PostWaiters();
    const api = await fakeWebApi(posted);
    const core = createApp({ config: loadConfig({}), store: new MemoryStore(), log: silentLogger });
    const adapter = await startSlack(core, {
      botToken: 'xoxb-bench',
      signingSecret: SECRET,
      apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/`,
      port: 0,
      host: '127.0.0.1',
      log: silentLogger,
      // The bench asks far faster than a person: no rate limit.
      rateLimits: { perUser: 1e9, perChannel: 1e9, windowMs: 1 },
    });
    const url = `http://127.0.0.1:${adapter.port}/slack/events`;
    try {
      const warm = await measure(url, 600, () => ({ user: 'U0WARM', command: '/help', text: '' }));
      const settings = await measure(url, 400, (i) => ({ user: 'U0WARM', command: '/settings', text: `timezone ${i % 2 ? 'Asia/Taipei' : 'Asia/Shanghai'}` }));
      const cold = await measure(url, 400, (i) => ({ user: `U0COLD${i}`, command: '/help', text: '' }));
      const mention = await measureMentions(url, posted, 200);
      return {
        ackP50: { value: percentile(warm, 50), unit: 'ms', label: '/help → ack, person already known, p50' },
        ackP99: { value: percentile(warm, 99), unit: 'ms', label: '/help → ack, person already known, p99 (target < 50)' },
        settingsP99: { value: percentile(settings, 99), unit: 'ms', label: '/settings timezone (a store write) → ack, p99' },
        coldP50: { value: percentile(cold, 50), unit: 'ms', label: '/help → ack, first command of a person (users.info), p50' },
        coldP99: { value: percentile(cold, 99), unit: 'ms', label: '/help → ack, first command of a person (users.info), p99' },
        mentionP50: { value: percentile(mention, 50), unit: 'ms', label: '@mention (Events API) → answer posted in the thread, p50' },
        mentionP99: { value: percentile(mention, 99), unit: 'ms', label: '@mention (Events API) → answer posted in the thread, p99' },
      };
    } finally {
      await adapter.stop();
      await new Promise<void>((resolve) => api.close(() => resolve()));
    }
  },
};

async function measure(url: string, n: number, make: (i: number) => { user: string; command: string; text: string }): Promise<number[]> {
  const send = async (i: number) => {
    const c = make(i);
    const body = new URLSearchParams({
      team_id: 'T0BENCH',
      channel_id: 'C0BENCH',
      user_id: c.user,
      command: c.command,
      text: c.text,
      response_url: 'http://127.0.0.1:9/unused',
      trigger_id: 't',
    }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    const t0 = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature },
      body,
    });
    await res.text();
    if (res.status !== 200) throw new Error(`the bot answered ${res.status}`);
    return performance.now() - t0;
  };
  for (let i = 0; i < 30; i++) await send(n + i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await send(i));
  return out.sort((a, b) => a - b);
}

/** Resolves a waiter when chat.postMessage arrives for its thread. */
class PostWaiters {
  private readonly waiting = new Map<string, () => void>();
  wait(threadTs: string): Promise<void> {
    return new Promise((resolve) => this.waiting.set(threadTs, resolve));
  }
  posted(threadTs: string | null): void {
    if (!threadTs) return;
    this.waiting.get(threadTs)?.();
    this.waiting.delete(threadTs);
  }
}

/** A signed app_mention event → the answer's chat.postMessage, in production mode (ack first). */
async function measureMentions(url: string, posted: PostWaiters, n: number): Promise<number[]> {
  const questions = ['how do I reschedule the video verification', '设计被拒了怎么办', '要怎麼撤銷我提交的設計', 'how do I link my EU and US accounts'];
  const send = async (i: number) => {
    const ts = `1700000000.${String(i).padStart(6, '0')}`;
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0BENCH',
      api_app_id: 'A0BENCH',
      event_id: `Ev${i}`,
      event_time: 1700000000,
      event: { type: 'app_mention', user: 'U0WARM', text: `<@U0BOT> ${questions[i % questions.length]}`, ts, channel: 'C0BENCH', event_ts: ts },
    });
    const stamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${stamp}:${body}`).digest('hex')}`;
    const answered = posted.wait(ts);
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(stamp), 'x-slack-signature': signature }, body });
    await res.text();
    if (res.status !== 200) throw new Error(`the bot answered ${res.status}`);
    await answered;
    return performance.now() - t0;
  };
  for (let i = 0; i < 20; i++) await send(100_000 + i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await send(i));
  return out.sort((a, b) => a - b);
}

/** auth.test, users.info and chat.postMessage, as Slack answers them. */
async function fakeWebApi(posted: PostWaiters): Promise<Server> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '');
      const params = new URLSearchParams(raw);
      const user = params.get('user') ?? '';
      if (method === 'chat.postMessage') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, channel: params.get('channel'), ts: '1700000001.000001' }));
        posted.posted(params.get('thread_ts'));
        return;
      }
      const body =
        method === 'auth.test'
          ? { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0BENCH' }
          : method === 'users.info'
            ? { ok: true, user: { id: user, locale: 'zh-TW', is_admin: false, profile: { display_name: user } } }
            : { ok: false, error: 'unknown_method' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

export default bench;
