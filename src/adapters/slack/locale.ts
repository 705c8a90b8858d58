import type { Logger } from '../../log.js';
import type { SlackPerson } from './inbound.js';
import type { Reply } from '../../core/types.js';
import { typedMentionIds } from '../typed-mentions.js';
import { isSlackUserId } from './text.js';
import { boundedCache, type BoundedCache } from '../../cache.js';

/** The part of users.info (with include_locale) that sellerdesk reads. */
export interface SlackUserInfo {
  locale?: string | undefined;
  is_admin?: boolean | undefined;
  is_owner?: boolean | undefined;
  is_primary_owner?: boolean | undefined;
  name?: string | undefined;
  real_name?: string | undefined;
  profile?: { display_name?: string | undefined; real_name?: string | undefined } | undefined;
}

/** Calls users.info for one user of one team; throws when Slack refuses. */
export type UsersInfo = (team: string, user: string) => Promise<SlackUserInfo | undefined>;

export interface DirectoryOptions {
  usersInfo: UsersInfo;
  log: Logger;
  /** Wall clock in ms (the cache's TTL). */
  now?: () => number;
  /** How long a user's locale and admin flag are trusted. Default 15 minutes. */
  ttlMs?: number;
  /** How long a failed lookup is not retried (the command goes on without a locale). Default 1 minute. */
  failureTtlMs?: number;
  maxEntries?: number;
}

interface Entry {
  at: number;
  ttl: number;
  person: Promise<SlackPerson | undefined>;
}

/**
 * Who a Slack user is, for the language of replies and the admin rules: users.info with
 * include_locale, cached per team and user so a command costs at most one lookup every TTL.
 * Concurrent commands of one user share one request. A failed lookup yields undefined (the reply
 * falls back to the workspace default language) and is retried after failureTtlMs.
 */
export class UserDirectory {
  private readonly cache: BoundedCache<string, Entry>;
  private readonly now: () => number;
  private readonly ttl: number;
  private readonly failureTtl: number;

  constructor(private readonly opts: DirectoryOptions) {
    this.now = opts.now ?? Date.now;
    this.ttl = opts.ttlMs ?? 15 * 60_000;
    this.failureTtl = opts.failureTtlMs ?? 60_000;
    this.cache = boundedCache(opts.maxEntries ?? 10_000);
  }

  lookup(team: string, user: string): Promise<SlackPerson | undefined> {
    const key = `${team}\u0000${user}`;
    const hit = this.cache.get(key);
    const now = this.now();
    if (hit && now - hit.at < hit.ttl) return hit.person;
    const entry: Entry = { at: now, ttl: this.ttl, person: this.fetch(team, user) };
    entry.person = entry.person.then((p) => {
      if (!p) entry.ttl = this.failureTtl;
      return p;
    });
    this.cache.set(key, entry);
    return entry.person;
  }

  /** Forget everything (tests, or after a token change). */
  clear(): void {
    this.cache.clear();
  }

  private async fetch(team: string, user: string): Promise<SlackPerson | undefined> {
    try {
      const info = await this.opts.usersInfo(team, user);
      return info ? personOf(info) : undefined;
    } catch (err) {
      this.opts.log.warn({ err: errorSummary(err), team, user }, 'slack users.info failed; answering without the user locale');
      return undefined;
    }
  }
}

/**
 * Display names for the people typed into a reply's titles and notes (`<@U123>`), through the
 * directory's cache; an unknown or failed lookup leaves the id out (the renderer writes a neutral label).
 */
export async function typedNames(directory: Pick<UserDirectory, 'lookup'>, team: string, reply: Reply): Promise<(id: string) => string | undefined> {
  const names = new Map<string, string>();
  const ids = typedMentionIds(reply).filter(isSlackUserId).slice(0, 20);
  await Promise.all(
    ids.map(async (id) => {
      const person = await directory.lookup(team, id);
      if (person?.name) names.set(id, person.name);
    }),
  );
  return (id) => names.get(id);
}

export function personOf(info: SlackUserInfo): SlackPerson {
  return {
    locale: info.locale || undefined,
    isAdmin: info.is_admin === true || info.is_owner === true || info.is_primary_owner === true,
    name: info.profile?.display_name || info.profile?.real_name || info.real_name || info.name || undefined,
  };
}

/** A short description of a Web API error for the logs (never the token). */
export function errorSummary(err: unknown): { code?: string; message: string } {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; data?: { error?: unknown } };
    const detail = typeof e.data?.error === 'string' ? e.data.error : undefined;
    const message = detail ?? String(e.message ?? err);
    return typeof e.code === 'string' ? { code: e.code, message } : { message };
  }
  return { message: String(err) };
}
