import type { Client } from 'pg';
import type { Logger } from '../log.js';

/**
 * One holder among replicas, chosen through the database: a session-level advisory lock held on a
 * connection of its own. The holder's death closes that connection and PostgreSQL releases the lock
 * at once (TCP keepalives, set short per session, cover a vanished machine); the other replicas
 * try for it every `pollMs`, so one of them takes over within seconds. A holder that can no longer
 * reach the database steps down first (its check fails before the server gives the lock away).
 *
 * Used for the Discord gateway: Discord wants one connection per bot (per shard).
 */
export interface LeaderOptions {
  url: string;
  /** The advisory lock's key (a 32-bit integer). */
  key: number;
  log: Logger;
  name: string;
  /** How often a follower tries, and the holder checks its connection. Default 2 s. */
  pollMs?: number | undefined;
  /** Becomes the holder: start what only one replica may run. A throw gives the lock back. */
  onAcquire: () => Promise<void>;
  /** No longer the holder (lost the connection, or stopping): stop it. */
  onLose: () => Promise<void>;
}

export class PgLeader {
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private busy = false;
  leader = false;

  constructor(private readonly opts: LeaderOptions) {}

  start(): void {
    void this.step();
    this.timer = setInterval(() => void this.step(), this.opts.pollMs ?? 2_000);
    this.timer.unref();
  }

  private async connect(): Promise<Client> {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: this.opts.url, keepAlive: true, application_name: `sellerdesk ${this.opts.name}` });
    client.on('error', () => undefined);
    await client.connect();
    // The server notices a vanished holder within ~10 s instead of the system default (hours).
    await client.query('SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3');
    return client;
  }

  private async step(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      if (this.leader) {
        try {
          await this.client!.query('SELECT 1');
        } catch (err) {
          this.opts.log.warn({ err, name: this.opts.name }, 'lost the database connection: stepping down');
          await this.stepDown();
        }
        return;
      }
      this.client ??= await this.connect();
      const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [this.opts.key]);
      if (!rows[0]?.ok || this.stopped) return;
      this.leader = true;
      this.opts.log.info({ name: this.opts.name }, 'holding the lease');
      try {
        await this.opts.onAcquire();
      } catch (err) {
        this.opts.log.error({ err, name: this.opts.name }, 'could not start as the holder; giving the lease back');
        await this.stepDown();
      }
    } catch (err) {
      this.opts.log.warn({ err, name: this.opts.name }, 'could not reach the database for the lease');
      await this.client?.end().catch(() => undefined);
      this.client = undefined;
    } finally {
      this.busy = false;
    }
  }

  private async stepDown(): Promise<void> {
    const was = this.leader;
    this.leader = false;
    if (was) await this.opts.onLose().catch((err: unknown) => this.opts.log.error({ err }, 'could not stop cleanly'));
    // Closing the session gives the lock back.
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 10));
    await this.stepDown();
  }
}

/** The advisory lock key of the Discord gateway. */
export const DISCORD_GATEWAY_LOCK = 0x5e11d15c;
