import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { startDiscord } from '../src/adapters/discord/index.js';
import { FakeDiscordGateway } from '../test/fakes/discord-gateway.js';
import { FakeDiscordRest } from '../test/fakes/discord-rest.js';
import { APP_ID, BOT_USER, autocomplete, buttonClick, chatInput, messageCreate } from '../test/fakes/discord-interactions.js';
import { percentile } from './util.js';
import type { Bench, Figures } from './run.js';

const N = 300;
const WARMUP = 30;

/**
 * The Discord adapter on loopback: the unmodified discord.js client behind a fake gateway and a
 * recording REST server. Each figure is the time from the gateway sending INTERACTION_CREATE to
 * the REST server receiving the interaction's callback (the reply), over the real core.
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
    try {
      const roundTrip = async (raw: { id: string; token: string }): Promise<number> => {
        const after = rest.requests.length;
        const start = performance.now();
        gateway.sendInteraction(raw);
        await rest.waitFor((r) => r.path === `/v10/interactions/${raw.id}/${raw.token}/callback`, 15_000, after);
        return performance.now() - start;
      };
      const measure = async (make: () => { id: string; token: string }): Promise<number[]> => {
        for (let i = 0; i < WARMUP; i++) await roundTrip(make());
        const out: number[] = [];
        for (let i = 0; i < N; i++) out.push(await roundTrip(make()));
        // Keep the recorder small between series.
        rest.requests.length = 0;
        return out.sort((a, b) => a - b);
      };
      const help = await measure(() => chatInput('help', []));
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
      for (let i = 0; i < WARMUP; i++) await mentionTrip(i);
      const mention: number[] = [];
      for (let i = 0; i < N; i++) mention.push(await mentionTrip(i));
      mention.sort((a, b) => a - b);
      rest.requests.length = 0;
      const complete = await measure(() => autocomplete('guide', [{ name: 'entry', type: 3, value: 'appeal', focused: true }]));
      const figures: Figures = {
        login: { value: login, unit: 'ms', label: 'start-up: load discord.js, log in, READY (fake gateway)' },
        helpP50: { value: percentile(help, 50), unit: 'ms', label: '/help: INTERACTION_CREATE → reply callback, p50' },
        helpP99: { value: percentile(help, 99), unit: 'ms', label: '/help: INTERACTION_CREATE → reply callback, p99' },
        guideP50: { value: percentile(guide, 50), unit: 'ms', label: '/guide <entry>: INTERACTION_CREATE → reply callback, p50' },
        guideP99: { value: percentile(guide, 99), unit: 'ms', label: '/guide <entry>: INTERACTION_CREATE → reply callback, p99' },
        autocompleteP50: { value: percentile(complete, 50), unit: 'ms', label: 'autocomplete (entries): → choices callback, p50' },
        autocompleteP99: { value: percentile(complete, 99), unit: 'ms', label: 'autocomplete (entries): → choices callback, p99' },
        mentionP50: { value: percentile(mention, 50), unit: 'ms', label: '@mention (MESSAGE_CREATE) → reply posted, p50' },
        mentionP99: { value: percentile(mention, 99), unit: 'ms', label: '@mention (MESSAGE_CREATE) → reply posted, p99' },
      };
      if (click.length) {
        figures.buttonP50 = { value: percentile(click, 50), unit: 'ms', label: 'button (language toggle): → update callback, p50' };
        figures.buttonP99 = { value: percentile(click, 99), unit: 'ms', label: 'button (language toggle): → update callback, p99' };
      }
      return figures;
    } finally {
      await adapter.stop();
      await gateway.close();
      await rest.close();
    }
  },
};

export default bench;
