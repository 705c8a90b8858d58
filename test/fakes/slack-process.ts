import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { projectPath } from '../../src/paths.js';
import type { FakeSlackApi } from './slack-api.js';
import { childEnv } from '../support/env.js';

/** A free loopback port (for the bot's HTTP receiver). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export interface SlackBotProcess {
  child: ChildProcess;
  port: number;
  /** Everything the process has logged so far. */
  logs(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/**
 * The compiled program as `npm start` runs it with Slack configured in HTTP mode against a fake
 * Web API (`npm test` builds it first); resolves once the process logs that it is ready (the
 * adapters, the scheduler and any health endpoint have started).
 */
export async function startSlackBot(opts: { db: string; api: FakeSlackApi; secret: string; token?: string; env?: Record<string, string> }): Promise<SlackBotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [projectPath('bin', 'sellerdesk.js')], {
    env: childEnv({
      DATA_FILE: opts.db,
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: opts.token ?? 'xoxb-test-token',
      SLACK_SIGNING_SECRET: opts.secret,
      SLACK_API_URL: opts.api.apiUrl,
      PORT: String(port),
      ...opts.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stderr!.on('data', (c: Buffer) => (logs += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const end = Date.now() + 30_000;
  while (!logs.includes('sellerdesk ready')) {
    if (Date.now() > end || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`did not start:\n${logs}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, port, logs: () => logs, exited };
}
