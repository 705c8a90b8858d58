import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand, defineLeaf, option, type CommandSpec } from '../../../src/core/types.js';
import { optional, text } from '../../../src/core/option-checks.js';
import { translator } from '../../../src/i18n/index.js';
import { LIMITS, renderReply } from '../../../src/adapters/slack/render.js';
import { COMMANDS } from '../../../commands/index.js';
import { blocksOf, CHANNEL, defineTestStrings, slackHarness, textsOf, TEAM, USER, type SlackHarness } from './harness.js';

/** A test-only command that shows what the adapter put in the Invocation, with a button. */
const probe: CommandSpec = defineCommand({
  name: 'probe',
  leaf: defineLeaf({
    visibility: 'channel',
    options: { words: option.string({ positional: true, rest: true }, optional(text({ trim: false }))) },
    run: (ctx, { words }) => ({
      blocks: [
        { type: 'paragraph', text: `workspace=${ctx.caller.workspace} channel=${ctx.caller.channel} user=${ctx.caller.user} admin=${ctx.caller.isAdmin} locale=${ctx.locale} words=${words ?? ''}` },
        { type: 'buttons', buttons: [{ label: 'Press', actionId: 'probe:press', value: `v:${words ?? ''}` }] },
      ],
    }),
  }),
  actions: {
    press: {
      visibility: 'channel',
      inPlace: true,
      run: (ctx, value) => ({ blocks: [{ type: 'paragraph', text: `pressed ${value} by ${ctx.caller.user} in ${ctx.caller.workspace}` }] }),
    },
  },
});

let h: SlackHarness;
beforeAll(async () => {
  defineTestStrings('probe', ['words']);
  h = await slackHarness({ extraCommands: [probe] });
});
afterAll(async () => {
  await h.close();
});

/** The text of the first block (the header of most replies). */
const title = (payload: unknown): string | undefined => (blocksOf(payload)[0]?.text as { text?: string } | undefined)?.text;

type Ack = { response_type?: string; text?: string; blocks?: Record<string, unknown>[]; replace_original?: boolean };

