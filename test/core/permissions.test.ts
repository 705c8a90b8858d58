import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { testBot } from '../support/app.js';

const MEMBER = { user: 'u-member', isAdmin: false };
const ADMIN = { user: 'u-admin', isAdmin: true };

describe('who may change what', () => {
  it('refuses workspace-wide changes from a member, says who can make them, and changes nothing', async () => {
    const bot = testBot();
    for (const line of ['/settings timezone Asia/Taipei', '/settings holidays US', '/settings default-lang zh-TW', '/settings pings off', '/settings pings days:1', '/settings digest 09:00']) {
      const r = await bot.run(line, { ...MEMBER, platform: 'slack' });
      expect(r.error?.code, line).toBe('permissions.refused');
      expect(bot.text(r), line).toContain(translator('en')('permissions.who.slack'));
    }
    const ws = bot.store.read('w1');
    expect(ws.settings).toEqual({});
    expect(ws.pings).toBeUndefined();
    // Looking is for everyone.
    expect((await bot.run('/settings pings', MEMBER)).error).toBeUndefined();
    // A Discord member is told about Manage Server, in their language.
    const zh = await bot.run('/settings timezone Asia/Taipei', { ...MEMBER, platform: 'discord', platformLocale: 'zh-TW' });
    expect(bot.text(zh)).toContain(translator('zh-TW')('permissions.who.discord'));
  });

  it('lets everyone change their own language and bilingual setting', async () => {
    const bot = testBot();
    expect((await bot.run('/settings lang zh-TW', MEMBER)).error).toBeUndefined();
    expect((await bot.run('/settings bilingual on', MEMBER)).error).toBeUndefined();
    expect(bot.store.read('w1').users['u-member']).toEqual({ locale: 'zh-TW', bilingual: true });
  });

  it('lets an admin name a lead, who may then change workspace settings but not name leads', async () => {
    const bot = testBot();
    expect((await bot.run('/settings lead @u-member on', MEMBER)).error?.code).toBe('permissions.adminOnly');
    const granted = await bot.run('/settings lead @u-member', ADMIN);
    expect(granted.error).toBeUndefined();
    expect(granted.data).toMatchObject({ leads: ['u-member'] });
    expect((await bot.run('/settings timezone Asia/Taipei', MEMBER)).error).toBeUndefined();
    expect(bot.store.read('w1').settings.timezone).toBe('Asia/Taipei');
    expect((await bot.run('/settings lead @u-other on', MEMBER)).error?.code).toBe('permissions.adminOnly');
    await bot.run('/settings lead @u-member off', ADMIN);
    expect((await bot.run('/settings timezone UTC', MEMBER)).error?.code).toBe('permissions.refused');
    // A lead of one workspace is nobody in another.
    await bot.run('/settings lead @u-member on', ADMIN);
    expect((await bot.run('/settings timezone UTC', { ...MEMBER, workspace: 'w2' })).error?.code).toBe('permissions.refused');
  });

  it('refuses a lead that is not a person', async () => {
    const bot = testBot();
    expect((await bot.run('/settings lead @everyone on', ADMIN)).error?.code).toBe('errors.badLeadUser');
    expect((await bot.run('/settings lead', ADMIN)).error?.code).toBe('errors.badLeadUser');
  });
});
