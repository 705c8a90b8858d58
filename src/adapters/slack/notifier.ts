import type { Logger } from '../../log.js';
import type { webApi } from '@slack/bolt';
import { DeliveryError, type Delivered, type Notifier, type Ping } from '../../core/notifier.js';
import type { Block, Inline, Reply, Rich } from '../../core/types.js';
import { renderReply, truncateMrkdwn, LIMITS, type MentionRenderer } from './render.js';
import { escapeMrkdwn, isSlackUserId } from './text.js';
import { errorSummary, typedNames, type UserDirectory } from './locale.js';
import { renderText } from '../../core/render-text.js';
import { translator } from '../../i18n/index.js';
import { nameTypedMentions } from '../typed-mentions.js';

/** The message metadata event type that marks sellerdesk's pings (crash recovery looks for it). */
export const PING_EVENT_TYPE = 'sellerdesk_ping';

export interface SlackNotifierOptions {
  /** A Web API client that throws on 429 instead of waiting (rejectRateLimitedCalls). */
  client: webApi.WebClient;
  directory: Pick<UserDirectory, 'lookup'>;
  log: Logger;
  /** Waits for a Retry-After; injected in tests. */
  sleep?: (ms: number) => Promise<void>;
  /** A Retry-After longer than this is handed back to the scheduler instead of waited out. Default 30 s. */
  maxWaitMs?: number;
  /** Attempts per message when Slack asks us to slow down. Default 3. */
  maxAttempts?: number;
  /** Messages of channel history searched by findPosted. Default 600. */
  historyDepth?: number;
}

/**
 * Posts pings to Slack channels with chat.postMessage. The ping's Reply is rendered as Block Kit;
 * only the assignee is mentioned (other people in it are written as their names); the idempotency
 * key rides in the message metadata so findPosted can tell, after a crash, that a ping went out.
 */
export class SlackNotifier implements Notifier {
  readonly platform = 'slack' as const;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxWaitMs: number;
  private readonly maxAttempts: number;

