import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../src/i18n/locales.js';
import { Knowledge } from '../../src/knowledge/resources.js';
import { PROGRAMS, SHORT_TITLE_MAX } from '../../src/knowledge/schema.js';
import { LIMITS as SLACK, renderReply as renderSlack } from '../../src/adapters/slack/render.js';
import { LIMITS as DISCORD, renderReply as renderDiscord } from '../../src/adapters/discord/render.js';
import { ButtonIds } from '../../src/adapters/discord/buttons.js';
import type { Button, Reply } from '../../src/core/types.js';
import { testBot } from '../support/app.js';

const kb = new Knowledge().base();
const as = (locale: Locale) => ({ platformLocale: locale });
const buttonsOf = (r: Reply): Button[] => r.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));

/** Every bracket pair the knowledge base writes; a label that opens one must close it. */
const PAIRS = ['()', '（）', '【】', '「」', '“”', '[]'];
const balanced = (s: string) => PAIRS.every(([open, close]) => s.split(open!).length === s.split(close!).length);

/** The button labels exactly as Slack and Discord would show them. */
function slackLabels(r: Reply): string[] {
  return renderSlack(r).flatMap((m) =>
    m.blocks.flatMap((b) => {
      const els = (b as { type: string; elements?: { type: string; text?: { text: string } }[] }).elements ?? [];
      return b.type === 'actions' ? els.filter((e) => e.type === 'button').map((e) => e.text!.text) : [];
    }),
  );
}
function discordLabels(r: Reply): string[] {
  return renderDiscord(r, { ids: new ButtonIds() }).flatMap((m) => m.components.flatMap((row) => row.components.map((b) => b.label ?? '')));
}

describe('button labels for knowledge-base entries', () => {
  it('every entry has a short title in every locale that fits Slack and Discord buttons whole', () => {
    expect(SHORT_TITLE_MAX).toBeLessThanOrEqual(Math.min(SLACK.buttonText, DISCORD.buttonLabel));
    for (const locale of LOCALES) {
      for (const id of kb.ids) {
        const short = kb.entry(id, locale)!.short;
        const where = `${id} in ${locale}: "${short}"`;
        expect(short.length, where).toBeLessThanOrEqual(Math.min(SLACK.buttonText, DISCORD.buttonLabel));
        expect(short, where).toBe(short.trim());
        expect(short, where).not.toMatch(/…|\.\.\.$/);
        expect(balanced(short), where).toBe(true);
      }
    }
  });

  it('short titles differ between entries, so two buttons never read the same', () => {
    for (const locale of LOCALES) {
      const shorts = kb.ids.map((id) => kb.entry(id, locale)!.short);
      expect(new Set(shorts).size, locale).toBe(shorts.length);
    }
  });

  it('no button of /guide, /howto suggestions, program lists or "did you mean" is clipped by the shell, Slack or Discord', async () => {
    const bot = testBot();
    const replies: { what: string; reply: Reply }[] = [];
    for (const locale of LOCALES) {
      for (const id of kb.ids) replies.push({ what: `/guide ${id} (${locale})`, reply: await bot.run(`/guide ${id}`, as(locale)) });
      for (const p of PROGRAMS) replies.push({ what: `howto:program ${p} (${locale})`, reply: await bot.press('howto:program', p, as(locale)) });
      replies.push({ what: `/howto gibberish (${locale})`, reply: await bot.run('/howto lazada 退保证金', as(locale)) });
      replies.push({ what: `/guide typo (${locale})`, reply: await bot.run('/guide video-verification', as(locale)) });
    }
    replies.push({ what: '/howto 视频验证', reply: await bot.run('/howto 视频验证', as('zh-CN')) });
    expect(replies.find((r) => r.what === '/howto 视频验证')!.reply.data).toMatchObject({ tier: 'suggest' });

    let entryButtons = 0;
    for (const { what, reply } of replies) {
      const labels = buttonsOf(reply).map((b) => b.label);
      expect(labels.length, what).toBeGreaterThan(0);
      expect(slackLabels(reply), `${what} on Slack`).toEqual(labels);
      expect(discordLabels(reply), `${what} on Discord`).toEqual(labels);
      const shell = bot.text(reply);
      for (const l of labels) expect(shell, `${what} in the shell`).toContain(`[${l}]`);
      for (const b of buttonsOf(reply)) {
        if (b.actionId !== 'guide:open' || !kb.has(b.value)) continue;
        entryButtons++;
        expect(b.label, what).toBe(kb.entry(b.value, reply.locale ?? 'en')!.short);
      }
    }
    // Every entry is offered as a button in its program's list, in every locale.
    expect(entryButtons).toBeGreaterThanOrEqual(kb.ids.length * LOCALES.length);
  });
});
