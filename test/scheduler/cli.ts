import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain, type MainRun } from '../support/run-main.js';

/** One printed ping of `sellerdesk tick --json`. */
export interface PingLine {
  itemId: string | null;
  deadline: string;
  slot: string;
  channel: string;
  workspace: string;
  text: string;
}

/**
 * The sellerdesk program run in this process over one data file, as a script runs it: each call
 * is one invocation with its own --now (the store is opened and closed every time).
 */
export class Cli {
  readonly dir = mkdtempSync(join(tmpdir(), 'sellerdesk-pings-'));
  readonly db = join(this.dir, 'db.json');

  run(args: string[]): Promise<MainRun> {
    return runMain(['--db', this.db, ...args]);
  }

  /** A command at a time, as someone in a channel (default: local-user in `local`). */
  async cmd(now: string, line: string, who: { user?: string; channel?: string; locale?: string } = {}): Promise<Record<string, unknown>> {
    const extra = [...(who.user ? ['--user', who.user] : []), ...(who.channel ? ['--channel', who.channel] : []), ...(who.locale ? ['--locale', who.locale] : [])];
    const r = await this.run(['--json', '--now', now, ...extra, line]);
    const reply = JSON.parse(r.out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    if (reply.ok !== true && !line.startsWith('/settings pings') && !line.startsWith('/settings digest')) {
      throw new Error(`${line} failed: ${r.out}${r.err}`);
    }
    return reply;
  }

  /** `sellerdesk tick --now <now> --json`: the pings it sent. */
  async tick(now: string): Promise<PingLine[]> {
    const r = await this.run(['--json', '--now', now, 'tick']);
    if (r.code !== 0) throw new Error(`tick failed (${r.code}): ${r.err}`);
    return r.out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as PingLine);
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `#1 due 2wd` for compact expectations. */
export function brief(p: PingLine): string {
  return p.itemId ? `#${p.itemId} ${p.deadline} ${p.slot}` : `${p.channel} ${p.deadline}`;
}
