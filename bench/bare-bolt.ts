import { App, LogLevel } from '@slack/bolt';

/**
 * The Slack bench's baseline: a bare Bolt app in its own process (HTTP receiver, default
 * settings) that acknowledges every slash command with a fixed ephemeral text. Prints its port.
 * argv: <signing secret> <Web API URL>
 */
const [secret, apiUrl] = process.argv.slice(2);
const app = new App({ token: 'xoxb-bench', signingSecret: secret!, clientOptions: { slackApiUrl: apiUrl! }, logLevel: LogLevel.ERROR });
app.command(/.*/, async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'ok' });
});
const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): { port: number } };
process.stdout.write(`port ${server.address().port}\n`);
