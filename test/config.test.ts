import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function message(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return '';
}

describe('config', () => {
  it('has defaults for a fresh machine', () => {
    const c = loadConfig({});
    expect(c.dataFile).toBe('./data/sellerdesk.json');
    expect(c.DEFAULT_TIMEZONE).toBe('Asia/Shanghai');
  });

  it('takes an empty or blank variable as not set (a line copied from .env.example)', () => {
    const c = loadConfig({ LOG_LEVEL: '', PORT: '', DEFAULT_TIMEZONE: ' ', PING_GRACE_HOURS: '', DATA_FILE: '', SLACK_BOT_TOKEN: '', SLACK_API_URL: '', DISCORD_TOKEN: '' });
    expect(c.LOG_LEVEL).toBeUndefined();
    expect(c.PORT).toBe(3000);
    expect(c.DEFAULT_TIMEZONE).toBe('Asia/Shanghai');
    expect(c.PING_GRACE_HOURS).toBe(24);
    expect(c.dataFile).toBe('./data/sellerdesk.json');
    expect(c.SLACK_BOT_TOKEN).toBeUndefined();
    // The empty signing secret does not count as set either: no "SLACK_BOT_TOKEN is required".
    expect(message({ SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '' })).toBe('');
  });

  it('takes a PostgreSQL URL in DATABASE_URL and refuses anything else, by name', () => {
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/sd' }).DATABASE_URL).toBe('postgres://u:p@db:5432/sd');
    expect(message({ DATABASE_URL: 'mysql://db/sd' })).toMatch(/DATABASE_URL: is not a PostgreSQL URL \(e\.g\. postgres:\/\//);
    expect(message({ HEALTH_PORT: 'x' })).toContain('HEALTH_PORT');
  });

  it('names a malformed variable', () => {
    expect(message({ DEFAULT_TIMEZONE: 'Mars/Base' })).toContain('DEFAULT_TIMEZONE');
    expect(message({ LOG_LEVEL: 'loud' })).toContain('LOG_LEVEL');
    expect(message({ PORT: 'eighty' })).toContain('PORT');
  });

  it('names a missing variable that another one requires', () => {
    expect(message({ SLACK_BOT_TOKEN: 'xoxb-1' })).toContain('SLACK_SIGNING_SECRET');
    expect(message({ DISCORD_TOKEN: 't' })).toContain('DISCORD_APPLICATION_ID');
  });
});
