import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../../src/paths.js';
import { FakeDiscordGateway } from '../../fakes/discord-gateway.js';
import { FakeDiscordRest } from '../../fakes/discord-rest.js';
import { APP_ID, BOT_USER } from '../../fakes/discord-interactions.js';
import { freshDatabase } from '../../support/pg.js';

// Two bot processes (the compiled program, `npm test` builds it first) on one database with
// Discord configured: one holds the gateway, the other takes it over when the first dies.
let rest: FakeDiscordRest;
let gateway: FakeDiscordGateway;
let url: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  rest = await FakeDiscordRest.start(BOT_USER);
  gateway = await FakeDiscordGateway.start(APP_ID, BOT_USER);
  rest.gatewayUrl = gateway.url;
  url = await freshDatabase();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await gateway.close();
  await rest.close();
});

function bot(): { child: ChildProcess; logs: () => string } {
  const child = spawn(process.execPath, [projectPath('bin', 'sellerdesk.js')], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', DATABASE_URL: url, DISCORD_TOKEN: 'replica-token', DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: rest.url },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let logs = '';
  child.stderr!.on('data', (c: Buffer) => (logs += c.toString()));
  return { child, logs: () => logs };
}

async function until(what: string, cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the Discord gateway across replicas', () => {
  it('is held by exactly one replica, and taken over within seconds when it dies', async () => {
    const bots = [bot(), bot()];
    await until('both replicas to start', () => bots.every((b) => b.logs().includes('discord ready (REST')), 30_000);
    await until('a gateway connection', () => gateway.identifies.length === 1, 15_000);
    // Both replicas have tried for it several times since (every 2 s): still one connection.
    await new Promise((r) => setTimeout(r, 4_500));
    expect(gateway.identifies).toHaveLength(1);
    const holder = bots.findIndex((b) => b.logs().includes('discord gateway held by this replica'));
    expect(holder).toBeGreaterThanOrEqual(0);
    const other = bots[1 - holder]!;
    expect(other.logs()).not.toContain('discord gateway held by this replica');
    bots[holder]!.child.kill('SIGKILL');
    const killedAt = Date.now();
    await until('the other replica to take the gateway', () => gateway.identifies.length === 2, 15_000);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    await until('the new holder to be ready', () => other.logs().includes('discord gateway held by this replica'), 10_000);
    other.child.kill('SIGTERM');
    expect(await new Promise((r) => other.child.once('exit', (code) => r(code)))).toBe(0);
  }, 90_000);
});
