import { mkdtempSync, rmSync } from 'node:fs';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/main.js';
import { freePort } from '../../fakes/slack-process.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { FakeDiscordGateway } from '../../fakes/discord-gateway.js';
import { FakeDiscordRest } from '../../fakes/discord-rest.js';
import { APP_ID, BOT_USER } from '../../fakes/discord-interactions.js';
import { signedPost } from '../../fakes/slack-signing.js';
import { SECRET } from './harness.js';


async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out');
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-main-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start with chat platforms configured', () => {
  it('runs Slack and Discord in one process over one store, and stops cleanly', async () => {
    const slack = await FakeSlackApi.start();
    slack.users.set('U1', { id: 'U1', is_admin: true });
    const rest = await FakeDiscordRest.start(BOT_USER);
    const gateway = await FakeDiscordGateway.start(APP_ID, BOT_USER);
    rest.gatewayUrl = gateway.url;
    const port = await freePort();
    const db = join(dir, 'db.json');
    const stop = new AbortController();
    const stderr = new PassThrough();
    let errText = '';
    stderr.on('data', (c: Buffer) => (errText += c.toString()));
    const running = main({
      argv: [],
      env: {
        DATA_FILE: db,
        LOG_LEVEL: 'silent',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        DISCORD_TOKEN: 'fake-bot-token.discord.test',
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_API_URL: rest.url,
      },
      stdin: new PassThrough(),
      stdout: new PassThrough(),
      stderr,
      signal: stop.signal,
    });
    try {
      const url = `http://127.0.0.1:${port}/slack/events`;
      await until(async () => (await fetch(url.replace('/slack/events', '/healthz'))).ok);
      await gateway.whenReady();
      const res = await signedPost(
        url,
        { team_id: 'T0MAIN', channel_id: 'C1', user_id: 'U1', command: '/settings', text: 'timezone Asia/Taipei', response_url: slack.responseUrl('m1'), trigger_id: 't' },
        { secret: SECRET },
      );
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.json)).toContain('Asia/Taipei');
    } finally {
      stop.abort();
    }
    expect(await running).toBe(0);
    expect(errText).toBe('');
    // On disk: a fresh store reads it back.
    const saved = await LowdbStore.open(db);
    expect(saved.read('T0MAIN').settings.timezone).toBe('Asia/Taipei');
    await saved.close();
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    await gateway.close();
    await rest.close();
    await slack.close();
  });

  it('says which adapter failed and exits 1 when Slack refuses the token', async () => {
    const slack = await FakeSlackApi.start();
    slack.handlers.set('auth.test', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const stderr = new PassThrough();
    let errText = '';
    stderr.on('data', (c: Buffer) => (errText += c.toString()));
    const code = await main({
      argv: [],
      env: { DATA_FILE: join(dir, 'db.json'), LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: 'xoxb-bad', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, PORT: String(await freePort()) },
      stdin: new PassThrough(),
      stdout: new PassThrough(),
      stderr,
    });
    expect(code).toBe(1);
    expect(errText).toMatch(/slack adapter did not start: Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
    await slack.close();
  });

  it('says Slack could not be reached, and where, when nothing answers (not that it refused the token)', async () => {
    const port = await freePort();
    const stderr = new PassThrough();
    let errText = '';
    stderr.on('data', (c: Buffer) => (errText += c.toString()));
    const code = await main({
      argv: [],
      env: { DATA_FILE: join(dir, 'db.json'), LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `http://127.0.0.1:${port}/api/`, PORT: String(await freePort()) },
      stdin: new PassThrough(),
      stdout: new PassThrough(),
      stderr,
    });
    expect(code).toBe(1);
    expect(errText).toContain(`could not reach Slack at http://127.0.0.1:${port}/api/`);
    expect(errText).toContain('ECONNREFUSED');
    expect(errText).not.toContain('refused SLACK_BOT_TOKEN');
  });

  it('says Slack answered with an HTTP error when it did', async () => {
    const slack = await FakeSlackApi.start();
    slack.handlers.set('auth.test', () => ({ status: 503, body: { ok: false } }));
    const stderr = new PassThrough();
    let errText = '';
    stderr.on('data', (c: Buffer) => (errText += c.toString()));
    const code = await main({
      argv: [],
      env: { DATA_FILE: join(dir, 'db.json'), LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, PORT: String(await freePort()) },
      stdin: new PassThrough(),
      stdout: new PassThrough(),
      stderr,
    });
    expect(code).toBe(1);
    expect(errText).toContain(`Slack at ${slack.apiUrl} answered HTTP 503`);
    await slack.close();
  });

  it('still runs a one-shot command locally when Slack is configured', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await main({
      argv: ['--db', join(dir, 'db.json'), '/help'],
      env: { LOG_LEVEL: 'silent', SLACK_BOT_TOKEN: 'xoxb-unused', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: 'http://127.0.0.1:9/api/' },
      stdin: new PassThrough(),
      stdout,
      stderr: new PassThrough(),
    });
    expect(code).toBe(0);
    expect(out).toContain('/settings');
  });
});
