import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { startDiscord } from '../src/adapters/discord/index.js';
import { warmUp } from '../src/adapters/chat.js';
import { restBase } from '../src/adapters/discord/registration.js';
import { FakeDiscordGateway } from '../test/fakes/discord-gateway.js';
import { FakeDiscordRest } from '../test/fakes/discord-rest.js';
import { APP_ID, BOT_USER, autocomplete, buttonClick, chatInput, messageCreate } from '../test/fakes/discord-interactions.js';
import { percentile } from './util.js';
import type { Bench, Figures } from './run.js';

const N = 300;
const WARMUP = 30;
const ROUNDS = 5;
/** Conversational questions: how many, and at most one every this many ms (40 a second, under Discord's global 50). */
const MENTIONS = 200;
const MENTION_GAP_MS = 25;

type RoundTrip = (raw: { id: string; token: string }) => Promise<number>;

/** INTERACTION_CREATE sent by `gateway` → its callback received by `rest`, in ms. */
function roundTripper(gateway: FakeDiscordGateway, rest: FakeDiscordRest): RoundTrip {
  return async (raw) => {
    const after = rest.requests.length;
    const start = performance.now();
    gateway.sendInteraction(raw);
    await rest.waitFor((r) => r.path === `/v10/interactions/${raw.id}/${raw.token}/callback`, 15_000, after);
    return performance.now() - start;
  };
}

