import { z } from 'zod';

// zod compiles a parser per object schema on its first use (new Function): worth it for a schema
// parsed millions of times, a loss for ours, which a one-shot command parses once each. main.ts
// imports this module before any other that builds schemas (the setting applies to those built after).
z.config({ jitless: true });

/** The one place that reads process.env. Every variable is documented in .env.example. */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const timeZone = z
  .string()
  .trim()
  .refine((tz) => isValidTimeZone(tz), { message: 'is not an IANA time zone name (e.g. Asia/Shanghai)' });

const databaseUrl = optionalString.pipe(
  z
    .string()
    .refine((v) => /^postgres(?:ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v), {
      message: 'is not a PostgreSQL URL (e.g. postgres://sellerdesk:secret@db.internal:5432/sellerdesk)',
    })
    .optional(),
);

export const envSchema = z.object({
  DATA_FILE: optionalString,
  /** PostgreSQL instead of the data file (README: Deploying). */
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  DEFAULT_TIMEZONE: timeZone.default('Asia/Shanghai'),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: optionalString.pipe(z.url().optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Chat mode: the health endpoint's port (GET /livez, /readyz); unset: none (README: Deploying). */
  HEALTH_PORT: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).optional()),
  HEALTH_HOST: optionalString,
  /** Slack HTTP mode: the interface to listen on (unset: every interface). */
  HOST: optionalString,
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_API_URL: optionalString.pipe(z.url().optional()),
  /** Catch-up after downtime: a missed ping is still sent when at most this many hours late (README: Pings). */
  PING_GRACE_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
});

export type Config = z.infer<typeof envSchema> & { dataFile: string };

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
  const parsed = envSchema.safeParse(setVariables(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(`sellerdesk: bad configuration in the environment:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
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
