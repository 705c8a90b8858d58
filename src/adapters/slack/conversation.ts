import type { Logger } from '../../log.js';
import { Assistant, type App, type webApi } from '@slack/bolt';
import type { Conversation } from '../conversation.js';
import type { Caller, Reply } from '../../core/types.js';
import type { Store } from '../../store/types.js';
import { createCtx } from '../../core/context.js';
import type { Core } from '../../core/dispatch.js';
import { slackTextToPlain, type SlackPerson } from './inbound.js';
import { errorSummary, typedNames, type UserDirectory } from './locale.js';
import { renderReply } from './render.js';
import { escapeMrkdwn, isSlackUserId } from './text.js';

/**
 * Questions asked in conversation on Slack: `@sellerdesk …` in a channel (app_mention, answered in a
 * thread on that message), a DM to the bot (message.im, answered in the DM), a follow-up in a thread
 * the bot answered (message.channels / message.groups, answered in that thread), and Slack's
 * assistant side panel (Bolt's Assistant: suggested prompts when a thread starts, each message
 * answered in its thread). Bots' messages, the bot's own and edits are never answered; Slack's
 * retries of one event (X-Slack-Retry-Num, the same event_id) and the app_mention + message pair
 * Slack sends for one message are answered once.
 */
export interface ConversationDeps {
  core: Core;
  directory: UserDirectory;
  conversation: Conversation;
  log: Logger;
}

/** The fields of a message or app_mention event that sellerdesk reads. */
interface MessageEvent {
  type: string;
  user?: string | undefined;
  text?: string | undefined;
  ts: string;
  channel: string;
  channel_type?: string | undefined;
  thread_ts?: string | undefined;
  subtype?: string | undefined;
  bot_id?: string | undefined;
  team?: string | undefined;
}

interface EnvelopeBody {
  team_id?: string | undefined;
  event_id?: string | undefined;
}

/** Threads the bot answered in, per workspace (channel:thread ts → when), the most recent kept. */
const THREADS_FEATURE = 'slack-threads';
const MAX_THREADS = 2000;

export function registerConversation(app: App, deps: ConversationDeps): void {
  const { log } = deps;

  app.assistant(
    new Assistant({
      // The panel's channel context is not used: no conversations.replies or metadata round trips.
      threadContextStore: { get: async () => ({}), save: async () => {} },
      threadStarted: async ({ event, body, client }) => {
        const thread = event.assistant_thread;
        const team = (body as EnvelopeBody).team_id ?? '';
        const person = await deps.directory.lookup(team, thread.user_id);
        const ctx = createCtx(deps.core.services, slackCaller(team, thread.channel_id, thread.user_id, person));
        try {
          await client.chat.postMessage({ channel: thread.channel_id, thread_ts: thread.thread_ts, text: escapeMrkdwn(ctx.t('assistant.greeting')) });
          await client.assistant.threads.setSuggestedPrompts({
            channel_id: thread.channel_id,
            thread_ts: thread.thread_ts,
            title: ctx.t('assistant.promptsTitle'),
            prompts: (['one', 'two', 'three'] as const).map((k) => ({ title: ctx.t(`assistant.prompt.${k}.title`), message: ctx.t(`assistant.prompt.${k}.message`) })),
          });
        } catch (err) {
          log.warn({ err: errorSummary(err) }, 'slack: could not greet in the assistant panel');
        }
      },
      threadContextChanged: async () => {},
      userMessage: async ({ message, body, client, context }) => {
        const e = message as unknown as MessageEvent;
        await answer(deps, client, body as EnvelopeBody, e, context.botUserId, { threadTs: e.thread_ts });
      },
    }),
  );

  app.event('app_mention', async ({ event, body, client, context }) => {
    const e = event as unknown as MessageEvent;
    await answer(deps, client, body as EnvelopeBody, e, context.botUserId, { threadTs: e.thread_ts ?? e.ts, remember: true });
  });

  app.message(async ({ message, body, client, context }) => {
    const e = message as unknown as MessageEvent;
    if (e.channel_type === 'im') {
      await answer(deps, client, body as EnvelopeBody, e, context.botUserId, { threadTs: e.thread_ts });
      return;
    }
    // In a channel: only a follow-up in a thread the bot answered (a mention comes as app_mention).
    if (!e.thread_ts || e.thread_ts === e.ts) return;
    const team = teamOf(body as EnvelopeBody, e);
    if (!answeredThread(deps.core.services.store, team, e.channel, e.thread_ts)) return;
    if (context.botUserId && (e.text ?? '').includes(`<@${context.botUserId}>`)) return;
    // A follow-up that opens by addressing a teammate (`<@U0BOB> can you check it today?`) is for them.
    if (/^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/.test(e.text ?? '')) return;
    await answer(deps, client, body as EnvelopeBody, e, context.botUserId, { threadTs: e.thread_ts, remember: true });
  });
}