/** The baseline: discord.js alone, a fixed reply to every command. */
async function startBare(): Promise<{ roundTrip: RoundTrip; rest: FakeDiscordRest; stop(): Promise<void> }> {
  const rest = await FakeDiscordRest.start(BOT_USER);
  const gateway = await FakeDiscordGateway.start(APP_ID, BOT_USER);
  rest.gatewayUrl = gateway.url;
  const { Client, Events, MessageFlags } = await import('discord.js');
  const client = new Client({ intents: [], rest: { api: restBase(rest.url) } });
  client.on(Events.InteractionCreate, (i) => {
    if (i.isChatInputCommand()) void i.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login('bench-token');
  await ready;
  return {
    roundTrip: roundTripper(gateway, rest),
    rest,
    stop: async () => {
      await client.destroy();
      await gateway.close();
      await rest.close();
    },
  };
}

/**
 * The Discord adapter on loopback: the unmodified discord.js client behind a fake gateway and a
 * recording REST server. Each figure is the time from the gateway sending INTERACTION_CREATE to
 * the REST server receiving the interaction's callback (the reply), over the real core. The
 * baseline is a bare discord.js client in the same process, behind its own fake gateway and REST
 * server, that replies to every command with a fixed ephemeral text; /help alternates between the
 * two, and the ratio figure is the median over rounds of our p50 over the bare client's.
 */
const bench: Bench = {
  name: 'discord',
  async run() {
    const rest = await FakeDiscordRest.start(BOT_USER);
    const gateway = await FakeDiscordGateway.start(APP_ID, BOT_USER);
    rest.gatewayUrl = gateway.url;
    const config = loadConfig({ DISCORD_TOKEN: 'bench-token', DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: rest.url });
    const core = createApp({ config, store: new MemoryStore(), log: silentLogger, clock: () => new Date('2026-11-23T09:00:00+08:00') });
    const t0 = performance.now();
    // The bench asks far faster than a person: no rate limit.
    const adapter = await startDiscord({ core, config, log: silentLogger, rateLimits: { perUser: 1e9, perChannel: 1e9, windowMs: 1 } });
    const login = performance.now() - t0;
    // As the chat process does after its ready line (src/main.ts): the /howto index and its tables.
    const t1 = performance.now();
    await warmUp(core);
    const warm = performance.now() - t1;
    const bare = await startBare();
    try {
      const roundTrip = roundTripper(gateway, rest);
      const measure = async (make: () => { id: string; token: string }): Promise<number[]> => {
        for (let i = 0; i < WARMUP; i++) await roundTrip(make());
        const out: number[] = [];
        for (let i = 0; i < N; i++) out.push(await roundTrip(make()));
        // Keep the recorder small between series.
        rest.requests.length = 0;
        return out.sort((a, b) => a - b);
      };
      // /help, alternating with the bare client.
      for (let i = 0; i < WARMUP; i++) {
        await roundTrip(chatInput('help', []));
        await bare.roundTrip(chatInput('help', []));
      }
      const ratios: number[] = [];
      const oursP50: number[] = [];
      const bareP50: number[] = [];
      const help: number[] = [];
      const bareAll: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const a: number[] = [];
        const b: number[] = [];
        for (let i = 0; i < N / 2; i++) {
          if (i % 2) {
            b.push(await bare.roundTrip(chatInput('help', [])));
            a.push(await roundTrip(chatInput('help', [])));
          } else {
            a.push(await roundTrip(chatInput('help', [])));
            b.push(await bare.roundTrip(chatInput('help', [])));
          }
        }
        a.sort((x, y) => x - y);
        b.sort((x, y) => x - y);
        oursP50.push(percentile(a, 50));
        bareP50.push(percentile(b, 50));
        ratios.push(percentile(a, 50) / percentile(b, 50));
        help.push(...a);
        bareAll.push(...b);
        rest.requests.length = 0;
        bare.rest.requests.length = 0;
      }
      help.sort((x, y) => x - y);
      bareAll.sort((x, y) => x - y);
      const med = (xs: number[]) => percentile([...xs].sort((x, y) => x - y), 50);
      const guide = await measure(() => chatInput('guide', [{ name: 'entry', type: 3, value: 'collab.approve-design' }]));
      const entry = await core.dispatch({
        platform: 'discord',
        workspace: 'bench',
        channel: 'c',
        user: 'u',
        command: 'guide',
        options: { entry: 'collab.approve-design' },
      });
      const lang = entry.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])).find((b) => b.actionId === 'guide:lang');
      const click = lang ? await measure(() => buttonClick(`${lang.actionId}|${lang.value}`, { content: 'x' })) : [];
      const questions = ['how do I reschedule the video verification', '设计被拒了怎么办', '要怎麼撤銷我提交的設計', 'how do I link my EU and US accounts'];
      const mentionTrip = async (i: number): Promise<number> => {
        const d = messageCreate(`<@${BOT_USER.id}> ${questions[i % questions.length]}`, { mentions: [{ id: BOT_USER.id, username: 'sellerdesk' }] });
        const after = rest.requests.length;
        const start = performance.now();
        gateway.sendDispatch('MESSAGE_CREATE', d);
        await rest.waitFor((r) => r.method === 'POST' && r.path === `/v10/channels/${d.channel_id}/messages`, 15_000, after);
        return performance.now() - start;
      };
      // The first question after start-up, then the steady state. Questions are answered by a
      // channel message, and discord.js keeps to Discord's global limit of 50 requests a second per
      // bot (interaction callbacks are exempt): asked back to back, every 51st answer of a second
      // waited for the next second (~0.9 s, the p99 this bench used to print). Paced below that
      // limit, as a server's people ask, the figure is our latency and not the limiter's.
      const first = await mentionTrip(0);
      const paced = async (i: number): Promise<number> => {
        const due = performance.now() + MENTION_GAP_MS;
        const ms = await mentionTrip(i);
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        return ms;
      };
      for (let i = 1; i <= WARMUP; i++) await paced(i);
      const mention: number[] = [];
      for (let i = 0; i < MENTIONS; i++) mention.push(await paced(i));
      mention.sort((a, b) => a - b);
      rest.requests.length = 0;
      const complete = await measure(() => autocomplete('guide', [{ name: 'entry', type: 3, value: 'appeal', focused: true }]));
      const figures: Figures = {
        login: { value: login, unit: 'ms', label: 'start-up: load discord.js, log in, READY (fake gateway)' },
        warm: { value: warm, unit: 'ms', label: 'after READY: warm-up (/howto index, tables, strings; background)' },
        helpP50: { value: med(oursP50), unit: 'ms', label: '/help: INTERACTION_CREATE → reply callback, p50 (median over rounds)' },
        bareP50: { value: med(bareP50), unit: 'ms', label: '  baseline: bare discord.js client, fixed reply, p50 (median over rounds)' },
        helpP50Ratio: { value: med(ratios), unit: '×', label: `  p50 over the bare client's, median of ${ROUNDS} rounds (target ≤ 1.3)` },
        helpP99: { value: percentile(help, 99), unit: 'ms', label: '/help: INTERACTION_CREATE → reply callback, p99' },
        bareP99: { value: percentile(bareAll, 99), unit: 'ms', label: '  baseline: bare discord.js client, p99' },
        guideP50: { value: percentile(guide, 50), unit: 'ms', label: '/guide <entry>: INTERACTION_CREATE → reply callback, p50' },
        guideP99: { value: percentile(guide, 99), unit: 'ms', label: '/guide <entry>: INTERACTION_CREATE → reply callback, p99' },
        autocompleteP50: { value: percentile(complete, 50), unit: 'ms', label: 'autocomplete (entries): → choices callback, p50' },
        autocompleteP99: { value: percentile(complete, 99), unit: 'ms', label: 'autocomplete (entries): → choices callback, p99' },
        mentionFirst: { value: first, unit: 'ms', label: '@mention (MESSAGE_CREATE) → reply posted, first after start-up and warm-up' },
        mentionP50: { value: percentile(mention, 50), unit: 'ms', label: '@mention → reply posted, p50 (40 a second, after the first)' },
        mentionP99: { value: percentile(mention, 99), unit: 'ms', label: '@mention → reply posted, p99 (40 a second, after the first)' },
      };
      if (click.length) {
        figures.buttonP50 = { value: percentile(click, 50), unit: 'ms', label: 'button (language toggle): → update callback, p50' };
        figures.buttonP99 = { value: percentile(click, 99), unit: 'ms', label: 'button (language toggle): → update callback, p99' };
      }
      return figures;
    } finally {
      await adapter.stop();
      await bare.stop();
      await gateway.close();
      await rest.close();
    }
  },
};

export default bench;
