import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { types } from '@slack/bolt';
import { renderReply } from '../../../src/adapters/slack/render.js';
import { withoutPrivateButtons } from '../../../src/core/reply.js';
import { translator } from '../../../src/i18n/index.js';
import { escapeMrkdwn } from '../../../src/adapters/slack/text.js';
import { CHANNEL, slackHarness, textsOf, TEAM, USER, type SlackHarness } from './harness.js';
import { testBot } from '../../support/app.js';
import type { SlackCall } from '../../fakes/slack-api.js';

let h: SlackHarness;
let ts = 100;
const nextTs = () => `1700000100.${String(++ts).padStart(6, '0')}`;
const BOT = 'U0BOT';
const DM = 'D0ALICE';

beforeAll(async () => {
  h = await slackHarness({ slack: { rateLimits: { perUser: 5, perChannel: 100, windowMs: 60_000 } } });
  h.api.users.set(USER, { id: USER, locale: 'en-US', name: 'alice' });
  h.api.users.set('U0MEI', { id: 'U0MEI', locale: 'zh-TW', name: 'mei' });
  h.api.users.set('U0LI', { id: 'U0LI', locale: 'zh-CN', name: 'li' });
});
afterAll(async () => {
  await h.close();
});

const posts = (): SlackCall[] => h.api.callsTo('chat.postMessage');
let before = 0;
beforeEach(() => {
  before = posts().length;
});
const newPosts = () => posts().slice(before);

/** What /howto answers to the same question as a slash command, for the same person. */
async function slashAnswer(question: string, who: { user?: string; platformLocale?: string } = {}) {
  const bot = testBot();
  return bot.run(`/howto ${question}`, { platform: 'slack', workspace: TEAM, channel: CHANNEL, user: who.user ?? USER, platformLocale: who.platformLocale ?? 'en-US' });
}

function mention(text: string, extra: Record<string, unknown> = {}) {
  return { type: 'app_mention', user: USER, text, ts: nextTs(), channel: CHANNEL, team: TEAM, ...extra };
}

function blocksOfCall(c: SlackCall): types.KnownBlock[] {
  return c.params.blocks as types.KnownBlock[];
}

