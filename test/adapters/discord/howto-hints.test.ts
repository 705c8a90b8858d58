import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import { translator } from '../../../src/i18n/index.js';
import { BOT_USER, GUILD_ID, USER_ID, chatInput, messageCreate } from '../../fakes/discord-interactions.js';
import type { RecordedRequest } from '../../fakes/discord-rest.js';
import { callbackData, startHarness, type Harness } from './harness.js';

/**
 * The "no question" hint and the "type your question" error show the command the way Discord
 * types it (`/howto question:…`, named in the reader's language), not the shell's `/howto how do I…`.
 */
let h: Harness;
const BOT = BOT_USER.id;
const botMention = { id: BOT, username: 'sellerdesk' };

beforeAll(async () => {
  h = await startHarness({ rateLimits: { perUser: 50, perChannel: 100, windowMs: 60_000 } });
});
afterAll(async () => {
  await h?.close();
});

const question = (value: string) => [{ name: 'question', type: 3, value }];

async function mention(content: string, channelId: string): Promise<string> {
  const after = h.rest.requests.length;
  h.gateway.sendDispatch('MESSAGE_CREATE', messageCreate(content, { mentions: [botMention], channelId }));
  const post: RecordedRequest = await h.rest.waitFor((r) => r.method === 'POST' && r.path === `/v10/channels/${channelId}/messages`, 15_000, after);
  return JSON.stringify(post.body as RESTPostAPIChannelMessageJSONBody);
}

async function setLocale(locale: 'zh-CN' | 'zh-TW' | undefined): Promise<void> {
  await h.bot.core.services.store.update(GUILD_ID, (ws) => {
    const u = (ws.users[USER_ID] ??= {});
    if (locale) u.locale = locale;
    else delete u.locale;
  });
}

describe('Discord: /howto hints name the Discord form of the command', () => {
  it('a slash /howto with nothing to search for', async () => {
    const shown = JSON.stringify(callbackData(await h.send(chatInput('howto', question('???')))));
    expect(shown).toContain('/howto question:how do I approve a design');
    expect(shown).not.toContain('/howto how do I');
  });

  it('a mention with nothing to search for', async () => {
    const shown = await mention(`<@${BOT}> ???`, '1200000000000000420');
    expect(shown).toContain('/howto question:how do I approve a design');
    expect(shown).not.toContain('/howto how do I');
  });

  it('a slash /howto with an empty question (the error and its example)', async () => {
    const shown = JSON.stringify(callbackData(await h.send(chatInput('howto', question('')))));
    expect(shown).toContain('/howto question:how do I approve a design');
    expect(shown).not.toContain('/howto how do I');
  });

  it('/howto question:--help is the command’s help, its lines in the Discord form', async () => {
    const help = JSON.stringify(callbackData(await h.send(chatInput('help', [{ name: 'command', type: 3, value: 'howto' }]))));
    const shown = JSON.stringify(callbackData(await h.send(chatInput('howto', question('--help')))));
    expect(shown).toContain(translator('en')('cmd.howto.description'));
    expect(shown).toContain('/howto question:how do I link my EU and US accounts');
    expect(shown).toBe(help);
  });

  for (const locale of ['zh-CN', 'zh-TW'] as const) {
    it(`in ${locale}: the command and its option as the reader's client names them`, async () => {
      await setLocale(locale);
      const t = translator(locale);
      const line = `/${t('cmd.howto.name')} ${t('cmd.howto.optName.question')}:${t('howto.exampleQuestion').replace(/^\/howto /, '')}`;
      const hint = JSON.stringify(callbackData(await h.send(chatInput('howto', question('？？？')))));
      expect(hint).toContain(line);
      const empty = JSON.stringify(callbackData(await h.send(chatInput('howto', question('')))));
      expect(empty).toContain(line);
      expect(hint + empty).not.toContain(t('howto.exampleQuestion'));
      await setLocale(undefined);
    });
  }
});
