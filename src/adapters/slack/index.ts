import type { Logger } from '../../log.js';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Core } from '../../core/dispatch.js';
import type { Config } from '../../config.js';
import { registerListeners } from './app.js';
import { boltLogger } from './log.js';
import { UserDirectory, errorSummary, type SlackUserInfo } from './locale.js';
import { SlackNotifier } from './notifier.js';
import { FreshHTTPReceiver } from './receiver.js';
import { registerConversation } from './conversation.js';
import { Conversation, type RateLimits } from '../conversation.js';

/**
 * The Slack adapter. This folder is the only place that imports @slack/bolt, and main.ts loads it
 * with a dynamic import only when a Slack token is configured, so the shell starts fast.
 */
export interface SlackOptions {
  botToken: string;
  /** Socket Mode when set (no public URL needed). */
  appToken?: string | undefined;
  /** HTTP mode: required when there is no app token. */
  signingSecret?: string | undefined;
  /** The Web API base URL (Slack's government cloud, or a local fake in tests). */
  apiUrl?: string | undefined;
  /** HTTP mode: the port (0 = any free port) and the interface (default: all). */
  port?: number | undefined;
  host?: string | undefined;
  log: Logger;
  /** HTTP mode: answer Slack only after the listener finished (tests; production acks first). */
  processBeforeResponse?: boolean | undefined;
  /** See ListenerDeps.ackBudgetMs. */
  ackBudgetMs?: number | undefined;
  /** Wall clock in ms (request timestamps, caches). */
  now?: (() => number) | undefined;
  /** Waits out Retry-After in the notifier; injected in tests. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  userCacheTtlMs?: number | undefined;
  /** Conversational questions: per-person and per-channel limits (tests and the bench raise them). */
  rateLimits?: RateLimits | undefined;
  /** Socket Mode: reconnect after a dropped connection (default true; tests turn it off). */
  autoReconnect?: boolean | undefined;
}

export interface SlackAdapter {
  readonly platform: 'slack';
  readonly mode: 'socket' | 'http';
  readonly notifier: SlackNotifier;
  readonly directory: UserDirectory;
  /** HTTP mode: the bound port. */
  readonly port: number | undefined;
  stop(): Promise<void>;
}

/** A start-up failure with a message for the person starting the bot. */
class SlackStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SlackStartError';
  }
}

/** The adapter's options from the configuration (SLACK_* and PORT). */
export function slackOptions(config: Config, log: Logger): SlackOptions {
  if (!config.SLACK_BOT_TOKEN) throw new SlackStartError('SLACK_BOT_TOKEN is not set');
  return {
    botToken: config.SLACK_BOT_TOKEN,
    appToken: config.SLACK_APP_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    apiUrl: config.SLACK_API_URL,
    port: config.PORT,
    host: config.HOST,
    log,
  };
}

