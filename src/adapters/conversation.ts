import type { Logger } from '../log.js';
import type { Core } from '../core/dispatch.js';
import type { Caller, Reply } from '../core/types.js';
import { detectLanguage, loadScriptTables } from '../i18n/detect.js';
import { createCtx } from '../core/context.js';
import { para, withInline, withoutPrivateButtons } from '../core/reply.js';
import { commandLines, withCommandLines } from '../core/command-line.js';
import { boundedCache, type BoundedCache } from '../cache.js';
import { MAX_INPUT_LENGTH } from '../core/tokenize.js';

/**
 * The conversational way in, shared by the Slack and Discord adapters: a question asked in a mention,
 * a DM or a thread becomes the same `/howto` Invocation as the slash command (same ranking, tiers and
 * rendering), in the asker's own language setting, else the language the question is written in.
 * Platform retries of one event are answered once; a person (or a loop) asking too fast in one
 * channel, or a flood in one channel, is not answered until the window has room again.
 */
export interface RateLimits {
  /** Questions one person may ask in one channel per window. */
  perUser: number;
  /** Questions one channel may get answered per window. */
  perChannel: number;
  windowMs: number;
}

const DEFAULT_RATE_LIMITS: RateLimits = { perUser: 5, perChannel: 20, windowMs: 60_000 };

/** Sliding-window counters per key, bounded in size. */
class RateLimiter {
  private readonly hits: BoundedCache<string, number[]>;
  constructor(
    private readonly limits: RateLimits = DEFAULT_RATE_LIMITS,
    private readonly now: () => number = Date.now,
    maxKeys = 10_000,
  ) {
    this.hits = boundedCache(maxKeys);
  }

  /** Counts a question; false when the person or the channel is over its limit (nothing is counted then). */
  allow(workspace: string, channel: string, user: string): boolean {
    const t = this.now();
    const userKey = `u\u0000${workspace}\u0000${channel}\u0000${user}`;
    const channelKey = `c\u0000${workspace}\u0000${channel}`;
    const u = this.recent(userKey, t);
    const c = this.recent(channelKey, t);
    if (u.length >= this.limits.perUser || c.length >= this.limits.perChannel) return false;
    this.hits.set(userKey, [...u, t]);
    this.hits.set(channelKey, [...c, t]);
    return true;
  }

  private recent(key: string, t: number): number[] {
    return (this.hits.get(key) ?? []).filter((at) => t - at < this.limits.windowMs);
  }
}

/** Keys seen recently (event ids, message ids), so a retried event is handled once. */
class SeenEvents {
  private readonly seen: BoundedCache<string, number>;
  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 60 * 60_000,
    max = 20_000,
  ) {
    this.seen = boundedCache(max);
  }

  /** True the first time any of the keys is seen (all are remembered then); false for a repeat. */
  first(...keys: (string | undefined)[]): boolean {
    const t = this.now();
    const ks = keys.filter((k): k is string => Boolean(k));
    if (ks.some((k) => {
      const at = this.seen.get(k);
      return at !== undefined && t - at < this.ttlMs;
    })) return false;
    for (const k of ks) this.seen.set(k, t);
    return true;
  }
}

export interface ConversationOptions {
  core: Core;
  log: Logger;
  now?: (() => number) | undefined;
  limits?: RateLimits | undefined;
}

/** What an adapter hands over: who asked where, and the question with the bot's mention removed. */
export interface Question {
  caller: Caller;
  text: string;
  /** Asked in a DM (or Slack's assistant panel): only the asker reads the answer. */
  direct?: boolean | undefined;
  /**
   * The platform can show a message in a channel to the asker alone (Slack's chat.postEphemeral).
   * Without it (Discord: a message reply cannot be ephemeral), a reply for the asker's eyes only
   * asked in a channel is not posted: a note points to the slash command instead.
   */
  whisper?: boolean | undefined;
}

export class Conversation {
  readonly seen: SeenEvents;
  private readonly limiter: RateLimiter;

  constructor(private readonly opts: ConversationOptions) {
    const now = opts.now ?? Date.now;
    this.seen = new SeenEvents(now);
    this.limiter = new RateLimiter(opts.limits ?? DEFAULT_RATE_LIMITS, now);
  }

  /**
   * The reply to a question, or undefined when it is not to be answered (over the rate limit). The
   * reply is posted where it was asked, so it is not ephemeral, and has no button meant for a
   * private answer (Share in channel). A reply for the asker alone (`askerOnly`: the gaps list)
   * asked in a channel is ephemeral where the platform can whisper, else a note naming the slash
   * command that shows it privately; in a DM it is posted as any answer.
   */
  async answer(q: Question): Promise<Reply | undefined> {
    const { caller } = q;
    if (!this.limiter.allow(caller.workspace, caller.channel, caller.user)) {
      this.opts.log.warn({ workspace: caller.workspace, channel: caller.channel, user: caller.user }, 'conversation: over the rate limit, not answered');
      return undefined;
    }
    const question = q.text.trim();
    const textLocale = question ? detectLanguage(question, await loadScriptTables()) : undefined;
    const asker: Caller = { ...caller, ...(textLocale ? { textLocale } : {}) };
    if (!question) {
      const ctx = createCtx(this.opts.core.services, asker);
      return { blocks: [{ type: 'paragraph', text: ctx.t('conversation.empty') }], locale: ctx.locale, data: { entryId: null, alternatives: [] } };
    }
    // A pasted e-mail or log with a question in it: asked for the question alone, in the words of a
    // message (the command's "a command takes at most …" and its usage line do not fit a chat).
    if (question.length > MAX_INPUT_LENGTH) {
      const ctx = createCtx(this.opts.core.services, asker);
      const text = ctx.t('conversation.tooLong', { length: question.length, max: MAX_INPUT_LENGTH });
      return { blocks: [{ type: 'paragraph', text }], locale: ctx.locale, data: { entryId: null, alternatives: [], message: 'tooLong' } };
    }
    // Asked in a channel, the answer is posted for everyone there: the question is no private one (src/knowledge/gaps.ts).
    const reply = await this.opts.core.dispatch({ ...asker, ...(q.direct ? {} : { publicly: true }), command: 'howto', options: { question } });
    if (reply.askerOnly && !q.direct) {
      if (q.whisper) return { ...reply, blocks: withoutPrivateButtons(reply.blocks), ephemeral: true, replaceOriginal: false };
      return this.privateNote(asker, reply.locale);
    }
    return { ...reply, blocks: withoutPrivateButtons(reply.blocks), ephemeral: false, replaceOriginal: false };
  }

  /** Why the gaps list is not posted here, and the command that shows it to the asker alone, as their platform writes it. */
  private privateNote(asker: Caller, locale: Reply['locale']): Reply {
    const { core } = this.opts;
    const ctx = createCtx(core.services, asker, locale);
    const note: Reply = {
      blocks: [para(withInline(ctx.t, 'conversation.gapsPrivate', {}, 'command', { code: '/howto-gaps' }))],
      locale: ctx.locale,
      ephemeral: false,
      replaceOriginal: false,
      data: { entryId: null, alternatives: [], message: 'gapsPrivate' },
    };
    return asker.commandSyntax === 'discord' ? withCommandLines(note, commandLines(core.commands, ctx.t)) : note;
  }
}
