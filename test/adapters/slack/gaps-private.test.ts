import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { CHANNEL, slackHarness, textsOf, TEAM, USER, type SlackHarness } from './harness.js';
import type { SlackCall } from '../../fakes/slack-api.js';

/**
 * The gaps list quotes questions people asked privately (an ephemeral /howto, a DM): asked by a
 * mention in a channel or a thread follow-up, it reaches the asker alone (chat.postEphemeral). Those
 * private questions are listed for workspace admins (alice here), leads and their askers only.
 */
let h: SlackHarness;
let ts = 500;
const nextTs = () => `1700000500.${String(++ts).padStart(6, '0')}`;
const BOT = 'U0BOT';
const SECRET_QUESTION = 'how do I hide the brand owner salary spreadsheet';

beforeAll(async () => {
  h = await slackHarness({ slack: { rateLimits: { perUser: 50, perChannel: 100, windowMs: 60_000 } } });
  h.api.users.set(USER, { id: USER, locale: 'en-US', name: 'alice', is_admin: true });
  h.api.users.set('U0BOB', { id: 'U0BOB', locale: 'en-US', name: 'bob' });
  h.api.users.set('U0CAROL', { id: 'U0CAROL', locale: 'en-US', name: 'carol' });
  // Bob asks privately (an ephemeral slash command): the question is recorded as a gap.
  await h.command(`/howto ${SECRET_QUESTION}`, { user: 'U0BOB' });
  await h.api.waitFor(() => JSON.stringify(h.bot.core.services.store.read(TEAM).howto ?? {}).includes('salary'));
});
afterAll(async () => {
  await h.close();
});

const calls = (method: string): SlackCall[] => h.api.callsTo(method);
let posts = 0;
let whispers = 0;
beforeEach(() => {
  posts = calls('chat.postMessage').length;
  whispers = calls('chat.postEphemeral').length;
});
const newPosts = () => calls('chat.postMessage').slice(posts);
const newWhispers = () => calls('chat.postEphemeral').slice(whispers);
const title = translator('en')('howto.gapsTitle');

describe('Slack: the gaps list asked in conversation is the asker’s alone', () => {
  it('a mention in a channel: posted ephemerally to the asker beside the mention, nothing public', async () => {
    const e = { type: 'app_mention', user: USER, text: `<@${BOT}> gaps`, ts: nextTs(), channel: CHANNEL, team: TEAM };
    await h.event(e);
    expect(newPosts()).toEqual([]);
    const [whisper, ...more] = newWhispers();
    expect(more).toEqual([]);
    expect(whisper!.params).toMatchObject({ channel: CHANNEL, user: USER });
    expect(whisper!.params.thread_ts).toBeUndefined();
    const text = textsOf(whisper!.params).join('\n');
    expect(text).toContain(title);
    expect(text).toContain(SECRET_QUESTION);
  });

  it('a follow-up in a thread the bot answered, and a mention in a thread: ephemeral in that thread', async () => {
    const root = { type: 'app_mention', user: USER, text: `<@${BOT}> how do I approve a design`, ts: nextTs(), channel: CHANNEL, team: TEAM };
    await h.event(root);
    expect(newPosts()).toHaveLength(1);
    const before = calls('chat.postMessage').length;
    await h.event({ type: 'message', channel: CHANNEL, channel_type: 'channel', user: USER, text: 'gaps', ts: nextTs(), thread_ts: root.ts });
    await h.event({ type: 'app_mention', user: USER, text: `<@${BOT}> gaps`, ts: nextTs(), thread_ts: root.ts, channel: CHANNEL, team: TEAM });
    expect(calls('chat.postMessage').length).toBe(before);
    const shown = newWhispers();
    expect(shown).toHaveLength(2);
    for (const w of shown) {
      expect(w.params).toMatchObject({ channel: CHANNEL, user: USER, thread_ts: root.ts });
      expect(textsOf(w.params).join('\n')).toContain(SECRET_QUESTION);
    }
    expect(JSON.stringify(newPosts())).not.toContain(SECRET_QUESTION);
  });

  it('gaps? asked by a mention is the list too, and as private', async () => {
    await h.event({ type: 'app_mention', user: USER, text: `<@${BOT}> gaps?`, ts: nextTs(), channel: CHANNEL, team: TEAM });
    expect(newPosts()).toEqual([]);
    expect(textsOf(newWhispers()[0]!.params).join('\n')).toContain(SECRET_QUESTION);
  });

  it('in a DM it is posted in the DM as any answer (only the asker reads it)', async () => {
    await h.event({ type: 'message', channel: 'D0ALICE', channel_type: 'im', user: USER, text: 'gaps', ts: nextTs() });
    expect(newWhispers()).toEqual([]);
    const [post] = newPosts();
    expect(post!.params.channel).toBe('D0ALICE');
    expect(textsOf(post!.params).join('\n')).toContain(title);
  });

  it('a member sees the questions asked in a channel and their own private ones, and is told how many others are left out', async () => {
    const shared = 'how do I export the lazada payout ledger to quickbooks';
    await h.event({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT}> ${shared}`, ts: nextTs(), channel: CHANNEL, team: TEAM });
    await h.api.waitFor(() => JSON.stringify(h.bot.core.services.store.read(TEAM).howto ?? {}).includes('quickbooks'));
    whispers = calls('chat.postEphemeral').length;
    await h.event({ type: 'app_mention', user: 'U0CAROL', text: `<@${BOT}> gaps`, ts: nextTs(), channel: CHANNEL, team: TEAM });
    const carol = textsOf(newWhispers()[0]!.params).join('\n');
    expect(carol).toContain(shared);
    expect(carol).not.toContain(SECRET_QUESTION);
    const en = translator('en');
    expect(carol).toContain(en('howto.gapsHidden', { count: 1, who: en('permissions.who.slack') }));
    whispers = calls('chat.postEphemeral').length;
    // Bob asked the secret one himself.
    await h.event({ type: 'app_mention', user: 'U0BOB', text: `<@${BOT}> gaps`, ts: nextTs(), channel: CHANNEL, team: TEAM });
    const bob = textsOf(newWhispers()[0]!.params).join('\n');
    expect(bob).toContain(SECRET_QUESTION);
    expect(bob).toContain(shared);
    expect(bob).not.toContain(translator('en')('howto.gapsHidden', { count: 1, who: '\u0000' }).split('\u0000')[0]!);
  });

  it('an answer to a question in a channel is still posted for everyone', async () => {
    await h.event({ type: 'app_mention', user: USER, text: `<@${BOT}> how do I withdraw a design`, ts: nextTs(), channel: CHANNEL, team: TEAM });
    expect(newPosts()).toHaveLength(1);
    expect(newWhispers()).toEqual([]);
  });
});
