import { describe, expect, it } from 'vitest';
import { testBot } from '../support/app.js';
import type { Reply } from '../../src/core/types.js';

const zhCN = { platformLocale: 'zh-CN' };
const zhTW = { platformLocale: 'zh-TW' };
const en = { platformLocale: 'en-US' };

interface HowtoData {
  entryId: string | null;
  alternatives: string[];
  tier: string;
  message: string;
  byRole?: boolean;
}
const data = (r: Reply) => r.data as unknown as HowtoData;
/** The first entry shown: the answer, else the first suggestion. */
const first = (r: Reply) => data(r).entryId ?? data(r).alternatives[0];

async function gapTotal(bot: ReturnType<typeof testBot>): Promise<number> {
  const r = await bot.run('/howto gaps');
  return (r.data as { total: number }).total;
}

describe('/howto takes the question as typed', () => {
  it('reads quotes, colons and key:value look-alikes inside a question as the user’s words', async () => {
    const bot = testBot();
    for (const q of ['我要退件，按「拒絕」之後會怎樣', 'saleyee says "authorization process is out of date", what now', 'status:授权中 还是没变', '按了“跳转”没反应', 'what does "out of date mean']) {
      const r = await bot.run(`/howto ${q}`, zhTW);
      expect(r.error, q).toBeUndefined();
      expect(data(r).message).toBe('question');
    }
    const quoted = await bot.run('/howto 我要退件，按「拒絕」之後會怎樣', zhTW);
    expect(first(quoted)).toBe('collab.reject-design');
  });

  it('treats a question that starts with the word "gaps" as a question, and /howto gaps alone as the list', async () => {
    const bot = testBot();
    const q = await bot.run('/howto gaps between video verification slots, can I reschedule?', en);
    expect(data(q).message).toBe('question');
    expect(first(q)).toBe('brand-registry.video-verification-reschedule');
    const list = await bot.run('/howto gaps');
    expect(list.data).toHaveProperty('gaps');
  });
});

