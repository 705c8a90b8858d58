import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../../src/i18n/index.js';
import { slackHarness, textsOf, TEAM, USER, type SlackHarness } from './harness.js';

/**
 * `/howto --help` and `-h` show the command's help (as `/help howto`), not "I could not find a
 * question" or an "I don't know" recorded as a gap; `/howto gaps?` and `gaps ?` are the gaps list,
 * while "gaps in the checklist?" stays a question.
 */
let h: SlackHarness;
beforeAll(async () => {
  h = await slackHarness();
  h.api.users.set(USER, { id: USER, locale: 'en-US', name: 'alice' });
  h.api.users.set('U0LI', { id: 'U0LI', locale: 'zh-CN', name: 'li' });
  h.api.users.set('U0MEI', { id: 'U0MEI', locale: 'zh-TW', name: 'mei' });
});
afterAll(async () => {
  await h.close();
});

const gapQuestions = (): string[] => {
  const howto = h.bot.core.services.store.read(TEAM).howto as { gaps?: Record<string, { question: string }> } | undefined;
  return Object.values(howto?.gaps ?? {}).map((g) => g.question);
};
/** Waits until the gap ledger holds `n` questions (it is written in the background, in order). */
async function gapsRecorded(n: number): Promise<string[]> {
  for (let i = 0; i < 250 && gapQuestions().length < n; i++) await new Promise((r) => setTimeout(r, 20));
  return gapQuestions();
}

describe('Slack: /howto --help and /howto gaps?', () => {
  it('/howto --help and -h show the command’s help, the same as /help howto, in the asker’s language, and record nothing', async () => {
    for (const [user, locale] of [[USER, 'en'], ['U0LI', 'zh-CN'], ['U0MEI', 'zh-TW']] as const) {
      const help = textsOf((await h.command('/help howto', { user })).json).join('\n');
      expect(help).toContain(translator(locale)('cmd.howto.description'));
      for (const flag of ['--help', '-h']) {
        const res = await h.command(`/howto ${flag}`, { user });
        expect(textsOf(res.json).join('\n'), flag).toBe(help);
        expect(h.replies.at(-1)!.data).toMatchObject({ command: 'howto' });
      }
    }
  });

  it('/howto gaps? and gaps ? (and gaps？) are the gaps list; “gaps in the checklist?” is a question', async () => {
    await h.command('/howto gaps in the checklist?');
    expect(h.replies.at(-1)!.data).toMatchObject({ message: 'question' });
    // Recorded after the help flags above, in order: they recorded nothing.
    expect(await gapsRecorded(1)).toEqual(['gaps in the checklist?']);
    for (const typed of ['gaps?', 'gaps ?', 'Gaps??', 'gaps？']) {
      const res = await h.command(`/howto ${typed}`);
      const text = textsOf(res.json).join('\n');
      expect(text, typed).toContain(translator('en')('howto.gapsTitle'));
      expect(text, typed).toContain('gaps in the checklist?');
    }
    await h.command('/howto how do I bake bread');
    expect((await gapsRecorded(2)).sort()).toEqual(['gaps in the checklist?', 'how do I bake bread']);
  });
});
