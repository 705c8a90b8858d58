import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../log.js';
import type { App, HTTPReceiver, Receiver } from '@slack/bolt';

export const EVENTS_PATH = '/slack/events';

export interface FreshReceiverOptions {
  log: Logger;
  /** Wall clock in ms. */
  now?: () => number;
  /** How far a request's timestamp may be from now, either way. Default 300 s (Slack's 5 minutes). */
  windowSeconds?: number;
}

/**
 * Bolt's HTTP receiver behind a replay-window check. Bolt verifies the signature and refuses a
 * timestamp older than 5 minutes, but accepts one from the future, so a captured request signed with
 * a future timestamp could be replayed for as long as the attacker chose. The signature covers the
 * timestamp, so checking the header here closes that window: more than 5 minutes old or ahead → 401.
 * Also answers GET /healthz for load balancers.
 */
export class FreshHTTPReceiver implements Receiver {
  private server: Server | undefined;
  private readonly now: () => number;
  private readonly window: number;

  constructor(
    private readonly inner: HTTPReceiver,
    private readonly opts: FreshReceiverOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.window = opts.windowSeconds ?? 300;
  }

  init(app: App): void {
    this.inner.init(app);
  }

  /** Listens on port (0: any free port) and host (undefined: every interface). */
  start(port: number, host?: string): Promise<Server> {
    if (this.server) return Promise.reject(new Error('the Slack HTTP receiver is already started'));
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  /** The bound port (after start). */
  get port(): number | undefined {
    const a = this.server?.address();
    return a && typeof a === 'object' ? (a as AddressInfo).port : undefined;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (req.method !== 'POST' || path !== EVENTS_PATH) {
      res.writeHead(404).end();
      return;
    }
    const header = req.headers['x-slack-request-timestamp'];
    const ts = typeof header === 'string' && /^\d{1,12}$/.test(header) ? Number(header) : NaN;
    if (!Number.isFinite(ts) || Math.abs(this.now() / 1000 - ts) > this.window) {
      this.opts.log.warn({ timestamp: header ?? null, remote: req.socket.remoteAddress }, 'slack request refused: timestamp missing or outside the 5-minute window');
      req.resume();
      res.writeHead(401).end();
      return;
    }
    try {
      this.inner.requestListener(req, res);
    } catch (err) {
      this.opts.log.warn({ err }, 'slack request not handled');
      if (!res.headersSent) res.writeHead(404).end();
    }
  }
}
