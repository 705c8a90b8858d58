import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { runMain } from '../support/run-main.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { PgStore } from '../../src/store/pg-store.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { signedPost } from '../fakes/slack-signing.js';
import { freePort, startSlackBot, type SlackBotProcess } from '../fakes/slack-process.js';
import { freshDatabase } from '../support/pg.js';

/** The program in this process, as a script runs it. */
const run = (argv: string[], env: Record<string, string>) => runMain(argv, { env });

type Item = { id: string; title: string; notes: { text: string }[]; events: { key: string }[] };
const itemsOf = (ws: Readonly<Record<string, unknown>>) => (ws.track as { items: Record<string, Item> } | undefined)?.items ?? {};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-deploy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('moving a data file into the database and out again', () => {
  it('migrates 10,000 items record by record, idempotently, and exports them back', async () => {
    const file = join(dir, 'big.json');
    const store = await LowdbStore.open(file);
    const core = createApp({ config: loadConfig({}), store, log: silentLogger, clock: () => new Date('2026-11-23T10:00:00+08:00') });
    // One item through the command path in each workspace, then copies of it with their own ids and titles.
    const workspaces = Array.from({ length: 20 }, (_, i) => `T0MIG${String(i).padStart(2, '0')}`);
    for (const w of workspaces) {
      const r = await core.dispatch({ platform: 'slack', workspace: w, channel: 'C1', user: 'U1', command: 'track', text: 'new brand-appeal "Acme 0" submitted:2026-11-20' });
      expect(r.error).toBeUndefined();
      await core.dispatch({ platform: 'slack', workspace: w, channel: 'C1', user: 'U1', command: 'settings', text: 'timezone Asia/Taipei' });
      await store.update(w, (ws) => {
        const track = ws.track as { seq: number; items: Record<string, Item> };
        const first = track.items['1']!;
        for (let n = 2; n <= 500; n++) track.items[String(n)] = { ...(JSON.parse(JSON.stringify(first)) as Item), id: String(n), title: `Acme ${n} 品牌/申诉 %2F` };
        track.seq = 500;
      });
    }
    await store.close();

    const url = await freshDatabase();
    const env = { DATABASE_URL: url };
    const first = await run(['migrate', '--from', file], env);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('workspaces: 20 in the file; 20 copied, 0 already there');
    expect(first.out).toMatch(/items: 10000,/);
    const again = await run(['migrate', '--from', file], env);
    expect(again.code).toBe(0);
    expect(again.out).toContain('20 copied'.replace('20', '0'));
    expect(again.out).toContain('20 already there');

    // Record by record: every workspace in the database equals the file.
    const source = await LowdbStore.open(file);
    const db = await PgStore.open(url);
    let items = 0;
    for (const w of workspaces) {
      await db.prepare(w);
      expect(db.read(w)).toEqual(source.read(w));
      items += Object.keys(itemsOf(db.read(w))).length;
    }
    expect(items).toBe(10_000);
    await source.close();

    // A workspace changed in the database since is not overwritten by a second migration.
    await db.update('T0MIG03', (ws) => void (ws.settings.holidays = 'TW'));
    await db.close();
    const third = await run(['migrate', '--from', file], env);
    expect(third.code).toBe(1);
    expect(third.out).toContain('T0MIG03');

    const out = join(dir, 'exported.json');
    const exported = await run(['export', '--to', out], env);
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.out).toContain('workspaces: 20, items: 10000');
    const back = await LowdbStore.open(out);
    expect(back.read('T0MIG03').settings.holidays).toBe('TW');
    expect(Object.keys(itemsOf(back.read('T0MIG07')))).toHaveLength(500);
    await back.close();
    expect((await run(['export', '--to', out], env)).code).toBe(1);
    expect((await run(['migrate', '--from', file], {})).err).toContain('DATABASE_URL is not set');
  }, 120_000);
});

