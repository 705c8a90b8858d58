import { pino, type Logger } from 'pino';

/** Structured logs to stderr, so stdout stays the shell's replies. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'sellerdesk' } }, pino.destination({ fd: 2, sync: true }));
}

export const silentLogger: Logger = pino({ level: 'silent' });