/** Verifies the bot token (auth.test), registers the listeners and connects (Socket Mode) or listens (HTTP). */
export async function startSlack(core: Core, opts: SlackOptions): Promise<SlackAdapter> {
  const log = opts.log.child({ adapter: 'slack' });
  const logger = boltLogger(opts.log);
  const slackApiUrl = opts.apiUrl ? (opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/`) : undefined;
  const base = { ...(slackApiUrl ? { slackApiUrl } : {}), logger };
  const mode = opts.appToken ? 'socket' : 'http';

  let http: FreshHTTPReceiver | undefined;
  let receiver;
  if (opts.appToken) {
    receiver = new SocketModeReceiver({
      appToken: opts.appToken,
      logger,
      installerOptions: { clientOptions: { ...(slackApiUrl ? { slackApiUrl } : {}) } },
      ...(opts.autoReconnect === false ? { autoReconnectEnabled: false } : {}),
    });
  } else {
    if (!opts.signingSecret) throw new SlackStartError('SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
    const inner = new HTTPReceiver({
      signingSecret: opts.signingSecret,
      processBeforeResponse: opts.processBeforeResponse ?? false,
      logger,
      // A signed payload Bolt cannot read (a block_actions without user, …) is the sender's fault:
      // 400, never a 500 that makes Slack retry it. Our own listeners answer their errors themselves.
      processEventErrorHandler: async ({ error, response }) => {
        if (response.headersSent) return false;
        const authorization = (error as { code?: unknown }).code === 'slack_bolt_authorization_error';
        log.warn({ err: errorSummary(error) }, authorization ? 'slack request refused: no installation' : 'slack request refused: a payload the app cannot read');
        response.writeHead(authorization ? 401 : 400).end();
        return true;
      },
    });
    http = new FreshHTTPReceiver(inner, { log, ...(opts.now ? { now: opts.now } : {}) });
    receiver = http;
  }

  const app = new App({
    token: opts.botToken,
    receiver,
    logger,
    deferInitialization: true,
    convoStore: false,
    clientOptions: { ...base, retryConfig: { retries: 1, factor: 1, minTimeout: 100, maxTimeout: 1000 } },
  });
  try {
    // auth.test: a wrong token stops start-up here rather than at the first command.
    await app.init();
  } catch (err) {
    throw new SlackStartError(startFailure(err, slackApiUrl ?? 'https://slack.com/api/'), { cause: err });
  }

  // Our own calls: no silent 30-minute retries. Lookups on the command path must be quick; the
  // notifier waits out Retry-After itself and tells the scheduler about longer limits.
  const lookupClient = new webApi.WebClient(opts.botToken, { ...base, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 1500 });
  const postClient = new webApi.WebClient(opts.botToken, { ...base, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 15_000 });

  const directory = new UserDirectory({
    log,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.userCacheTtlMs !== undefined ? { ttlMs: opts.userCacheTtlMs } : {}),
    usersInfo: async (_team, user) => {
      const res = await lookupClient.users.info({ user, include_locale: true });
      return res.user as SlackUserInfo | undefined;
    },
  });
  const notifier = new SlackNotifier({ client: postClient, directory, log, ...(opts.sleep ? { sleep: opts.sleep } : {}) });
  const conversation = new Conversation({ core, log, now: opts.now, limits: opts.rateLimits });
  // The conversation's middleware (Bolt's Assistant) goes first: it takes the assistant panel's messages.
  registerConversation(app, { core, directory, conversation, log });
  registerListeners(app, { core, directory, log, ...(opts.ackBudgetMs !== undefined ? { ackBudgetMs: opts.ackBudgetMs } : {}) });

  try {
    if (http) await http.start(opts.port ?? 3000, opts.host);
    else await app.start();
  } catch (err) {
    throw new SlackStartError(
      mode === 'http' ? `cannot listen on port ${opts.port ?? 3000}: ${(err as Error).message}` : `cannot open the Socket Mode connection (${errorSummary(err).message}); check SLACK_APP_TOKEN`,
      { cause: err },
    );
  }
  log.info({ mode, port: http?.port }, 'slack adapter started');

  let stopped = false;
  return {
    platform: 'slack',
    mode,
    notifier,
    directory,
    get port() {
      return http?.port;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
      log.info('slack adapter stopped');
    },
  };
}

/**
 * Why auth.test failed, in words that fit: Slack refused the token (a platform error such as
 * invalid_auth), Slack could not be reached (network, DNS, a proxy: where it was tried), or it
 * answered with an HTTP error.
 */
function startFailure(err: unknown, url: string): string {
  const e = err as { code?: string; original?: { code?: string; message?: string }; statusCode?: number; data?: { error?: string } };
  const why = errorSummary(err).message;
  if (e.code === 'slack_webapi_platform_error') return `Slack refused SLACK_BOT_TOKEN (${e.data?.error ?? why}); check the token`;
  if (e.code === 'slack_webapi_http_error') return `Slack at ${url} answered HTTP ${e.statusCode ?? '?'} (${why}); try again later, or check SLACK_API_URL`;
  // The network error's own code (ECONNREFUSED, ENOTFOUND, …) sits somewhere down the cause chain.
  let cause: string = why;
  for (let c: unknown = e.original ?? err, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('slack_')) {
      cause = code;
      break;
    }
  }
  return `could not reach Slack at ${url} (${cause}); check the network connection, a proxy, or SLACK_API_URL`;
}
