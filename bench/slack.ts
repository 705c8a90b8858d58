import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectPath } from '../src/paths.js';
import { FakeSlackApi } from '../test/fakes/slack-api.js';
import { startSlackBot } from '../test/fakes/slack-process.js';
import { percentile } from './util.js';
import type { Bench } from './run.js';

const SECRET = 'bench-signing-secret';
const ROUNDS = 5;
const PER_ROUND = 300;

/**
 * The time from a signed slash command to Slack's acknowledgement, on loopback: sellerdesk as
 * `npm start` runs it (the bundled CLI in its own process, HTTP mode, the real core over a data
 * file), beside a bare Bolt app in its own process that acks every command with a fixed text
 * (bench/bare-bolt.ts). Requests alternate between the two, so both see the same load; each round
 * gives a p99 per app, and the ratio figure is the median over rounds of ours over Bolt's. A local
 * fake of the Web API answers auth.test and users.info.
 */
const bench: Bench = {
  name: 'slack',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-bench-slack-'));
    const api = await FakeSlackApi.start();
    for (const u of ['U0WARM', 'U0BARE']) api.users.set(u, { id: u, locale: 'zh-TW' });
    let bare: ChildProcess | undefined;
    let ours: Awaited<ReturnType<typeof startSlackBot>> | undefined;
    try {
      ours = await startSlackBot({ db: join(dir, 'db.json'), api, secret: SECRET });
      const started = await startBareBolt(api.apiUrl);
      bare = started.child;
      const oursUrl = `http://127.0.0.1:${ours.port}/slack/events`;
      const bareUrl = `http://127.0.0.1:${started.port}/slack/events`;
      const help = (user: string) => () => ({ user, command: '/help', text: '' });
      // Warm both (JIT, connections, our user cache).
      for (let i = 0; i < 100; i++) {
        await send(bareUrl, help('U0BARE')());
        await send(oursUrl, help('U0WARM')());
      }
      const ratios: number[] = [];
      const oursP99: number[] = [];
      const bareP99: number[] = [];
      const oursAll: number[] = [];
      const bareAll: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const a: number[] = [];
        const b: number[] = [];
        for (let i = 0; i < PER_ROUND; i++) {
          // Alternate who goes first, so neither always follows the other's garbage.
          if (i % 2) {
            b.push(await send(bareUrl, help('U0BARE')()));
            a.push(await send(oursUrl, help('U0WARM')()));
          } else {
            a.push(await send(oursUrl, help('U0WARM')()));
            b.push(await send(bareUrl, help('U0BARE')()));
          }
        }
        a.sort((x, y) => x - y);
        b.sort((x, y) => x - y);
        oursP99.push(percentile(a, 99));
        bareP99.push(percentile(b, 99));
        ratios.push(percentile(a, 99) / percentile(b, 99));
        oursAll.push(...a);
        bareAll.push(...b);
      }
      const med = (xs: number[]) => percentile([...xs].sort((x, y) => x - y), 50);
      const settings: number[] = [];
      for (let i = 0; i < 200; i++) settings.push(await send(oursUrl, { user: 'U0WARM', command: '/settings', text: `timezone ${i % 2 ? 'Asia/Taipei' : 'Asia/Shanghai'}` }));
      const cold: number[] = [];
      for (let i = 0; i < 200; i++) {
        api.users.set(`U0COLD${i}`, { id: `U0COLD${i}`, locale: 'zh-TW' });
        cold.push(await send(oursUrl, { user: `U0COLD${i}`, command: '/help', text: '' }));
      }
      settings.sort((x, y) => x - y);
      cold.sort((x, y) => x - y);
      oursAll.sort((x, y) => x - y);
      bareAll.sort((x, y) => x - y);
      return {
        ackP50: { value: percentile(oursAll, 50), unit: 'ms', label: '/help → ack, person already known, p50' },
        bareP50: { value: percentile(bareAll, 50), unit: 'ms', label: '  baseline: bare Bolt app, fixed ack, p50' },
        ackP99: { value: med(oursP99), unit: 'ms', label: '/help → ack, p99 (median over rounds)' },
        bareP99: { value: med(bareP99), unit: 'ms', label: '  baseline: bare Bolt app, p99 (median over rounds)' },
        ackP99Ratio: { value: med(ratios), unit: '×', label: `  p99 over Bolt's, median of ${ROUNDS} rounds (target ≤ 1.25)` },
        settingsP99: { value: percentile(settings, 99), unit: 'ms', label: '/settings timezone (a durable store write) → ack, p99' },
        coldP50: { value: percentile(cold, 50), unit: 'ms', label: '/help → ack, first command of a person (users.info), p50' },
        coldP99: { value: percentile(cold, 99), unit: 'ms', label: '/help → ack, first command of a person (users.info), p99' },
      };
    } finally {
      bare?.kill('SIGTERM');
      if (ours) {
        ours.child.kill('SIGTERM');
        await ours.exited;
      }
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

async function send(url: string, c: { user: string; command: string; text: string }): Promise<number> {
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
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return ms;
}

async function startBareBolt(apiUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [projectPath('dist', 'bench', 'bare-bolt.js'), SECRET, apiUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const end = Date.now() + 15_000;
  for (;;) {
    const m = /port (\d+)/.exec(out);
    if (m) return { child, port: Number(m[1]) };
    if (Date.now() > end || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the bare Bolt app did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

export default bench;