  constructor(private readonly opts: SlackNotifierOptions) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.maxWaitMs = opts.maxWaitMs ?? 30_000;
    this.maxAttempts = opts.maxAttempts ?? 3;
  }

  async post(ping: Ping): Promise<Delivered> {
    const messages = await this.render(ping);
    let first: string | undefined;
    for (const [i, m] of messages.entries()) {
      const res = await this.withRetry(ping, () =>
        this.opts.client.chat.postMessage({
          channel: ping.channel,
          text: m.text,
          blocks: m.blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...(i === 0
            ? {
                metadata: {
                  event_type: PING_EVENT_TYPE,
                  event_payload: { key: ping.key, item: ping.itemId, deadline: ping.deadline, slot: ping.slot },
                },
              }
            : {}),
        }),
      );
      first ??= res.ts;
    }
    if (!first) throw new DeliveryError('other', 'Slack accepted the ping but returned no message timestamp');
    return { messageId: first };
  }

  /** The ping already in the channel under this key (newest messages first), if any. */
  async findPosted(ping: Ping): Promise<Delivered | undefined> {
    const depth = this.opts.historyDepth ?? 600;
    let cursor: string | undefined;
    let seen = 0;
    do {
      const page = await this.withRetry(ping, () =>
        this.opts.client.conversations.history({
          channel: ping.channel,
          limit: Math.min(200, depth - seen),
          include_all_metadata: true,
          ...(cursor ? { cursor } : {}),
        }),
      );
      for (const m of page.messages ?? []) {
        const meta = m.metadata;
        if (meta?.event_type === PING_EVENT_TYPE && (meta.event_payload as Record<string, unknown> | undefined)?.key === ping.key && m.ts) return { messageId: m.ts };
      }
      seen += page.messages?.length ?? 0;
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor && seen < depth);
    return undefined;
  }

  /** The ping as Slack messages: the assignee mentioned once, everyone else by name. */
  private async render(ping: Ping) {
    const assignee = ping.mention && isSlackUserId(ping.mention) ? ping.mention : undefined;
    const others = [...new Set(mentionsIn(ping.reply))].filter((id) => id !== assignee);
    const names = new Map<string, string>();
    await Promise.all(
      others.map(async (id) => {
        const person = await this.opts.directory.lookup(ping.workspace, id);
        if (person?.name) names.set(id, person.name);
      }),
    );
    const mention: MentionRenderer = (id) => (id === assignee ? `<@${id}>` : escapeMrkdwn(`@${names.get(id) ?? id}`));
    let reply: Reply = ping.reply;
    if (assignee && !mentionsIn(reply).includes(assignee)) {
      const at = reply.blocks[0]?.type === 'heading' ? 1 : 0;
      const blocks: Block[] = [...reply.blocks];
      blocks.splice(at, 0, { type: 'paragraph', text: [{ mention: assignee }] });
      reply = { ...reply, blocks };
    }
    const typed = await typedNames(this.opts.directory, ping.workspace, reply);
    const messages = renderReply(reply, { mention, names: typed, onDrop: (what) => this.opts.log.warn({ what }, 'slack ping: dropped a button') });
    // The notification a phone shows: people by name (Slack writes the assignee's <@id> as their name).
    const someone = translator(ping.reply.locale ?? 'en')('mention.someone');
    const assigneeName = assignee ? (await this.opts.directory.lookup(ping.workspace, assignee))?.name : undefined;
    const nameOf = (id: string) => (id === assignee ? assigneeName : names.get(id));
    const plainHeadings = { ...ping.reply, blocks: ping.reply.blocks.map((b): Block => (b.type === 'heading' ? { type: 'paragraph', text: b.text } : b)) };
    const text = renderText(nameTypedMentions(plainHeadings, typed), { mention: (id) => (nameOf(id) ? `@${nameOf(id)}` : someone) });
    const lead = assignee ? `<@${assignee}> ` : '';
    messages[0]!.text = truncateMrkdwn(lead + escapeMrkdwn(text), LIMITS.fallbackText);
    return messages;
  }

  /** Runs a Web API call, waiting out short rate limits; everything else becomes a DeliveryError. */
  private async withRetry<T>(ping: Ping, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        const failure = deliveryError(err);
        const wait = failure.retryAfterMs;
        if (failure.reason === 'rate-limited' && wait !== undefined && wait <= this.maxWaitMs && attempt < this.maxAttempts) {
          this.opts.log.info({ channel: ping.channel, key: ping.key, waitMs: wait }, 'slack rate limit: waiting as asked');
          await this.sleep(wait);
          continue;
        }
        throw failure;
      }
    }
  }
}

/** The user ids of every mention token in a Reply. */
function mentionsIn(reply: Reply): string[] {
  const out: string[] = [];
  const rich = (r: Rich) => {
    if (typeof r !== 'string') for (const p of r) if (isMention(p)) out.push(p.mention);
  };
  for (const b of reply.blocks) {
    if (b.type === 'paragraph' || b.type === 'warning' || b.type === 'context') rich(b.text);
    else if (b.type === 'steps' || b.type === 'list') b.items.forEach(rich);
    else if (b.type === 'fields') b.fields.forEach((f) => rich(f.value));
  }
  return out;
}

function isMention(p: Inline): p is { mention: string } {
  return typeof p !== 'string' && 'mention' in p;
}

const CHANNEL_GONE = new Set(['channel_not_found', 'is_archived', 'channel_is_archived', 'team_access_not_granted']);

/** A Web API failure → the scheduler's DeliveryError. */
function deliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = (err ?? {}) as { code?: string; retryAfter?: number; data?: { error?: string } };
  const summary = errorSummary(err);
  if (e.code === 'slack_webapi_rate_limited_error') {
    const seconds = typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 60;
    return new DeliveryError('rate-limited', `Slack asked to retry after ${seconds} s`, { retryAfterMs: seconds * 1000, cause: err });
  }
  const code = e.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
  if (code && CHANNEL_GONE.has(code)) return new DeliveryError('channel-gone', `Slack: ${code}`, { cause: err });
  if (code === 'not_in_channel') return new DeliveryError('not-in-channel', 'Slack: not_in_channel (invite the bot to the channel)', { cause: err });
  if (code === 'ratelimited') return new DeliveryError('rate-limited', 'Slack: ratelimited', { retryAfterMs: 60_000, cause: err });
  return new DeliveryError('other', `Slack: ${summary.message}`, { cause: err });
}
