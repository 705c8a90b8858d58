import { createHash } from 'node:crypto';
import type { REST } from 'discord.js';
import type { Logger } from '../../log.js';
import { DeliveryError, type Delivered, type Notifier, type Ping } from '../../core/notifier.js';
import type { ButtonIds } from './buttons.js';
import { cutText, escapeText } from './markdown.js';
import { LIMITS, SNOWFLAKE, renderReply, type DiscordMessage } from './render.js';
import { nameTypedMentionsIn } from '../typed-mentions.js';

/** Discord error codes a ping can meet. */
const UNKNOWN_CHANNEL = 10003;
const MISSING_ACCESS = 50001;
const MISSING_PERMISSIONS = 50013;
const CANNOT_SEND_IN_CHANNEL = 50008;
const NONCE_MAX = 25;

/**
 * The nonce for a ping's message: derived from its ledger key, so a retry after a crash carries
 * the same nonce and Discord (with enforce_nonce) returns the first message instead of posting twice.
 */
export function nonceFor(key: string, part = 0): string {
  return createHash('sha256')
    .update(part === 0 ? key : `${key}#${part}`)
    .digest('hex')
    .slice(0, NONCE_MAX);
}

/** The raw create-message body of each message of a ping. */
export function pingBodies(ping: Ping, ids: ButtonIds): Record<string, unknown>[] {
  const assignee = ping.mention && SNOWFLAKE.test(ping.mention) ? ping.mention : undefined;
  const messages = renderReply(ping.reply, { ids, embed: true, workspace: ping.workspace });
  const prefix = assignee ? `<@${assignee}> ` : '';
  const summary = escapeText(nameTypedMentionsIn(ping.text.split('\n', 1)[0] ?? '', ping.reply.locale ?? 'en'));
  const first = messages[0]!;
  first.content = prefix + (cutText(summary, LIMITS.content - prefix.length)[0] ?? '');
  return messages.map((m, part) => body(m, assignee, nonceFor(ping.key, part)));
}

function body(m: DiscordMessage, assignee: string | undefined, nonce: string): Record<string, unknown> {
  return {
    content: m.content,
    embeds: m.embeds,
    components: m.components,
    // Raw REST calls skip the client's default allowed mentions: only the assignee may be pinged.
    allowed_mentions: { parse: [], users: assignee ? [assignee] : [], replied_user: false },
    nonce,
    enforce_nonce: true,
  };
}

/** Posts pings to Discord channels. Failures become DeliveryErrors the scheduler can act on. */
export class DiscordNotifier implements Notifier {
  readonly platform = 'discord' as const;
  constructor(
    private readonly rest: REST,
    private readonly ids: ButtonIds,
    private readonly log: Logger,
  ) {}

  async post(ping: Ping): Promise<Delivered> {
    const { Routes } = await import('discord.js');
    let firstId: string | undefined;
    const bodies = pingBodies(ping, this.ids);
    await this.ids.flush().catch((err: unknown) => this.log.warn({ err, workspace: ping.workspace }, 'discord: could not keep button tokens; those buttons work until a restart'));
    for (const b of bodies) {
      try {
        const message = (await this.rest.post(Routes.channelMessages(ping.channel), { body: b })) as { id: string };
        firstId ??= message.id;
      } catch (err) {
        throw await deliveryError(err, ping);
      }
    }
    this.log.info({ workspace: ping.workspace, channel: ping.channel, item: ping.itemId, messageId: firstId }, 'discord ping posted');
    return { messageId: firstId! };
  }
}

async function deliveryError(err: unknown, ping: Ping): Promise<DeliveryError> {
  const { DiscordAPIError, RateLimitError } = await import('discord.js');
  const where = `discord channel ${ping.channel}`;
  if (err instanceof RateLimitError) {
    return new DeliveryError('rate-limited', `${where}: rate limited for ${err.retryAfter} ms`, { retryAfterMs: err.retryAfter, cause: err });
  }
  if (err instanceof DiscordAPIError) {
    if (err.code === UNKNOWN_CHANNEL || err.status === 404) return new DeliveryError('channel-gone', `${where}: the channel no longer exists`, { cause: err });
    if (err.code === MISSING_ACCESS || err.code === MISSING_PERMISSIONS || err.code === CANNOT_SEND_IN_CHANNEL || err.status === 403) {
      return new DeliveryError('not-in-channel', `${where}: the bot cannot post there (${err.message})`, { cause: err });
    }
    return new DeliveryError('other', `${where}: ${err.message}`, { cause: err });
  }
  return new DeliveryError('other', `${where}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}
