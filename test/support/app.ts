import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { renderText } from '../../src/core/render-text.js';
import type { Core } from '../../src/core/dispatch.js';
import type { Caller, Reply } from '../../src/core/types.js';
import type { Store } from '../../src/store/types.js';

export interface TestBot {
  core: Core;
  store: Store;
  /** Sets the injected clock. */
  setNow(iso: string): void;
  /** Runs `/command text` as the given caller and returns the reply. */
  run(line: string, who?: Partial<Caller>): Promise<Reply>;
  /** Presses a button. */
  press(actionId: string, value: string, who?: Partial<Caller>): Promise<Reply>;
  text(reply: Reply): string;
}

export const DEFAULT_CALLER: Caller = { platform: 'shell', workspace: 'w1', channel: 'c1', user: 'u1', isAdmin: false };

/** The real command core over an in-memory store and a settable clock. */
export function testBot(opts: { now?: string; store?: Store; env?: NodeJS.ProcessEnv } = {}): TestBot {
  let now = new Date(opts.now ?? '2026-11-23T09:00:00+08:00');
  const store = opts.store ?? new MemoryStore();
  const core = createApp({ config: loadConfig(opts.env ?? {}), store, log: silentLogger, clock: () => new Date(now.getTime()) });
  return {
    core,
    store,
    setNow: (iso) => {
      now = new Date(iso);
    },
    run: (line, who = {}) => {
      const m = /^\/?(\S+)\s*([\s\S]*)$/.exec(line.trim());
      return core.dispatch({ ...DEFAULT_CALLER, ...who, command: m?.[1] ?? '', text: m?.[2] ?? '' });
    },
    press: (actionId, value, who = {}) => core.action({ ...DEFAULT_CALLER, ...who, actionId, value }),
    text: (r) => renderText(r),
  };
}
