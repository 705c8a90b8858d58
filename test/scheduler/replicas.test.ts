import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { projectPath } from '../../src/paths.js';
import { PgStore } from '../../src/store/pg-store.js';
import { ledgerOf } from '../../src/scheduler/ping-ledger.js';
import { nonceFor } from '../../src/adapters/discord/notifier.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { FakeDiscordRest } from '../fakes/discord-rest.js';
import { freshDatabase } from '../support/pg.js';

/*
 * Three scheduler replicas (replica-bot.mjs: the real PostgreSQL store, scheduler, workspace
 * leases, Slack and Discord notifiers) on one database, 500 pings due at once across 50
 * workspaces (40 Slack teams, 10 Discord guilds). One replica is SIGKILLed mid-burst, then a
 * second: the last one takes their workspaces over when their leases run out and resolves what
 * they left claimed. Every ping reaches the fakes exactly once.
 */

const BOT = projectPath('test', 'scheduler', 'replica-bot.mjs');
const CREATED = '2026-11-23T10:00:00+08:00';
const NOW = '2026-12-02T09:00:30+08:00';
const LEASE_MS = 3000;
const SLACK = Array.from({ length: 40 }, (_, i) => `T0REP${String(i).padStart(2, '0')}`);
const DISCORD = Array.from({ length: 10 }, (_, i) => `90000000000000${String(i).padStart(2, '0')}`);
const PER_WORKSPACE = 10;

let url: string;
let slack: FakeSlackApi;
let discord: FakeDiscordRest;
const expected = new Set<string>();
const children: ChildProcess[] = [];

beforeAll(async () => {
  url = await freshDatabase();
  slack = await FakeSlackApi.start();
  discord = await FakeDiscordRest.start({ id: '1', username: 'sellerdesk', bot: true });
  const store = await PgStore.open(url);
  const core = createApp({ config: loadConfig({}), store, log: silentLogger, clock: () => new Date(CREATED) });
  const dueIso = new Date('2026-12-02T23:59:59.999+08:00').toISOString();
  const opened: Promise<unknown>[] = [];
  for (const [platform, list] of [['slack', SLACK], ['discord', DISCORD]] as const) {
    for (const [n, workspace] of list.entries()) {
      const channel = platform === 'slack' ? `C0REP${String(n).padStart(2, '0')}` : `80000000000000${String(n).padStart(2, '0')}`;
      for (let i = 0; i < PER_WORKSPACE; i++) {
        opened.push(core.dispatch({ platform, workspace, channel, user: 'U0SEED', command: 'track', text: `new task "Case ${workspace}-${i}" due:2026-12-02` }));
      }
    }
  }
  const replies = (await Promise.all(opened)) as { error?: unknown }[];
  expect(replies.filter((r) => r.error)).toEqual([]);
  for (const w of [...SLACK, ...DISCORD]) {
    await store.prepare(w);
    for (const id of Object.keys((store.read(w).track as { items: Record<string, unknown> }).items)) expected.add(`${w}:${id}/due/due/${dueIso}`);
  }
  await store.close();
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await slack?.close();
  await discord?.close();
});

function start(): { child: ChildProcess; out: () => string; err: () => string } {
  const child = spawn(process.execPath, [BOT, url, slack.apiUrl, discord.url, NOW, String(LEASE_MS)], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, REPLICA_LOG: 'warn' } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return { child, out: () => out, err: () => err };
}

async function until(what: string, cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function slackKeys(): Map<string, number> {
  const out = new Map<string, number>();
  for (const list of slack.messages.values()) {
    for (const m of list) {
      const key = m.metadata?.event_payload.key;
      if (typeof key === 'string') out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}

describe('deadline pings across replicas', () => {
  it('delivers 500 pings exactly once with three replicas, two of them SIGKILLed mid-burst', async () => {
    const bots = [start(), start(), start()];
    for (const b of bots) await until('a replica to be ready', () => b.out().includes('ready') || b.child.exitCode !== null, 20_000);
    for (const b of bots) expect(b.out(), b.err()).toContain('ready');
    const posts = () => slack.callsTo('chat.postMessage').length + discord.created.length;
    // The kills come right after the fakes answered a post (the replica dies before recording it).
    const kills: Promise<void>[] = [];
    for (const [victim, at] of [[0, 120], [1, 260]] as const) {
      kills.push(
        new Promise<void>((resolve) => {
          const t = setInterval(() => {
            if (posts() < at) return;
            clearInterval(t);
            bots[victim]!.child.kill('SIGKILL');
            resolve();
          }, 1);
        }),
      );
    }
    for (const b of bots) b.child.stdin!.write('go\n');
    await Promise.all(kills);
    const postsAtSecondKill = posts();
    expect(postsAtSecondKill).toBeLessThan(expected.size);

    const delivered = () => {
      const s = slackKeys();
      const nonces = new Set(discord.created.map((m) => m.nonce));
      return [...expected].filter((k) => s.has(k) || nonces.has(nonceFor(k))).length;
    };
    await until('every ping', () => delivered() === expected.size, 90_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${delivered()} of ${expected.size} delivered; survivor said:\n${bots[2]!.err().slice(-4000)}`);
    });
    // Give a late duplicate the chance to show.
    await new Promise((r) => setTimeout(r, 2 * LEASE_MS));
    const survivor = bots[2]!;
    survivor.child.kill('SIGTERM');
    await new Promise((r) => survivor.child.once('exit', r));

    const s = slackKeys();
    const nonceCount = new Map<unknown, number>();
    for (const m of discord.created) nonceCount.set(m.nonce, (nonceCount.get(m.nonce) ?? 0) + 1);
    const lost = [...expected].filter((k) => !s.has(k) && !nonceCount.has(nonceFor(k)));
    const duplicated = [...s].filter(([, n]) => n > 1).map(([k]) => k);
    const discordDuplicated = [...nonceCount].filter(([, n]) => n > 1);
    const unexpected = [...s.keys()].filter((k) => !expected.has(k));
    const tokens = new Set(slack.callsTo('chat.postMessage').map((c) => c.token));
    console.log(
      `replicas test: ${JSON.stringify({ pings: expected.size, slack: s.size, discord: discord.created.length, postsAtSecondKill, lookups: slack.callsTo('conversations.history').length, replicasThatPosted: tokens.size })}`,
    );
    expect({ lost, duplicated, discordDuplicated, unexpected }).toEqual({ lost: [], duplicated: [], discordDuplicated: [], unexpected: [] });
    // The work was spread: every replica posted.
    expect(tokens.size).toBe(3);

    // The ledgers agree: every ping sent, nothing left claimed.
    const store = await PgStore.open(url);
    for (const w of [...SLACK, ...DISCORD]) {
      await store.prepare(w);
      const ledger = ledgerOf(store.read(w));
      expect(Object.values(ledger).filter((e) => e.state === 'claimed' || e.state === 'failed')).toEqual([]);
    }
    for (const key of expected) {
      const w = key.slice(0, key.indexOf(':'));
      expect(ledgerOf(store.read(w))[key.slice(w.length + 1)]?.state, key).toBe('sent');
    }
    await store.close();
  }, 180_000);
});
