import { describe, expect, it } from 'vitest';
import { BOT_SCOPES, buildManifest, checkRequestUrl, usageHint } from '../../../src/adapters/slack/manifest.js';
import { translator } from '../../../src/i18n/index.js';
import { COMMANDS } from '../../../commands/index.js';

type Manifest = {
  features: { slash_commands: { command: string; description: string; usage_hint?: string; should_escape: boolean; url?: string }[]; bot_user: { display_name: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
  display_information: { name: string; description: string };
};

const t = translator('en');

describe('the Slack app manifest', () => {
  it('declares every command in commands/ with its English description and usage hint', () => {
    const m = buildManifest({ commands: COMMANDS, t, mode: { socket: true } }) as unknown as Manifest;
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(COMMANDS.map((c) => `/${c.name}`));
    for (const c of m.features.slash_commands) {
      const name = c.command.slice(1);
      expect(c.description).toBe(t(`cmd.${name}.description`));
      expect(c.command.length).toBeLessThanOrEqual(32);
      expect(c.should_escape).toBe(true);
      expect(c.url).toBeUndefined();
    }
    expect(m.features.slash_commands.find((c) => c.command === '/help')?.usage_hint).toBe('[command]');
  });

  it('asks for only the scopes the bot uses, and turns on interactivity for buttons', () => {
    const m = buildManifest({ commands: COMMANDS, t, mode: { socket: true } }) as unknown as Manifest;
    expect(m.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    expect(m.oauth_config.scopes.bot).toEqual(['commands', 'chat:write', 'users:read', 'channels:history', 'groups:history', 'app_mentions:read', 'im:history', 'assistant:write']);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.display_information.description.length).toBeLessThanOrEqual(140);
  });

  it('subscribes to exactly the events of the conversational way in, and opens the messages tab and the assistant panel', () => {
    const m = buildManifest({ commands: COMMANDS, t, mode: { socket: true } }) as unknown as Manifest & {
      settings: { event_subscriptions: { bot_events: string[]; request_url?: string } };
      features: { app_home: { messages_tab_read_only_enabled: boolean }; assistant_view: { assistant_description: string } };
    };
    expect(m.settings.event_subscriptions.bot_events).toEqual(['app_mention', 'message.im', 'message.channels', 'message.groups', 'assistant_thread_started']);
    expect(m.settings.event_subscriptions.request_url).toBeUndefined();
    expect(m.features.app_home.messages_tab_read_only_enabled).toBe(false);
    expect(m.features.assistant_view.assistant_description).toBe(t('slack.assistantDescription'));
    const http = buildManifest({ commands: COMMANDS, t, mode: { socket: false, requestUrl: 'https://bot.example.com/slack/events' } }) as unknown as typeof m;
    expect(http.settings.event_subscriptions.request_url).toBe('https://bot.example.com/slack/events');
  });

  it('in HTTP mode points the commands and the buttons at the request URL', () => {
    const url = checkRequestUrl('https://bot.example.com');
    expect(url).toBe('https://bot.example.com/slack/events');
    const m = buildManifest({ commands: COMMANDS, t, mode: { socket: false, requestUrl: url }, name: 'Seller Desk' }) as unknown as Manifest;
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.settings.interactivity.request_url).toBe(url);
    expect(m.features.slash_commands.every((c) => c.url === url)).toBe(true);
    expect(m.features.bot_user.display_name).toBe('seller-desk');
  });

  it('refuses a request URL Slack could not call', () => {
    expect(() => checkRequestUrl('http://bot.example.com/slack/events')).toThrow(/https/);
    expect(() => checkRequestUrl('https://bot.example.com/other')).toThrow(/\/slack\/events/);
    expect(() => checkRequestUrl('not a url')).toThrow(/not a URL/);
  });

  it('drops the command name from the usage line', () => {
    expect(usageHint('settings', '/settings [lang|bilingual] <value>')).toBe('[lang|bilingual] <value>');
    expect(usageHint('guide', '/guide')).toBe('');
    expect(usageHint('howto', '/howto <question> | /howto gaps')).toBe('<question> | gaps');
  });
});
