import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { slackHarness, textsOf, type SlackHarness } from './harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await slackHarness();
});
afterAll(async () => {
  await h.close();
});

describe('Slack: emoji and mentions in a /howto, as Slack sends them (shortcodes, tokens)', () => {
  it('answers a thumbs up or a thank-you emoji with a short okay and records no gap', async () => {
    for (const line of ['/howto :+1:', '/howto :pray::skin-tone-2:', '/howto thanks :raised_hands:']) {
      const res = await h.command(line);
      expect(res.json, line).toMatchObject({ response_type: 'ephemeral' });
      expect(textsOf(res.json).join('\n'), line).toContain(translator('en')('howto.ack'));
    }
    const gaps = await h.command('/howto-gaps');
    expect(textsOf(gaps.json).join('\n')).not.toContain(':+1:');
    expect(h.replies.at(-1)?.data).toMatchObject({ total: 0 });
  });

  it('answers a question that mentions a teammate or the channel as it answers the question alone, pinging nobody', async () => {
    const res = await h.command('/howto <@U0BOB> <!channel> how do I approve a design');
    expect(h.replies.at(-1)?.data).toMatchObject({ tier: 'answer', entryId: 'collab.approve-design' });
    expect(JSON.stringify(res.json)).not.toMatch(/<!channel>|<@U0BOB>/);
    // A channel reference reaches the command as `#general`: where it is asked, not what.
    await h.command('/howto how do I approve a design in <#C0GEN|general>');
    expect(h.replies.at(-1)?.data).toMatchObject({ tier: 'answer', entryId: 'collab.approve-design' });
    // A pasted link (Slack sends <url|label>, which arrives as the address) says where, not what.
    await h.command('/howto how do I approve a design <https://sellercentral.amazon.com/collab/dashboard?ref=nav|the dashboard>');
    expect(h.replies.at(-1)?.data).toMatchObject({ tier: 'answer', entryId: 'collab.approve-design' });
    await h.command('/howto <!here>');
    expect(h.replies.at(-1)?.data).toMatchObject({ message: 'empty' });
  });
});
