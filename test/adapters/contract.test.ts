import { PassThrough } from 'node:stream';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { ButtonIds } from '../../src/adapters/discord/buttons.js';
import { renderReply as discordMessages } from '../../src/adapters/discord/render.js';
import { Shell } from '../../src/adapters/shell/index.js';
import { parseShellArgs } from '../../src/adapters/shell/args.js';
import type { Core } from '../../src/core/dispatch.js';
import type { Caller, Reply } from '../../src/core/types.js';
import { LOCALES, type Locale } from '../../src/i18n/locales.js';
import { testBot, type TestBot } from '../support/app.js';
import { CHANNEL_ID, PERMISSIONS, chatInput } from '../fakes/discord-interactions.js';
import { commandExamples, type Example } from './discord/examples.js';
import { callbackData, startHarness, type Harness } from './discord/harness.js';
import { CHANNEL, slackHarness, type SlackHarness } from './slack/harness.js';

// One contract for every adapter: each documented example of each command, in each language, is
// typed by a person the way their platform delivers it and goes the whole way a message goes
// (signed HTTP request to the Slack app, gateway interaction to the discord.js client, a line to the
// shell). What reaches the platform must fit the platform's own limits, written here from the
// platforms' references rather than taken from the renderers, and must ping nobody but the asker:
// never a channel, a role or everyone, and never the teammates typed into the items' titles and
// notes. The one other person a reply may ping is the one `/track assign` just gave the item to, in
// the message that says so (README: "the bot never pings anyone but an item's assignee").

/** What one message put on a platform: its visible text, who it notifies and what broke a limit. */
interface Delivered {
  /** Seen by the asker alone (Slack ephemeral, Discord flag 64, a terminal). */
  private: boolean;
  /** Every string the reader can see. */
  texts: string[];
  /** The people the message notifies. */
  pinged: string[];
  /** What the platform would refuse or cut, in words (empty: within every limit). */
  overLimits: string[];
  /** Mass mentions and mention syntax that would notify more than the named people. */
  massPings: string[];
}

interface Platform {
  name: 'shell' | 'slack' | 'discord';
  /** A teammate typed into titles and notes, as the platform writes them; must never be pinged. */
  teammate: string;
  /** Channel-wide mentions as a person types them on the platform; must stay text. */
  everyone: string;
  /** The person `/track assign 12 @lin` names, as the platform sends the mention. */
  lin: { id: string; typed: string };
  start(): Promise<void>;
  /** The core behind the adapter, and the caller the examples in `locale` come from. */
  bot(): TestBot;
  caller(locale: Locale): Caller;
  /** Runs one example as a person speaking `locale`: every message it put on the platform, and the core's reply. */
  ask(example: Example, locale: Locale): Promise<{ reply: Reply; messages: Delivered[] }>;
  close(): Promise<void>;
}

