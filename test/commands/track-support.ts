import { expect } from 'vitest';
import { testBot, type TestBot } from '../support/app.js';
import type { Caller, Reply } from '../../src/core/types.js';

export interface DeadlineJson {
  key: string;
  due: string;
  hard: boolean;
  timed: boolean;
  kind: string;
  met: boolean;
  overdue: boolean;
  workingDaysLeft: number;
  entry: string | null;
}

export interface ItemJson {
  id: string;
  template: string;
  title: string;
  status: string;
  channel: string;
  assignee: string | null;
  deadlines: DeadlineJson[];
  events: { key: string; day?: string; at?: string; outcome?: string }[];
}

/** A bot at Monday 2026-11-23 09:00 in Shanghai (the workspace default zone). */
export function bot(now = '2026-11-23T09:00:00+08:00'): TestBot {
  return testBot({ now });
}

/** Runs a command that must succeed; returns its reply. */
export async function ok(b: TestBot, line: string, who: Partial<Caller> = {}): Promise<Reply> {
  const r = await b.run(line, who);
  expect(r.error, `${line}: ${r.error?.message}`).toBeUndefined();
  return r;
}

/** Runs a command that must fail; returns the error code and message. */
export async function fails(b: TestBot, line: string, who: Partial<Caller> = {}): Promise<{ code: string; message: string; text: string }> {
  const r = await b.run(line, who);
  expect(r.error, `${line} should fail`).toBeDefined();
  return { code: r.error!.code, message: r.error!.message, text: b.text(r) };
}

export function item(r: Reply): ItemJson {
  const i = r.data?.item as ItemJson | undefined;
  expect(i).toBeDefined();
  return i!;
}

export function deadline(r: Reply, key: string): DeadlineJson {
  const d = item(r).deadlines.find((x) => x.key === key);
  expect(d, `deadline ${key}`).toBeDefined();
  return d!;
}
