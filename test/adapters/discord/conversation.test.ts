import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIEmbed, RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { ButtonIds } from '../../../src/adapters/discord/buttons.js';
import { renderReply } from '../../../src/adapters/discord/render.js';
import { translator } from '../../../src/i18n/index.js';
import type { Invocation } from '../../../src/core/types.js';
import { testBot } from '../../support/app.js';
import { BOT_USER, CHANNEL_ID, GUILD_ID, USER_ID, buttonClick, chatInput, messageCreate } from '../../fakes/discord-interactions.js';
import type { RecordedRequest } from '../../fakes/discord-rest.js';
import { callbackData, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ rateLimits: { perUser: 5, perChannel: 100, windowMs: 60_000 } });
});
afterAll(async () => {
  await h?.close();
});

const BOT = BOT_USER.id;
const botMention = { id: BOT, username: 'sellerdesk' };
const isPost = (channel: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/v10/channels/${channel}/messages`;

/** Sends a MESSAGE_CREATE and resolves with the first message posted to the channel after it. */
async function ask(d: ReturnType<typeof messageCreate>): Promise<RecordedRequest> {
  const after = h.rest.requests.length;
  h.gateway.sendDispatch('MESSAGE_CREATE', d);
  return h.rest.waitFor(isPost(d.channel_id), 15_000, after);
}

/** Sends messages that must not be answered, then one that is: only that one may get a post. */
async function unanswered(...ds: ReturnType<typeof messageCreate>[]): Promise<void> {
  const after = h.rest.requests.length;
  for (const d of ds) h.gateway.sendDispatch('MESSAGE_CREATE', d);
  const sentinel = messageCreate(`<@${BOT}> how do I approve a design`, { mentions: [botMention], channelId: '1200000000000000299' });
  await ask(sentinel);
  const posts = h.rest.requests.slice(after).filter((r) => r.method === 'POST' && r.path.startsWith('/v10/channels/'));
  expect(posts.map((p) => p.path)).toEqual([`/v10/channels/${sentinel.channel_id}/messages`]);
}

/** The buttons of a posted message (action rows of buttons with custom ids, as the renderer makes them). */
function buttonsOf(body: RESTPostAPIChannelMessageJSONBody): { label: string; custom_id: string }[] {
  const rows = (body.components ?? []) as { components?: { label?: string; custom_id?: string }[] }[];
  return rows.flatMap((row) => row.components ?? []).map((c) => ({ label: c.label ?? '', custom_id: c.custom_id ?? '' }));
}

const lastQuestion = () => h.seen.filter((s): s is Invocation => 'command' in s && s.command === 'howto').at(-1)!;

describe('Discord: asking in conversation', () => {
  it('answers a guild message that mentions the bot as a reply to it, with the /howto answer, pinging nobody else', async () => {
    const d = messageCreate(`<@${BOT}> how do I reschedule the video verification`, { mentions: [botMention] });
    const post = await ask(d);
    const body = post.body as RESTPostAPIChannelMessageJSONBody;
    expect(body.message_reference).toMatchObject({ message_id: d.id });
    expect(body.allowed_mentions).toEqual({ parse: [], users: [], replied_user: true });
    const expected = await testBot().run('/howto how do I reschedule the video verification', {
      platform: 'discord',
      workspace: GUILD_ID,
      channel: CHANNEL_ID,
      user: USER_ID,
    });
    expect(expected.data).toMatchObject({ tier: 'answer' });
    const [first] = renderReply({ ...expected, ephemeral: false }, { ids: new ButtonIds() });
    expect(body.embeds).toEqual(JSON.parse(JSON.stringify(first!.embeds)) as APIEmbed[]);
    const labels = buttonsOf(body).map((c) => c.label);
    expect(labels).toContain(translator('en')('feedback.helpful'));
    expect(labels).toContain(translator('en')('feedback.notHelpful'));
    // Everyone in the channel already sees it: nothing to share.
    expect(labels).not.toContain(translator('en')('howto.share'));
    expect(lastQuestion()).toMatchObject({ workspace: GUILD_ID, command: 'howto', options: { question: 'how do I reschedule the video verification' } });
    expect(lastQuestion()?.subcommand).toBeUndefined();
  });

  it('answers a DM in the DM, in the DM’s own workspace', async () => {
    const d = messageCreate('how do I approve a design', { guildId: null, channelId: '1200000000000000777' });
    const post = await ask(d);
    expect((post.body as RESTPostAPIChannelMessageJSONBody).embeds?.length).toBeGreaterThan(0);
    expect(lastQuestion()).toMatchObject({ workspace: `dm:${USER_ID}`, channel: '1200000000000000777' });
  });

  it('leaves alone messages that do not mention it, bots, the bot itself, and a replayed dispatch', async () => {
    const once = messageCreate(`<@${BOT}> how do I withdraw a design`, { mentions: [botMention], channelId: '1200000000000000201' });
    await ask(once);
    await unanswered(
      messageCreate('how do I approve a design'),
      messageCreate(`<@${BOT}> how do I approve a design`, { mentions: [botMention], bot: true, userId: '1200000000000000900' }),
      messageCreate(`<@${BOT}> how do I approve a design`, { mentions: [botMention], userId: BOT }),
      messageCreate(`<@${BOT}> joined`, { mentions: [botMention], type: 7 }),
      once,
    );
  });

  it('answers in the language the question is written in (a Discord message has no locale)', async () => {
    const post = await ask(messageCreate(`<@${BOT}> 要怎麼撤銷我提交的設計`, { mentions: [botMention] }));
    expect(lastQuestion().textLocale).toBe('zh-TW');
    const title = (post.body as RESTPostAPIChannelMessageJSONBody).embeds?.[0]?.title;
    expect(title).toBeTruthy();
    expect(JSON.stringify(post.body)).toContain(translator('zh-TW')('feedback.notHelpful'));
  });

  it('reads a channel named in the question as where it is asked, not what it asks', async () => {
    const post = await ask(messageCreate(`<@${BOT}> how do I approve a design in <#1200000000000000555>`, { mentions: [botMention], channelId: '1200000000000000270' }));
    expect(lastQuestion().options).toEqual({ question: 'how do I approve a design in #channel' });
    expect((post.body as RESTPostAPIChannelMessageJSONBody).embeds?.[0]?.title).toBe('Approve a design');
  });

  it('rate-limits one person in one channel', async () => {
    const channelId = '1200000000000000250';
    const after = h.rest.requests.length;
    for (let i = 0; i < 5; i++) await ask(messageCreate(`<@${BOT}> how do I approve a design ${i}`, { mentions: [botMention], channelId }));
    await unanswered(messageCreate(`<@${BOT}> how do I approve a design again`, { mentions: [botMention], channelId }));
    expect(h.rest.requests.slice(after).filter(isPost(channelId))).toHaveLength(5);
  });

  it('a “Not helpful” click records the question and the entry; /gaps of the guild shows them with the entry’s rate', async () => {
    const post = await ask(messageCreate(`<@${BOT}> how do I reschedule the video verification`, { mentions: [botMention], channelId: '1200000000000000260' }));
    const body = post.body as RESTPostAPIChannelMessageJSONBody;
    const down = buttonsOf(body).find((c) => c.label === translator('en')('feedback.notHelpful'))!;
    const customId = down.custom_id;
    const click = buttonClick(customId, { embeds: body.embeds ?? [], components: body.components ?? [] }, { channelId: '1200000000000000260' });
    const callback = await h.send(click);
    expect(callbackData(callback)).toMatchObject({ flags: 64 });
    expect(JSON.stringify(callbackData(callback))).toContain(translator('en')('feedback.thanksNotHelpful'));
    const gaps = chatInput('howto-gaps', [], { permissions: String(1n << 5n) });
    const shown = JSON.stringify(callbackData(await h.send(gaps)));
    expect(shown).toContain('how do I reschedule the video verification');
    expect(shown).toContain('0 % helpful');
  });
});

