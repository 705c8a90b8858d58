import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call as the fake received it (object fields such as blocks decoded from JSON). */
export interface SlackCall {
  method: string;
  params: Record<string, unknown>;
  token: string | undefined;
  /** When the request had fully arrived (Date.now()). */
  at: number;
}

/** One POST to a response_url (respond()). */
export interface SlackResponse {
  id: string;
  body: Record<string, unknown>;
}

export interface FakeUser {
  id: string;
  locale?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  name?: string;
  display_name?: string;
}

export interface PostedMessage {
  ts: string;
  channel: string;
  text: string;
  blocks: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> } | undefined;
}

type Handler = (params: Record<string, unknown>, call: SlackCall) => { status?: number; headers?: Record<string, string>; body: unknown };

/**
 * A recording fake of Slack's Web API on 127.0.0.1: every call is kept in `calls`; users.info
 * answers from `users`; chat.postMessage stores messages per channel (conversations.history returns
 * them newest first, with metadata); channels in `channelErrors` refuse posts; `rateLimits` queues
 * 429 answers with a Retry-After; `/respond/<id>` records respond() payloads.
 */
export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  readonly responses: SlackResponse[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly messages = new Map<string, PostedMessage[]>();
  readonly channelErrors = new Map<string, string>();
  /** Retry-After seconds for the next chat.postMessage calls, one per call. */
  readonly rateLimits: number[] = [];
  /** Overrides per method. */
  readonly handlers = new Map<string, Handler>();
  /** How long each Web API call waits before it is answered (Slack's own time to answer), ms. */
  latencyMs = 0;
  /** What apps.connections.open returns (Socket Mode). */
  socketUrl: string | undefined;
  private waiters: (() => void)[] = [];
  private seq = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeSlackApi> {
    const server = createServer();
    const fake = new FakeSlackApi(server);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(id: string): SlackResponse[] {
    return this.responses.filter((r) => r.id === id);
  }

  /** Resolves when the predicate holds (checked after each request), or rejects after ms. */
  async waitFor(predicate: () => boolean, ms = 5000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('FakeSlackApi.waitFor timed out')), ms);
      const check = () => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const at = Date.now();
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', this.url).pathname;
    if (path.startsWith('/respond/')) {
      this.responses.push({ id: path.slice('/respond/'.length), body: JSON.parse(raw || '{}') as Record<string, unknown> });
      this.send(res, 200, { 'content-type': 'text/plain' }, 'ok');
      return;
    }
    const method = path.replace(/^\/api\//, '');
    const params = decodeParams(raw, String(req.headers['content-type'] ?? ''));
    const auth = req.headers.authorization;
    const call: SlackCall = { method, params, token: auth?.startsWith('Bearer ') ? auth.slice(7) : undefined, at };
    this.calls.push(call);
    const answer = this.handlers.get(method)?.(params, call) ?? this.answer(method, params);
    const reply = () => this.send(res, answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers }, JSON.stringify(answer.body));
    if (this.latencyMs > 0) setTimeout(reply, this.latencyMs);
    else reply();
  }

  private send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
    res.writeHead(status, headers).end(body);
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  private answer(method: string, p: Record<string, unknown>): { status?: number; headers?: Record<string, string>; body: unknown } {
    switch (method) {
      case 'auth.test':
        return { body: { ok: true, url: 'https://example.slack.com/', team: 'Example', user: 'sellerdesk', team_id: 'T0TEAM1', user_id: 'U0BOT', bot_id: 'B0BOT' } };
      case 'users.info': {
        const u = this.users.get(String(p.user));
        if (!u) return { body: { ok: false, error: 'user_not_found' } };
        return {
          body: {
            ok: true,
            user: {
              id: u.id,
              name: u.name ?? u.id.toLowerCase(),
              is_admin: u.is_admin ?? false,
              is_owner: u.is_owner ?? false,
              ...(p.include_locale === 'true' || p.include_locale === true ? { locale: u.locale ?? 'en-US' } : {}),
              profile: { display_name: u.display_name ?? '' },
            },
          },
        };
      }
      case 'chat.postMessage': {
        const channel = String(p.channel);
        const error = this.channelErrors.get(channel);
        if (error) return { body: { ok: false, error } };
        const wait = this.rateLimits.shift();
        if (wait !== undefined) return { status: 429, headers: { 'retry-after': String(wait) }, body: { ok: false, error: 'ratelimited' } };
        const ts = `1700000000.${String(++this.seq).padStart(6, '0')}`;
        const msg: PostedMessage = {
          ts,
          channel,
          text: String(p.text ?? ''),
          blocks: p.blocks,
          metadata: p.metadata as PostedMessage['metadata'],
        };
        const list = this.messages.get(channel) ?? [];
        list.push(msg);
        this.messages.set(channel, list);
        return { body: { ok: true, channel, ts, message: { type: 'message', text: msg.text, ts } } };
      }
      case 'chat.postEphemeral': {
        const channel = String(p.channel);
        const error = this.channelErrors.get(channel);
        if (error) return { body: { ok: false, error } };
        return { body: { ok: true, message_ts: `1700000000.${String(++this.seq).padStart(6, '0')}` } };
      }
      case 'conversations.history': {
        const channel = String(p.channel);
        const error = this.channelErrors.get(channel);
        if (error) return { body: { ok: false, error } };
        const withMeta = p.include_all_metadata === 'true' || p.include_all_metadata === true;
        const all = [...(this.messages.get(channel) ?? [])].reverse();
        const start = p.cursor ? Number(p.cursor) : 0;
        const limit = Number(p.limit ?? 100);
        const page = all.slice(start, start + limit).map((m) => ({
          type: 'message',
          ts: m.ts,
          text: m.text,
          ...(withMeta && m.metadata ? { metadata: m.metadata } : {}),
        }));
        const next = start + limit < all.length ? String(start + limit) : '';
        return { body: { ok: true, messages: page, has_more: next !== '', response_metadata: { next_cursor: next } } };
      }
      case 'assistant.threads.setSuggestedPrompts':
      case 'assistant.threads.setStatus':
      case 'assistant.threads.setTitle':
        return { body: { ok: true } };
      case 'apps.connections.open':
        return this.socketUrl ? { body: { ok: true, url: this.socketUrl } } : { body: { ok: false, error: 'invalid_auth' } };
      default:
        return { body: { ok: false, error: 'unknown_method' } };
    }
  }
}

function decodeParams(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = (k === 'blocks' || k === 'metadata' || k === 'attachments') && /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}
