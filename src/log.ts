import { createRequire } from 'node:module';
import type { Logger as Pino, pino as pinoFn } from 'pino';

/** A log call: fields and a message, or a message alone (pino's calling convention). */
export type LogFn = (fieldsOrMessage: object | string, message?: string) => void;

/** What the app logs through; pino's loggers are ones. */
export interface Logger {
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
const RANK: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * Structured logs to stderr (pino), so stdout stays the shell's replies. pino is loaded on the
 * first line logged at the level or above: a one-shot command that logs nothing never loads it.
 */
class LazyLogger implements Logger {
  private real: Pino | undefined;
  constructor(
    private readonly make: () => Pino,
    private readonly threshold: number,
  ) {}

  private emit(level: Level, a: object | string, b?: string): void {
    if (RANK[level]! < this.threshold) return;
    const real = (this.real ??= this.make());
    if (typeof a === 'string') real[level](a);
    else real[level](a, b);
  }

  fatal: LogFn = (a, b) => this.emit('fatal', a, b);
  error: LogFn = (a, b) => this.emit('error', a, b);
  warn: LogFn = (a, b) => this.emit('warn', a, b);
  info: LogFn = (a, b) => this.emit('info', a, b);
  debug: LogFn = (a, b) => this.emit('debug', a, b);
  trace: LogFn = (a, b) => this.emit('trace', a, b);

  child(bindings: Record<string, unknown>): Logger {
    return new LazyLogger(() => (this.real ??= this.make()).child(bindings), this.threshold);
  }
}

let pinoLib: typeof pinoFn | undefined;
function loadPino(): typeof pinoFn {
  pinoLib ??= (createRequire(import.meta.url)('pino') as { pino: typeof pinoFn }).pino;
  return pinoLib;
}

/** The app's logger at `level` (pino's level names), JSON lines on stderr. */
export function createLogger(level: string): Logger {
  return new LazyLogger(() => {
    const pino = loadPino();
    return pino({ level, base: { app: 'sellerdesk' } }, pino.destination({ fd: 2, sync: true }));
  }, RANK[level] ?? RANK.info!);
}

export const silentLogger: Logger = new LazyLogger(() => loadPino()({ level: 'silent' }), Infinity);