describe('Discord: sharing a private /howto answer', () => {
  it('posts the answer in the channel as a new message saying who shared it, with no button to share or rate it again', async () => {
    const slash = await h.send(chatInput('howto', [{ name: 'question', type: 3, value: 'how do I approve a design' }]));
    const own = callbackData(slash) as RESTPostAPIChannelMessageJSONBody & { flags?: number };
    expect(own.flags).toBe(64);
    const share = buttonsOf(own).find((b) => b.label === 'Share in channel')!;
    // A short value fits Discord's 100-character custom_id as it is, with no stored token.
    expect(share.custom_id).toBe('howto:share|collab.approve-design|en');
    const click = await h.send(buttonClick(share.custom_id, { embeds: own.embeds ?? [], components: own.components ?? [], flags: 64 }));
    expect(h.seen.at(-1)).toMatchObject({ actionId: 'howto:share', value: 'collab.approve-design|en', user: USER_ID });
    const shared = callbackData(click) as RESTPostAPIChannelMessageJSONBody & { flags?: number };
    expect(click.body).toMatchObject({ type: 4 });
    expect(shared.flags ?? 0).toBe(0);
    expect(shared.embeds?.map((e) => e.title)).toEqual(own.embeds?.map((e) => e.title));
    expect(`${shared.content ?? ''}${JSON.stringify(shared.embeds)}`).toContain(`Shared by <@${USER_ID}>`);
    // Only the sharer may be named, and nobody else can be pinged.
    expect(shared.allowed_mentions?.parse).toEqual([]);
    for (const u of shared.allowed_mentions?.users ?? []) expect(u).toBe(USER_ID);
    const ids = buttonsOf(shared).map((b) => b.custom_id);
    expect(ids.some((id) => id.startsWith('guide:lang|'))).toBe(true);
    expect(ids.filter((id) => id.startsWith('howto:'))).toEqual([]);
  });
});
