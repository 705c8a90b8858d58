import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

type Payload = { op: number; d?: unknown; s?: number | null; t?: string | null };

/**
 * A stand-in for Discord's gateway on 127.0.0.1: HELLO on connect, READY in answer to IDENTIFY,
 * heartbeat acks, and INTERACTION_CREATE dispatches on demand. Plain JSON, no compression.
 */
export class FakeDiscordGateway {
  readonly identifies: Record<string, unknown>[] = [];
  private socket: WebSocket | undefined;
  private seq = 0;
  private readyWaiters: (() => void)[] = [];

  private constructor(
    private readonly wss: WebSocketServer,
    private readonly applicationId: string,
    private readonly botUser: Record<string, unknown>,
  ) {}

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  static async start(applicationId: string, botUser: Record<string, unknown>): Promise<FakeDiscordGateway> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const gw = new FakeDiscordGateway(wss, applicationId, botUser);
    wss.on('connection', (ws) => gw.accept(ws));
    return gw;
  }

  /** Resolves once a client has identified and been sent READY. */
  whenReady(): Promise<void> {
    if (this.socket && this.identifies.length) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Sends a raw interaction as an INTERACTION_CREATE dispatch. */
  sendInteraction(raw: unknown): void {
    this.dispatch('INTERACTION_CREATE', raw);
  }

  /** Sends any dispatch (MESSAGE_CREATE, …) with its raw data. */
  sendDispatch(t: string, d: unknown): void {
    this.dispatch(t, d);
  }

  close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    this.socket = ws;
    this.send({ op: 10, d: { heartbeat_interval: 41250 } });
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Payload;
      if (msg.op === 1) this.send({ op: 11 });
      if (msg.op === 2) {
        this.identifies.push(msg.d as Record<string, unknown>);
        this.dispatch('READY', {
          v: 10,
          user: this.botUser,
          guilds: [],
          session_id: 'fake-session',
          resume_gateway_url: this.url,
          application: { id: this.applicationId, flags: 0 },
        });
        for (const w of this.readyWaiters.splice(0)) w();
      }
    });
  }

  private dispatch(t: string, d: unknown): void {
    this.send({ op: 0, s: ++this.seq, t, d });
  }

  private send(p: Payload): void {
    if (!this.socket) throw new Error('no client is connected to the fake gateway');
    this.socket.send(JSON.stringify(p));
  }
}
