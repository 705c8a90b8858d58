import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { ButtonIds } from '../../../src/adapters/discord/buttons.js';
import { nonceFor } from '../../../src/adapters/discord/notifier.js';
import { renderReply, type DiscordMessage } from '../../../src/adapters/discord/render.js';
import { DeliveryError, type Ping } from '../../../src/core/notifier.js';
import { fields, heading, para, reply } from '../../../src/core/reply.js';
import type { Caller, Invocation, Reply } from '../../../src/core/types.js';
import { translator } from '../../../src/i18n/index.js';
import { testBot, type TestBot } from '../../support/app.js';
import { APP_ID, CHANNEL_ID, GUILD_ID, PERMISSIONS, USER_ID, autocomplete, buttonClick, chatInput, type Who } from '../../fakes/discord-interactions.js';
import type { RecordedRequest } from '../../fakes/discord-rest.js';
import { commandExamples } from './examples.js';
import { TOKEN, callbackData, callbackType, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const GUILD_CALLER: Caller = {
  platform: 'discord',
  workspace: GUILD_ID,
  channel: CHANNEL_ID,
  user: USER_ID,
  platformLocale: 'en-US',
  workspaceLocale: 'en-US',
  isAdmin: false,
  // What the Discord adapter says of its readers: hints name every option (issue 14, item 5).
  commandSyntax: 'discord',
};

/** What discord.js puts on the wire for a rendered message (JSON, as the fake received it). */
function wire(m: DiscordMessage) {
  return JSON.parse(JSON.stringify({ content: m.content, embeds: m.embeds, components: m.components })) as unknown;
}

function sent(d: Record<string, unknown>) {
  return { content: d.content, embeds: d.embeds, components: d.components };
}

/** The callback and the follow-ups of one interaction, once `count` messages have arrived. */
async function messagesOf(raw: { id: string; token: string }, callback: RecordedRequest, count: number): Promise<Record<string, unknown>[]> {
  const followUps = () => h.rest.requests.filter((r) => r.method === 'POST' && r.path === `/v10/webhooks/${APP_ID}/${raw.token}`);
  for (let i = 0; i < 500 && followUps().length < count - 1; i++) await new Promise((r) => setTimeout(r, 20));
  return [callbackData(callback), ...followUps().map((r) => r.body as Record<string, unknown>)];
}

function withoutAskIds(v: unknown): unknown {
  return JSON.parse(
    JSON.stringify(v)
      .replace(/howto:rate\|(up|down) [0-9a-z]{8} /g, 'howto:rate|$1 ASK ')
      // The language toggle of an answer keeps its ask id too (the ratings of the redrawn answer).
      .replace(/(howto:lang(?:-public)?\|[^|"]+\|[^|"]+)\|[0-9a-z]{8}/g, '$1|ASK'),
  ) as unknown;
}

/** Text outside code spans (code spans show their content literally, never as mentions). */
function outsideCode(s: string): string {
  return s.replace(/``[^`]*``|`[^`\n]*`/g, '');
}

describe('logging in', () => {
  it('discovers the gateway over REST with the bot token and identifies with GuildMessages and DirectMessages only', () => {
    const discovery = h.rest.requests.find((r) => r.path === '/v10/gateway/bot')!;
    expect(discovery.headers.authorization).toBe(`Bot ${TOKEN}`);
    // GuildMessages (1 << 9) + DirectMessages (1 << 12): no Guilds, no privileged Message Content.
    expect(h.gateway.identifies[0]).toMatchObject({ token: TOKEN, intents: (1 << 9) | (1 << 12) });
    expect(h.adapter.botUserId).toBe('1200000000000000002');
  });
});

describe('slash commands', () => {
  const examples = commandExamples(COMMANDS);
  const succeeded = new Set<string>();
  let shell: TestBot;
  beforeAll(() => {
    shell = testBot();
  });

  it('has an example for every command', () => {
    expect(new Set(examples.map((e) => e.command))).toEqual(new Set(COMMANDS.map((c) => c.name)));
  });

  for (const ex of examples) {
    it(`answers ${ex.line} as the shell does, rendered for Discord`, async () => {
      const expected = await shell.run(ex.line, GUILD_CALLER);
      const rendered = renderReply(expected, { ids: new ButtonIds() });
      const raw = chatInput(ex.command, ex.options);
      const callback = await h.send(raw);
      expect(callbackType(callback)).toBe(4);
      const got = await messagesOf(raw, callback, rendered.length);
      // A rating button carries a fresh ask id per answer: compared without it.
      expect(withoutAskIds(got.map(sent))).toEqual(withoutAskIds(rendered.map(wire)));
      expect(got.map((d) => (Number(d.flags ?? 0) & 64) === 64)).toEqual(rendered.map((m) => m.ephemeral));
      const inv = h.seen.at(-1) as Invocation;
      expect(inv.command).toBe(ex.command);
      // Examples may refer to items of a team's own history (`/track show 12`): those get the same error on both.
      if (!expected.error) succeeded.add(ex.command);
    });
  }

  it('answers at least one documented example of every command without an error', () => {
    expect([...succeeded].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it('hands the core the subcommand and typed options, the guild as the workspace', async () => {
    // A member without Manage Server is told who can change it, and nothing changes.
    const refused = await h.send(chatInput('settings', [{ name: 'timezone', type: 1, options: [{ name: 'zone', type: 3, value: 'Asia/Taipei' }] }]));
    expect(h.seen.at(-1)).toMatchObject({ isAdmin: false });
    const who = (['en', 'zh-CN', 'zh-TW'] as const).map((l) => translator(l)('permissions.who.discord'));
    expect(who.some((w) => JSON.stringify(callbackData(refused)).includes(w))).toBe(true);
    expect(h.bot.store.read(GUILD_ID).settings.timezone).toBeUndefined();
    await h.send(chatInput('settings', [{ name: 'timezone', type: 1, options: [{ name: 'zone', type: 3, value: 'Asia/Taipei' }] }], { permissions: PERMISSIONS.manageGuild }));
    expect(h.seen.at(-1)).toMatchObject({
      platform: 'discord',
      command: 'settings',
      subcommand: 'timezone',
      options: { zone: 'Asia/Taipei' },
      workspace: GUILD_ID,
      channel: CHANNEL_ID,
      user: USER_ID,
      isAdmin: true,
    });
    expect(h.bot.store.read(GUILD_ID).settings.timezone).toBe('Asia/Taipei');
  });

  it('treats members with Manage Server as workspace admins', async () => {
    await h.send(chatInput('help', [], { permissions: PERMISSIONS.manageGuild }));
    expect(h.seen.at(-1)).toMatchObject({ isAdmin: true });
    await h.send(chatInput('help', [], { permissions: PERMISSIONS.sendMessages }));
    expect(h.seen.at(-1)).toMatchObject({ isAdmin: false });
  });

  it('gives each user a DM workspace of their own', async () => {
    const who: Who = { guildId: null, userId: '1200000000000000555', channelId: '1200000000000000556' };
    await h.send(chatInput('settings', [{ name: 'timezone', type: 1, options: [{ name: 'zone', type: 3, value: 'America/Los_Angeles' }] }], who));
    expect(h.seen.at(-1)).toMatchObject({ workspace: 'dm:1200000000000000555', channel: '1200000000000000556', isAdmin: true });
    expect(h.bot.store.read('dm:1200000000000000555').settings.timezone).toBe('America/Los_Angeles');
    expect(h.bot.store.read(GUILD_ID).settings.timezone).toBe('Asia/Taipei');
  });
});

describe('language', () => {
  const title = (r: RecordedRequest) => ((callbackData(r).embeds as { title?: string }[] | undefined)?.[0]?.title ?? '');

  it("answers in the user's Discord language: zh-TW gets traditional Chinese", async () => {
    const cb = await h.send(chatInput('help', [], { userId: '1200000000000000601', locale: 'zh-TW' }));
    expect(title(cb)).toBe(translator('zh-TW')('help.title'));
    expect(h.seen.at(-1)).toMatchObject({ platformLocale: 'zh-TW', workspaceLocale: 'en-US' });
  });

  it("falls back to the server's locale when the user's language is one we do not speak", async () => {
    const cb = await h.send(chatInput('help', [], { userId: '1200000000000000602', locale: 'fr', guildId: '1200000000000000700', guildLocale: 'zh-CN' }));
    expect(title(cb)).toBe(translator('zh-CN')('help.title'));
  });

  it("lets the user's own /settings lang win over Discord's language", async () => {
    const who: Who = { userId: '1200000000000000603', locale: 'zh-TW' };
    await h.send(chatInput('settings', [{ name: 'lang', type: 1, options: [{ name: 'language', type: 3, value: 'en' }] }], who));
    const cb = await h.send(chatInput('help', [], who));
    expect(title(cb)).toBe(translator('en')('help.title'));
  });

  it("lets the workspace default win over the server's locale", async () => {
    const guildId = '1200000000000000701';
    await h.send(chatInput('settings', [{ name: 'default-lang', type: 1, options: [{ name: 'language', type: 3, value: 'zh-TW' }] }], { guildId, locale: 'fr', guildLocale: 'zh-CN', permissions: PERMISSIONS.manageGuild }));
    const cb = await h.send(chatInput('help', [], { guildId, locale: 'de', guildLocale: 'zh-CN', userId: '1200000000000000604' }));
    expect(title(cb)).toBe(translator('zh-TW')('help.title'));
  });

  it('writes hints with Discord’s syntax and the names the reader’s client shows', async () => {
    const bad = chatInput('settings', [{ name: 'lang', type: 1, options: [{ name: 'language', type: 3, value: 'xx' }] }], { userId: '1200000000000000605', locale: 'zh-TW' });
    const shown = JSON.stringify(callbackData(await h.send(bad)));
    const names = (k: string) => translator('zh-TW')(k);
    expect(shown).toContain(`/${names('cmd.settings.name')} ${names('cmd.settings.subName.lang')} ${names('cmd.settings.optName.language')}:`);
    expect(shown).not.toContain('/settings lang');
  });
});

describe('buttons', () => {
  /** A reply with buttons from the documented examples, run on Discord and, alike, on a shell bot. */
  async function replyWithButtons(shell: TestBot, caller: Caller, who: Who): Promise<Record<string, unknown>> {
    for (const ex of commandExamples(COMMANDS)) {
      await shell.run(ex.line, caller);
      const cb = await h.send(chatInput(ex.command, ex.options, who));
      const data = callbackData(cb);
      if ((data.components as unknown[]).length) return data;
    }
    throw new Error('no documented example answers with buttons');
  }

  it("sends a click to the button's action and updates the message in place when the reply asks", async () => {
    const who: Who = { userId: '1200000000000000801' };
    const caller = { ...GUILD_CALLER, user: who.userId! };
    const shell = testBot();
    const data = await replyWithButtons(shell, caller, who);
    const codec = new ButtonIds();
    const customIds = (data.components as { components: { custom_id: string }[] }[]).flatMap((r) => r.components.map((b) => b.custom_id));
    const kinds = new Set<number>();
    for (const customId of customIds) {
      const target = codec.decode(customId);
      const cb = await h.send(buttonClick(customId, data as never, who));
      const act = h.seen.at(-1) as { actionId: string; value: string };
      if (target) expect(act).toMatchObject(target);
      const expected: Reply = await shell.press(act.actionId, act.value, caller);
      const type = callbackType(cb);
      kinds.add(type);
      expect(type).toBe(expected.replaceOriginal ? 7 : 4);
      expect(sent(callbackData(cb))).toEqual(wire(renderReply(expected, { ids: new ButtonIds() })[0]!));
    }
    expect(kinds.size).toBeGreaterThan(0);
  });

  it('answers a click on a forgotten button with a localized "run the command again"', async () => {
    const cb = await h.send(buttonClick('~forgottentoken000000000', { content: 'old' }, { locale: 'zh-TW', userId: '1200000000000000802' }));
    expect(callbackType(cb)).toBe(4);
    expect(callbackData(cb)).toMatchObject({ content: translator('zh-TW')('errors.unknownAction'), flags: 64 });
  });
});

describe('autocomplete', () => {
  const targets = COMMANDS.flatMap((spec) =>
    (spec.subcommands ?? [{ name: undefined, ...spec.leaf! }]).flatMap((leaf) =>
      leaf.options.filter((o) => o.autocomplete).map((o) => ({ command: spec.name, sub: leaf.name, option: o.name })),
    ),
  );

  it('exists for at least one option', () => {
    expect(targets.length).toBeGreaterThan(0);
  });

  for (const t of targets) {
    it(`suggests choices for /${t.command}${t.sub ? ` ${t.sub}` : ''} ${t.option} from the core`, async () => {
      for (const partial of ['', 'appeal', '设计']) {
        const focused = { name: t.option, type: 3, value: partial, focused: true };
        const options = t.sub ? [{ name: t.sub, type: 1, options: [focused] }] : [focused];
        const cb = await h.send(autocomplete(t.command, options, { locale: 'zh-CN' }));
        expect(callbackType(cb)).toBe(8);
        const expected = await h.bot.core.complete({ ...GUILD_CALLER, platformLocale: 'zh-CN' }, t.command, t.sub, t.option, partial);
        const choices = callbackData(cb).choices as { name: string; value: string }[];
        expect(choices).toEqual(expected.map((c) => ({ name: c.name, value: c.value })));
        expect(choices.length).toBeLessThanOrEqual(25);
        if (partial === '') expect(choices.length).toBeGreaterThan(0);
      }
    });
  }
});

describe('mentions', () => {
  it('never lets text typed into a command ping anyone', async () => {
    const typed = '@everyone @here <@&1200000000000000900> <@1200000000000000901> **boom**';
    for (const raw of [
      chatInput('help', [{ name: 'command', type: 3, value: typed }]),
      chatInput('guide', [{ name: 'entry', type: 3, value: typed }]),
      chatInput('settings', [{ name: 'holidays', type: 1, options: [{ name: 'region', type: 3, value: typed }] }]),
    ]) {
      const cb = await h.send(raw);
      const data = callbackData(cb);
      expect(data.allowed_mentions).toEqual({ parse: [], users: [], replied_user: false });
      const text = [data.content, ...((data.embeds as { description?: string }[]) ?? []).map((e) => e.description ?? '')].join('\n');
      expect(outsideCode(String(text))).not.toMatch(/@(everyone|here)|(^|[^\\])<@/);
    }
  });

  it('sends explicit allowed mentions with parse [] on every message-bearing request', () => {
    const bodies = h.rest.requests.flatMap((r) => {
      if (/\/callback$/.test(r.path) && [4, 7].includes(callbackType(r))) return [callbackData(r)];
      if (/^\/v10\/(webhooks|channels)\//.test(r.path) && ['POST', 'PATCH'].includes(r.method)) return [r.body as Record<string, unknown>];
      return [];
    });
    expect(bodies.length).toBeGreaterThan(10);
    for (const b of bodies) {
      const am = b.allowed_mentions as { parse: string[]; users?: string[] } | undefined;
      expect(am?.parse).toEqual([]);
    }
  });
});

describe('pings through the notifier', () => {
  const ASSIGNEE = '1200000000000000950';
  const ping = (over: Partial<Ping> = {}): Ping => ({
    key: 'item-42:submit-appeal:1wd:2026-11-24T09:00:00+08:00',
    workspace: GUILD_ID,
    channel: '1200000000000000960',
    itemId: 'item-42',
    deadline: 'submit-appeal',
    slot: '1wd',
    text: 'Appeal for "@everyone <@&1200000000000000900>" is due tomorrow',
    reply: reply([heading('Appeal due tomorrow'), para('Title: @everyone <@&1200000000000000900>'), fields([{ label: 'Due', value: '2026-11-24 09:00' }])]),
    mention: ASSIGNEE,
    ...over,
  });

  it('posts to the channel pinging only the assignee, with a nonce from the ledger key enforced', async () => {
    const before = h.rest.requests.length;
    const { messageId } = await h.adapter.notifier.post(ping());
    const req = h.rest.requests.slice(before).find((r) => r.method === 'POST' && r.path === '/v10/channels/1200000000000000960/messages')!;
    const body = req.body as Record<string, unknown>;
    expect(req.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(body.allowed_mentions).toEqual({ parse: [], users: [ASSIGNEE], replied_user: false });
    expect(body.nonce).toBe(nonceFor(ping().key));
    expect(String(body.nonce).length).toBeLessThanOrEqual(25);
    expect(body.enforce_nonce).toBe(true);
    expect(String(body.content).startsWith(`<@${ASSIGNEE}> `)).toBe(true);
    const all = JSON.stringify([body.content, body.embeds]);
    expect(all).not.toMatch(/@(everyone|here)|[^\\]<@&/);
    expect(messageId).toMatch(/^\d+$/);
  });

  it('posts the same ping twice as one message: the nonce makes Discord return the first', async () => {
    const a = await h.adapter.notifier.post(ping({ key: 'item-43:due' }));
    const b = await h.adapter.notifier.post(ping({ key: 'item-43:due' }));
    expect(b.messageId).toBe(a.messageId);
    const c = await h.adapter.notifier.post(ping({ key: 'item-43:overdue' }));
    expect(c.messageId).not.toBe(a.messageId);
  });

  it('pings nobody when the item has no assignee', async () => {
    const before = h.rest.requests.length;
    await h.adapter.notifier.post(ping({ key: 'item-44:due', mention: undefined }));
    const body = h.rest.requests.slice(before).find((r) => r.path.endsWith('/messages'))!.body as Record<string, unknown>;
    expect(body.allowed_mentions).toEqual({ parse: [], users: [], replied_user: false });
    expect(String(body.content)).not.toMatch(/(^|[^\\])<@/);
  });

  it.each([
    [{ status: 404, code: 10003 }, 'channel-gone'],
    [{ status: 403, code: 50001 }, 'not-in-channel'],
    [{ status: 403, code: 50013 }, 'not-in-channel'],
    [{ status: 429, retryAfter: 2.5 }, 'rate-limited'],
  ] as const)('reports a refused post (%o) as %s', async (failure, reason) => {
    const channel = `12000000000000010${failure.status}${'code' in failure ? failure.code : 0}`.slice(0, 19);
    h.rest.failChannel(channel, failure);
    const err = await h.adapter.notifier.post(ping({ channel, key: `k-${channel}` })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).reason).toBe(reason);
    if (reason === 'rate-limited') expect((err as DeliveryError).retryAfterMs).toBeGreaterThanOrEqual(2500);
  });
});