function withinSlackLimits(payload: Ack): void {
  const blocks = blocksOf(payload);
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  for (const b of blocks) {
    const text = (b.text as { text?: string } | undefined)?.text;
    if (b.type === 'header') expect(text!.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (b.type === 'section' && text) expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (b.type === 'actions') expect((b.elements as unknown[]).length).toBeLessThanOrEqual(LIMITS.actionsElements);
  }
  expect(typeof payload.text).toBe('string');
}

describe('Slack slash commands over HTTP, end to end on loopback', () => {
  it('answers /help in the acknowledgement itself: ephemeral Block Kit with a plain-text fallback', async () => {
    const res = await h.command('/help');
    expect(res.status).toBe(200);
    const ack = res.json as Ack;
    expect(ack.response_type).toBe('ephemeral');
    expect(blocksOf(ack)[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: translator('en')('help.title') } });
    for (const c of COMMANDS) expect(ack.text).toContain(`/${c.name}`);
    withinSlackLimits(ack);
    expect(h.api.responsesTo(res.responseId)).toEqual([]);
  });

  it('carries every command in commands/: each example reaches Slack as the core answered it, within Slack’s limits', async () => {
    const t = translator('en');
    for (const c of COMMANDS) {
      const help = await h.command(`/help ${c.name}`, { user: 'U0EXAMPLES' });
      expect(textsOf(help.json).join('\n')).toContain(`/${c.name}`);
      for (const example of t(`cmd.${c.name}.examples`).split('\n')) {
        const res = await h.command(example, { user: 'U0EXAMPLES' });
        expect(res.status, example).toBe(200);
        const ack = res.json as Ack;
        const reply = h.replies.at(-1)!;
        withinSlackLimits(ack);
        expect(ack.response_type, example).toBe(reply.ephemeral ? 'ephemeral' : 'in_channel');
        if (reply.error) expect(ack.response_type, example).toBe('ephemeral');
        const [first, ...rest] = renderReply(reply);
        expect(ack.blocks, example).toEqual(first!.blocks);
        expect(h.api.responsesTo(res.responseId).map((r) => r.body.blocks), example).toEqual(rest.map((m) => m.blocks));
      }
    }
  });

  it('posts a reply that is not ephemeral in the channel', async () => {
    const res = await h.command('/probe hello');
    const ack = res.json as Ack;
    expect(ack.response_type).toBe('in_channel');
    expect(textsOf(ack).join('\n')).toContain(`workspace=${TEAM} channel=${CHANNEL} user=${USER}`);
  });

  it('routes a button click to the command’s action handler and updates the message in place when the reply asks', async () => {
    const res = await h.command('/probe x');
    const actions = blocksOf(res.json).find((b) => b.type === 'actions') as { elements: { action_id: string; value: string }[] };
    const button = actions.elements[0]!;
    expect(button).toMatchObject({ action_id: 'probe:press', value: 'v:x' });
    const click = await h.click(button);
    expect(click.status).toBe(200);
    const [answer] = h.api.responsesTo(click.responseId);
    expect(answer?.body).toMatchObject({ replace_original: true });
    expect(textsOf(answer?.body).join('\n')).toContain(`pressed v:x by ${USER} in ${TEAM}`);
  });

  it('clicks the first button of every command example that shows one, through the real action handlers', async () => {
    const t = translator('en');
    const unknown = t('errors.unknownAction');
    let withButtons = 0;
    let clicked = 0;
    for (const c of COMMANDS) {
      for (const example of t(`cmd.${c.name}.examples`).split('\n')) {
        const res = await h.command(example, { user: 'U0CLICKER' });
        if (h.replies.at(-1)!.blocks.some((b) => b.type === 'buttons')) withButtons++;
        const actions = blocksOf(res.json).find((b) => b.type === 'actions') as { elements: { action_id: string; value: string }[] } | undefined;
        if (!actions) continue;
        const click = await h.click(actions.elements[0]!, { user: 'U0CLICKER' });
        expect(click.status).toBe(200);
        const reply = h.replies.at(-1)!;
        const [answer] = h.api.responsesTo(click.responseId);
        expect(answer, `${example} → ${actions.elements[0]!.action_id}`).toBeDefined();
        withinSlackLimits(answer!.body as Ack);
        expect(answer!.body.replace_original).toBe(reply.replaceOriginal === true);
        expect(textsOf(answer!.body).join('\n'), `${example} → ${actions.elements[0]!.action_id}`).not.toContain(unknown);
        clicked++;
      }
    }
    expect(clicked).toBe(withButtons);
  });

  it('shares a private /howto answer: the click posts it in the channel, saying who shared it, with nothing to share or rate again', async () => {
    const res = await h.command('/howto how do I approve a design', { user: 'U0SHARER' });
    expect(res.json).toMatchObject({ response_type: 'ephemeral' });
    const elements = blocksOf(res.json).flatMap((b) => (b.type === 'actions' ? (b.elements as { action_id: string; value: string; text: { text: string } }[]) : []));
    const share = elements.find((e) => e.text.text === 'Share in channel')!;
    expect(share).toMatchObject({ action_id: 'howto:share', value: 'collab.approve-design|en' });
    const click = await h.click(share, { user: 'U0SHARER', ephemeral: true });
    expect(click.status).toBe(200);
    await h.api.waitFor(() => h.api.responsesTo(click.responseId).length > 0);
    const [shared] = h.api.responsesTo(click.responseId);
    expect(shared!.body).toMatchObject({ response_type: 'in_channel', replace_original: false });
    withinSlackLimits(shared!.body as Ack);
    const text = textsOf(shared!.body).join('\n');
    expect(text).toContain('Shared by <@U0SHARER>');
    const blocks = blocksOf(shared!.body);
    // The same entry, heading first.
    expect(blocks[0]).toEqual(blocksOf(res.json)[0]);
    expect(blocks.some((b) => b.type === 'context_actions')).toBe(false);
    const ids = blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as { action_id: string }[]).map((e) => e.action_id) : []));
    expect(ids.some((id) => id.startsWith('guide:lang'))).toBe(true);
    expect(ids.filter((id) => id.startsWith('howto:'))).toEqual([]);
  });

  it('gives an unknown button a polite error, only to the person who clicked', async () => {
    const click = await h.click({ action_id: 'nothing:here', value: '' });
    const [answer] = h.api.responsesTo(click.responseId);
    expect(answer?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(textsOf(answer?.body).join('\n')).toContain(translator('en')('errors.unknownAction'));
  });
});

