import { describe, expect, it } from 'vitest';
import { actionInvocation, buttonActionId, commandInvocation, slackTextToPlain } from '../../../src/adapters/slack/inbound.js';

describe('reading what a person typed after a Slack slash command', () => {
  it('decodes the characters Slack escaped', () => {
    expect(slackTextToPlain('a &lt; b &amp;&amp; c &gt; d')).toBe('a < b && c > d');
  });

  it('keeps a typed-out <!channel> as text, which the renderer later escapes', () => {
    expect(slackTextToPlain('note &lt;!channel&gt; please')).toBe('note <!channel> please');
  });

  it('turns what Slack resolved into readable words that cannot ping', () => {
    expect(slackTextToPlain('hi <!here> and <!channel> <#C123|general> <!subteam^S1|@ops> <https://x.example/a?b=1|x.example/a?b=1> <mailto:a@b.c|a@b.c>')).toBe(
      'hi @here and @channel #general @ops https://x.example/a?b=1 a@b.c',
    );
  });

  it('keeps a user reference as <@U…> without the name, for options that name a person', () => {
    expect(slackTextToPlain('assign <@U0BOB|bob> now')).toBe('assign <@U0BOB> now');
  });
});

describe('building invocations', () => {
  it('makes the team the workspace and carries the channel, the user, the locale and the admin flag', () => {
    const inv = commandInvocation(
      { command: '/settings', text: 'lang zh-TW', team_id: 'T1', channel_id: 'C1', user_id: 'U1' },
      { locale: 'zh-TW', isAdmin: true },
    );
    expect(inv).toMatchObject({ platform: 'slack', workspace: 'T1', channel: 'C1', user: 'U1', command: 'settings', text: 'lang zh-TW', platformLocale: 'zh-TW', isAdmin: true });
  });

  it('treats a person as no admin when Slack could not tell', () => {
    expect(commandInvocation({ command: '/help', team_id: 'T1', channel_id: 'C1', user_id: 'U1' }, undefined).isAdmin).toBe(false);
  });

  it('routes a click back to the action id the Reply gave, without the suffix that made it unique', () => {
    expect(buttonActionId('guide:open~3')).toBe('guide:open');
    const act = actionInvocation({ team: null, user: { id: 'U1', team_id: 'T9' }, channel: { id: 'C1' } }, { action_id: 'guide:next~1', value: 'x' }, undefined);
    expect(act).toMatchObject({ workspace: 'T9', channel: 'C1', actionId: 'guide:next', value: 'x' });
  });
});
