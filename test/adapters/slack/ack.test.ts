import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand, defineLeaf, type CommandSpec } from '../../../src/core/types.js';
import { LIMITS } from '../../../src/adapters/slack/render.js';
import { translator } from '../../../src/i18n/index.js';
import { blocksOf, defineTestStrings, slackHarness, textsOf, type SlackHarness } from './harness.js';

/** A command that finishes only when the test lets it (a slow knowledge-base build, a slow disk). */
let release: () => void = () => {};
const slow: CommandSpec = defineCommand({
  name: 'slow',
  leaf: defineLeaf({
    visibility: 'channel',
    options: {},
    run: async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { blocks: [{ type: 'paragraph', text: 'finally done' }] };
    },
  }),
});

/** A command with an answer too long for one Slack message. */
const long: CommandSpec = defineCommand({
  name: 'long',
  leaf: defineLeaf({
    visibility: 'ephemeral',
    options: {},
    run: () => ({
      blocks: Array.from({ length: 70 }, (_, i) => ({ type: 'steps' as const, start: i + 1, items: [`第${i + 1}步 📦 ${'長'.repeat(100)}`] })),
    }),
  }),
});

let h: SlackHarness;
beforeAll(async () => {
  defineTestStrings('slow');
  defineTestStrings('long');
  // Production acknowledgement: the HTTP answer goes out when ack() is called, not after the listener.
  h = await slackHarness({ extraCommands: [slow, long], slack: { processBeforeResponse: false, ackBudgetMs: 100 } });
});
afterAll(async () => {
  await h.close();
});

describe('acknowledging within Slack’s 3 seconds', () => {
  it('acknowledges a slow command at once, then answers through response_url when it is done', async () => {
    const res = await h.command('/slow');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(h.api.responsesTo(res.responseId)).toEqual([]);
    release();
    await h.api.waitFor(() => h.api.responsesTo(res.responseId).length > 0);
    const [answer] = h.api.responsesTo(res.responseId);
    expect(answer!.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(textsOf(answer!.body).join()).toContain('finally done');
  });

  it('answers a quick command in the acknowledgement even in production mode', async () => {
    const res = await h.command('/help');
    expect((res.json as { response_type: string }).response_type).toBe('ephemeral');
  });

  it('sends a reply longer than one message as the acknowledgement plus follow-ups, every step whole and in order', async () => {
    const res = await h.command('/long');
    await h.api.waitFor(() => h.api.responsesTo(res.responseId).length >= 1);
    const follow = h.api.responsesTo(res.responseId).map((r) => r.body);
    const all = [res.json, ...follow];
    for (const m of all) {
      expect(blocksOf(m).length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      expect((m as { response_type: string }).response_type).toBe('ephemeral');
    }
    const steps = all.flatMap((m) => blocksOf(m).filter((b) => b.type === 'section').flatMap((b) => (b.text as { text: string }).text.split('\n')));
    expect(steps).toEqual(Array.from({ length: 70 }, (_, i) => `${i + 1}. 第${i + 1}步 📦 ${'長'.repeat(100)}`));
  });
});

describe('when something breaks inside the bot', () => {
  it('still answers within the ack: a short apology in the person’s language with a reference', async () => {
    const broken = await slackHarness({
      wrap: (core) => ({
        ...core,
        dispatch: () => Promise.reject(new Error('the disk is on fire')),
      }),
    });
    try {
      broken.api.users.set('U0TW', { id: 'U0TW', locale: 'zh-TW' });
      const res = await broken.command('/help', { user: 'U0TW' });
      expect(res.status).toBe(200);
      const ack = res.json as { response_type: string; text: string };
      expect(ack.response_type).toBe('ephemeral');
      const ref = /[0-9a-f]{8}/.exec(ack.text)?.[0];
      expect(ref).toBeDefined();
      expect(ack.text).toBe(translator('zh-TW')('errors.internal', { ref }));
    } finally {
      await broken.close();
    }
  });
});
