import type { APIUser, GatewayMessageCreateDispatchData, REST, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Logger } from '../../log.js';
import type { Conversation } from '../conversation.js';
import type { Caller } from '../../core/types.js';
import type { ButtonIds } from './buttons.js';
import { renderReply, type DiscordMessage } from './render.js';

/**
 * Questions asked in conversation on Discord: a guild message that mentions the bot is answered as a
 * reply to it, a DM to the bot is answered in the DM. Both reach the bot with the GuildMessages and
 * DirectMessages intents; Discord fills in `content` for messages that mention the bot and for DMs
 * without the privileged Message Content intent. Read from the raw MESSAGE_CREATE dispatch, so no
 * guild or channel cache (and no Guilds intent) is needed. Bots, webhooks and the bot itself are
 * never answered; a replayed dispatch (the same message id after a resume) is answered once.
 */
export interface MessageDeps {
  rest: REST;
  ids: ButtonIds;
  conversation: Conversation;
  log: Logger;
  /** The bot's user id (known after READY). */
  botUserId: () => string;
}

/** Message types a person writes: DEFAULT and REPLY. */
const PERSON_TYPES = new Set([0, 19]);

export function createMessageHandler(deps: MessageDeps): (d: GatewayMessageCreateDispatchData) => Promise<void> {
  return async (d) => {
    const bot = deps.botUserId();
    if (!bot || d.author.bot || d.author.system || d.webhook_id || d.author.id === bot || !PERSON_TYPES.has(d.type)) return;
    const inGuild = typeof d.guild_id === 'string';
    if (inGuild && !mentionsBot(d, bot)) return;
    if (!deps.conversation.seen.first(`discord:msg:${d.id}`)) return;
    const user = d.author.id;
    const caller: Caller = {
      platform: 'discord',
      workspace: d.guild_id ?? `dm:${user}`,
      channel: d.channel_id,
      user,
      // A message carries no locale: the person's setting, else the question's language, else the workspace's.
      isAdmin: !inGuild,
      commandSyntax: 'discord',
      raw: { message: d.id },
    };
    let reply;
    try {
      // A message reply cannot be ephemeral (whisper: false): what is for the asker alone gets a note
      // naming the slash command instead, unless asked in a DM.
      reply = await deps.conversation.answer({ caller, text: questionText(d.content, bot, d.mentions), direct: !inGuild, whisper: false });
    } catch (err) {
      deps.log.error({ err, message: d.id }, 'discord: a conversational question failed');
      return;
    }
    if (!reply) return;
    const { Routes } = await import('discord.js');
    const messages = renderReply(reply, { ids: deps.ids, workspace: caller.workspace });
    await deps.ids.flush().catch((err: unknown) => deps.log.warn({ err }, 'discord: could not keep button tokens; those buttons work until a restart'));
    try {
      for (const [i, m] of messages.entries()) {
        await deps.rest.post(Routes.channelMessages(d.channel_id), { body: messageBody(m, user, i === 0 ? d.id : undefined) });
      }
    } catch (err) {
      deps.log.warn({ err, channel: d.channel_id }, 'discord: could not post an answer');
    }
  };
}

/** The create-message body: a reply to the question, pinging nobody but the asker (raw REST skips the client's defaults). */
function messageBody(m: DiscordMessage, asker: string, replyTo: string | undefined): RESTPostAPIChannelMessageJSONBody {
  return {
    content: m.content,
    embeds: m.embeds,
    components: m.components,
    allowed_mentions: { parse: [], users: m.users.filter((u) => u === asker), replied_user: replyTo !== undefined },
    ...(replyTo ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } } : {}),
  };
}

function mentionsBot(d: GatewayMessageCreateDispatchData, bot: string): boolean {
  return d.mentions.some((u) => u.id === bot) || new RegExp(`<@!?${bot}>`).test(d.content);
}

/** The question: the bot's mention removed, other people and roles named without a ping token. */
function questionText(content: string, bot: string, mentioned: readonly Pick<APIUser, 'id' | 'username' | 'global_name'>[] = []): string {
  const names = new Map(mentioned.map((u) => [u.id, u.global_name ?? u.username]));
  return content
    .replace(/<@!?(\d{15,21})>/g, (_m, id: string) => (id === bot ? ' ' : `@${names.get(id) ?? 'someone'}`))
    .replace(/<@&\d{15,21}>/g, '@role')
    .replace(/<#\d{15,21}>/g, '#channel')
    .replace(/@(everyone|here)\b/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
