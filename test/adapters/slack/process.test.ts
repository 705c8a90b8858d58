import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectPath } from '../../../src/paths.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { signedPost } from '../../fakes/slack-signing.js';
import { SECRET } from './harness.js';

// Drives the compiled program as `npm start` does (`npm test` builds it first).
const BIN = projectPath('bin', 'sellerdesk.js');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-proc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the sellerdesk process with Slack configured', () => {
  it('serves Slack until SIGTERM, then exits 0 with the data on disk', async () => {
    const api = await FakeSlackApi.start();
    const port = await freePort();
    const db = join(dir, 'db.json');
    const child = spawn(process.execPath, [BIN], {
      env: {
        PATH: process.env.PATH,
        DATA_FILE: db,
        LOG_LEVEL: 'info',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: api.apiUrl,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stderr.on('data', (c: Buffer) => (logs += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const end = Date.now() + 15_000;
      while (!logs.includes('slack adapter started')) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`did not start:\n${logs}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      const res = await signedPost(
        `http://127.0.0.1:${port}/slack/events`,
        { team_id: 'T0PROC', channel_id: 'C1', user_id: 'U1', command: '/settings', text: 'holidays TW', response_url: api.responseUrl('p1'), trigger_id: 't' },
        { secret: SECRET },
      );
      expect(res.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(logs).toContain('slack adapter stopped');
    expect(JSON.parse(readFileSync(db, 'utf8')).workspaces.T0PROC.settings.holidays).toBe('TW');
    await api.close();
  });
});
