import type { CommandSpec } from '../../core/types.js';
import type { Translate } from '../../i18n/index.js';
import { EVENTS_PATH } from './receiver.js';

/**
 * The Slack app manifest, generated from the command specs so the app configuration always matches
 * the commands the bot carries. Slack shows manifests in English only, so the en strings are used.
 */
export interface ManifestOptions {
  commands: readonly CommandSpec[];
  /** en translations (command descriptions and usage, the app's description). */
  t: Translate;
  /** Socket Mode (no public URL) or HTTP mode with this request URL (https://host/slack/events). */
  mode: { socket: true } | { socket: false; requestUrl: string };
  /** The app's name in Slack (at most 35 characters). */
  name?: string;
}

/**
 * The bot scopes sellerdesk uses, each for a reason:
 * - commands: the slash commands;
 * - chat:write: deadline pings posted in the item's channel (and in the app's messages tab to a person);
 * - users:read: users.info, for each person's Slack language (include_locale) and admin/owner flag;
 * - channels:history, groups:history: conversations.history, to find a ping already posted under its
 *   idempotency key (message metadata) after a crash, in public and private channels; and the
 *   message.channels / message.groups events, for a follow-up in a thread the bot answered;
 * - app_mentions:read: the app_mention event (`@sellerdesk <question>` in a channel);
 * - im:history: the message.im event (a DM to the bot, and the assistant panel's messages);
 * - assistant:write: the assistant side panel (suggested prompts).
 * Command replies go through response_url and need no scope.
 */
export const BOT_SCOPES = ['commands', 'chat:write', 'users:read', 'channels:history', 'groups:history', 'app_mentions:read', 'im:history', 'assistant:write'] as const;

/** The events the bot subscribes to, each for a way of asking (see src/adapters/slack/conversation.ts). */
const BOT_EVENTS = ['app_mention', 'message.im', 'message.channels', 'message.groups', 'assistant_thread_started'] as const;

export function buildManifest(opts: ManifestOptions): Record<string, unknown> {
  const name = (opts.name ?? 'sellerdesk').slice(0, 35);
  const url = opts.mode.socket ? undefined : opts.mode.requestUrl;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: opts.t('slack.appDescription').slice(0, 140),
      long_description: opts.t('slack.appLongDescription').slice(0, 4000),
      background_color: '#1d4e89',
    },
    features: {
      // People DM the bot their questions in the messages tab.
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      assistant_view: { assistant_description: opts.t('slack.assistantDescription').slice(0, 255) },
      bot_user: { display_name: botDisplayName(name), always_online: true },
      slash_commands: opts.commands.map((c) => {
        const hint = usageHint(c.name, opts.t(`cmd.${c.name}.usage`));
        return {
          command: `/${c.name}`,
          description: opts.t(`cmd.${c.name}.description`),
          ...(hint ? { usage_hint: hint } : {}),
          // Slack sends people, channels and links it recognised as <@U…>, <#C…>, <https://…>.
          should_escape: true,
          ...(url ? { url } : {}),
        };
      }),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { bot_events: [...BOT_EVENTS], ...(url ? { request_url: url } : {}) },
      interactivity: { is_enabled: true, ...(url ? { request_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: opts.mode.socket,
      token_rotation_enabled: false,
    },
  };
}

/** `/settings [lang|…] <value>` → `[lang|…] <value>`: Slack shows the command name itself. */
export function usageHint(name: string, usage: string): string {
  const first = usage.split('\n')[0] ?? '';
  return first.replace(new RegExp(`/${name}(?![\\w-])\\s*`, 'g'), '').trim().slice(0, 1000);
}

function botDisplayName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'sellerdesk';
}

/** Checks a request URL for HTTP mode: https, and the path the bot listens on. */
export function checkRequestUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`"${raw}" is not a URL; give the public https address of the bot, e.g. https://bot.example.com${EVENTS_PATH}`);
  }
  if (u.protocol !== 'https:') throw new Error(`Slack only calls https URLs: ${raw}`);
  if (u.pathname === '/' || u.pathname === '') u.pathname = EVENTS_PATH;
  else if (u.pathname !== EVENTS_PATH) throw new Error(`the bot listens on ${EVENTS_PATH}; use https://${u.host}${EVENTS_PATH}`);
  return u.toString();
}
