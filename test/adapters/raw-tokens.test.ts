import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { renderReply as renderSlack } from '../../src/adapters/slack/render.js';
import { renderReply as renderDiscord } from '../../src/adapters/discord/render.js';
import { ButtonIds } from '../../src/adapters/discord/buttons.js';
import { LOCALES } from '../../src/i18n/locales.js';
import { translator } from '../../src/i18n/index.js';
import { testBot } from '../support/app.js';

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
