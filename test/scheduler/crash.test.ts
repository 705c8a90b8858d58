import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { projectPath } from '../../src/paths.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { ledgerOf } from '../../src/scheduler/ping-ledger.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { prng } from '../support/prng.js';

/*
 * The crash test: a burst of due pings, a bot process (crash-bot.mjs: the real store, scheduler and
 * Slack notifier) SIGKILLed at random moments and started again, over and over; the fake Slack
 * Web API on loopback records every message. At the end each ping is in Slack exactly once.
 *
 * Kill moments (seeded, so a failure can be replayed): right after the fake Slack stored the n-th
 * message of the run and answered (the bot dies before it can record the answer: the worst case),
 * a few milliseconds after the store opened (during recovery, the catch-up decisions or the first
 * claims), or during a history lookup (while the bot resolves a claim it found unconfirmed).
 */

const BOT = projectPath('test', 'scheduler', 'crash-bot.mjs');
const WORKSPACE = 'T0CRASH';
const CHANNELS = ['C0CRASH1', 'C0CRASH2', 'C0CRASH3', 'C0CRASH4', 'C0CRASH5'];
const DUE_PER_CHANNEL = 160;
const MISSED_PER_CHANNEL = 2;
const KILLS = 50;
const CREATED = '2026-11-23T10:00:00+08:00';
/** 30 s after the 09:00 pings of the tasks due that day: every one of them is due at once. */
const NOW = '2026-12-02T09:00:30+08:00';

let dir: string;
let db: string;
let api: FakeSlackApi;
const expected = new Set<string>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-crash-'));
  db = join(dir, 'db.json');
  api = await FakeSlackApi.start();
  // The items, opened through the real command path as Slack users would.
  const store = await LowdbStore.open(db);
  const core = createApp({ config: loadConfig({}), store, log: silentLogger, clock: () => new Date(CREATED) });
  const caller = { platform: 'slack' as const, workspace: WORKSPACE, user: 'U0SEED' };
  const dueIso = new Date('2026-12-02T23:59:59.999+08:00').toISOString();
  const batch: Promise<unknown>[] = [];
  for (const channel of CHANNELS) {
    for (let i = 0; i < DUE_PER_CHANNEL; i++) batch.push(core.dispatch({ ...caller, channel, command: 'track', text: `new task "Case ${channel}-${i}" due:2026-12-02` }));
    // Due the week before: their latest slot is days old, so they go into the channel's summary.
    for (let i = 0; i < MISSED_PER_CHANNEL; i++) batch.push(core.dispatch({ ...caller, channel, command: 'track', text: `new task "Old ${channel}-${i}" due:2026-11-25` }));
    expected.add(`${WORKSPACE}:missed/${channel}/${new Date(NOW).toISOString()}`);
  }
  await Promise.all(batch);
  for (const item of Object.values((store.read(WORKSPACE).track as { items: Record<string, { id: string; title: string }> }).items)) {
    if (item.title.startsWith('Case')) expected.add(`${WORKSPACE}:${item.id}/due/due/${dueIso}`);
  }
  await store.close();
});

afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The idempotency keys of the pings in the fake Slack, with how many times each is there. */
function postedKeys(): Map<string, number> {
  const out = new Map<string, number>();
  for (const list of api.messages.values()) {
    for (const m of list) {
      const key = m.metadata?.event_payload.key;
      if (typeof key === 'string') out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}

interface Run {
  mode: string;
  killed: boolean;
  idle: boolean;
  posted: number;
}

/** One bot process; `kill` arms the moment it dies. */
async function runBot(kill: ((child: ReturnType<typeof spawn>, out: { text: string }) => void) | undefined): Promise<Omit<Run, 'mode' | 'posted'>> {
  const child = spawn(process.execPath, [BOT, db, api.apiUrl, NOW], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { text: '' };
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out.text += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  kill?.(child, out);
  const r = await exited;
  if (r.signal !== 'SIGKILL' && r.code !== 0) throw new Error(`the bot failed (${r.code}): ${err}`);
  return { killed: r.signal === 'SIGKILL', idle: out.text.includes('idle') };
}

describe('deadline pings across crashes', () => {
  it(`loses none and sends none twice when the bot is SIGKILLed ${KILLS} times during a burst`, async () => {
    // CRASH_SEED=<n> replays another sequence of kill moments.
    const random = prng(Number(process.env.CRASH_SEED ?? 6));
    const runs: Run[] = [];
    const count = (method: string) => api.callsTo(method).length;
    while (runs.filter((r) => r.killed).length < KILLS) {
      const before = [...postedKeys().values()].reduce((a, b) => a + b, 0);
      const dice = random();
      const mode = dice < 0.55 ? 'after-post' : dice < 0.9 ? 'after-start' : 'in-lookup';
      const n = 1 + Math.floor(random() * 6);
      const ms = Math.floor(random() * 25);
      const r = await runBot((child, out) => {
        if (mode === 'after-start') {
          const wait = setInterval(() => {
            if (!out.text.includes('started')) return;
            clearInterval(wait);
            setTimeout(() => child.kill('SIGKILL'), ms);
          }, 1);
          child.on('exit', () => clearInterval(wait));
          return;
        }
        const method = mode === 'after-post' ? 'chat.postMessage' : 'conversations.history';
        const target = count(method) + n;
        // Runs after the fake answered each call: the answer is on its way, the bot never reads it.
        void api
          .waitFor(() => {
            if (child.exitCode !== null || child.signalCode !== null) return true;
            if (count(method) < target) return false;
            child.kill('SIGKILL');
            return true;
          }, 20_000)
          .catch(() => undefined);
        // No history lookup in this run (nothing was left unconfirmed): kill it by time instead.
        if (mode === 'in-lookup') setTimeout(() => child.kill('SIGKILL'), 40 + ms);
      });
      const after = [...postedKeys().values()].reduce((a, b) => a + b, 0);
      runs.push({ mode, ...r, posted: after - before });
    }
    const killedRuns = runs.filter((r) => r.killed);
    // Every kill came while pings were still due (the burst was not over).
    expect(killedRuns.every((r) => !r.idle)).toBe(true);
    expect(postedKeys().size).toBeLessThan(expected.size);

    // Then the bot runs undisturbed until everything due is out.
    const last = await runBot(undefined);
    expect(last.idle).toBe(true);

    const posted = postedKeys();
    const lost = [...expected].filter((k) => !posted.has(k));
    const duplicated = [...posted].filter(([, n]) => n > 1).map(([k]) => k);
    const unexpected = [...posted.keys()].filter((k) => !expected.has(k));
    const report = {
      kills: killedRuns.length,
      runs: runs.length + 1,
      byMode: Object.fromEntries(['after-post', 'after-start', 'in-lookup'].map((m) => [m, killedRuns.filter((r) => r.mode === m).length])),
      pings: expected.size,
      lost: lost.length,
      duplicated: duplicated.length,
      recoveredByLookup: count('conversations.history'),
    };
    console.log(`crash test: ${JSON.stringify(report)}`);
    expect({ lost, duplicated, unexpected }).toEqual({ lost: [], duplicated: [], unexpected: [] });
    expect(killedRuns.length).toBeGreaterThanOrEqual(KILLS);

    // The ledger agrees with Slack: every ping sent, with the message Slack has under its key.
    const store = await LowdbStore.open(db);
    const ledger = ledgerOf(store.read(WORKSPACE));
    const ts = new Map<string, string>();
    for (const list of api.messages.values()) for (const m of list) if (m.metadata) ts.set(String(m.metadata.event_payload.key), m.ts);
    for (const key of expected) {
      const entry = ledger[key.slice(WORKSPACE.length + 1)];
      expect(entry, key).toMatchObject({ state: 'sent', messageId: ts.get(key) });
    }
    expect(Object.values(ledger).filter((e) => e.state === 'claimed')).toEqual([]);
    await store.close();
  }, 300_000);
});