describe('three bot processes on one database', () => {
  const SECRET = 'deploy-secret';
  let api: FakeSlackApi;
  let bots: SlackBotProcess[] = [];
  let url: string;
  const health: number[] = [];

  beforeAll(async () => {
    url = await freshDatabase();
    api = await FakeSlackApi.start();
    for (let i = 0; i < 3; i++) health.push(await freePort());
    bots = await Promise.all(
      health.map((port) =>
        startSlackBot({ db: join(dir, 'unused.json'), api, secret: SECRET, env: { DATABASE_URL: url, LOG_LEVEL: 'info', HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' } }),
      ),
    );
  }, 60_000);

  it('answers the load balancer: ready when the store and Slack are up', async () => {
    for (const port of health) {
      const live = await fetch(`http://127.0.0.1:${port}/livez`);
      expect(live.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true, checks: { store: true, slack: true } });
    }
  });

  afterAll(async () => {
    for (const b of bots) if (b.child.exitCode !== null || b.child.signalCode !== null) console.error(`a bot died: ${b.logs().slice(-3000)}`);
    for (const b of bots) b.child.kill('SIGTERM');
    await Promise.all(bots.map((b) => b.exited));
    await api?.close();
  });

  let n = 0;
  const slash = (bot: SlackBotProcess, team: string, command: string, text: string) =>
    signedPost(
      `http://127.0.0.1:${bot.port}/slack/events`,
      { team_id: team, channel_id: 'C0SHARED', user_id: 'U0MULTI', command, text, response_url: api.responseUrl(`r${n++}`), trigger_id: 't' },
      { secret: SECRET },
    );

  it('serves 1,000 concurrent slash commands over three replicas: nothing lost or doubled, ids unique', async () => {
    const TEAMS = ['T0MULTI1', 'T0MULTI2'];
    // Shared items first: 10 per team.
    for (const team of TEAMS) {
      for (let i = 0; i < 10; i++) expect((await slash(bots[i % 3]!, team, '/track', `new collab-design "Shared ${i}" brand:Acme`)).status).toBe(200);
    }
    const sent: { team: string; kind: 'new' | 'note' | 'event'; item?: string; tag: string }[] = [];
    for (let i = 0; i < 1000; i++) {
      const team = TEAMS[i % 2]!;
      const kind = (['new', 'note', 'event'] as const)[i % 3]!;
      sent.push({ team, kind, item: String(1 + (i % 10)), tag: `m${i}` });
    }
    const answers = await Promise.all(
      sent.map((s, i) =>
        slash(
          bots[i % 3]!,
          s.team,
          '/track',
          s.kind === 'new' ? `new task "Burst ${s.tag}"` : s.kind === 'note' ? `note ${s.item} ${s.tag}` : `event ${s.item} revision-requested`,
        ),
      ),
    );
    // On a loaded 2-core machine a few acknowledgements may miss Slack's 3 s (Bolt answers 404; the
    // command may still have run): those must show at most once, every acknowledged one exactly once.
    const acked = answers.map((a) => a.status === 200);
    expect(acked.filter((x) => !x).length).toBeLessThan(20);
    sent.forEach((x, i) => ((x as { acked?: boolean | undefined }).acked = acked[i]));
    // Each bot answered a third of them.
    const store = await PgStore.open(url);
    for (const team of TEAMS) {
      await store.prepare(team);
      const items = itemsOf(store.read(team));
      const mine = sent.filter((s) => s.team === team);
      const titles = Object.values(items).map((it) => it.title);
      // Every new item exactly once, ids 1..N without a gap or a repeat.
      const ackedOf = (x: object) => (x as { acked?: boolean }).acked === true;
      for (const s of mine.filter((x) => x.kind === 'new')) {
        const n = titles.filter((t) => t === `Burst ${s.tag}`).length;
        if (ackedOf(s)) expect(n, s.tag).toBe(1);
        else expect(n, s.tag).toBeLessThanOrEqual(1);
      }
      const ids = Object.keys(items).map(Number).sort((a, b) => a - b);
      expect(ids).toEqual(Array.from({ length: ids.length }, (_, k) => k + 1));
      expect(ids.length).toBe(10 + titles.filter((t) => t.startsWith('Burst ')).length);
      // Every note once, on its item; every event recorded.
      for (let k = 1; k <= 10; k++) {
        const it = items[String(k)]!;
        const notes = it.notes.map((x) => x.text);
        const forIt = mine.filter((x) => x.kind === 'note' && x.item === String(k));
        expect(new Set(notes).size).toBe(notes.length);
        for (const x of forIt) if (ackedOf(x)) expect(notes, x.tag).toContain(x.tag);
        expect(notes.every((t) => forIt.some((x) => x.tag === t))).toBe(true);
        const events = it.events.filter((e) => e.key === 'revision-requested').length;
        const ev = mine.filter((x) => x.kind === 'event' && x.item === String(k));
        expect(events).toBeGreaterThanOrEqual(ev.filter(ackedOf).length);
        expect(events).toBeLessThanOrEqual(ev.length);
      }
    }
    await store.close();
  }, 180_000);

  it('runs a one-shot command and tick against the database while the bots run', async () => {
    const env = { DATABASE_URL: url };
    const opened = await run(['--workspace', 'T0MULTI1', '--channel', 'C0SHARED', '--now', '2026-12-01T10:00:00+08:00', '/track new task "From the shell" due:2026-12-02'], env);
    expect(opened.err).toBe('');
    expect(opened.code).toBe(0);
    const id = /#(\d+)/.exec(opened.out)?.[1];
    expect(id).toBeDefined();
    // A bot sees the item at once.
    const listed = await slash(bots[1]!, 'T0MULTI1', '/track', `show ${id}`);
    expect(JSON.stringify(listed.json) + JSON.stringify(api.responses)).toContain('From the shell');
    // tick prints the shell item's ping and leaves the Slack items' pings to the bots. A bot may
    // hold the workspace's lease at that moment (it is posting the Slack items' pings, due by its
    // own clock), and tick then leaves the workspace to the next tick: run it as cron would, until
    // the ping comes out (bounded), and check it comes out once.
    const printed: string[] = [];
    for (let attempt = 0; attempt < 20 && printed.length === 0; attempt++) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 250));
      const ticked = await run(['tick', '--json', '--now', '2026-12-02T09:00:30+08:00'], env);
      expect(ticked.err).toBe('');
      expect(ticked.code).toBe(0);
      const lines = ticked.out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { itemId: string; workspace: string });
      printed.push(...lines.map((l) => `${l.workspace}#${l.itemId}`));
    }
    expect(printed).toEqual([`T0MULTI1#${id}`]);
    // Another tick finds it sent.
    expect((await run(['tick', '--json', '--now', '2026-12-02T09:00:40+08:00'], env)).out).toBe('');
  }, 60_000);
});
