import { beforeAll, describe, expect, it } from 'vitest';
import { readLocaleFiles } from '../../src/i18n/index.js';
import { loadKnowledgeBase } from '../../src/knowledge/loader.js';
import { loadNormalizer } from '../../src/knowledge/normalize.js';
import { DEFAULT_PARAMS, HowtoIndex } from '../../src/knowledge/search-index.js';
import { parseLexicon } from '../../src/knowledge/lexicon.js';

let index: HowtoIndex;
let kb: ReturnType<typeof loadKnowledgeBase>;
beforeAll(async () => {
  kb = loadKnowledgeBase(readLocaleFiles());
  index = new HowtoIndex(kb, await loadNormalizer());
});

const top = (q: string) => index.search(q).hits[0]?.id;

describe('the /howto index', () => {
  it('holds every entry once, with its text in all three locales', () => {
    expect(index.size).toBe(index.ids.length);
    expect(index.ids).toContain('saleyee.authorize-order-loading');
  });

  it('ranks the same entry first for a question in simplified or traditional Chinese', () => {
    expect(top('怎么撤销设计')).toBe('collab.withdraw-design');
    expect(top('怎麼撤銷設計')).toBe('collab.withdraw-design');
    expect(top('联合账户以后还能取消吗')).toBe(top('聯合帳戶以後還能取消嗎'));
  });

  it('answers an English question about a source written only in Chinese', () => {
    expect(top('how do I authorize order loading in SaleYee')).toBe('saleyee.authorize-order-loading');
    expect(top('no need to authorize Feikan again?')).toBe('saleyee.faq-feikan-sync');
  });

  it('corrects typos in English words against the words it knows, and says which', () => {
    const terms = index.analyze('how to withdraw a desgin');
    expect(terms.find((t) => t.typed === 'desgin')).toMatchObject({ kind: 'latin', term: 'design' });
    expect(top('how to withdraw a desgin')).toBe('collab.withdraw-design');
  });

  it('reads a word of the guides typed in two as one ("hand made", "sale yee"); stop words and words apart stay apart', () => {
    expect(index.prepare('our hand made mugs, how do I list them')).toContain('our handmade mugs');
    expect(index.prepare('where do i add the shop in sale yee')).toContain('in saleyee');
    expect(index.analyze('hand made mugs').map((t) => t.term)).not.toContain('hand');
    // "any one" joins to a stop word's spelling, "hand, made" is two words apart: as typed.
    expect(index.prepare('can any one help')).toContain('any one');
    expect(index.prepare('by hand, made to order')).toContain('hand, made');
  });

  it('reads lexicon phrases before dropping chatter: a clause of stop words can hold one ("how do we OK it pls")', async () => {
    const withLexicon = new HowtoIndex(kb, await loadNormalizer(), DEFAULT_PARAMS, {
      lexicon: [{ say: 'ok it', means: 'approve design' }],
    });
    expect(withLexicon.prepare("we're happy with it, how do we OK it pls")).toContain('approve design');
  });

  it('reads a Chinese product term inside an English question as its lexicon group\'s English meaning; a Chinese question stays Chinese', async () => {
    const glossed = new HowtoIndex(kb, await loadNormalizer(), DEFAULT_PARAMS, {
      lexicon: parseLexicon({ groups: [{ means: { en: 'order loading', zh: '载单' }, say: ['载单功能'], note: 'test' }] }),
    });
    expect(glossed.prepare('how do i turn on 载单 for our store')).toBe('how do i turn on order loading for our store');
    expect(glossed.prepare('where is 载单功能 in the menu')).toBe('where is order loading in the menu');
    // Mostly Chinese, or too few English words: as typed.
    expect(glossed.prepare('saleyee 怎么开通载单')).toBe('saleyee 怎么开通载单');
    expect(glossed.prepare('载单 steps')).toBe('载单 steps');
  });

  it('does not correct Chinese, nor words it cannot place', () => {
    expect(index.analyze('weather in Seattle').some((t) => t.typed !== undefined && t.typed !== 'seattle')).toBe(false);
    expect(index.analyze('载单').every((t) => t.typed === undefined)).toBe(true);
  });

  it('reads "the first time" (第一次, 头一回, 首次) as naming no topic: it does not match 第一步, the first step', () => {
    const terms = (q: string) => index.analyze(q).map((t) => t.term);
    for (const q of ['第一次授权载单', '头一回授权载单', '首次授权载单', '第一次授權載單']) {
      expect(terms(q)).not.toContain('第一');
      expect(terms(q)).not.toContain('第');
    }
    expect(top('第一次在赛盈授权载单要怎么操作')).toBe('saleyee.authorize-order-loading');
    // The entry that is the first step is still found by it.
    expect(top('赛盈绑定亚马逊店铺第一步怎么做')).toBe('saleyee.add-amazon-account');
  });

  it('reads typed pinyin by its typed words: a word typed whole, a one-syllable stop word, a question word', () => {
    // shi yongjiu: 永久 typed as one word, not 使用 straddling two; de, ma, zai alone are 的, 吗, 在.
    expect(index.prepare('lianhe zhanghu shi yongjiu de ma')).toBe('联合账户是永久的吗');
    expect(index.prepare('zenme zai saiying tianjia yamaxun zhanghao')).toBe('怎么在赛盈添加亚马逊账号');
    // nali is the question word 哪里 (the ?where cue), not the guides' 那里.
    expect(index.prepare('pinpai shensu lianjie zai nali')).toContain('在哪里');
    // A syllable only a stop word has (hai: 还) no longer leaves the whole run unread.
    expect(index.prepare('feikan hai yao zai shouquan yici ma')).toContain('授权一次');
    // Two syllables typed apart still make the guides' word when nothing else reads them.
    expect(index.prepare('zenme shouquan zai dan')).toBe('怎么授权载单');
    expect(top('lianhe zhanghu shi yongjiu de ma')).toBe('account.unify-policy');
    // Two syllables typed apart make a word only when it is a question word or a cohesive word by its usual
    // readings: "hai shi wei…" is 还是未…, not 还师为 (师为 is cut out of 设计师为); "ji jian" is not 期间 (期 read ji).
    expect(index.prepare('zhuangtai hai shi weishouquan')).toContain('还是');
    expect(index.prepare('shipin yanzheng yao dai ji jian chanpin')).not.toContain('期间');
    // Stop words alone are no question in Chinese: a greeting in pinyin stays as typed.
    expect(index.prepare('ni hao')).toBe('ni hao');
    // A word English only as a typo (bangding ~ binding), typed amid pinyin, is the Chinese word it sounds (绑定).
    expect(index.prepare('zenme bangding yamaxun dianpu')).toContain('绑定');
    expect(index.prepare('how to bind a store')).toContain('bind');
  });

  it('hears a slip by sound, but does not rewrite a word the guides lack into a straddle of two of theirs', () => {
    const heard = (q: string) => index.analyze(q).filter((t) => t.typed !== undefined).map((t) => `${t.term}<${t.typed}`);
    // 栽单 (zai dan): 栽 is never used, and 载 then makes 载单 with the next character.
    expect(heard('赛盈栽单怎么弄')).toContain('载单<盈栽');
    // 盖期 → 改期: 盖 is never used and 改期 is a word, not a straddle.
    expect(heard('视频验证想盖期')).toContain('改期<盖期');
    // 明天, 约好 and 输入 are words the guides do not hold; their characters stay as typed.
    expect(heard('明天几点开会')).toEqual([]);
    expect(heard('视频验证约好的时间')).toEqual([]);
    expect(heard('申诉输入哪些资料')).toEqual([]);
  });

  it('does not hear a function word typed as a lexicon phrase\'s homophone: 先做 (do first) is not 现做 (made fresh)', async () => {
    const withLexicon = new HowtoIndex(kb, await loadNormalizer(), DEFAULT_PARAMS, {
      lexicon: [{ say: '现做', means: '易腐' }, { say: '改期', means: '重新预约' }],
    });
    expect(withLexicon.prepare('赛盈先做哪一步')).not.toContain('易腐');
    expect(withLexicon.prepare('我们卖的都是现做的蛋糕')).toContain('易腐');
    // A slip of a word that is no function word is still heard (盖期 → 改期).
    expect(withLexicon.prepare('视频验证想盖期')).toContain('重新预约');
  });

  it('hears a stop character typed for its homophone inside a word the guides use (联和 → 联合, 和并 → 合并, 准被 → 准备)', () => {
    expect(index.prepare('账户和并以后还能分开吗')).toContain('账户合并');
    expect(index.prepare('视频验证要准被什么')).toContain('准备');
    expect(index.prepare('联和账户是永久的吗')).toContain('联合账户');
    // The stop word where it is one: and, at, is.
    for (const q of ['北美和欧洲两个账号', '账户和店铺怎么授权', '在授权载单', '申请流程是什么', '飞刊和赛盈的授权是同步的吗']) {
      expect(index.prepare(q), q).toBe(q);
    }
  });

  it('hears a slip by the characters’ usual readings: a common word’s homophone, never a rare reading', () => {
    const heard = (q: string) => index.analyze(q).filter((t) => t.typed !== undefined).map((t) => `${t.term}<${t.typed}`);
    // The same sound, a word the guides use often though its characters are common alone.
    expect(heard('申诉要几个工做日')).toContain('工作<工做');
    expect(heard('授权过其了')).toContain('过期<过其');
    expect(heard('弹创被拦截')).toContain('弹窗<弹创');
    // 约 read yao, 家 read jie, 络 read lao are not how anyone types them: 要几, 家资, 老客 stay as typed.
    expect(heard('申诉要几个工作日')).toEqual([]);
    expect(heard('申请 Handmade 卖家资格')).toEqual([]);
    expect(heard('老客户还要重新授权吗')).toEqual([]);
  });

  it('weighs a question’s words it has never seen as unexplained, so coverage stays low', () => {
    const r = index.search('lazada deposit refund');
    expect(r.hits.every((h) => h.coverage < 0.5)).toBe(true);
  });

  it('weighs an English word the knowledge base never uses at DEFAULT_PARAMS.unknown of a known one: chat filler dilutes, but less', () => {
    const terms = index.analyze('approve the mockup since');
    const weight = (t: string) => terms.find((x) => x.term === t)?.weight;
    expect(weight('approv')).toBe(DEFAULT_PARAMS.latin);
    expect(weight('mockup')).toBe(DEFAULT_PARAMS.latin * DEFAULT_PARAMS.unknown);
    expect(DEFAULT_PARAMS.unknown).toBeLessThan(1);
    // The same question with the unknown words at full weight explains less of it.
    const full = new HowtoIndex(kb, index.normalizer, { ...DEFAULT_PARAMS, unknown: 1 });
    const coverage = (i: HowtoIndex) => i.search('approve the mockup since it looks fine').hits.find((h) => h.id === 'collab.approve-design')?.coverage ?? 0;
    expect(coverage(index)).toBeGreaterThan(coverage(full));
  });

  it('counts words the knowledge base never uses against coverage, though they rank nothing', () => {
    // 信用卡 and 付款 appear nowhere; only 拒绝 matches (collab.reject-design).
    const oos = index.search('信用卡被拒絕付款怎麼辦');
    const plain = index.search('怎么拒绝设计');
    expect(oos.novel).toBeGreaterThan(0);
    expect(plain.novel).toBe(0);
    const coverage = (r: typeof oos) => r.hits.find((h) => h.id === 'collab.reject-design')?.coverage ?? 0;
    expect(coverage(oos)).toBeLessThan(0.6);
    expect(coverage(plain)).toBeGreaterThan(0.9);
  });

  it('ranks by the whole entry and by its best title or alternative question', () => {
    // The title of account.unify-existing holds 联合 and 账户; "的步骤" only asks for a procedure.
    expect(top('聯合帳戶的步驟')).toBe('account.unify-existing');
    const r = index.search('What is Amazon Handmade?');
    expect(r.hits[0]).toMatchObject({ id: 'handmade.overview', passage: 1, fit: 1 });
    expect(r.hits[0]!.matched).toBe('What Amazon Handmade is');
  });

  it('gives the question language model’s posterior: shares that favour the entry whose questions the question reads like', () => {
    const r = index.search('视频验证需要准备什么', 38);
    const total = r.hits.reduce((sum, h) => sum + h.lm, 0);
    expect(total).toBeGreaterThan(0.95);
    expect(total).toBeLessThanOrEqual(1.0001);
    expect(r.hits[0]).toMatchObject({ id: 'brand-registry.video-verification-prepare' });
    expect(r.hits[0]!.lm).toBeGreaterThan(0.9);
  });

  it('reads who is asking in Seller Collab: the designer’s entry for a designer, the brand owner’s for a brand owner', () => {
    const designer = index.search('品牌要求修改，我改好了怎么重新提交', 10).hits;
    expect(designer.find((h) => h.id === 'collab.submit-revision')?.role).toBe(1);
    expect(designer.find((h) => h.id === 'collab.request-revision')?.role).toBe(-1);
    expect(designer[0]?.id).toBe('collab.submit-revision');
    const brand = index.search('我想让设计师修改一下设计', 10).hits;
    expect(brand[0]?.id).toBe('collab.request-revision');
    // Elsewhere roles do not count.
    expect(index.search('视频验证怎么预约', 10).hits.every((h) => h.role === 0)).toBe(true);
  });

  it('favours entries of the kind a question asks for: a procedure for "how", an overview for "what is"', () => {
    const how = index.search('帳戶合并的步骤', 10).hits;
    const kind = (id: string) => how.find((h) => h.id === id)?.kind ?? 0;
    expect(kind('account.unify-existing')).toBeGreaterThan(kind('account.unify-policy'));
    expect(how[0]?.id).toBe('account.unify-existing');
  });

  it('tells sibling entries apart by their marks: a question without the cue an entry is marked by costs it rank', async () => {
    const unmarked = new HowtoIndex(kb, await loadNormalizer(), { ...DEFAULT_PARAMS, markMix: 0 });
    const rank = (ix: HowtoIndex, q: string, id: string) => ix.search(q, 10).hits.find((h) => h.id === id)?.rank ?? 0;
    // Rescheduling is marked by ?again (重新, "another day"), finding the appeal link by ?where, the 50-unit FAQ by ?short.
    for (const [q, marked, sibling] of [
      ['视频验证预约时间', 'brand-registry.video-verification-reschedule', 'brand-registry.video-verification-booking'],
      ['appeal a rejected brand application', 'brand-registry.find-appeal-link', 'brand-registry.submit-appeal'],
      ['how many units per product for the video call', 'brand-registry.faq-fewer-than-50-units', 'brand-registry.video-verification-prepare'],
    ] as const) {
      expect(rank(index, q, marked), q).toBeLessThan(rank(unmarked, q, marked));
      expect(rank(index, q, sibling), q).toBeCloseTo(rank(unmarked, q, sibling), 9);
    }
    // With the cue, no cost.
    const again = '视频验证重新预约时间';
    expect(rank(index, again, 'brand-registry.video-verification-reschedule')).toBeCloseTo(rank(unmarked, again, 'brand-registry.video-verification-reschedule'), 9);
    expect(top('视频验证的时间能换个日子吗')).toBe('brand-registry.video-verification-reschedule');
  });

  it('groups a question written in other scripts or spacing under one key', () => {
    expect(index.key('怎麼退保證金？')).toBe(index.key('怎么 退 保证金'));
    expect(index.key('How do I get a refund?')).toBe(index.key('how do i get a REFUND'));
  });
});
