import { z } from 'zod';

// zod compiles a parser per object schema on its first use (new Function): worth it for a schema
// parsed millions of times, a loss for ours, which a one-shot command parses once each. main.ts
// imports this module before any other that builds schemas (the setting applies to those built
// after).
z.config({ jitless: true });

/** The log levels LOG_LEVEL takes (pino's, and silent). */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The one place that reads process.env. Every variable is documented in .env.example. */
export interface EnvConfig {
  DATA_FILE?: string | undefined;
  /** PostgreSQL instead of the data file (README: Deploying). */
  DATABASE_URL?: string | undefined;
  LOG_LEVEL?: (typeof LOG_LEVELS)[number] | undefined;
  DEFAULT_TIMEZONE: string;
  SLACK_BOT_TOKEN?: string | undefined;
  SLACK_APP_TOKEN?: string | undefined;
  SLACK_SIGNING_SECRET?: string | undefined;
  SLACK_API_URL?: string | undefined;
  PORT: number;
  /** Chat mode: the health endpoint's port (GET /livez, /readyz); unset: none (README: Deploying). */
  HEALTH_PORT?: number | undefined;
  HEALTH_HOST?: string | undefined;
  /** Slack HTTP mode: the interface to listen on (unset: every interface). */
  HOST?: string | undefined;
  DISCORD_TOKEN?: string | undefined;
  DISCORD_APPLICATION_ID?: string | undefined;
  DISCORD_API_URL?: string | undefined;
  /** Catch-up after downtime: a missed ping is still sent when at most this many hours late (README: Pings). */
  PING_GRACE_HOURS: number;
}

export type Config = EnvConfig & { dataFile: string };

/** A variable's value from its (set, trimmed) text, or the message saying what is wrong with it. */
type Read = (v: string) => { value: unknown } | { problem: string };

const text: Read = (v) => ({ value: v });
const url: Read = (v) => (URL.canParse(v) ? { value: v } : { problem: 'is not a URL' });
const number =
  (min: number, max: number, whole: boolean): Read =>
  (v) => {
    const n = Number(v);
    const ok = Number.isFinite(n) && n >= min && n <= max && (!whole || Number.isInteger(n));
    return ok ? { value: n } : { problem: `is not a ${whole ? 'whole ' : ''}number from ${min} to ${max}` };
  };

/**
 * How each variable is read. (Plain checks rather than a zod schema: the config is read at every
 * start, and building the schema cost a one-shot command more than the rest of its checks.)
 */
const VARIABLES: Record<keyof EnvConfig, Read> = {
  DATA_FILE: text,
  DATABASE_URL: (v) =>
    /^postgres(?:ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v)
      ? { value: v }
      : { problem: 'is not a PostgreSQL URL (e.g. postgres://sellerdesk:secret@db.internal:5432/sellerdesk)' },
  LOG_LEVEL: (v) => ((LOG_LEVELS as readonly string[]).includes(v) ? { value: v } : { problem: `is not one of ${LOG_LEVELS.join(', ')}` }),
  DEFAULT_TIMEZONE: (v) => (isValidTimeZone(v) ? { value: v } : { problem: 'is not an IANA time zone name (e.g. Asia/Shanghai)' }),
  SLACK_BOT_TOKEN: text,
  SLACK_APP_TOKEN: text,
  SLACK_SIGNING_SECRET: text,
  SLACK_API_URL: url,
  PORT: number(0, 65535, true),
  HEALTH_PORT: number(0, 65535, true),
  HEALTH_HOST: text,
  HOST: text,
  DISCORD_TOKEN: text,
  DISCORD_APPLICATION_ID: text,
  DISCORD_API_URL: url,
  PING_GRACE_HOURS: number(0, 24 * 30, false),
};

const DEFAULTS = { DEFAULT_TIMEZONE: 'Asia/Shanghai', PORT: 3000, PING_GRACE_HOURS: 24 };

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function isValidTimeZone(tz: string): boolean {
  if (!tz || !/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$|^UTC$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The variables that are set: an empty (or blank) value means "not set", as a line `LOG_LEVEL=`
 * copied from .env.example does, so it gets the default.
 */
function setVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v;
  return out;
}

/** Parses the environment; a missing or malformed variable is reported by name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const set = setVariables(env);
  const values: Record<string, unknown> = { ...DEFAULTS };
  const lines: string[] = [];
  for (const [name, read] of Object.entries(VARIABLES)) {
    const raw = set[name];
    if (raw === undefined) continue;
    const r = read(raw.trim());
    if ('problem' in r) lines.push(`  ${name}: ${r.problem}`);
    else values[name] = r.value;
  }
  if (lines.length) throw new ConfigError(`sellerdesk: bad configuration in the environment:\n${lines.join('\n')}`);
  const c = values as unknown as EnvConfig;
  if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'sellerdesk: SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set without SLACK_APP_TOKEN (HTTP mode)',
    );
  }
  if ((c.SLACK_APP_TOKEN || c.SLACK_SIGNING_SECRET) && !c.SLACK_BOT_TOKEN) {
    throw new ConfigError('sellerdesk: SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set');
  }
  if (c.DISCORD_TOKEN && !c.DISCORD_APPLICATION_ID) {
    throw new ConfigError('sellerdesk: DISCORD_APPLICATION_ID is required when DISCORD_TOKEN is set');
  }
  return { ...c, dataFile: c.DATA_FILE ?? './data/sellerdesk.json' };
}