describe('Slack: asking in conversation', () => {
  it('answers the url_verification handshake', async () => {
    const { signedJsonPost } = await import('../../fakes/slack-signing.js');
    const res = await signedJsonPost(h.eventsUrl, { token: 't', challenge: 'chal-123', type: 'url_verification' }, { secret: 'test-signing-secret-0123456789abcdef' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('chal-123');
  });

  it('answers @sellerdesk <question> in a thread on that message, with the same answer as /howto and Slack’s feedback buttons', async () => {
    const e = mention(`<@${BOT}> how do I reschedule the video verification`);
    const res = await h.event(e);
    expect(res.status).toBe(200);
    const [post, ...more] = newPosts();
    expect(more).toEqual([]);
    expect(post!.params).toMatchObject({ channel: CHANNEL, thread_ts: e.ts });
    const reply = h.replies.at(-1)!;
    const slash = await slashAnswer('how do I reschedule the video verification');
    expect(reply.data).toMatchObject({ entryId: (slash.data as { entryId: string }).entryId, tier: 'answer' });
    // Exactly what the renderer makes of the core's reply (typed as @slack/types Block Kit blocks),
    // without "Share in channel": everyone in the thread already sees it.
    expect(JSON.stringify(post!.params)).not.toContain('howto:share');
    const expected = renderReply({ ...reply, blocks: withoutPrivateButtons(reply.blocks) }, { nativeFeedback: true, mention: (id) => (id === USER ? `<@${id}>` : escapeMrkdwn(`@${id}`)) });
    expect(blocksOfCall(post!)).toEqual(expected[0]!.blocks);
    const feedback = blocksOfCall(post!).find((b): b is types.ContextActionsBlock => b.type === 'context_actions');
    expect(feedback?.elements[0]).toMatchObject({ type: 'feedback_buttons', action_id: 'howto:rate' });
    expect(typeof post!.params.text).toBe('string');
    expect(String(post!.params.text)).not.toMatch(/<@U/);
  });

  it('answers a Slack retry of the same event (X-Slack-Retry-Num, same event_id) only once, and the app_mention + message pair once', async () => {
    const e = mention(`<@${BOT}> 设计被拒了怎么办`);
    const first = await h.event(e);
    await h.event(e, { eventId: first.eventId, retryNum: 1 });
    await h.event(e, { eventId: first.eventId, retryNum: 2 });
    // Slack also sends message.channels for the same message, under another event id.
    await h.event({ ...e, type: 'message', channel_type: 'channel' });
    expect(newPosts()).toHaveLength(1);
  });

  it('never answers bots or itself, nor edits', async () => {
    await h.event(mention(`<@${BOT}> how do I approve a design`, { bot_id: 'B0OTHER', user: 'U0OTHERBOT' }));
    await h.event(mention(`<@${BOT}> how do I approve a design`, { user: BOT }));
    await h.event({ type: 'message', subtype: 'message_changed', channel: DM, channel_type: 'im', ts: nextTs(), message: { text: 'how do I approve a design' } });
    await h.event({ type: 'message', subtype: 'bot_message', bot_id: 'B0X', channel: DM, channel_type: 'im', ts: nextTs(), text: 'how do I approve a design' });
    expect(newPosts()).toEqual([]);
  });

  it('answers a DM in the DM, not in a thread', async () => {
    const e = { type: 'message', channel: DM, channel_type: 'im', user: USER, text: 'how do I approve a design', ts: nextTs() };
    await h.event(e);
    const [post] = newPosts();
    expect(post!.params.channel).toBe(DM);
    expect(post!.params.thread_ts).toBeUndefined();
    expect(h.replies.at(-1)!.data).toMatchObject({ tier: 'answer' });
  });

  it('asks for the question alone when a message is longer than it reads, in the words of a chat, not of a command', async () => {
    const long = `hi all, pasting the whole e-mail thread here: ${'we talked about the campaign and the newsletter and the shop. '.repeat(70)}so how do I approve a design?`;
    await h.event({ type: 'message', channel: 'D0LONG', channel_type: 'im', user: USER, text: long, ts: nextTs() });
    const [post] = newPosts();
    const text = textsOf(post!.params).join('\n');
    expect(text).toContain(translator('en')('conversation.tooLong', { length: long.length, max: 2000 }));
    expect(text).not.toContain('/howto <question>');
  });

  it('reads a follow-up in a thread the bot answered as a new question in that thread; other threads are left alone', async () => {
    const root = mention(`<@${BOT}> how do I approve a design`);
    await h.event(root);
    expect(newPosts()).toHaveLength(1);
    const follow = { type: 'message', channel: CHANNEL, channel_type: 'channel', user: USER, text: 'and how do I withdraw a design', ts: nextTs(), thread_ts: root.ts };
    await h.event(follow);
    const answered = newPosts();
    expect(answered).toHaveLength(2);
    expect(answered[1]!.params).toMatchObject({ channel: CHANNEL, thread_ts: root.ts });
    expect(h.replies.at(-1)!.data).toMatchObject({ entryId: 'collab.withdraw-design' });
    // A follow-up addressed to a teammate is for them, not a question for the bot.
    await h.event({ type: 'message', channel: CHANNEL, channel_type: 'channel', user: USER, text: '<@U0BOB> can you check this one today?', ts: nextTs(), thread_ts: root.ts });
    expect(newPosts()).toHaveLength(2);
    // A thread the bot never answered, and a top-level channel message: no answer.
    await h.event({ type: 'message', channel: CHANNEL, channel_type: 'channel', user: USER, text: 'how do I withdraw a design', ts: nextTs(), thread_ts: '1600000000.000001' });
    await h.event({ type: 'message', channel: CHANNEL, channel_type: 'channel', user: USER, text: 'how do I withdraw a design', ts: nextTs() });
    expect(newPosts()).toHaveLength(2);
  });

  it('answers in the language of the question unless the person set their own', async () => {
    await h.event(mention(`<@${BOT}> 要怎麼撤銷我提交的設計`));
    expect(h.replies.at(-1)!.locale).toBe('zh-TW');
    await h.event(mention(`<@${BOT}> how do I withdraw a design`, { user: 'U0MEI' }));
    expect(h.replies.at(-1)!.locale).toBe('en');
    await h.command('/settings lang zh-CN', { user: 'U0MEI' });
    await h.event(mention(`<@${BOT}> how do I withdraw a design`, { user: 'U0MEI' }));
    expect(h.replies.at(-1)!.locale).toBe('zh-CN');
    // Japanese (its kanji read as traditional Chinese) or Korean beside a product name: a language
    // the bot does not speak tells nothing, so the Slack language (alice: en-US, li: zh-CN) decides.
    await h.event(mention(`<@${BOT}> デザインを承認する方法`, { channel: 'C0LANG' }));
    expect(h.replies.at(-1)!.locale).toBe('en');
    await h.event(mention(`<@${BOT}> Collab 디자인 승인 방법`, { user: 'U0LI', channel: 'C0LANG' }));
    expect(h.replies.at(-1)!.locale).toBe('zh-CN');
    // No letters to tell by: the Slack language.
    await h.event(mention(`<@${BOT}>`, { user: 'U0LI' }));
    expect(h.replies.at(-1)!.locale).toBe('zh-CN');
    expect(textsOf(newPosts().at(-1)!.params).join('\n')).toContain(translator('zh-CN')('conversation.empty').slice(0, 10));
  });

  it('rate-limits one person in one channel (a loop cannot make it spam)', async () => {
    for (let i = 0; i < 8; i++) await h.event(mention(`<@${BOT}> how do I approve a design ${i}`, { user: 'U0LOOP', channel: 'C0LOOP' }));
    expect(newPosts()).toHaveLength(5);
    // Someone else in that channel is still answered.
    await h.event(mention(`<@${BOT}> how do I approve a design`, { user: 'U0OTHER', channel: 'C0LOOP' }));
    expect(newPosts()).toHaveLength(6);
  });

  it('records “Not helpful” with the question and the entry; /howto gaps shows it and the entry’s helpful rate', async () => {
    await h.event(mention(`<@${BOT}> how do I reschedule the video verification`, { channel: 'C0RATE' }));
    const post = newPosts()[0]!;
    const fb = blocksOfCall(post).find((b): b is types.ContextActionsBlock => b.type === 'context_actions')!.elements[0] as types.FeedbackButtons;
    const click = await h.click({ type: 'feedback_buttons', action_id: fb.action_id!, value: fb.negative_button.value }, { channel: 'C0RATE', ephemeral: false });
    expect(click.status).toBe(200);
    await h.api.waitFor(() => h.api.responsesTo(click.responseId).length > 0);
    const thanks = h.api.responsesTo(click.responseId)[0]!.body;
    expect(thanks).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textsOf(thanks).join('\n')).toContain(translator('en')('feedback.thanksNotHelpful'));
    // A second person finds it helpful.
    await h.click({ type: 'feedback_buttons', action_id: fb.action_id!, value: fb.positive_button.value }, { channel: 'C0RATE', user: 'U0MEI' });
    const gaps = await h.command('/howto gaps');
    const text = textsOf(gaps.json).join('\n');
    expect(text).toContain('how do I reschedule the video verification');
    expect(text).toContain(translator('en')('feedback.ratingsTitle'));
    expect(text).toContain('50 %');
    const data = h.replies.at(-1)!.data as { gaps: { tier: string; offered: string[] }[]; ratings: { entryId: string; helpful: number; notHelpful: number }[] };
    expect(data.gaps.find((g) => g.tier === 'unhelpful')?.offered).toEqual(['brand-registry.video-verification-reschedule']);
    expect(data.ratings).toContainEqual({ entryId: 'brand-registry.video-verification-reschedule', helpful: 1, notHelpful: 1 });
  });

  it('appears in the assistant panel with suggested prompts in the person’s language, and answers there in the thread', async () => {
    const thread = { user_id: 'U0MEI', context: {}, channel_id: 'D0MEI', thread_ts: '1700000200.000001' };
    await h.event({ type: 'assistant_thread_started', assistant_thread: thread, event_ts: '1700000200.000002' });
    const prompts = h.api.callsTo('assistant.threads.setSuggestedPrompts').at(-1)!;
    expect(prompts.params).toMatchObject({ channel_id: 'D0MEI', thread_ts: thread.thread_ts, title: translator('zh-CN')('assistant.promptsTitle') });
    // zh-CN: U0MEI set /settings lang zh-CN above.
    const list = JSON.parse(String(prompts.params.prompts)) as { title: string; message: string }[];
    expect(list).toHaveLength(3);
    expect(list[0]!.message).toBe(translator('zh-CN')('assistant.prompt.one.message'));
    // Each suggested prompt is a question the guides answer.
    for (const p of list) {
      await h.event({ type: 'message', channel: 'D0MEI', channel_type: 'im', user: 'U0MEI', text: p.message, ts: nextTs(), thread_ts: thread.thread_ts });
      const answer = newPosts().at(-1)!;
      expect(answer.params).toMatchObject({ channel: 'D0MEI', thread_ts: thread.thread_ts });
      expect(h.replies.at(-1)!.data, p.message).toMatchObject({ tier: 'answer' });
    }
  });
});
