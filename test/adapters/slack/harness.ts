import { createCore, type Core } from '../../../src/core/dispatch.js';
import type { CommandSpec, Reply } from '../../../src/core/types.js';
import { getI18n } from '../../../src/i18n/index.js';
import { LOCALES } from '../../../src/i18n/locales.js';
import { silentLogger } from '../../../src/log.js';
import { startSlack, type SlackAdapter, type SlackOptions } from '../../../src/adapters/slack/index.js';
import { COMMANDS } from '../../../commands/index.js';
import { testBot, type TestBot } from '../../support/app.js';
import { FakeSlackApi } from '../../fakes/slack-api.js';
import { signedJsonPost, signedPost } from '../../fakes/slack-signing.js';

export const SECRET = 'test-signing-secret-0123456789abcdef';
export const TEAM = 'T0TEAM1';
export const CHANNEL = 'C0CHAN1';
export const USER = 'U0ALICE';

export interface Who {
  team?: string;
  channel?: string;
  user?: string;
}

export interface SlackHarness {
  api: FakeSlackApi;
  adapter: SlackAdapter;
  bot: TestBot;
  core: Core;
  /** Every Reply the core gave the adapter, in order (to compare with what reached Slack). */
  replies: Reply[];
  eventsUrl: string;
  /** Sends a signed slash command (`/help settings`); resolves with the HTTP answer (the ack). */
  command(line: string, who?: Who, opts?: { timestamp?: number; signature?: string | null; responseId?: string }): Promise<{ status: number; json: unknown; body: string; responseId: string }>;
  /** Sends a signed Events API callback (`event_callback` around the event); resolves with the HTTP answer. */
  event(event: Record<string, unknown>, opts?: { team?: string; eventId?: string; retryNum?: number }): Promise<{ status: number; json: unknown; body: string; eventId: string }>;
  /** Sends a signed block_actions click on a button. */
  click(button: { action_id: string; value: string; type?: string }, who?: Who & { ephemeral?: boolean }, responseId?: string): Promise<{ status: number; responseId: string }>;
  close(): Promise<void>;
}

let seq = 0;

/** The real Slack adapter (HTTP mode, 127.0.0.1, a free port) over the real core and a recording fake Web API. */
export async function slackHarness(
  opts: { extraCommands?: CommandSpec[]; slack?: Partial<SlackOptions>; now?: string; wrap?: (core: Core) => Core } = {},
): Promise<SlackHarness> {
  const api = await FakeSlackApi.start();
  const bot = testBot(opts.now ? { now: opts.now } : {});
  const real = opts.extraCommands?.length ? createCore(bot.core.services, [...COMMANDS, ...opts.extraCommands]) : bot.core;
  const replies: Reply[] = [];
  const record = (r: Reply) => {
    replies.push(r);
    return r;
  };
  // The real core, with each reply kept on its way to the adapter.
  const recording: Core = { ...real, dispatch: async (inv) => record(await real.dispatch(inv)), action: async (act) => record(await real.action(act)) };
  const core = opts.wrap ? opts.wrap(recording) : recording;
  const adapter = await startSlack(core, {
    botToken: 'xoxb-test-token',
    signingSecret: SECRET,
    apiUrl: api.apiUrl,
    port: 0,
    host: '127.0.0.1',
    log: silentLogger,
    processBeforeResponse: true,
    ...opts.slack,
  });
  const eventsUrl = `http://127.0.0.1:${adapter.port}/slack/events`;
  return {
    api,
    adapter,
    bot,
    core,
    replies,
    eventsUrl,
    async command(line, who = {}, o = {}) {
      const m = /^(\/\S+)\s*([\s\S]*)$/.exec(line)!;
      const responseId = o.responseId ?? `r${++seq}`;
      const res = await signedPost(
        eventsUrl,
        {
          token: 'legacy-verification-token',
          team_id: who.team ?? TEAM,
          team_domain: 'example',
          channel_id: who.channel ?? CHANNEL,
          channel_name: 'seller-support',
          user_id: who.user ?? USER,
          user_name: 'alice',
          command: m[1]!,
          text: m[2]!,
          api_app_id: 'A0APP',
          is_enterprise_install: 'false',
          response_url: api.responseUrl(responseId),
          trigger_id: '1.2.3',
        },
        { secret: SECRET, ...(o.timestamp !== undefined ? { timestamp: o.timestamp } : {}), ...(o.signature !== undefined ? { signature: o.signature } : {}) },
      );
      return { ...res, responseId };
    },
    async event(event, o = {}) {
      const eventId = o.eventId ?? `Ev${String(++seq).padStart(8, '0')}`;
      const team = o.team ?? TEAM;
      const res = await signedJsonPost(
        eventsUrl,
        eventCallback(team, eventId, event),
        { secret: SECRET, ...(o.retryNum !== undefined ? { headers: { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' } } : {}) },
      );
      return { ...res, eventId };
    },
    async click(button, who = {}, responseId = `r${++seq}`) {
      const payload = {
        type: 'block_actions',
        team: { id: who.team ?? TEAM, domain: 'example' },
        user: { id: who.user ?? USER, username: 'alice', team_id: who.team ?? TEAM },
        api_app_id: 'A0APP',
        token: 'legacy-verification-token',
        container: { type: 'message', message_ts: '1700000000.000100', channel_id: who.channel ?? CHANNEL, is_ephemeral: who.ephemeral ?? true },
        trigger_id: '1.2.3',
        channel: { id: who.channel ?? CHANNEL, name: 'seller-support' },
        message: { type: 'message', ts: '1700000000.000100', text: 'x' },
        response_url: api.responseUrl(responseId),
        actions: [
          {
            type: button.type ?? 'button',
            action_id: button.action_id,
            block_id: 'b1',
            text: { type: 'plain_text', text: 'x', emoji: true },
            value: button.value,
            action_ts: '1700000001.000200',
          },
        ],
      };
      const res = await signedPost(eventsUrl, { payload: JSON.stringify(payload) }, { secret: SECRET });
      return { status: res.status, responseId };
    },
    async close() {
      await adapter.stop();
      await api.close();
    },
  };
}

/** Registers the i18n keys of a test-only command in every locale (the core checks them at start-up). */
export function defineTestStrings(name: string, options: string[] = []): void {
  const i18n = getI18n();
  for (const l of LOCALES) {
    for (const k of ['name', 'description', 'usage', 'examples']) i18n.addResource(l, 'common', `cmd.${name}.${k}`, k === 'name' ? name : `/${name}`);
    for (const o of options) i18n.addResource(l, 'common', `cmd.${name}.opt.${o}`, o);
  }
}

/** Every block of every Slack message in an ack or respond() payload. */
export function blocksOf(payload: unknown): Record<string, unknown>[] {
  const p = payload as { blocks?: Record<string, unknown>[] } | undefined;
  return p?.blocks ?? [];
}

/** All the text (mrkdwn and plain_text) of a Slack payload, in order. */
export function textsOf(payload: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string') {
      if (key === 'text') out.push(v);
      return;
    }
    if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(payload);
  return out;
}

/** An Events API envelope as Slack sends it (HTTP body, or a Socket Mode envelope's payload). */
export function eventCallback(team: string, eventId: string, event: Record<string, unknown>): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: team,
    api_app_id: 'A0APP',
    event: { event_ts: event.ts ?? '1700000000.000001', ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: 1700000000,
    authorizations: [{ enterprise_id: null, team_id: team, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}
