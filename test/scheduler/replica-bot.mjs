/* global process, setInterval, setTimeout */
// A scheduler replica of the replicas test (replicas.test.ts), over the compiled program (`npm
// test` builds it first): the real PostgreSQL store, scheduler with its workspace leases, Slack and
// Discord notifiers, posting to the test's recording fakes on loopback. The test SIGKILLs some.
//
//   node replica-bot.mjs <DATABASE_URL> <Slack API base URL> <Discord API URL> <now, ISO> <lease ms>
//
// Prints `ready` once registered as a replica, starts the scheduler on a line `go` on stdin, and
// prints `idle` whenever nothing is queued or in flight.
import { createInterface } from 'node:readline';
import { REST } from 'discord.js';
import { PgStore } from '../../dist/src/store/pg-store.js';
import { Scheduler } from '../../dist/src/scheduler/scheduler.js';
import { PgWorkspaceSource } from '../../dist/src/scheduler/pg-source.js';
import { routeByPlatform } from '../../dist/src/scheduler/route.js';
import { SlackNotifier } from '../../dist/src/adapters/slack/notifier.js';
import { DiscordNotifier } from '../../dist/src/adapters/discord/notifier.js';
import { ButtonIds } from '../../dist/src/adapters/discord/buttons.js';
import { loadConfig } from '../../dist/src/config.js';
import { slackClient } from './slack-client.mjs';
import { Knowledge } from '../../dist/src/knowledge/resources.js';
import { silentLogger, createLogger } from '../../dist/src/log.js';
const log = process.env.REPLICA_LOG ? createLogger(process.env.REPLICA_LOG) : silentLogger;

const [url, slackUrl, discordUrl, now, leaseMs] = process.argv.slice(2);

const client = slackClient(slackUrl, `xoxb-replica-${process.pid}`);

const store = await PgStore.open(url);
const slack = new SlackNotifier({ client, directory: { lookup: async () => undefined }, log: silentLogger });
const rest = new REST({ version: '10', api: discordUrl }).setToken('replica-token');
const discord = new DiscordNotifier(rest, new ButtonIds(), silentLogger);
const source = new PgWorkspaceSource({ store, log, leaseMs: Number(leaseMs) });
await source.register();
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'go') break;
const scheduler = new Scheduler({
  services: { store, clock: () => new Date(now), config: loadConfig({}), log, knowledge: new Knowledge() },
  route: routeByPlatform([slack, discord]),
  source,
  maxSleepMs: 200,
});
await scheduler.start();
setInterval(async () => {
  if (!(await Promise.race([scheduler.idle().then(() => true), new Promise((r) => setTimeout(() => r(false), 50))]))) return;
  process.stdout.write('idle\n');
}, 250);
process.on('SIGTERM', async () => {
  await scheduler.stop();
  await store.close();
  process.exit(0);
});