const SLACK_TOKEN = /<([@!#])([^>|]*)(?:\|[^>]*)?>/g;

/** Slack mrkdwn texts of a message payload, with whether each is parsed for mentions (mrkdwn, not plain_text). */
function slackTexts(v: unknown, out: { text: string; mrkdwn: boolean }[] = [], type?: string, key?: string): { text: string; mrkdwn: boolean }[] {
  if (typeof v === 'string') {
    if (key === 'text') out.push({ text: v, mrkdwn: type !== 'plain_text' });
  } else if (Array.isArray(v)) {
    for (const x of v) slackTexts(x, out, type);
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(o)) slackTexts(x, out, typeof o.type === 'string' ? o.type : type, k);
  }
  return out;
}

/** Slack's Block Kit limits (api.slack.com/reference/block-kit), checked on one message payload. */
function slackLimits(p: { text?: unknown; blocks?: Record<string, unknown>[] }): string[] {
  const over: string[] = [];
  const len = (s: unknown) => (typeof s === 'string' ? s.length : 0);
  const blocks = p.blocks ?? [];
  if (typeof p.text !== 'string' || !p.text) over.push('no fallback text');
  if (len(p.text) > 40_000) over.push(`fallback text ${len(p.text)} > 40000`);
  if (blocks.length > 50) over.push(`${blocks.length} blocks > 50`);
  for (const b of blocks) {
    const text = (b.text as { text?: string } | undefined)?.text;
    if (b.type === 'header' && len(text) > 150) over.push(`header ${len(text)} > 150`);
    if (b.type === 'section') {
      if (len(text) > 3000) over.push(`section ${len(text)} > 3000`);
      const fields = (b.fields as { text: string }[] | undefined) ?? [];
      if (fields.length > 10) over.push(`${fields.length} fields > 10`);
      for (const f of fields) if (len(f.text) > 2000) over.push(`field ${len(f.text)} > 2000`);
      if (!text && fields.length === 0) over.push('empty section');
    }
    if (b.type === 'context') {
      const elements = b.elements as { text?: string }[];
      if (elements.length > 10) over.push(`${elements.length} context elements > 10`);
      for (const e of elements) if (len(e.text) > 3000) over.push(`context ${len(e.text)} > 3000`);
    }
    if (b.type === 'actions') {
      const elements = b.elements as { text?: { text: string }; value?: string; action_id?: string }[];
      if (elements.length > 25) over.push(`${elements.length} buttons > 25`);
      for (const e of elements) {
        if (len(e.text?.text) > 75) over.push(`button text ${len(e.text?.text)} > 75`);
        if (len(e.value) > 2000) over.push(`button value ${len(e.value)} > 2000`);
        if (len(e.action_id) > 255) over.push(`action_id ${len(e.action_id)} > 255`);
      }
    }
    if (len(b.block_id) > 255) over.push('block_id > 255');
  }
  return over;
}

/** One Slack message (an ack or a respond() payload) as the contract sees it. */
function slackDelivered(p: Record<string, unknown>): Delivered {
  const texts = slackTexts(p);
  const tokens = texts.filter((t) => t.mrkdwn).flatMap((t) => [...t.text.matchAll(SLACK_TOKEN)].map((m) => ({ sigil: m[1]!, id: m[2]! })));
  const isPrivate = p.response_type === 'ephemeral';
  return {
    private: isPrivate,
    texts: texts.map((t) => t.text),
    pinged: isPrivate ? [] : tokens.filter((t) => t.sigil === '@').map((t) => t.id),
    overLimits: slackLimits(p as { text?: unknown; blocks?: Record<string, unknown>[] }),
    // `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>` notify groups, even in a private message's preview.
    massPings: tokens.filter((t) => t.sigil === '!' && !/^date\^/.test(t.id)).map((t) => `<!${t.id}>`),
  };
}

interface DiscordBody {
  content?: string;
  embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string }; author?: { name: string } }[];
  components?: { type: number; components: { type: number; label?: string; custom_id?: string }[] }[];
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean };
  flags?: number;
}

