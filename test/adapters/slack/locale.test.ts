import { describe, expect, it } from 'vitest';
import { UserDirectory, personOf, type SlackUserInfo } from '../../../src/adapters/slack/locale.js';
import { silentLogger } from '../../../src/log.js';

function directory(answers: Record<string, SlackUserInfo | Error>) {
  let now = 1_000_000;
  const asked: string[] = [];
  const dir = new UserDirectory({
    log: silentLogger,
    now: () => now,
    ttlMs: 60_000,
    failureTtlMs: 5_000,
    usersInfo: async (team, user) => {
      asked.push(`${team}/${user}`);
      const a = answers[user];
      if (a instanceof Error) throw a;
      return a;
    },
  });
  return { dir, asked, advance: (ms: number) => (now += ms) };
}

describe('who a Slack user is (users.info, cached)', () => {
  it('reads the locale, the admin or owner flag and the name', () => {
    expect(personOf({ locale: 'zh-TW', is_admin: true, profile: { display_name: 'Mei' } })).toEqual({ locale: 'zh-TW', isAdmin: true, name: 'Mei' });
    expect(personOf({ is_owner: true, real_name: 'Lin' })).toMatchObject({ isAdmin: true, name: 'Lin' });
    expect(personOf({ locale: '' })).toEqual({ locale: undefined, isAdmin: false, name: undefined });
  });

  it('asks once per person until the TTL passes, then asks again', async () => {
    const { dir, asked, advance } = directory({ U1: { locale: 'zh-CN' } });
    await dir.lookup('T1', 'U1');
    await dir.lookup('T1', 'U1');
    expect(asked).toEqual(['T1/U1']);
    advance(60_001);
    await dir.lookup('T1', 'U1');
    expect(asked).toEqual(['T1/U1', 'T1/U1']);
  });

  it('keeps teams apart', async () => {
    const { dir, asked } = directory({ U1: { locale: 'en-US' } });
    await dir.lookup('T1', 'U1');
    await dir.lookup('T2', 'U1');
    expect(asked).toEqual(['T1/U1', 'T2/U1']);
  });

  it('shares one request between concurrent commands of one person', async () => {
    const { dir, asked } = directory({ U1: { locale: 'en-US' } });
    await Promise.all([dir.lookup('T1', 'U1'), dir.lookup('T1', 'U1'), dir.lookup('T1', 'U1')]);
    expect(asked).toHaveLength(1);
  });

  it('answers undefined when Slack fails, and asks again after a short pause', async () => {
    const { dir, asked, advance } = directory({ U1: new Error('ratelimited') });
    expect(await dir.lookup('T1', 'U1')).toBeUndefined();
    expect(await dir.lookup('T1', 'U1')).toBeUndefined();
    expect(asked).toHaveLength(1);
    advance(5_001);
    await dir.lookup('T1', 'U1');
    expect(asked).toHaveLength(2);
  });
});
