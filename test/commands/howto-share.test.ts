import { describe, expect, it } from 'vitest';
import { Conversation } from '../../src/adapters/conversation.js';
import { silentLogger } from '../../src/log.js';
import type { Block, Button, Reply } from '../../src/core/types.js';
import { DEFAULT_CALLER, testBot } from '../support/app.js';

const buttonsIn = (blocks: Block[]): Button[] => blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
const shareOf = (r: Reply) => buttonsIn(r.blocks).find((b) => b.actionId === 'howto:share');
const heading = (r: Reply) => r.blocks.find((b) => b.type === 'heading');
/** The paragraph naming who shared the entry: after its text, before its buttons. */
const sharedBy = (r: Reply) => {
  const at = r.blocks.findIndex((b) => b.type === 'paragraph' && Array.isArray(b.text) && b.text.some((p) => typeof p === 'object' && 'mention' in p));
  expect(r.blocks.slice(at).findIndex((b) => b.type === 'buttons')).toBeGreaterThan(0);
  return r.blocks[at];
};

describe('sharing a private /howto answer in the channel', () => {
  it('offers "Share in channel" under a confident answer, and nowhere else /howto answers privately', async () => {
    const bot = testBot();
    const answer = await bot.run('/howto how do I approve a design');
    expect(answer.ephemeral).toBe(true);
    expect(answer.data?.entryId).toBe('collab.approve-design');
    const share = shareOf(answer)!;
    expect(share.label).toBe('Share in channel');
    // The entry and its language, not the answer: small enough for any platform's button.
    expect(share.value).toBe('collab.approve-design|en');
    expect(shareOf(await bot.run('/howto xyzzy plugh'))).toBeUndefined();
    expect(bot.core.actionShape({ ...DEFAULT_CALLER, actionId: 'howto:share', value: share.value })).toEqual({ ephemeral: false, inPlace: false });
  });

  it('posts the same answer for the channel as a new message, saying who shared it, with no share or rating buttons', async () => {
    const bot = testBot();
    const who = { user: 'U0SHARER', platformLocale: 'zh-TW' };
    const answer = await bot.run('/howto 怎么批准设计', who);
    const share = shareOf(answer)!;
    expect(share.label).toBe('分享到頻道');
    const shared = await bot.press(share.actionId, share.value, who);
    expect(shared.error).toBeUndefined();
    expect(shared.ephemeral).toBe(false);
    expect(shared.replaceOriginal).toBeUndefined();
    expect(heading(shared)).toEqual(heading(answer));
    expect(sharedBy(shared)).toEqual({ type: 'paragraph', text: ['由 ', { mention: 'U0SHARER' }, ' 分享'] });
    expect(shared.data).toMatchObject({ entryId: answer.data?.entryId, sharedBy: 'U0SHARER' });
    const actions = buttonsIn(shared.blocks).map((b) => b.actionId);
    expect(actions).not.toContain('howto:share');
    expect(actions).not.toContain('howto:rate');
    // The entry's own buttons stay: it reads as `/guide <id>` does.
    expect(actions).toContain('guide:lang');
  });

  it('shares in the language the private answer was written in, whoever clicks', async () => {
    const bot = testBot();
    const answer = await bot.run('/howto how do I approve a design', { platformLocale: 'en-US' });
    const shared = await bot.press('howto:share', shareOf(answer)!.value, { platformLocale: 'zh-CN' });
    expect(heading(shared)).toEqual(heading(answer));
    expect(sharedBy(shared)).toEqual({ type: 'paragraph', text: ['Shared by ', { mention: 'u1' }] });
  });

  it('refuses a value that names no entry, for the clicker alone', async () => {
    const bot = testBot();
    for (const value of ['no.such-entry|en', 'collab.approve-design', 'collab.approve-design|fr']) {
      const r = await bot.press('howto:share', value);
      expect(r.error?.code, value).toBe('errors.unknownAction');
      expect(r.ephemeral).toBe(true);
    }
  });

  it('leaves the button off an answer given in conversation, which everyone there already sees', async () => {
    const bot = testBot();
    const conversation = new Conversation({ core: bot.core, log: silentLogger, now: () => 0 });
    const r = await conversation.answer({ caller: { ...DEFAULT_CALLER, platform: 'slack' }, text: 'how do I approve a design' });
    expect(r?.ephemeral).toBe(false);
    expect(r?.data?.entryId).toBe('collab.approve-design');
    expect(shareOf(r!)).toBeUndefined();
    expect(buttonsIn(r!.blocks).some((b) => b.actionId === 'howto:rate')).toBe(true);
  });
});