describe('each person’s language', () => {
  it('answers in traditional Chinese for a person whose Slack locale is zh-TW', async () => {
    h.api.users.set('U0TW', { id: 'U0TW', locale: 'zh-TW' });
    const res = await h.command('/help', { user: 'U0TW' });
    expect(title(res.json)).toBe(translator('zh-TW')('help.title'));
    const lookups = h.api.callsTo('users.info').filter((c) => c.params.user === 'U0TW');
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.params.include_locale).toBe('true');
    expect(lookups[0]!.token).toBe('xoxb-test-token');
  });

  it('answers in simplified Chinese for zh-CN, and maps zh-Hant-HK to traditional', async () => {
    h.api.users.set('U0CN', { id: 'U0CN', locale: 'zh-CN' });
    h.api.users.set('U0HK', { id: 'U0HK', locale: 'zh-Hant-HK' });
    expect(title((await h.command('/help', { user: 'U0CN' })).json)).toBe(translator('zh-CN')('help.title'));
    expect(title((await h.command('/help', { user: 'U0HK' })).json)).toBe(translator('zh-TW')('help.title'));
  });

  it('asks Slack once per person, then answers from the cache', async () => {
    h.api.users.set('U0ONCE', { id: 'U0ONCE', locale: 'zh-TW' });
    await h.command('/help', { user: 'U0ONCE' });
    await h.command('/settings', { user: 'U0ONCE' });
    await h.command('/help settings', { user: 'U0ONCE' });
    expect(h.api.callsTo('users.info').filter((c) => c.params.user === 'U0ONCE')).toHaveLength(1);
  });

  it('lets the person’s own /settings lang win over the Slack locale', async () => {
    h.api.users.set('U0OWN', { id: 'U0OWN', locale: 'zh-TW' });
    const set = await h.command('/settings lang en', { user: 'U0OWN' });
    expect((set.json as Ack).response_type).toBe('ephemeral');
    expect(title((await h.command('/help', { user: 'U0OWN' })).json)).toBe(translator('en')('help.title'));
    await h.command('/settings lang auto', { user: 'U0OWN' });
    expect(title((await h.command('/help', { user: 'U0OWN' })).json)).toBe(translator('zh-TW')('help.title'));
  });

  it('answers in the workspace default when Slack cannot say who the person is', async () => {
    const res = await h.command('/help', { user: 'U0NOBODY', team: 'T0LANG' });
    expect(title(res.json)).toBe(translator('en')('help.title'));
    h.api.users.set('U0LANGADMIN', { id: 'U0LANGADMIN', is_admin: true });
    await h.command('/settings default-lang zh-CN', { user: 'U0LANGADMIN', team: 'T0LANG' });
    expect(title((await h.command('/help', { user: 'U0NOBODY', team: 'T0LANG' })).json)).toBe(translator('zh-CN')('help.title'));
  });

  it('treats Slack admins and owners as workspace admins, and nobody else', async () => {
    h.api.users.set('U0ADMIN', { id: 'U0ADMIN', is_admin: true });
    h.api.users.set('U0OWNER', { id: 'U0OWNER', is_owner: true });
    h.api.users.set('U0MEMBER', { id: 'U0MEMBER' });
    expect(textsOf((await h.command('/probe', { user: 'U0ADMIN' })).json).join()).toContain('admin=true');
    expect(textsOf((await h.command('/probe', { user: 'U0OWNER' })).json).join()).toContain('admin=true');
    expect(textsOf((await h.command('/probe', { user: 'U0MEMBER' })).json).join()).toContain('admin=false');
  });
});

describe('workspaces', () => {
  it('keeps each Slack team’s data apart', async () => {
    h.api.users.set('U0TEAMADMIN', { id: 'U0TEAMADMIN', is_admin: true });
    await h.command('/settings timezone America/New_York', { team: 'T0ONE', user: 'U0TEAMADMIN' });
    const other = await h.command('/settings', { team: 'T0TWO' });
    expect(textsOf(other.json).join('\n')).toContain('Asia/Shanghai');
    expect(textsOf(other.json).join('\n')).not.toContain('America/New_York');
    expect(h.bot.store.read('T0ONE').settings.timezone).toBe('America/New_York');
    expect(h.bot.store.read('T0TWO').settings.timezone).toBeUndefined();
  });
});

