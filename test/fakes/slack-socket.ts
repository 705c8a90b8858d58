import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/**
 * A stand-in for Slack's Socket Mode server on 127.0.0.1: says hello to each connection, sends
 * envelopes on demand, and resolves each send with the client's acknowledgement (same envelope_id).
 */
export class FakeSlackSocket {
  private socket: WebSocket | undefined;
  private connected: (() => void)[] = [];
  private pending = new Map<string, (ack: SocketAck) => void>();

  private constructor(private readonly wss: WebSocketServer) {}

  static async start(): Promise<FakeSlackSocket> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const fake = new FakeSlackSocket(wss);
    wss.on('connection', (ws) => fake.accept(ws));
    return fake;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/link/?ticket=fake`;
  }

  whenConnected(): Promise<void> {
    if (this.socket) return Promise.resolve();
    return new Promise((resolve) => this.connected.push(resolve));
  }

  /** Sends an envelope and resolves with the client's ack. */
  send(type: string, payload: Record<string, unknown>, acceptsResponsePayload = true): Promise<SocketAck> {
    if (!this.socket) throw new Error('no client is connected to the fake Socket Mode server');
    const envelope_id = randomUUID();
    const acked = new Promise<SocketAck>((resolve) => this.pending.set(envelope_id, resolve));
    this.socket.send(JSON.stringify({ envelope_id, type, accepts_response_payload: acceptsResponsePayload, payload }));
    return acked;
  }

  close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    this.socket = ws;
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as SocketAck;
      const done = this.pending.get(msg.envelope_id);
      if (done) {
        this.pending.delete(msg.envelope_id);
        done(msg);
      }
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0APP' } }));
    for (const c of this.connected.splice(0)) c();
  }
}
