import type { Logger } from '../../log.js';
import type { Core } from '../../core/dispatch.js';
import type { Config } from '../../config.js';
import type { Notifier } from '../../core/notifier.js';
import { ButtonIds } from './buttons.js';
import { createInbound } from './inbound.js';
import { DiscordNotifier } from './notifier.js';
import { restBase } from './registration.js';
import { createMessageHandler } from './conversation.js';
import { Conversation, type RateLimits } from '../conversation.js';

export interface DiscordDeps {
  core: Core;
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DISCORD_API_URL'>;
  log: Logger;
  /** See InboundDeps (tests shorten them). */
  deferAfterMs?: number | undefined;
  autocompleteTimeoutMs?: number | undefined;
  /** Replicas on one database (DATABASE_URL): the gateway is held by one replica at a time. */
  databaseUrl?: string | undefined;
  /** How often a replica without the gateway tries for it. Default 2 s. */
  leaderPollMs?: number | undefined;
  /** Conversational questions: per-person and per-channel limits (tests and the bench raise them). */
  rateLimits?: RateLimits | undefined;
}

export interface DiscordAdapter {
  readonly notifier: Notifier;
  /** The bot's user id, from READY. */
  readonly botUserId: string;
  stop(): Promise<void>;
}

/**
 * Logs the bot in over the gateway and answers interactions. discord.js is loaded here, when a
 * Discord token is configured, so the shell never pays for it.
 *
 * Intents: GuildMessages and DirectMessages only, for questions asked in conversation (a mention of
 * the bot, a DM), whose content Discord sends without the privileged Message Content intent. Slash
 * commands, buttons and autocomplete reach a bot whatever its intents, and each interaction carries
 * everything the adapter reads (guild id and locale, the member's permissions, the channel id, the
 * user's locale). Pings are posted by channel id through REST. No Guilds or member events.
 */
export async function startDiscord(deps: DiscordDeps): Promise<DiscordAdapter> {
  const { DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: applicationId, DISCORD_API_URL: apiUrl } = deps.config;
  if (!token || !applicationId) throw new Error('sellerdesk: DISCORD_TOKEN and DISCORD_APPLICATION_ID are required for Discord');
  const { Client, Events, GatewayIntentBits, GatewayDispatchEvents, REST } = await import('discord.js');
  const log = deps.log.child({ adapter: 'discord' });
  const restOptions = {
    ...(apiUrl ? { api: restBase(apiUrl) } : {}),
    // A ping that meets a rate limit fails at once as `rate-limited`: the scheduler retries it later.
    rejectOnRateLimit: (limit: { method: string; route: string }) => limit.method.toUpperCase() === 'POST' && limit.route === '/channels/:id/messages',
  };
  // Button tokens are kept in the store too, so buttons work after a restart and on every replica.
  const ids = new ButtonIds(undefined, deps.core.services.store);
  const handle = createInbound({ core: deps.core, ids, log, deferAfterMs: deps.deferAfterMs, autocompleteTimeoutMs: deps.autocompleteTimeoutMs });
  const conversation = new Conversation({ core: deps.core, log, limits: deps.rateLimits });
  // Answers wait out a rate limit (a person is waiting for them); pings fail fast and are retried by the scheduler.
  const answerRest = new REST({ ...(apiUrl ? { api: restBase(apiUrl) } : {}) }).setToken(token);
  /** The client holding the gateway in this process (its bot user id, for the message handler). */
  let current: { user: { id: string } | null } | undefined;
  const onMessage = createMessageHandler({ rest: answerRest, ids, conversation, log, botUserId: () => current?.user?.id ?? '' });

  /** Logs in over the gateway; resolves with the client once READY. */
  const connect = async () => {
    const client = new Client({
      intents: [GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      // The default for every payload discord.js builds; every call also passes its own.
      allowedMentions: { parse: [], repliedUser: false },
      rest: restOptions,
    });
    client.on(Events.InteractionCreate, (interaction) => void handle(interaction));
    // The raw dispatch: no channel or guild cache is needed to answer a message.
    client.on(Events.Raw, (packet: { t?: string | null; d?: unknown }) => {
      if (packet.t === GatewayDispatchEvents.MessageCreate) void onMessage(packet.d as Parameters<typeof onMessage>[0]);
    });
    client.on(Events.Debug, (message) => log.debug({ message }, 'discord.js'));
    client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
    client.on(Events.ShardDisconnect, (event, shard) => log.warn({ code: event.code, shard }, 'discord gateway disconnected'));
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    try {
      await client.login(token);
      await ready;
    } catch (err) {
      await client.destroy();
      throw err;
    }
    if (client.application?.id && client.application.id !== applicationId) {
      log.warn({ configured: applicationId, actual: client.application.id }, 'DISCORD_APPLICATION_ID does not match the token’s application');
    }
    log.info({ bot: client.user?.id, application: applicationId }, 'discord ready');
    current = client;
    return client;
  };

  if (deps.databaseUrl) {
    // Replicas on one database: the gateway on exactly one of them (the holder of an advisory
    // lock), pings and answers from any of them through REST.
    const { PgLeader, DISCORD_GATEWAY_LOCK } = await import('../../store/pg-leader.js');
    const rest = new REST({ version: '10', ...restOptions }).setToken(token);
    let client: Awaited<ReturnType<typeof connect>> | undefined;
    const leader = new PgLeader({
      url: deps.databaseUrl,
      key: DISCORD_GATEWAY_LOCK,
      log,
      name: 'discord gateway',
      pollMs: deps.leaderPollMs,
      onAcquire: async () => {
        client = await connect();
        log.info({ pid: process.pid }, 'discord gateway held by this replica');
      },
      onLose: async () => {
        const c = client;
        client = undefined;
        current = undefined;
        if (c) {
          c.removeAllListeners();
          await c.destroy();
        }
        log.warn('discord gateway released');
      },
    });
    leader.start();
    log.info('discord ready (REST; the gateway goes to one replica)');
    return {
      notifier: new DiscordNotifier(rest, ids, log),
      botUserId: '',
      stop: () => leader.stop(),
    };
  }

  const client = await connect();
  return {
    notifier: new DiscordNotifier(client.rest, ids, log),
    botUserId: client.user?.id ?? '',
    stop: async () => {
      client.removeAllListeners();
      await client.destroy();
    },
  };
}
