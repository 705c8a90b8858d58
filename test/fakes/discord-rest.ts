import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake Discord REST API received. */
export interface RecordedRequest {
  method: string;
  /** Decoded path below the API root, e.g. `/v10/webhooks/1/tok/messages/@original`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface ChannelFailure {
  status: number;
  code?: number;
  /** For 429: seconds, as Discord's retry_after. */
  retryAfter?: number;
}

type Body = Record<string, unknown>;

/**
 * A recording stand-in for Discord's REST API on 127.0.0.1: it answers the routes discord.js
 * calls (gateway discovery, interaction callbacks, webhook follow-ups and edits, channel messages,
 * command registration) with well-formed objects and keeps every request for assertions.
 * Channel messages honour `enforce_nonce` as Discord does: the same nonce returns the first message.
 */
export class FakeDiscordRest {
  readonly requests: RecordedRequest[] = [];
  /** Channel messages created (a repeated enforce_nonce post creates none). */
  readonly created: Body[] = [];
  private waiters: { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] = [];
  private readonly failures = new Map<string, ChannelFailure>();
  private readonly byNonce = new Map<string, Body>();
  private nextId = 0n;
  gatewayUrl = 'ws://127.0.0.1:1';

  private constructor(
    private readonly server: Server,
    readonly botUser: Body,
  ) {}

  /** `http://127.0.0.1:<port>/api`: the value for DISCORD_API_URL. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  static async start(botUser: Body): Promise<FakeDiscordRest> {
    const server = createServer();
    const fake = new FakeDiscordRest(server, botUser);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const path = decodeURIComponent(url.pathname.replace(/^\/api/, ''));
        let body: unknown = raw;
        if ((req.headers['content-type'] ?? '').includes('application/json') && raw) body = JSON.parse(raw) as unknown;
        const rec: RecordedRequest = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body };
        const answer = fake.route(rec);
        fake.requests.push(rec);
        if (answer.status === 204) {
          res.writeHead(204).end();
        } else {
          res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) }).end(JSON.stringify(answer.body));
        }
        fake.waiters = fake.waiters.filter((w) => {
          if (!w.match(rec)) return true;
          w.resolve(rec);
          return false;
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** Resolves with the first request (already received or still to come) that matches. */
  waitFor(match: (r: RecordedRequest) => boolean, timeoutMs = 15_000, after = 0): Promise<RecordedRequest> {
    const seen = this.requests.slice(after).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching Discord REST request within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  /** Every request for one interaction (its callback and its webhook calls), in order. */
  forInteraction(id: string, token: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(`/interactions/${id}/${token}/`) || r.path.includes(`/${token}`));
  }

  /** Makes posting to a channel fail as Discord would (404 unknown channel, 403, 429). */
  failChannel(channelId: string, failure: ChannelFailure | undefined): void {
    if (failure) this.failures.set(channelId, failure);
    else this.failures.delete(channelId);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private snowflake(): string {
    this.nextId += 1n;
    return String(1_300_000_000_000_000_000n + this.nextId);
  }

  private message(channelId: string, body: Body): Body {
    return {
      id: this.snowflake(),
      channel_id: channelId,
      author: this.botUser,
      content: body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      type: 0,
      flags: body.flags ?? 0,
      ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
    };
  }

  private route(r: RecordedRequest): { status: number; body?: unknown; headers?: Record<string, string> } {
    const body = (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Body;
    const p = r.path;
    let m: RegExpExecArray | null;
    if (r.method === 'GET' && p === '/v10/gateway/bot') {
      return {
        status: 200,
        body: { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } },
      };
    }
    if (r.method === 'POST' && /^\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(p)) return { status: 204 };
    if ((m = /^\/v10\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(.+))?$/.exec(p))) {
      if (r.method === 'DELETE') return { status: 204 };
      if (r.method === 'POST' || r.method === 'PATCH' || r.method === 'GET') return { status: 200, body: this.message('1', body) };
    }
    if ((m = /^\/v10\/channels\/(\d+)\/messages$/.exec(p)) && r.method === 'POST') {
      const channel = m[1]!;
      const failure = this.failures.get(channel);
      if (failure?.status === 429) {
        const retryAfter = failure.retryAfter ?? 1;
        return {
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
          headers: { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' },
        };
      }
      if (failure) return { status: failure.status, body: { message: 'refused by the fake', code: failure.code ?? 0 } };
      const nonce = typeof body.nonce === 'string' ? `${channel}:${body.nonce}` : undefined;
      if (nonce && body.enforce_nonce === true && this.byNonce.has(nonce)) return { status: 200, body: this.byNonce.get(nonce) };
      const msg = this.message(channel, body);
      if (nonce) this.byNonce.set(nonce, msg);
      this.created.push({ ...msg, nonce: body.nonce });
      return { status: 200, body: msg };
    }
    if ((m = /^\/v10\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(p)) && r.method === 'PUT') {
      const list = Array.isArray(r.body) ? (r.body as Body[]) : [];
      return {
        status: 200,
        body: list.map((c) => ({ ...c, id: this.snowflake(), application_id: m![1], version: this.snowflake(), ...(m![2] ? { guild_id: m![2] } : {}) })),
      };
    }
    return { status: 404, body: { message: `fake Discord: no route for ${r.method} ${p}`, code: 0 } };
  }
}
