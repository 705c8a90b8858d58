import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { translator } from '../../../src/i18n/index.js';
import { BOT_USER, GUILD_ID, USER_ID, chatInput, messageCreate } from '../../fakes/discord-interactions.js';
import type { RecordedRequest } from '../../fakes/discord-rest.js';
import { callbackData, startHarness, type Harness } from './harness.js';

/**
 * The gaps list quotes questions people asked privately (an ephemeral /howto, a DM). A Discord
 * message reply cannot be ephemeral, so `@sellerdesk gaps` in a guild channel gets a note naming
 * the slash command that shows it to the asker alone; in a DM it is the list.
 */
let h: Harness;
const BOT = BOT_USER.id;
const botMention = { id: BOT, username: 'sellerdesk' };
const SECRET_QUESTION = 'how do I hide the brand owner salary spreadsheet';

beforeAll(async () => {
  h = await startHarness({ rateLimits: { perUser: 50, perChannel: 100, windowMs: 60_000 } });
  const asked = await h.send(chatInput('howto', [{ name: 'question', type: 3, value: SECRET_QUESTION }], { userId: '1200000000000000333' }));
  expect(callbackData(asked)).toMatchObject({ flags: 64 });
  const store = h.bot.core.services.store;
  for (let i = 0; i < 100 && !JSON.stringify(store.read(GUILD_ID).howto ?? {}).includes('salary'); i++) await new Promise((r) => setTimeout(r, 20));
  expect(JSON.stringify(store.read(GUILD_ID).howto)).toContain(SECRET_QUESTION);
});
afterAll(async () => {
  await h?.close();
});

async function ask(d: ReturnType<typeof messageCreate>): Promise<RESTPostAPIChannelMessageJSONBody> {
  const after = h.rest.requests.length;
  h.gateway.sendDispatch('MESSAGE_CREATE', d);
  const post: RecordedRequest = await h.rest.waitFor((r) => r.method === 'POST' && r.path === `/v10/channels/${d.channel_id}/messages`, 15_000, after);
  return post.body as RESTPostAPIChannelMessageJSONBody;
}

describe('Discord: the gaps list asked in conversation is the asker’s alone', () => {
  it('a mention in a guild channel gets a note naming /howto-gaps, not the list', async () => {
    const body = await ask(messageCreate(`<@${BOT}> gaps`, { mentions: [botMention], channelId: '1200000000000000410' }));
    const shown = JSON.stringify(body);
    expect(shown).not.toContain(SECRET_QUESTION);
    expect(shown).not.toContain(translator('en')('howto.gapsTitle'));
    expect(shown).toContain('/howto-gaps');
    expect(shown).toContain(translator('en')('conversation.gapsPrivate', { command: '\u0000' }).split('\u0000')[0]!);
  });

  it('the note is in the asker’s language, with the command as their Discord client names it', async () => {
    await h.bot.core.services.store.update(GUILD_ID, (ws) => {
      (ws.users[USER_ID] ??= {}).locale = 'zh-TW';
    });
    const body = await ask(messageCreate(`<@${BOT}> gaps`, { mentions: [botMention], channelId: '1200000000000000411' }));
    const shown = JSON.stringify(body);
    expect(shown).not.toContain(SECRET_QUESTION);
    expect(shown).toContain(`/${translator('zh-TW')('cmd.howto-gaps.name')}`);
    expect(shown).toContain(translator('zh-TW')('conversation.gapsPrivate', { command: '\u0000' }).split('\u0000')[0]!);
    await h.bot.core.services.store.update(GUILD_ID, (ws) => {
      delete ws.users[USER_ID]!.locale;
    });
  });

  it('in a DM it is the list (only the asker reads it)', async () => {
    const body = await ask(messageCreate('gaps', { guildId: null, channelId: '1200000000000000412' }));
    expect(JSON.stringify(body)).toContain(translator('en')('howto.gapsTitle'));
  });
});
