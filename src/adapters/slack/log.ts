import type { Logger as Pino } from '../../log.js';
import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';

/** Bolt's and the Socket Mode client's logs, into the app's structured logs (pino decides the level). */
export function boltLogger(log: Pino, component = 'slack'): BoltLogger {
  let child = log.child({ component });
  let level = 'info' as LogLevel;
  const write = (lvl: 'debug' | 'info' | 'warn' | 'error', msg: unknown[]) => {
    const err = msg.find((m): m is Error => m instanceof Error);
    const text = msg
      .filter((m) => m !== err)
      .map((m) => (typeof m === 'string' ? m : safeJson(m)))
      .join(' ');
    if (err) child[lvl]({ err }, text || err.message);
    else child[lvl](text);
  };
  return {
    debug: (...msg: unknown[]) => write('debug', msg),
    info: (...msg: unknown[]) => write('info', msg),
    warn: (...msg: unknown[]) => write('warn', msg),
    error: (...msg: unknown[]) => write('error', msg),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (name: string) => {
      child = log.child({ component: `${component}:${name}` });
    },
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
