import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { signedPost } from '../../fakes/slack-signing.js';
import { startSlackBot } from '../../fakes/slack-process.js';
import { SECRET } from './harness.js';

// Drives the compiled program as `npm start` does (`npm test` builds it first).
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sellerdesk-proc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the sellerdesk process with Slack configured', () => {
  it('serves Slack until SIGTERM, then exits 0 with the data on disk', async () => {
    const api = await FakeSlackApi.start();
    // Holidays are a workspace-wide setting: an admin changes them.
    api.users.set('U1', { id: 'U1', is_admin: true });
    const db = join(dir, 'db.json');
    const bot = await startSlackBot({ db, api, secret: SECRET });
    try {
      const res = await signedPost(
        `http://127.0.0.1:${bot.port}/slack/events`,
        { team_id: 'T0PROC', channel_id: 'C1', user_id: 'U1', command: '/settings', text: 'holidays TW', response_url: api.responseUrl('p1'), trigger_id: 't' },
        { secret: SECRET },
      );
      expect(res.status).toBe(200);
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
    expect(bot.logs()).toContain('slack adapter stopped');
    expect(JSON.parse(readFileSync(db, 'utf8')).workspaces.T0PROC.settings.holidays).toBe('TW');
    await api.close();
  });
});