describe('text a person types can never ping or forge a link', () => {
  // Button values are data Slack hands back, never shown or parsed; every text is checked.
  const noSpecialMentions = (payload: unknown) => {
    const json = textsOf(payload).join('\n');
    expect(json).not.toMatch(/<!(channel|here|everyone)/);
    expect(json).not.toMatch(/<@U/);
    expect(json).not.toMatch(/<https?:[^>]*\|/);
  };

  it('escapes a typed-out <!channel> in a setting value', async () => {
    // Slack escapes what the person typed: `<!channel>` arrives as `&lt;!channel&gt;`.
    const res = await h.command('/settings timezone &lt;!channel&gt;');
    noSpecialMentions(res.json);
    expect(textsOf(res.json).join('\n')).toContain('&lt;!channel&gt;');
  });

  it('shows an @channel Slack resolved as a plain word', async () => {
    const res = await h.command('/settings timezone <!channel>');
    noSpecialMentions(res.json);
    expect(textsOf(res.json).join('\n')).toContain('@channel');
  });

  it('escapes <!channel> typed into a /track note, in the reply and whenever the item is shown again', async () => {
    h.api.users.set('U0NOTE', { id: 'U0NOTE', locale: 'en-US' });
    await h.command('/track new brand-appeal Acme submitted:2026-11-20', { user: 'U0NOTE' });
    const created = h.replies.at(-1)!;
    expect(created.error).toBeUndefined();
    const id = (created.data as { item: { id: string } }).item.id;
    const note = await h.command(`/track note ${id} call &lt;!channel&gt; and <!here> now &amp; then`, { user: 'U0NOTE' });
    expect(h.replies.at(-1)!.error).toBeUndefined();
    noSpecialMentions(note.json);
    const shown = await h.command(`/track show ${id}`, { user: 'U0NOTE' });
    noSpecialMentions(shown.json);
    const text = textsOf(shown.json).join('\n');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('@here');
  });

  it('mentions a person assigned with a Slack mention, as a real mention from the mention token', async () => {
    await h.command('/track new brand-appeal Beta submitted:2026-11-20', { user: 'U0NOTE' });
    const id = (h.replies.at(-1)!.data as { item: { id: string } }).item.id;
    const res = await h.command(`/track assign ${id} <@U0BOB|bob>`, { user: 'U0NOTE' });
    expect(h.replies.at(-1)!.error).toBeUndefined();
    expect(JSON.stringify(res.json)).toContain('<@U0BOB>');
    expect(JSON.stringify(res.json)).not.toContain('|bob');
  });

  it('escapes a mention and a labelled link typed into free text', async () => {
    const res = await h.command('/probe &lt;@U0BOSS&gt; &lt;!here&gt; &lt;https://evil.example|Seller Central&gt;');
    noSpecialMentions(res.json);
  });
});

describe('request authenticity', () => {
  const untouched = () => expect(h.bot.store.read('T0SEC').settings.timezone).toBeUndefined();

  it('refuses a request with a wrong signature, before any command runs', async () => {
    const before = h.api.calls.length;
    const res = await h.command('/settings timezone Europe/Paris', { team: 'T0SEC' }, { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' });
    expect(res.status).toBe(401);
    expect(h.api.calls.length).toBe(before);
    untouched();
  });

  it('refuses a request without a signature', async () => {
    const res = await h.command('/settings timezone Europe/Paris', { team: 'T0SEC' }, { signature: null });
    expect(res.status).toBe(401);
    untouched();
  });

  it('refuses a correctly signed request more than 5 minutes old', async () => {
    const res = await h.command('/settings timezone Europe/Paris', { team: 'T0SEC' }, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(res.status).toBe(401);
    untouched();
  });

  it('refuses a correctly signed request more than 5 minutes ahead (Bolt alone would accept it)', async () => {
    // 30 s past the window, not 1 s: on a loaded machine the request may take over a second to be checked.
    const res = await h.command('/settings timezone Europe/Paris', { team: 'T0SEC' }, { timestamp: Math.floor(Date.now() / 1000) + 330 });
    expect(res.status).toBe(401);
    untouched();
  });

  it('accepts a clock a little ahead or behind, within the window', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await h.command('/help', { team: 'T0SEC' }, { timestamp: now + 120 })).status).toBe(200);
    expect((await h.command('/help', { team: 'T0SEC' }, { timestamp: now - 120 })).status).toBe(200);
  });

  it('answers a health check and nothing else outside /slack/events', async () => {
    const base = h.eventsUrl.replace('/slack/events', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/other`, { method: 'POST' })).status).toBe(404);
  });
});
