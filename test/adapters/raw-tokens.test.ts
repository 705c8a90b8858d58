import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { renderReply as renderSlack } from '../../src/adapters/slack/render.js';
import { renderReply as renderDiscord } from '../../src/adapters/discord/render.js';
import { ButtonIds } from '../../src/adapters/discord/buttons.js';
import { LOCALES } from '../../src/i18n/locales.js';
import { translator } from '../../src/i18n/index.js';
import { testBot } from '../support/app.js';
import { pingBodies } from '../../src/adapters/discord/notifier.js';
import type { Delivered, Notifier, Ping } from '../../src/core/notifier.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { routeAllTo } from '../../src/scheduler/route.js';
import { Scheduler, type Timers } from '../../src/scheduler/scheduler.js';

/** Every string of a rendered payload. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

const RAW_MENTION = /&lt;@[UW][A-Z0-9]+&gt;|\\<@|<@[UW][A-Z0-9]+>|<@!?\d{15,21}>/;
const MARKERS = /==\s*\S[^=]*\s*==/;

describe('rendered messages show no raw mention token and no == … == markers', () => {
  for (const locale of LOCALES) {
    it(`every documented example, in ${locale}, on Slack and on Discord`, async () => {
      const bot = testBot();
      const who = { platform: 'slack' as const, workspace: 'T1', channel: 'C1', user: 'U0ASKER', platformLocale: locale, isAdmin: true };
      for (const c of COMMANDS) {
        for (const line of translator(locale)(`cmd.${c.name}.examples`).split('\n')) {
          const reply = await bot.run(line, who);
          const slack = strings(renderSlack(reply, { nativeFeedback: true })).join('\n');
          const discord = strings(renderDiscord(reply, { ids: new ButtonIds() })).join('\n');
          for (const [where, text] of [['slack', slack], ['discord', discord]] as const) {
            expect(RAW_MENTION.test(text), `${line} on ${where}: ${text.match(RAW_MENTION)?.[0]}`).toBe(false);
            expect(MARKERS.test(text), `${line} on ${where}: ${text.match(MARKERS)?.[0]}`).toBe(false);
          }
        }
      }
    });
  }
});

describe('a teammate typed into a title or a note', () => {
  const cases = [
    { platform: 'slack' as const, typed: '<@U0BOSS>', user: 'U0ASKER' },
    { platform: 'discord' as const, typed: '<@!123456789012345678>', user: '223456789012345678' },
  ];
  for (const c of cases) {
    for (const locale of LOCALES) {
      it(`shows as a name or a neutral label, never a raw token, in ${c.platform} replies and pings (${locale})`, async () => {
        const store = new MemoryStore();
        const bot = testBot({ now: '2026-11-23T10:00:00+08:00', store });
        const who = { platform: c.platform, workspace: 'W1', channel: 'C1', user: c.user, platformLocale: locale, isAdmin: true };
        const notifier = new Recorder();
        const scheduler = new Scheduler({ services: bot.core.services, route: routeAllTo(notifier), changes: bot.core.services.items, timers: new Manual() });
        try {
          await bot.run(`/track new task Ask ${c.typed} about the *invoice* due:2026-12-02`, who);
          await bot.run(`/track note 1 Waiting for ${c.typed} to reply`, who);
          const replies = [await bot.run('/track show 1', who), await bot.run('/track list', who), await bot.run('/deadlines 30', who)];
          bot.setNow('2026-11-30T09:00:00+08:00');
          await scheduler.start();
          await scheduler.settled();
          expect(notifier.posted.length).toBeGreaterThan(0);
          const someone = translator(locale)('mention.someone');
          const named = (id: string) => (id === 'U0BOSS' || id === '123456789012345678' ? 'Boss Wang' : undefined);
          for (const reply of [...replies, ...notifier.posted.map((p) => p.reply)]) {
            const out =
              c.platform === 'slack'
                ? [strings(renderSlack(reply)).join('\n'), strings(renderSlack(reply, { names: named })).join('\n')]
                : [strings(renderDiscord(reply, { ids: new ButtonIds() })).join('\n'), strings(renderDiscord(reply, { ids: new ButtonIds(), names: named })).join('\n')];
            for (const text of out) {
              expect(RAW_MENTION.test(text), `${c.platform}: ${text.match(RAW_MENTION)?.[0]}`).toBe(false);
              expect(text).not.toMatch(/U0BOSS|123456789012345678/);
            }
            if (JSON.stringify(reply).includes('Ask ')) {
              expect(out[0]).toContain(someone);
              expect(out[1]).toContain('@Boss Wang');
            }
          }
          for (const p of notifier.posted.filter(() => c.platform === 'discord')) {
            const text = strings(pingBodies(p, new ButtonIds())).join('\n');
            expect(RAW_MENTION.test(text), text).toBe(false);
            expect(text).not.toContain('123456789012345678');
          }
        } finally {
          await scheduler.stop();
        }
      });
    }
  }
});

class Manual implements Timers {
  set(): number {
    return 0;
  }
  clear(): void {}
}

class Recorder implements Notifier {
  readonly platform = 'shell' as const;
  readonly posted: Ping[] = [];
  post(ping: Ping): Promise<Delivered> {
    this.posted.push(ping);
    return Promise.resolve({ messageId: `m${this.posted.length}` });
  }
}

describe('button labels: the core passes them whole, each renderer fits its platform', () => {
  it('a 120-character label is cut to at most 75 on Slack and 80 on Discord (at a space), ending with an ellipsis', () => {
    const label = 'How do I appeal a brand registry decision when the trademark office has not yet published it '.repeat(2).slice(0, 120);
    const reply = { blocks: [{ type: 'buttons' as const, buttons: [{ label, actionId: 'guide:open', value: 'x' }] }] };
    const slack = JSON.stringify(renderSlack(reply));
    const discord = renderDiscord(reply, { ids: new ButtonIds() })[0]!.components[0]!.components[0]!.label!;
    const slackLabel = /"text":"([^"]*)…"/.exec(slack)![1]! + '…';
    expect([...slackLabel].length).toBeLessThanOrEqual(75);
    expect([...slackLabel].length).toBeGreaterThan(65);
    expect([...discord].length).toBeLessThanOrEqual(80);
    expect([...discord].length).toBeGreaterThan(75);
    expect(discord.endsWith('…')).toBe(true);
  });
});