describe('/howto and messages that ask nothing', () => {
  it('replies briefly to thanks and okays, in the asker’s language, and records no gap', async () => {
    const bot = testBot();
    const thanks = await bot.run('/howto thanks!', en);
    expect(data(thanks)).toMatchObject({ message: 'ack', entryId: null, alternatives: [] });
    expect(bot.text(thanks)).toContain('Anytime');
    const tw = await bot.run('/howto 好的，謝謝', zhTW);
    expect(data(tw).message).toBe('ack');
    expect(bot.text(tw)).toContain('隨時');
    expect(data(await bot.run('/howto ok 👍', en)).message).toBe('ack');
    expect(data(await bot.run('/howto 收到', zhCN)).message).toBe('ack');
    expect(await gapTotal(bot)).toBe(0);
  });

  it('takes a run of okays and thanks as an okay, and a greeting alone as nothing to search for, recording no gap', async () => {
    const bot = testBot();
    for (const [q, who] of [
      ['ok got it', en],
      ['got it, thanks', en],
      ['thanks, that helped', en],
      ['makes sense, thanks', en],
      ['it works now, thanks!', en],
      ['nvm', en],
      ["ok I'll try that", en],
      ['好的我试试', zhCN],
      ['好的谢谢老师', zhCN],
      ['感谢大佬', zhCN],
      ['没事了', zhCN],
    ] as const) {
      expect(data(await bot.run(`/howto ${q}`, who)).message, q).toBe('ack');
    }
    for (const [q, who] of [
      ['大家好', zhCN],
      ['早上好', zhCN],
      ['各位早安', zhTW],
      ['morning all', en],
      ['quick question', en],
      ['hmm', en],
    ] as const) {
      const r = await bot.run(`/howto ${q}`, who);
      expect(data(r), q).toMatchObject({ message: 'empty', alternatives: [] });
    }
    expect(await gapTotal(bot)).toBe(0);
    // Around a question they are still chatter, and the question is answered.
    expect(data(await bot.run('/howto 大家好，请问设计怎么审核通过', zhCN))).toMatchObject({ tier: 'answer', entryId: 'collab.approve-design' });
    expect(data(await bot.run('/howto ok so how do I approve a design', en))).toMatchObject({ tier: 'answer', entryId: 'collab.approve-design' });
  });

  it('takes a thumbs up, a thank-you emoji and the thanks a teammate types as an okay, Slack’s shortcodes too', async () => {
    const bot = testBot();
    for (const [q, who] of [
      ['👍', en],
      ['👍🏽', en],
      ['🙏🙏', en],
      [':+1:', en],
      [':thumbsup::skin-tone-3:', en],
      ['thanks :pray:', en],
      ['thank u', en],
      ['謝謝你', zhTW],
      ['好喔', zhTW],
      ['讚', zhTW],
      ['感謝大家', zhTW],
      ['谢谢您', zhCN],
    ] as const) {
      const r = await bot.run(`/howto ${q}`, who);
      expect(data(r).message, q).toBe('ack');
      expect(r.error).toBeUndefined();
    }
    expect(bot.text(await bot.run('/howto :+1:', zhTW))).toBe('好喔！賣家計畫有問題隨時問我。');
    expect(await gapTotal(bot)).toBe(0);
    // A shortcode beside a question is not a word of it; one glued to a word is the user's text.
    expect(data(await bot.run('/howto how do I approve a design :pray:', en))).toMatchObject({ tier: 'answer', entryId: 'collab.approve-design' });
    expect(data(await bot.run('/howto status:授权中: 还是没变', zhCN)).message).toBe('question');
  });

  it('reads a Discord custom emoji as an emoji: a thank-you one is an okay, another one nothing to search for, and neither is a word of a question', async () => {
    const bot = testBot();
    for (const q of ['<:pepe_thanks:123456789012345678>', '<a:thumbsup_anim:123456789012345678> <:ty:123456789012345679>']) {
      expect(data(await bot.run(`/howto ${q}`, en)).message, q).toBe('ack');
    }
    expect(data(await bot.run('/howto <:thinking_hard:123456789012345678>', en)).message).toBe('empty');
    expect(await gapTotal(bot)).toBe(0);
    expect(data(await bot.run('/howto how do I approve a design <:think:123456789012345678>', en))).toMatchObject({ tier: 'answer', entryId: 'collab.approve-design' });
  });

  it('reads mentions as whom a message is for, not what it asks', async () => {
    const bot = testBot();
    for (const q of ['@everyone', '<!channel>', '<@U0BOB>', '@here ??']) expect(data(await bot.run(`/howto ${q}`, en)).message, q).toBe('empty');
    for (const q of ['<!channel> thanks', '<@U0BOB> 👍', '@所有人 谢谢']) expect(data(await bot.run(`/howto ${q}`, zhCN)).message, q).toBe('ack');
    expect(await gapTotal(bot)).toBe(0);
    for (const q of ['<@U0BOB> how do I approve a design', 'how do I approve a design <#C0123|general>', '@Lin how do I approve a design']) {
      expect(data(await bot.run(`/howto ${q}`, en)), q).toMatchObject({ tier: 'answer', entryId: 'collab.approve-design' });
    }
  });

  it('reads a word with an invisible character pasted inside it (zero-width space, soft hyphen) as the word', async () => {
    const bot = testBot();
    for (const q of ['how do I appro\u200bve a design', 'how do I ap\u00adprove a design', '设计怎么审\u200b核通过']) {
      expect(data(await bot.run(`/howto ${q}`, en)), q).toMatchObject({ tier: 'answer', entryId: 'collab.approve-design' });
    }
  });

  it('reads a link beside a question as where the asker is, not what they ask', async () => {
    const bot = testBot();
    for (const q of ['how do I approve a design https://sellercentral.amazon.com/collab/dashboard?ref=xx_nav', '设计怎么审核通过（www.amazon.com/collab）', 'https://sellercentral.amazon.com/collab设计怎么审核通过']) {
      expect(data(await bot.run(`/howto ${q}`, en)), q).toMatchObject({ tier: 'answer', entryId: 'collab.approve-design' });
    }
    // A link alone asks nothing.
    expect(data(await bot.run('/howto https://sellercentral.amazon.com/', en)).message).toBe('empty');
    expect(await gapTotal(bot)).toBe(0);
  });

  it('does not record emoji-only or empty-after-normalization questions as gaps', async () => {
    const bot = testBot();
    for (const q of ['🤔', '👀👀', ':eyes:', '???', '…', 'hi']) {
      const r = await bot.run(`/howto ${q}`, en);
      expect(data(r).message, q).toBe('empty');
    }
    expect(await gapTotal(bot)).toBe(0);
    // A real question is still recorded when unsure.
    await bot.run('/howto lazada怎么退保证金', zhCN);
    expect(await gapTotal(bot)).toBe(1);
  });

  it('answers a question in a script the guides are not written in with "I don’t know" and the programs, and records it', async () => {
    const bot = testBot();
    for (const q of ['디자인 승인 방법', 'デザインを承認する方法', 'как одобрить дизайн']) {
      const r = await bot.run(`/howto ${q}`, en);
      expect(data(r), q).toMatchObject({ message: 'question', tier: 'unknown', entryId: null, alternatives: [] });
      expect(bot.text(r), q).toContain('Seller Collab');
    }
    expect(await gapTotal(bot)).toBe(3);
    // Their thanks are still an okay.
    for (const q of ['ありがとうございます', '감사합니다']) expect(data(await bot.run(`/howto ${q}`, en)).message, q).toBe('ack');
    expect(await gapTotal(bot)).toBe(3);
  });
});

