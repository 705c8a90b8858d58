import { dirname, join, resolve } from 'node:path';
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger } from './log.js';
import { LowdbStore } from './store/lowdb-store.js';
import { DefinitionError } from './core/errors.js';
import { StoreError } from './store/errors.js';
import { createApp } from './app.js';
import { ArgsError, localeArg, parseShellArgs } from './adapters/shell/args.js';
import { translator } from './i18n/index.js';
import { mapLocale, type Locale } from './i18n/locales.js';
import { projectPath } from './paths.js';
import { fstatSync, readFileSync } from 'node:fs';
import { Shell, runInteractive, runLines, runOneShot, terminalOutput, type TextOutput } from './adapters/shell/index.js';
import { FdOutput } from './adapters/shell/fd-output.js';
import { chatConfigured, startChatAdapters, stopChatAdapters, warmUp, ChatStartError, type ChatAdapter } from './adapters/chat.js';
import type { Store } from './store/types.js';
import type { Timers } from './scheduler/scheduler.js';

export interface MainIO {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  /**
   * Where a one-shot command prints its reply (default: stdout). The CLI passes an FdOutput when
   * its standard output is not a terminal, so that such a start never builds process.stdout.
   */
  replies?: TextOutput | undefined;
  /** Chat mode stops when this aborts (embedding, tests); SIGINT and SIGTERM always stop it. */
  signal?: AbortSignal | undefined;
  /**
   * The clock (default: the system clock; `--now` fixes it). Embedding and tests inject one, with
   * `timers` that follow it, to run chat mode and its deadline pings on a clock they advance.
   */
  clock?: (() => Date) | undefined;
  /** The scheduler's timers (default: setTimeout); injected together with `clock`. */
  timers?: Timers | undefined;
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
  const cliT = translator(cliLocale(localeArg(io.argv), io.env));
  try {
    args = parseShellArgs(io.argv);
  } catch (err) {
    if (err instanceof ArgsError) {
      io.stderr.write(`${cliT('shell.badArgs', { message: err.key ? cliT(err.key, err.vars) : err.message })}\n`);
      return 2;
    }
    throw err;
  }
  if (args.help) {
    io.stdout.write(`${cliT('shell.usage')}\n`);
    return 0;
  }
  if (args.version) {
    io.stdout.write(`sellerdesk ${packageVersion()}\n`);
    return 0;
  }
  try {
    config = loadConfig(io.env);
  } catch (err) {
    if (err instanceof ConfigError) {
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
  const tick = args.positionals.length === 1 && args.positionals[0] === 'tick';
  try {
    // The bot and `tick` read every workspace: load them all now, so a file that cannot be trusted
    // stops start-up. A command reads only its own workspace (and pays only for its data).
    const preload = (chatConfigured(config) && !oneShot) || tick ? 'all' : [args.workspace];
    store = await openStore(config, args.db, { log, preload });
  } catch (err) {
    if (err instanceof StoreError) {
      io.stderr.write(`sellerdesk: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  let core;
  try {
    const clock = args.now ? fixedClock(args.now) : io.clock;
    core = createApp({ config, store, log, ...(clock ? { clock } : {}) });
  } catch (err) {
    if (err instanceof DefinitionError) {
      io.stderr.write(`sellerdesk: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  // Line mode (piped input) separates its replies with a blank line; JSON lines stay one a line.
  const out = (oneShot && io.replies) || io.stdout;
  const shell = new Shell(core, args, out, { ...terminalOutput(out, io.env), separate: !oneShot && !interactive && !args.json });
  let running: Running | undefined;
  let stopped: Promise<void> | undefined;
  let closeFailed = false;
  const stopAll = () =>
    (stopped ??= (async () => {
      await running?.stop();
      try {
        await store.close();
      } catch (err) {
        // The store says what happened and that nothing was lost; no stack trace.
        if (!(err instanceof StoreError)) throw err;
        io.stderr.write(`sellerdesk: ${err.message}\n`);
        closeFailed = true;
      }
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
      // Deadline pings go out through the notifiers of the adapters that run (src/scheduler). The
      // scheduler and the health endpoint (node:http) are loaded only in chat mode and by `tick`:
      // a one-shot command never needs them.
      const { startScheduler } = await import('./scheduler/index.js');
      const { startHealthServer } = await import('./health.js');
      const scheduler = await startScheduler(core.services, adapters.map((a) => a.notifier), io.timers ? { timers: io.timers } : {});
      let stopping = false;
      const health =
        config.HEALTH_PORT !== undefined
          ? await startHealthServer({
              port: config.HEALTH_PORT,
              host: config.HEALTH_HOST ?? '0.0.0.0',
              checks: {
                store: () => !stopping && ('ping' in store ? (store as { ping(): Promise<boolean> }).ping() : true),
                ...Object.fromEntries(adapters.map((a) => [a.platform, () => !stopping])),
              },
            })
          : undefined;
      if (health) log.info({ port: health.port }, 'health endpoint listening');
      // One line that says the whole chat process is up (adapters, scheduler, health endpoint):
      // what an operator, a supervisor or a test waits for.
      log.info({ platforms: adapters.map((a) => a.platform) }, 'sellerdesk ready');
      // What the first question would wait for (the /howto index and its tables), built now: after
      // the ready line, which it does not delay; a question arriving meanwhile shares the build.
      setImmediate(() => {
        if (stopping) return;
        const t0 = performance.now();
        warmUp(core)
          .then(() => log.info({ ms: Math.round(performance.now() - t0) }, 'howto index ready'))
          .catch((err: unknown) => log.warn({ err }, 'could not build the /howto index ahead of the first question'));
      });
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
    let code: number;
    if (tick) {
      const [{ runTick }, { ShellNotifier }] = await Promise.all([import('./scheduler/index.js'), import('./adapters/shell/notifier.js')]);
      code = await runTick(core.services, new ShellNotifier(io.stdout, args.json));
    }
    else if (oneShot) code = await runOneShot(shell, args.positionals.join(' '));
    else if (!interactive) code = await runLines(shell, io.stdin);
    else
      code = await runInteractive(shell, core, {
        input: io.stdin,
        output: io.stdout,
        interactive: true,
        historyFile: join(dirname(resolve(dataFile)), '.shell_history'),
      });
    await stopAll();
    return closeFailed ? 1 : code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopAll();
  }
}

/**
 * The language of the command line's own messages (usage, bad flags): `--locale`, else the
 * environment's (LC_ALL, LC_MESSAGES, LANG, as `zh_TW.UTF-8`), else English.
 */
export function cliLocale(flag: string | undefined, env: NodeJS.ProcessEnv): Locale {
  const fromEnv = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v.trim() !== '' && v !== 'C' && v !== 'POSIX');
  return mapLocale(flag) ?? mapLocale(fromEnv?.split('.')[0]) ?? 'en';
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The store: PostgreSQL when DATABASE_URL is set (and no --db file is given), else the data file.
 * The database client is loaded only then, so the default start-up does not pay for it.
 */
export async function openStore(config: Config, dbFile: string | undefined, file: Parameters<typeof LowdbStore.open>[1]): Promise<Store> {
  if (config.DATABASE_URL && dbFile === undefined) {
    const { PgStore } = await import('./store/pg-store.js');
    return PgStore.open(config.DATABASE_URL);
  }
  return LowdbStore.open(dbFile ?? config.dataFile, file);
}

function fixedClock(at: Date): () => Date {
  const ms = at.getTime();
  return () => new Date(ms);
}

/** Whether `fd` is a pipe, file or socket (not a terminal; node:tty's isatty would load net). */
function outputIsPlain(fd: number): boolean {
  try {
    return !fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}

const isEntry = process.argv[1] !== undefined && /(?:sellerdesk(?:\.js)?|main\.js)$/.test(process.argv[1]);
if (isEntry) {
  main({
    argv: process.argv.slice(2),
    env: process.env,
    // process.stdin is created when first read: a one-shot command never reads it.
    get stdin() {
      return process.stdin;
    },
    // process.stdout and process.stderr are built on first use too (a one-shot command that
    // succeeds with its output not a terminal uses neither).
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    replies: outputIsPlain(1) ? new FdOutput(1, () => process.stdout) : undefined,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`sellerdesk: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
