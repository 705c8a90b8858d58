import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import { startDiscord, type DiscordAdapter } from '../../../src/adapters/discord/index.js';
import type { Core } from '../../../src/core/dispatch.js';
import type { RateLimits } from '../../../src/adapters/conversation.js';
import type { ActionInvocation, Invocation } from '../../../src/core/types.js';
import { testBot, type TestBot } from '../../support/app.js';
import { FakeDiscordGateway } from '../../fakes/discord-gateway.js';
import { FakeDiscordRest, type RecordedRequest } from '../../fakes/discord-rest.js';
import { APP_ID, BOT_USER } from '../../fakes/discord-interactions.js';

export const TOKEN = 'fake-bot-token.discord.test';

export interface Harness {
  rest: FakeDiscordRest;
  gateway: FakeDiscordGateway;
  adapter: DiscordAdapter;
  bot: TestBot;
  /** Every Invocation and ActionInvocation the adapter handed to the core. */
  seen: (Invocation | ActionInvocation)[];
  /** Sends an interaction and resolves with its callback request (POST …/callback). */
  send(raw: { id: string; token: string }): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/**
 * The unmodified discord.js client, logged in through a fake gateway and a recording REST server
 * on loopback, answering with the real core over an in-memory store. `wrap` may slow the core down.
 */
export async function startHarness(
  opts: { deferAfterMs?: number; autocompleteTimeoutMs?: number; wrap?: (core: Core) => Core; rateLimits?: RateLimits } = {},
): Promise<Harness> {
  const rest = await FakeDiscordRest.start(BOT_USER);
  const gateway = await FakeDiscordGateway.start(APP_ID, BOT_USER);
  rest.gatewayUrl = gateway.url;
  const bot = testBot();
  const seen: (Invocation | ActionInvocation)[] = [];
  const recording: Core = {
    ...bot.core,
    dispatch: (inv) => {
      seen.push(inv);
      return bot.core.dispatch(inv);
    },
    action: (act) => {
      seen.push(act);
      return bot.core.action(act);
    },
  };
  const core = opts.wrap ? opts.wrap(recording) : recording;
  const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: rest.url });
  // Replies go out at once unless a test asks for deferral (defer.test.ts): a loaded machine must not change the path.
  const adapter = await startDiscord({
    core,
    config,
    log: silentLogger,
    deferAfterMs: opts.deferAfterMs ?? 10_000,
    autocompleteTimeoutMs: opts.autocompleteTimeoutMs ?? 10_000,
    ...(opts.rateLimits ? { rateLimits: opts.rateLimits } : {}),
  });
  return {
    rest,
    gateway,
    adapter,
    bot,
    seen,
    send(raw) {
      const after = rest.requests.length;
      gateway.sendInteraction(raw);
      return rest.waitFor((r) => r.path === `/v10/interactions/${raw.id}/${raw.token}/callback`, 15_000, after);
    },
    async close() {
      await adapter.stop();
      await gateway.close();
      await rest.close();
    },
  };
}

/** The `data` of an interaction callback body. */
export function callbackData(r: RecordedRequest): Record<string, unknown> {
  return ((r.body as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>;
}

export function callbackType(r: RecordedRequest): number {
  return (r.body as { type: number }).type;
}