describe('/howto reads chat-style questions', () => {
  it('hears input-method slips by sound, in simplified and traditional Chinese', async () => {
    const bot = testBot();
    expect(first(await bot.run('/howto 手工商品怎么刊灯', zhCN))).toBe('handmade.list-products');
    expect(first(await bot.run('/howto 收到亚马逊视频严正的邮件', zhCN))).toBe('brand-registry.video-verification-booking');
    expect(first(await bot.run('/howto 頻牌註冊被拒了怎麼申訴', zhTW))).toMatch(/^brand-registry\.(submit-appeal|find-appeal-link)$/);
  });

  it('reads typed pinyin', async () => {
    const bot = testBot();
    expect(first(await bot.run('/howto zenme shouquan zaidan', zhCN))).toBe('saleyee.authorize-order-loading');
    expect(first(await bot.run('/howto shipin yanzheng zenme yuyue', zhCN))).toBe('brand-registry.video-verification-booking');
  });

  it('finds the question in a long message with greetings around it', async () => {
    const bot = testBot();
    const r = await bot.run('/howto morning all, quick one before standup: how do I reschedule the video verification? thanks in advance', en);
    expect(data(r)).toMatchObject({ tier: 'answer', entryId: 'brand-registry.video-verification-reschedule' });
  });

  it('reads the lexicon’s chat words as the knowledge base’s', async () => {
    const bot = testBot();
    expect(first(await bot.run('/howto 这个设计直接毙掉', zhCN))).toBe('collab.reject-design');
    expect(first(await bot.run('/howto can we bump the video verification call to another day', en))).toBe('brand-registry.video-verification-reschedule');
  });

  it('says it does not know a question about a topic the guides do not cover, offering no unrelated entries', async () => {
    const bot = testBot();
    for (const [q, who] of [
      ['/howto how do I delete my amazon seller account', en],
      ['/howto 亚马逊账号怎么注销', zhCN],
      ['/howto Collab 的設計師怎麼收款', zhTW],
      ['/howto what are the fees for Amazon Handmade', en],
    ] as const) {
      const r = await bot.run(q, who);
      expect(data(r), q).toMatchObject({ tier: 'unknown', entryId: null, alternatives: [] });
    }
    // Rates and pages the guides never give, though their other words are the guides' (royalties, brand registry, merging).
    for (const [q, who] of [
      ['/howto what royalty rate do designers get in seller collab', en],
      ['/howto 品牌备案之后A+页面怎么做', zhCN],
      ['/howto how do I create an FBA shipment after merging the accounts', en],
    ] as const) {
      expect(data(await bot.run(q, who)), q).toMatchObject({ tier: 'unknown', entryId: null, alternatives: [] });
    }
    expect(first(await bot.run('/howto who pays the royalties in seller collab', en))).toBe('collab.overview');
    // Words of the guides that only look like those topics still find their entry.
    const feikan = await bot.run('/howto if I delete the store in feikan does saleyee follow', en);
    expect(data(feikan).tier).not.toBe('unknown');
  });

  it('reads what the asker wants, not what they say they do not want instead', async () => {
    const bot = testBot();
    for (const [q, who] of [
      ['/howto I don’t want to reject it, just request changes', en],
      ['/howto 我不想拒绝，只是想让设计师改一下', zhCN],
      ['/howto 不是要拒絕，是要請設計師修改', zhTW],
    ] as const) {
      const r = await bot.run(q, who);
      expect(data(r), q).toMatchObject({ tier: 'answer', entryId: 'collab.request-revision' });
    }
    // A refusal that names no alternative is the topic itself: not wanting to submit it any more is withdrawing it.
    expect(first(await bot.run('/howto 我不想提交这个设计了', zhCN))).toBe('collab.withdraw-design');
  });

  it('gives a designer whose design was turned down the designer’s next step, and a brand owner the brand owner’s', async () => {
    const bot = testBot();
    const designer = await bot.run('/howto my design was rejected, what now?', en);
    expect(data(designer).entryId ?? data(designer).alternatives[0]).toBe('collab.submit-revision');
    const zh = await bot.run('/howto 我的稿子被品牌方打回了，接下来咋弄', zhCN);
    expect(data(zh).entryId ?? data(zh).alternatives[0]).toBe('collab.submit-revision');
    const owner = await bot.run('/howto we are the brand, how do I turn down the designer’s mockup', en);
    expect(data(owner).entryId ?? data(owner).alternatives[0]).toBe('collab.reject-design');
  });

  it('does not answer a designer with the brand owner’s steps, and labels each side’s entry', async () => {
    const bot = testBot();
    const r = await bot.run('/howto 我的設計被拒絕了，怎麼辦', zhTW);
    expect(data(r).entryId).not.toBe('collab.reject-design');
    // "The design was rejected" is said by its designer: the designer's next step.
    const passive = await bot.run('/howto 設計被拒絕了怎麼辦', zhTW);
    expect(data(passive).entryId ?? data(passive).alternatives[0]).toBe('collab.submit-revision');
    // Revisions, asked by nobody in particular: both sides' entries, each labelled.
    const shown = await bot.run('/howto Collab 的修改要怎麼弄', zhTW);
    expect(data(shown).tier).toBe('suggest');
    expect(data(shown).alternatives).toEqual(expect.arrayContaining(['collab.request-revision', 'collab.submit-revision']));
    expect(data(shown).byRole).toBe(true);
    expect(bot.text(shown)).toContain('如果你是');
  });
});
