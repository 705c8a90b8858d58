import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { projectPath } from '../../../src/paths.js';
import { translator } from '../../../src/i18n/index.js';
import { FakeDiscordGateway } from '../../fakes/discord-gateway.js';
import { FakeDiscordRest } from '../../fakes/discord-rest.js';
import { APP_ID, BOT_USER, GUILD_ID, chatInput } from '../../fakes/discord-interactions.js';
import { callbackData } from './harness.js';

// Drives the compiled programs as a person does (`npm test` builds them first).
let rest: FakeDiscordRest;
let gateway: FakeDiscordGateway;
let dir: string;

beforeAll(async () => {
  rest = await FakeDiscordRest.start(BOT_USER);
  gateway = await FakeDiscordGateway.start(APP_ID, BOT_USER);
  rest.gatewayUrl = gateway.url;
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-discord-'));
});
afterAll(async () => {
  await gateway.close();
  await rest.close();
  rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LOG_LEVEL: 'silent',
    DATA_FILE: join(dir, 'db.json'),
    SLACK_BOT_TOKEN: '',
    SLACK_APP_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    DISCORD_TOKEN: 'cli-token',
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: rest.url,
    ...extra,
  };
}

function run(file: string, args: string[], e: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], { env: e });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('npm run discord:register', () => {
  it('registers every command in one server with --guild', async () => {
    const r = await run(projectPath('dist', 'scripts', 'discord-register.js'), ['--guild', GUILD_ID], env());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Registered ${COMMANDS.length} commands in server ${GUILD_ID}`);
    const put = rest.requests.find((q) => q.method === 'PUT')!;
    expect(put.path).toBe(`/v10/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    expect((put.body as { name: string }[]).map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
  });

  it('removes a server\'s copy of the commands with --clear', async () => {
    const before = rest.requests.length;
    const r = await run(projectPath('dist', 'scripts', 'discord-register.js'), ['--guild', GUILD_ID, '--clear'], env());
    expect(r.code).toBe(0);
    expect(r.out).toContain('Registered 0 commands');
    const put = rest.requests.slice(before).find((q) => q.method === 'PUT')!;
    expect(put.body).toEqual([]);
  });

  it('explains what is missing without a token', async () => {
    const r = await run(projectPath('dist', 'scripts', 'discord-register.js'), [], env({ DISCORD_TOKEN: '' }));
    expect(r.code).toBe(2);
    expect(r.err).toContain('DISCORD_TOKEN');
  });
});

describe('npm start with a Discord token', () => {
  it('logs in, answers slash commands and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [projectPath('bin', 'sellerdesk.js')], { env: env() });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await gateway.whenReady();
    const raw = chatInput('help', [], { locale: 'zh-TW' });
    gateway.sendInteraction(raw);
    const cb = await rest.waitFor((q) => q.path === `/v10/interactions/${raw.id}/${raw.token}/callback`);
    expect(JSON.stringify(callbackData(cb))).toContain(translator('zh-TW')('help.title'));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).toBe('');
  });
});