function teamOf(body: EnvelopeBody, e: MessageEvent): string {
  return body.team_id ?? e.team ?? '';
}

/** A person's message, not a bot's, not the bot's own, not an edit, deletion or join notice. */
function fromPerson(e: MessageEvent, botUserId: string | undefined): e is MessageEvent & { user: string } {
  if (e.bot_id || !e.user || e.user === botUserId) return false;
  return e.subtype === undefined || e.subtype === 'thread_broadcast' || e.subtype === 'file_share';
}

/** What the person asked: the bot's mention removed, other people named without a ping token. */
function questionText(text: string, botUserId: string | undefined): string {
  const plain = slackTextToPlain(text);
  return plain
    .replace(/<@([UW][A-Z0-9]+)>/g, (_m, id: string) => (id === botUserId ? ' ' : `@${id}`))
    .replace(/\s+/g, ' ')
    .trim();
}

async function answer(
  deps: ConversationDeps,
  client: webApi.WebClient,
  body: EnvelopeBody,
  e: MessageEvent,
  botUserId: string | undefined,
  where: { threadTs: string | undefined; remember?: boolean },
): Promise<void> {
  if (!fromPerson(e, botUserId)) return;
  const team = teamOf(body, e);
  if (!team || !e.channel) return;
  if (!deps.conversation.seen.first(body.event_id && `slack:event:${body.event_id}`, `slack:msg:${team}:${e.channel}:${e.ts}`)) return;
  const person = await deps.directory.lookup(team, e.user);
  const caller = slackCaller(team, e.channel, e.user, person);
  let reply: Reply | undefined;
  try {
    // A DM (and the assistant panel, which lives in the DM) is read by the asker alone; in a channel
    // Slack can still show a message to the asker alone (chat.postEphemeral).
    const direct = e.channel_type === 'im' || e.channel.startsWith('D');
    reply = await deps.conversation.answer({ caller, text: questionText(e.text ?? '', botUserId), direct, whisper: true });
  } catch (err) {
    deps.log.error({ err }, 'slack: a conversational question failed');
    return;
  }
  if (!reply) return;
  const asker = e.user;
  const names = await typedNames(deps.directory, team, reply);
  const messages = renderReply(reply, {
    nativeFeedback: true,
    names,
    // Only the asker may be pinged; anyone else in the reply is written as text.
    mention: (id) => (id === asker && isSlackUserId(id) ? `<@${id}>` : escapeMrkdwn(`@${id}`)),
    onDrop: (what) => deps.log.warn({ what }, 'slack: dropped a button'),
  });
  if (reply.ephemeral) {
    // For the asker alone (the gaps list asked in a channel): in the thread it was asked in, else
    // beside the mention (no thread is opened for a message nobody else sees), and the thread is not
    // remembered as one the bot answered.
    try {
      for (const m of messages) {
        await client.chat.postEphemeral({
          channel: e.channel,
          user: asker,
          ...(e.thread_ts ? { thread_ts: e.thread_ts } : {}),
          text: m.text,
          blocks: m.blocks,
        });
      }
    } catch (err) {
      deps.log.warn({ err: errorSummary(err), channel: e.channel }, 'slack: could not post a private answer');
    }
    return;
  }
  try {
    for (const m of messages) {
      await client.chat.postMessage({
        channel: e.channel,
        ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
        text: m.text,
        blocks: m.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
    }
  } catch (err) {
    deps.log.warn({ err: errorSummary(err), channel: e.channel }, 'slack: could not post an answer');
    return;
  }
  if (where.remember && where.threadTs) {
    await rememberThread(deps.core.services.store, team, e.channel, where.threadTs, deps.core.services.clock()).catch((err: unknown) =>
      deps.log.warn({ err }, 'slack: could not remember an answered thread'),
    );
  }
}

function slackCaller(team: string, channel: string, user: string, person: SlackPerson | undefined): Caller {
  return { platform: 'slack', workspace: team, channel, user, platformLocale: person?.locale, isAdmin: person?.isAdmin ?? false };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function answeredThread(store: Store, team: string, channel: string, threadTs: string): boolean {
  const threads = store.read(team)[THREADS_FEATURE];
  return isObject(threads) && typeof threads[`${channel}:${threadTs}`] === 'string';
}

function rememberThread(store: Store, team: string, channel: string, threadTs: string, at: Date): Promise<void> {
  return store.update(team, (ws) => {
    const threads = isObject(ws[THREADS_FEATURE]) ? (ws[THREADS_FEATURE] as Record<string, unknown>) : (ws[THREADS_FEATURE] = {});
    const key = `${channel}:${threadTs}`;
    delete threads[key];
    threads[key] = at.toISOString();
    const keys = Object.keys(threads);
    for (let i = 0; i < keys.length - MAX_THREADS; i++) delete threads[keys[i]!];
  });
}
