/**
 * Raw Discord interactions, shaped as the gateway delivers them in INTERACTION_CREATE, for the
 * fake gateway to send. Ids are snowflakes (17–19 digits), as discord.js's routing expects.
 */

export const APP_ID = '1200000000000000001';
export const BOT_USER = { id: '1200000000000000002', username: 'sellerdesk', discriminator: '0', global_name: null, avatar: null, bot: true };
export const GUILD_ID = '1200000000000000100';
export const CHANNEL_ID = '1200000000000000200';
export const USER_ID = '1200000000000000300';
/** Permission bits as Discord sends them (decimal strings). */
export const PERMISSIONS = { none: '0', manageGuild: String(1n << 5n), sendMessages: String(1n << 11n) };

export interface Who {
  /** null: a DM with the bot. */
  guildId?: string | null;
  channelId?: string;
  userId?: string;
  locale?: string;
  guildLocale?: string;
  permissions?: string;
}

export interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: RawOption[];
}

let counter = 0;
function nextId(): string {
  counter += 1;
  return String(1_250_000_000_000_000_000n + BigInt(counter));
}

function user(id: string) {
  return { id, username: `user${id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null };
}

/** The fields every interaction carries. */
function base(type: number, who: Who) {
  const id = nextId();
  const guildId = who.guildId === undefined ? GUILD_ID : who.guildId;
  const userId = who.userId ?? USER_ID;
  const channelId = who.channelId ?? CHANNEL_ID;
  const common = {
    id,
    application_id: APP_ID,
    type,
    token: `tok-${id}`,
    version: 1,
    locale: who.locale ?? 'en-US',
    app_permissions: PERMISSIONS.sendMessages,
    entitlements: [],
    attachment_size_limit: 10_485_760,
  };
  if (guildId === null) {
    return {
      ...common,
      user: user(userId),
      channel: { id: channelId, type: 1, recipients: [user(userId)], last_message_id: null, flags: 0 },
      channel_id: channelId,
      authorizing_integration_owners: { '1': userId },
      context: 1,
    };
  }
  return {
    ...common,
    guild_id: guildId,
    guild_locale: who.guildLocale ?? 'en-US',
    guild: { id: guildId, locale: who.guildLocale ?? 'en-US', features: [] },
    member: {
      user: user(userId),
      roles: [],
      permissions: who.permissions ?? PERMISSIONS.sendMessages,
      joined_at: '2026-01-05T08:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
      avatar: null,
      premium_since: null,
      pending: false,
    },
    channel: { id: channelId, type: 0, guild_id: guildId, name: 'seller-support', position: 0, permission_overwrites: [], nsfw: false, parent_id: null, flags: 0 },
    channel_id: channelId,
    authorizing_integration_owners: { '0': guildId },
    context: 0,
  };
}

function guildOf(who: Who): { guild_id?: string } {
  const guildId = who.guildId === undefined ? GUILD_ID : who.guildId;
  return guildId === null ? {} : { guild_id: guildId };
}

/** A slash command (type 2). */
export function chatInput(name: string, options: RawOption[], who: Who = {}) {
  return { ...base(2, who), data: { id: nextId(), name, type: 1, options, ...guildOf(who) } };
}

/** An autocomplete request (type 4): one option is `focused`. */
export function autocomplete(name: string, options: RawOption[], who: Who = {}) {
  return { ...base(4, who), data: { id: nextId(), name, type: 1, options, ...guildOf(who) } };
}

/** A button click (type 3) on a message the bot posted. */
export function buttonClick(customId: string, message: { content?: string; embeds?: unknown[]; components?: unknown[]; flags?: number }, who: Who = {}) {
  const b = base(3, who);
  return {
    ...b,
    data: { custom_id: customId, component_type: 2 },
    message: {
      id: nextId(),
      channel_id: b.channel_id,
      author: BOT_USER,
      content: message.content ?? '',
      timestamp: '2026-11-23T01:00:00.000Z',
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: message.embeds ?? [],
      components: message.components ?? [],
      pinned: false,
      type: 20,
      flags: message.flags ?? 0,
      application_id: APP_ID,
    },
  };
}

/** A raw MESSAGE_CREATE dispatch's data: a person's message in a guild channel (or a DM when guildId is null). */
export function messageCreate(content: string, who: Who & { mentions?: { id: string; username: string }[]; bot?: boolean; type?: number } = {}) {
  const guildId = who.guildId === undefined ? GUILD_ID : who.guildId;
  const author = { ...user(who.userId ?? USER_ID), ...(who.bot ? { bot: true } : {}) };
  return {
    id: nextId(),
    channel_id: who.channelId ?? CHANNEL_ID,
    ...(guildId ? { guild_id: guildId, member: { roles: [], joined_at: '2026-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 } } : {}),
    author,
    content,
    timestamp: '2026-11-23T01:00:00.000Z',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: (who.mentions ?? []).map((m) => ({ ...user(m.id), username: m.username })),
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: who.type ?? 0,
    flags: 0,
    nonce: nextId(),
  };
}
