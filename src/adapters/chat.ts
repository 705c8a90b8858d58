import type { Logger } from '../log.js';
import type { Core } from '../core/dispatch.js';
import type { Notifier } from '../core/notifier.js';
import type { Platform } from '../core/types.js';
import type { Config } from '../config.js';
import { loadScriptTables } from '../i18n/detect.js';
import { translator } from '../i18n/index.js';
import { LOCALES } from '../i18n/locales.js';

/** A running chat-platform adapter: its notifier (for the scheduler's pings) and its stop hook. */
export interface ChatAdapter {
  readonly platform: Platform;
  readonly notifier: Notifier;
  stop(): Promise<void>;
}

interface ChatAdapterEntry {
  platform: Platform;
  configured(config: Config): boolean;
  /** Loads the platform library only here (dynamic import), so the shell never pays for it. */
  start(core: Core, config: Config, log: Logger): Promise<ChatAdapter>;
}

/** Every chat platform sellerdesk can serve; `npm start` starts each one that is configured. */
const CHAT_ADAPTERS: readonly ChatAdapterEntry[] = [
  {
    platform: 'slack',
    configured: (c) => Boolean(c.SLACK_BOT_TOKEN),
    async start(core, config, log) {
      const { startSlack, slackOptions } = await import('./slack/index.js');
      return startSlack(core, slackOptions(config, log));
    },
  },
  {
    platform: 'discord',
    configured: (c) => Boolean(c.DISCORD_TOKEN),
    async start(core, config, log) {
      const { startDiscord } = await import('./discord/index.js');
      const discord = await startDiscord({ core, config, log, databaseUrl: config.DATABASE_URL });
      return { platform: 'discord', notifier: discord.notifier, stop: () => discord.stop() };
    },
  },
];

export function chatConfigured(config: Config): boolean {
  return CHAT_ADAPTERS.some((a) => a.configured(config));
}

/** A chat adapter that could not start, named, with the reason. */
export class ChatStartError extends Error {
  constructor(platform: Platform, cause: unknown) {
    super(`sellerdesk: the ${platform} adapter did not start: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ChatStartError';
  }
}

/**
 * Starts every configured chat adapter over the one core (and so the one store). If one fails, the
 * others are stopped again and the failure is thrown: a half-started bot is worse than none.
 */
export async function startChatAdapters(core: Core, config: Config, log: Logger): Promise<ChatAdapter[]> {
  const wanted = CHAT_ADAPTERS.filter((a) => a.configured(config));
  const results = await Promise.allSettled(wanted.map((a) => a.start(core, config, log)));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.findIndex((r) => r.status === 'rejected');
  if (failed >= 0) {
    await stopChatAdapters(started, log);
    throw new ChatStartError(wanted[failed]!.platform, (results[failed] as PromiseRejectedResult).reason);
  }
  return started;
}

/** Stops adapters in parallel; one that fails to stop is logged and does not keep the others running. */
export async function stopChatAdapters(adapters: readonly ChatAdapter[], log: Logger): Promise<void> {
  await Promise.all(
    adapters.map((a) =>
      a.stop().catch((err: unknown) => {
        log.error({ err, platform: a.platform }, 'adapter did not stop cleanly');
      }),
    ),
  );
}

/**
 * What the first question in a chat process would otherwise wait for (~0.2 s on a 2-core machine):
 * the /howto index and its tables (Knowledge.warm), the script tables that tell a message's
 * language, every language's strings. Nothing is answered or written. Run after the ready line.
 */
export async function warmUp(core: Core): Promise<void> {
  for (const locale of LOCALES) translator(locale);
  await loadScriptTables();
  await core.services.knowledge.warm();
}
