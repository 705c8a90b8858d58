import { dirname, join, resolve } from 'node:path';
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger } from './log.js';
import { LowdbStore } from './store/lowdb-store.js';
import { StoreError, DefinitionError } from './core/errors.js';
import { createApp } from './app.js';
import { startHealthServer } from './health.js';
import { ArgsError, parseShellArgs } from './adapters/shell/args.js';
import { Shell, runInteractive, runLines, runOneShot } from './adapters/shell/index.js';
import { chatConfigured, startChatAdapters, stopChatAdapters, ChatStartError, type ChatAdapter } from './adapters/chat.js';
import type { Store } from './store/types.js';
import { ObservedStore, runTick, startScheduler } from './scheduler/index.js';

export interface MainIO {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Chat mode stops when this aborts (embedding, tests); SIGINT and SIGTERM always stop it. */
  signal?: AbortSignal | undefined;
}

/** Chat adapters that are running; stopped on SIGINT/SIGTERM before the store is flushed. */
export interface Running {
  stop(): Promise<void>;
}

/** Starts sellerdesk; resolves with the process exit code. */
export async function main(io: MainIO): Promise<number> {
  if (io.argv[0] === 'migrate' || io.argv[0] === 'export') {
    const { runMoveCommand } = await import('./store/pg-move.js');
    return runMoveCommand(io.argv[0], io.argv.slice(1), io);
  }
  let args;
  let config: Config;
  try {
    args = parseShellArgs(io.argv);
    config = loadConfig(io.env);
  } catch (err) {
    if (err instanceof ArgsError || err instanceof ConfigError) {
      io.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const oneShot = args.positionals.length > 0;
  const interactive = !oneShot && io.stdin.isTTY === true;
  const log = createLogger(config.LOG_LEVEL ?? (chatConfigured(config) && !oneShot ? 'info' : 'warn'));
  const dataFile = args.db ?? config.dataFile;

  let store: Store;
  try {
    store = await openStore(config, args.db);
  } catch (err) {
    if (err instanceof StoreError) {
      io.stderr.write(`sellerdesk: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  let core;
  try {
    // Commands write through the observed store, so the deadline scheduler hears of every change.
    store = new ObservedStore(store);
    core = createApp({ config, store, log, ...(args.now ? { clock: fixedClock(args.now) } : {}) });
  } catch (err) {
    if (err instanceof DefinitionError) {
      io.stderr.write(`sellerdesk: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  const shell = new Shell(core, args, io.stdout);
  let running: Running | undefined;
  let stopped: Promise<void> | undefined;
  const stopAll = () =>
    (stopped ??= (async () => {
      await running?.stop();
      await store.close();
    })());
  // Chat mode (a chat platform is configured and no command was given on the command line): the
  // configured adapters run in this one process over the one core and store until a signal.
  const chatMode = !oneShot && chatConfigured(config);
  let chatStop: (() => void) | undefined;
  const chatDone = chatMode ? new Promise<void>((resolve) => (chatStop = resolve)) : undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'stopping');
    if (chatStop) {
      chatStop();
      return;
    }
    void stopAll().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    if (chatMode) {
      let adapters: ChatAdapter[];
      try {
        adapters = await startChatAdapters(core, config, log);
      } catch (err) {
        if (err instanceof ChatStartError) {
          io.stderr.write(`${err.message}\n`);
          return 1;
        }
        throw err;
      }
      // Deadline pings go out through the notifiers of the adapters that run (src/scheduler).
      const scheduler = await startScheduler(core.services, adapters.map((a) => a.notifier));
      let stopping = false;
      const health =
        config.HEALTH_PORT !== undefined
          ? await startHealthServer({
              port: config.HEALTH_PORT,
              host: config.HEALTH_HOST ?? '0.0.0.0',
              checks: {
                store: () => !stopping && (store instanceof ObservedStore && 'ping' in store.inner ? (store.inner as { ping(): Promise<boolean> }).ping() : true),
                ...Object.fromEntries(adapters.map((a) => [a.platform, () => !stopping])),
              },
            })
          : undefined;
      if (health) log.info({ port: health.port }, 'health endpoint listening');
      running = {
        // Graceful: not ready at once (the load balancer drains), the deliveries in flight finish
        // and are recorded, the leases are given back, then the adapters and the store close.
        stop: async () => {
          stopping = true;
          await scheduler.stop();
          await stopChatAdapters(adapters, log);
          await health?.stop();
        },
      };
      if (io.signal?.aborted) chatStop?.();
      io.signal?.addEventListener('abort', () => chatStop?.(), { once: true });
      await chatDone;
      return 0;
    }
    if (args.positionals.length === 1 && args.positionals[0] === 'tick') return await runTick(core.services, io.stdout, args.json);
    if (oneShot) return await runOneShot(shell, args.positionals.join(' '));
    if (!interactive) return await runLines(shell, io.stdin);
    return await runInteractive(shell, core, {
      input: io.stdin,
      output: io.stdout,
      interactive: true,
      historyFile: join(dirname(resolve(dataFile)), '.shell_history'),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopAll();
  }
}

/**
 * The store: PostgreSQL when DATABASE_URL is set (and no --db file is given), else the data file.
 * The database client is loaded only then, so the default start-up does not pay for it.
 */
export async function openStore(config: Config, dbFile?: string): Promise<Store> {
  if (config.DATABASE_URL && dbFile === undefined) {
    const { PgStore } = await import('./store/pg-store.js');
    return PgStore.open(config.DATABASE_URL);
  }
  return LowdbStore.open(dbFile ?? config.dataFile);
}

function fixedClock(at: Date): () => Date {
  const ms = at.getTime();
  return () => new Date(ms);
}

const isEntry = process.argv[1] !== undefined && /(?:sellerdesk(?:\.js)?|main\.js)$/.test(process.argv[1]);
if (isEntry) {
  main({ argv: process.argv.slice(2), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`sellerdesk: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