/** Discord's message limits (discord.com/developers/docs/resources/message, …/components), checked on one body. */
function discordLimits(d: DiscordBody): string[] {
  const over: string[] = [];
  const content = d.content ?? '';
  const embeds = d.embeds ?? [];
  const rows = d.components ?? [];
  if (!content && embeds.length === 0) over.push('empty message');
  if (content.length > 2000) over.push(`content ${content.length} > 2000`);
  if (embeds.length > 10) over.push(`${embeds.length} embeds > 10`);
  let total = 0;
  for (const e of embeds) {
    const fields = e.fields ?? [];
    if ((e.title ?? '').length > 256) over.push(`title ${(e.title ?? '').length} > 256`);
    if ((e.description ?? '').length > 4096) over.push(`description ${(e.description ?? '').length} > 4096`);
    if (fields.length > 25) over.push(`${fields.length} fields > 25`);
    for (const f of fields) {
      if (f.name.length > 256) over.push(`field name ${f.name.length} > 256`);
      if (f.value.length > 1024) over.push(`field value ${f.value.length} > 1024`);
    }
    if ((e.footer?.text ?? '').length > 2048) over.push('footer > 2048');
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
    total += fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  if (total > 6000) over.push(`embeds ${total} > 6000 characters`);
  if (rows.length > 5) over.push(`${rows.length} action rows > 5`);
  for (const row of rows) {
    if (row.type !== 1) over.push(`top-level component of type ${row.type}`);
    if (row.components.length > 5) over.push(`${row.components.length} buttons in a row > 5`);
    for (const b of row.components) {
      if ((b.label ?? '').length > 80) over.push(`button label ${(b.label ?? '').length} > 80`);
      if ((b.custom_id ?? '').length > 100) over.push(`custom_id ${(b.custom_id ?? '').length} > 100`);
    }
  }
  return over;
}

/** Text outside code spans (Discord shows code literally, never as a mention). */
const outsideCode = (s: string) => s.replace(/```[\s\S]*?```|``[^`]*``|`[^`\n]*`/g, '');

/** One Discord message (the interaction callback's data or a follow-up) as the contract sees it. */
function discordDelivered(d: DiscordBody): Delivered {
  const embeds = d.embeds ?? [];
  const embedTexts = embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '', e.author?.name ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]);
  const labels = (d.components ?? []).flatMap((r) => r.components.map((b) => b.label ?? ''));
  const content = outsideCode(d.content ?? '');
  const am = d.allowed_mentions;
  const massPings: string[] = [];
  // Without an explicit allowed_mentions Discord pings whatever the content names.
  if (!am) massPings.push('no allowed_mentions');
  else {
    if ((am.parse ?? []).length) massPings.push(`allowed_mentions.parse ${JSON.stringify(am.parse)}`);
    if ((am.roles ?? []).length) massPings.push(`allowed_mentions.roles ${JSON.stringify(am.roles)}`);
    if (am.replied_user !== false) massPings.push('replied_user not false');
  }
  // Unescaped mass mentions anywhere (embeds do not notify, but they would read as a ping), role
  // mentions in the content (an embed title shows `<@&…>` as typed, no role is notified).
  for (const s of [content, ...embedTexts.map(outsideCode), ...labels]) {
    for (const m of s.matchAll(/(^|[^\\\u200b])@(everyone|here)\b/gi)) massPings.push(`@${m[2]}`);
  }
  for (const m of content.matchAll(/(^|[^\\])<@&(\d+)>/g)) massPings.push(`<@&${m[2]}>`);
  const named = [...content.matchAll(/(^|[^\\])<@!?(\d{15,21})>/g)].map((m) => m[2]!);
  return {
    private: ((d.flags ?? 0) & 64) === 64,
    texts: [d.content ?? '', ...embedTexts, ...labels],
    // Who is both named in the content and allowed: those are notified.
    pinged: named.filter((id) => (am?.users ?? []).includes(id)),
    overLimits: discordLimits(d),
    massPings,
  };
}

const SHELL_WIDTH = 60;

/** The shell's output of one reply: lines within the terminal's width, no markup of a chat platform. */
function shellDelivered(out: string): Delivered {
  const over: string[] = [];
  const lines = out.replace(/\n$/, '').split('\n');
  for (const l of lines) if (stringWidth(l) > SHELL_WIDTH) over.push(`line of width ${stringWidth(l)} > ${SHELL_WIDTH}: ${l}`);
  if (!out.trim()) over.push('nothing printed');
  // No colours were asked for, and nothing meant for a chat platform's renderer reaches the terminal.
  for (const [what, re] of [
    ['escape code', /\x1b\[/],
    ['** bold markup', /\*\*/],
    ['mrkdwn bold', /(^|\s)\*[^*\s][^*]*\*(\s|$)/m],
    ['a mention token', /<[@!#][^>]*>/],
    ['a Slack link', /<https?:[^>]*\|/],
    ['an escaped character', /&(amp|lt|gt);|\\[*_~`<>]/],
  ] as const) {
    if (re.test(out)) over.push(`shows ${what}`);
  }
  return { private: true, texts: [out], pinged: [], overLimits: over, massPings: [] };
}

// ---------------------------------------------------------------------------------------------
// The three adapters, each behind the same interface.

/** Items every workspace holds before the examples run: `/track show 12` and friends find item 12. */
function seeds({ teammate, everyone }: Platform): string[] {
  const lines = [];
  for (let i = 1; i <= 12; i++) {
    const named = `Ask ${teammate} about it ${everyone}`;
    // Item 12, which the examples show and change, has a title as long as /track new takes (200).
    const title = i === 12 ? `${named} ${'商标证书 trademark certificate '.repeat(10)}`.slice(0, 200).trim() : i % 3 === 0 ? named : `Acme case ${i}`;
    lines.push(`/track new brand-appeal "${title}" submitted:2026-11-20`);
  }
  lines.push(`/track note 12 ${teammate} has the invoice ${everyone}`);
  lines.push(`/track assign 3 ${teammate}`);
  return lines;
}

const USERS: Record<Locale, string> = { en: 'ALICE', 'zh-CN': 'LI', 'zh-TW': 'MEI' };

function shellPlatform(): Platform {
  const bot = testBot();
  const args = (l: Locale) => parseShellArgs(['--locale', l, '--user', `u-${USERS[l].toLowerCase()}`, '--workspace', `w-${l}`, '--channel', 'c1']);
  return {
    name: 'shell',
    teammate: '@bob',
    everyone: '@everyone @here',
    lin: { id: 'lin', typed: '@lin' },
    start: async () => {},
    bot: () => bot,
    caller: (l) => new Shell(bot.core, args(l), new PassThrough()).caller,
    async ask(ex, l) {
      const output = new PassThrough();
      let out = '';
      output.on('data', (d: Buffer) => (out += d.toString('utf8')));
      const reply = (await new Shell(bot.core, args(l), output, { width: () => SHELL_WIDTH }).line(ex.line))!;
      return { reply, messages: [shellDelivered(out)] };
    },
    close: async () => {},
  };
}

function slackPlatform(): Platform {
  let h: SlackHarness;
  const team = (l: Locale) => `T0CONTRACT${l.replace('-', '').toUpperCase()}`;
  const user = (l: Locale) => `U0${USERS[l]}`;
  return {
    name: 'slack',
    teammate: '<@U0BOB>',
    everyone: '@everyone @here <!channel> <!here> <!subteam^S0TEAM>',
    lin: { id: 'U0LIN', typed: '<@U0LIN|lin>' },
    async start() {
      h = await slackHarness();
      for (const l of LOCALES) h.api.users.set(user(l), { id: user(l), locale: l === 'en' ? 'en-US' : l, is_admin: true });
    },
    bot: () => h.bot,
    caller: (l) => ({ platform: 'slack', workspace: team(l), channel: CHANNEL, user: user(l), platformLocale: l, isAdmin: true }),
    async ask(ex, l) {
      const res = await h.command(ex.line, { team: team(l), user: user(l) });
      expect(res.status, ex.line).toBe(200);
      const bodies = [res.json as Record<string, unknown>, ...h.api.responsesTo(res.responseId).map((r) => r.body)];
      return { reply: h.replies.at(-1)!, messages: bodies.map(slackDelivered) };
    },
    close: () => h.close(),
  };
}

function discordPlatform(): Platform {
  let h: Harness;
  const replies: Reply[] = [];
  const guild = (l: Locale) => String(1_200_000_000_000_000_110n + BigInt(LOCALES.indexOf(l)));
  const user = (l: Locale) => String(1_200_000_000_000_000_310n + BigInt(LOCALES.indexOf(l)));
  const discordLocale: Record<Locale, string> = { en: 'en-US', 'zh-CN': 'zh-CN', 'zh-TW': 'zh-TW' };
  return {
    name: 'discord',
    teammate: '<@1200000000000000901>',
    everyone: '@everyone @here <@&1200000000000000999>',
    lin: { id: '1200000000000000777', typed: '<@1200000000000000777>' },
    async start() {
      // The core's replies, kept on their way to the adapter (to know how many follow-ups to wait for).
      const keep = (core: Core): Core => ({
        ...core,
        dispatch: async (inv) => {
          const r = await core.dispatch(inv);
          replies.push(r);
          return r;
        },
      });
      h = await startHarness({ wrap: keep });
    },
    bot: () => h.bot,
    caller: (l) => ({ platform: 'discord', workspace: guild(l), channel: CHANNEL_ID, user: user(l), platformLocale: discordLocale[l], isAdmin: true }),
    async ask(ex, l) {
      const raw = chatInput(ex.command, ex.options, { guildId: guild(l), userId: user(l), locale: discordLocale[l], permissions: PERMISSIONS.manageGuild });
      const before = h.rest.requests.length;
      const callback = await h.send(raw);
      const reply = replies.at(-1)!;
      const count = discordMessages(reply, { ids: new ButtonIds() }).length;
      const followUp = (r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith(`/${raw.token}`) && r.path.startsWith('/v10/webhooks/');
      const followUps = () => h.rest.requests.slice(before).filter(followUp);
      // Follow-ups come one after another: wait for the next after the last one seen.
      const after = () => {
        const last = followUps().at(-1);
        return last ? h.rest.requests.indexOf(last) + 1 : before;
      };
      while (followUps().length < count - 1) await h.rest.waitFor(followUp, 15_000, after());
      return { reply, messages: [callbackData(callback) as DiscordBody, ...followUps().map((r) => r.body as DiscordBody)].map(discordDelivered) };
    },
    close: () => h.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// The contract.

for (const platform of [shellPlatform(), slackPlatform(), discordPlatform()]) {
  describe(`the ${platform.name} adapter keeps the contract`, () => {
    beforeAll(async () => {
      await platform.start();
      for (const l of LOCALES) {
        for (const line of seeds(platform)) {
          const r = await platform.bot().run(line, platform.caller(l));
          expect(r.error, `${line}: ${r.error?.message}`).toBeUndefined();
        }
      }
    });
    afterAll(() => platform.close());

    for (const locale of LOCALES) {
      const examples = commandExamples(COMMANDS, locale, (line) => line.replace(/@lin\b/g, platform.lin.typed));

      it(`runs every documented example in ${locale}, each within the platform's limits, pinging nobody but the asker`, async () => {
        const asker = platform.caller(locale).user;
        const answered = new Set<string>();
        const problems: string[] = [];
        let teammateShown = false;
        for (const ex of examples) {
          const { reply, messages } = await platform.ask(ex, locale);
          // `/settings lang zh-TW` among the en examples: the asker goes back to their platform's language.
          if (ex.command === 'settings' && /^lang\b/.test(ex.text)) await platform.bot().run('/settings lang auto', platform.caller(locale));
          expect(messages.length, ex.line).toBeGreaterThan(0);
          if (!reply.error) answered.add(ex.command);
          // The person `/track assign` just named, in the message that tells the channel.
          const assigned = ex.command === 'track' && /^assign\b/.test(ex.text) && !reply.error ? [platform.lin.id] : [];
          for (const m of messages) {
            if (m.texts.some((t) => t.includes('about it'))) teammateShown = true;
            for (const o of m.overLimits) problems.push(`${ex.line}: ${o}`);
            for (const p of m.massPings) problems.push(`${ex.line}: pings ${p}`);
            for (const id of m.pinged) if (id !== asker && !assigned.includes(id)) problems.push(`${ex.line}: pings ${id}`);
            if (reply.error && !m.private) problems.push(`${ex.line}: an error shown to the channel`);
          }
          // Private answers stay private: every message of an ephemeral reply is.
          if (reply.ephemeral) for (const m of messages) if (!m.private) problems.push(`${ex.line}: a private answer posted in the channel`);
        }
        expect(problems).toEqual([]);
        // The titles that name a teammate were shown (`/track list`, `/track show`), and pinged nobody.
        expect(teammateShown).toBe(true);
        // Not a contract kept by refusing everything: every command answers at least one example.
        expect([...answered].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
      });
    }
  });
}
