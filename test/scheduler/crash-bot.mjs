/* global process */
// The bot process of the crash test (crash.test.ts), over the compiled program (`npm test` builds
// it first): the real lowdb store, scheduler and Slack notifier, posting to the recording fake
// Slack Web API of the test on loopback. The test SIGKILLs it at random moments; what must
// survive lives outside it: the data file and the fake's messages.
//
//   node crash-bot.mjs <data file> <Slack API base URL> <now, ISO>
//
// Prints `started` once the store is open, `idle` when every due ping is delivered and on disk.
// The Web API client is the small fetch client of slack-client.mjs.
import { LowdbStore } from '../../dist/src/store/lowdb-store.js';
import { Scheduler } from '../../dist/src/scheduler/scheduler.js';
import { routeByPlatform } from '../../dist/src/scheduler/route.js';
import { SlackNotifier } from '../../dist/src/adapters/slack/notifier.js';
import { loadConfig } from '../../dist/src/config.js';
import { slackClient } from './slack-client.mjs';
import { Knowledge } from '../../dist/src/knowledge/resources.js';
import { silentLogger } from '../../dist/src/log.js';

const [db, apiUrl, now] = process.argv.slice(2);

const client = slackClient(apiUrl, 'xoxb-crash-test');

const store = await LowdbStore.open(db);
process.stdout.write('started\n');
const notifier = new SlackNotifier({ client, directory: { lookup: async () => undefined }, log: silentLogger });
const scheduler = new Scheduler({
  services: { store, clock: () => new Date(now), config: loadConfig({}), log: silentLogger, knowledge: new Knowledge() },
  route: routeByPlatform([notifier]),
});
await scheduler.start();
await scheduler.settled();
await store.flush();
process.stdout.write('idle\n');
await scheduler.stop();
await store.close();
process.exit(0);
