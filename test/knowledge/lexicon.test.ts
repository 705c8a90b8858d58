import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { englishGlosses, LexiconRewriter, loadLexicon, parseLexicon } from '../../src/knowledge/lexicon.js';
import { loadNormalizer, stem, type Normalizer } from '../../src/knowledge/normalize.js';
import { projectPath } from '../../src/paths.js';

let normalizer: Normalizer;
beforeAll(async () => {
  normalizer = await loadNormalizer();
});

describe('the domain lexicon file', () => {
  it('is valid, and every phrase has one meaning', () => {
    const pairs = loadLexicon();
    expect(pairs.length).toBeGreaterThan(50);
    const raw = JSON.parse(readFileSync(projectPath('locales', 'lexicon.json'), 'utf8')) as { groups: { note?: string }[] };
    // Every group says why it is there, for whoever reviews it.
    expect(raw.groups.every((g) => typeof g.note === 'string' && g.note.length > 0)).toBe(true);
  });

  it('refuses a bad file, naming the problem', () => {
    const means = { en: 'approve', zh: '批准' };
    expect(() => parseLexicon({ groups: [{ means, say: [] }] })).toThrow(/groups\.0\.say/);
    expect(() => parseLexicon({ groups: [{ means, say: ['ok'], colour: 'red' }] })).toThrow(/lexicon/);
    expect(() => parseLexicon({ groups: [{ means, say: ['  '] }] })).toThrow(/say/);
    expect(() => parseLexicon({ groups: [{ means: 'approve', say: ['nod'] }] })).toThrow(/means/);
    expect(() => parseLexicon({ groups: [{ means, say: ['nod'] }, { means: { en: 'reject', zh: '拒绝' }, say: ['Nod'] }] })).toThrow(/both/);
  });

  it('keeps a group\'s "where" (a place, weighed as typed) on its pairs, and refuses anything but true or false', () => {
    const pairs = parseLexicon({ groups: [{ means: { en: 'eu', zh: '欧洲站' }, say: ['uk'], where: true }] });
    expect(pairs).toEqual([{ say: 'uk', means: 'eu', where: true }]);
    expect(() => parseLexicon({ groups: [{ means: { en: 'eu', zh: '欧洲站' }, say: ['uk'], where: 'yes' }] })).toThrow(/where/);
    const r = new LexiconRewriter(pairs, (x) => normalizer.normalize(x));
    expect(r.rewrite('add the uk marketplace')).toMatchObject({ found: ['uk'], means: [] });
  });

  it('reads a Chinese phrase as the Chinese words and an English one as the English', () => {
    const pairs = parseLexicon({ groups: [{ means: { en: 'reject', zh: '拒绝' }, say: ['kill', '毙掉'] }] });
    expect(pairs).toEqual([
      { say: 'kill', means: 'reject' },
      { say: '毙掉', means: '拒绝', gloss: 'reject' },
    ]);
  });

  it('glosses a Chinese phrase, and a group\'s Chinese meaning, with the English meaning (for an English question); not a side\'s, nor a place', () => {
    const pairs = parseLexicon({
      groups: [
        { means: { en: 'order loading', zh: '载单' }, say: ['pull orders', '载单功能'] },
        { means: { en: 'reject', zh: '拒绝' }, say: ['毙掉'], asker: 'brand-owner' },
        { means: { en: 'eu', zh: '欧洲站' }, say: ['英国站'], where: true },
      ],
    });
    expect(englishGlosses(pairs)).toEqual([
      { say: '载单功能', means: 'order loading' },
      { say: '载单', means: 'order loading' },
    ]);
  });
});

describe('reading a question with the lexicon', () => {
  const rewriter = () =>
    new LexiconRewriter(
      [
        { say: 'kill', means: 'reject' },
        { say: 'thumbs up', means: 'approve design' },
        { say: '毙掉', means: 'reject' },
      ],
      (s) => normalizer.normalize(s),
    );

  it('replaces whole English words only, longest phrase first', () => {
    const r = rewriter();
    expect(r.rewrite('kill it').text.trim()).toBe('reject  it');
    expect(r.rewrite('skills and killer apps').found).toEqual([]);
    expect(r.rewrite('give it the thumbs up').text).toContain('approve design');
  });

  it('reads phrases where the alternation of them read them: leftmost, longest first, Chinese ones inside a run, one-character ones too', () => {
    const r = new LexiconRewriter(
      [
        { say: 'ok', means: 'approve' },
        { say: 'ok it', means: 'approve design' },
        { say: '毙', means: 'reject' },
        { say: '毙掉', means: 'reject design' },
      ],
      (s) => normalizer.normalize(s),
    );
    expect(r.rewrite('ok it now, ok?')).toEqual({ text: ' approve design  now,  approve?', found: ['ok it', 'ok'], means: ['approve design', 'approve'] });
    expect(r.rewrite('2ok okay book ok').found).toEqual(['ok']);
    expect(r.rewrite('这个稿子毙掉吧，毙了').found).toEqual(['毙掉', '毙']);
    expect(r.rewrite('nothing here')).toEqual({ text: 'nothing here', found: [], means: [] });
  });

  it('does not read the first part of a hyphenated word as a phrase (the br of br-verification is not BR)', () => {
    const r = new LexiconRewriter([{ say: 'br', means: 'brand registry' }], (s) => normalizer.normalize(s));
    expect(r.rewrite('br appeal link').text).toContain('brand registry');
    expect(r.rewrite('email br-verification@amazon.com').found).toEqual([]);
    // As the chatter stripping leaves it ("br- verification"), too.
    expect(r.rewrite('br- verification').found).toEqual([]);
  });

  it('reads the project lexicon’s English chat abbreviations and bridges (BR, w/, acct, auth, login, factory)', () => {
    const r = new LexiconRewriter(loadLexicon(), (s) => normalizer.normalize(s));
    const read = (q: string) => r.rewrite(normalizer.normalize(q)).text.replace(/\s+/g, ' ').trim();
    expect(read('BR app got rejected')).toBe('brand registry app got rejected');
    expect(read('kick it back w/ notes')).toContain('with notes');
    expect(read('we have accts in japan')).toContain('account');
    expect(read('saleyee auth failed')).toContain('authorization');
    expect(read('our EU login')).toBe('our europe account');
    expect(read('stock is at the factory')).toContain('manufacturer');
    expect(read('they weigh 40 kg each')).toContain('heavy');
    expect(read('handmade PR team')).toContain('press release');
    expect(read('the designer sent the mug art')).toBe('the designer sent the mug design');
  });

  it('meets traditional and simplified Chinese alike', () => {
    const r = rewriter();
    expect(r.rewrite(normalizer.normalize('這個設計直接斃掉')).text).toContain('reject');
    expect(r.rewrite(normalizer.normalize('这个设计直接毙掉')).found).toEqual(['毙掉']);
  });

  it('reads a phrase typed as a homophone (an input-method slip) as the phrase, but not a known word or one cut out of a known word', () => {
    const r = new LexiconRewriter(
      [
        { say: '改期', means: '重新预约' },
        { say: '没批', means: '被拒' },
      ],
      (s) => normalizer.normalize(s),
    );
    const sound = (c: string) => normalizer.sound(c);
    const known = new Set(['怎么', '批准', '设计']);
    const by = (text: string) => r.rewriteBySound(normalizer.normalize(text), undefined, sound, (w) => known.has(w));
    // 盖期 (gai qi) sounds like 改期 and shares 期: a slip, in simplified and traditional text alike.
    expect(by('视频验证想盖期').text).toContain('重新预约');
    expect(by('視訊驗證想蓋期').found).toEqual(['盖期']);
    // Typed right, it is rewrite's, not a slip; nothing like it is left alone.
    expect(by('想改期').found).toEqual([]);
    expect(by('想换个时间').found).toEqual([]);
    // 么批 (me pi) sounds like 没批, but 么 belongs to 怎么 and 批 to 批准.
    expect(by('怎么批准设计').found).toEqual([]);
    // Without a known word on either side the same sound reads as the phrase.
    expect(by('还每批').found).toEqual(['每批']);
    expect(by('还每批').text).toContain('被拒');
  });

  it('keeps the project lexicon’s meanings narrow: 后悔 only with what is regretted, "take it back" about a design not a merge undone', () => {
    const r = new LexiconRewriter(loadLexicon(), (s) => normalizer.normalize(s));
    const sound = (c: string) => normalizer.sound(c);
    const read = (q: string) => {
      const typed = r.rewrite(normalizer.normalize(q));
      return [...typed.means, ...r.rewriteBySound(typed.text, undefined, sound, () => false).means];
    };
    // 之后会 (hou hui) is not 后悔 (hou hui) misheard: "what happens after I apply" undoes no merge.
    expect(read('Handmade 申請送出後會怎樣')).not.toContain('取消联合');
    expect(read('申请提交后会怎么样')).not.toContain('取消联合');
    expect(read('帳號合併之後如果後悔，可以取消嗎')).toContain('取消联合');
    expect(read('合并账户后悔了怎么办')).toContain('取消联合');
    expect(read('submitted a design by mistake, how do I take it back')).not.toContain('undo link');
    expect(read('is linking accounts reversible')).toContain('undo link');
    // 分开 parts what was merged, but 分开授权 authorizes each marketplace separately.
    expect(read('账户合并以后还能分开吗')).toContain('取消联合');
    expect(read('多个站点的店铺要分开授权吗')).not.toContain('取消联合');
  });

  it('reads the project lexicon’s wordings for joining a program and selling abroad (入驻, 拓展, 跨国, Sell Globally)', () => {
    const r = new LexiconRewriter(loadLexicon(), (s) => normalizer.normalize(s));
    const means = (q: string) => r.rewrite(normalizer.normalize(q)).means;
    expect(means('怎么入驻亚马逊手工艺品店')).toEqual(['申请加入']);
    expect(means('要怎麼進駐 Amazon 手工藝品商店')).toEqual(['申请加入']);
    expect(means('现有账号怎么拓展日本站')).toEqual(['开通新站点']);
    expect(means('手工藝品商店跨國販售')).toEqual(['其他国家']);
    // 跨境 (cross-border) names all of Amazon selling, not other countries.
    expect(means('跨境电商怎么做')).toEqual([]);
    expect(means("where's Sell Globally? want to add the UK")).toContain('sell globally register new region');
    expect(means('库存里的全球开店怎么用')).toEqual(['全球开店 开通新站点']);
  });

  it('reads the project lexicon’s wordings for announcing, agreeing to a design, setting up a time and what may be sold', () => {
    const r = new LexiconRewriter(loadLexicon(), (s) => normalizer.normalize(s));
    const means = (q: string) => r.rewrite(normalizer.normalize(q)).means;
    expect(means("we're announcing our handmade shop")).toContain('press release');
    expect(means('品牌方要怎麼同意設計稿')).toContain('批准设计');
    expect(means('设计稿没问题，点击通过在哪')).toContain('批准设计');
    // 要按 alone is not a click (要按照, 要按时): 要按哪里通过 reads as approving.
    expect(means('設計稿沒問題，要按哪裡通過')).toEqual(['批准设计']);
    expect(means('要按照亚马逊的要求准备')).not.toContain('点击');
    // 不通过 stays a reject.
    expect(means('设计稿不通过')).toEqual(['拒绝']);
    expect(means('品牌申诉被要求视频验证，怎么约时间')).toContain('预约');
    expect(means('视频验证想重新约时间')).toContain('预约');
    expect(means('is my product allowed in the Handmade store')).toContain('eligibility');
  });

  it('reads opening a marketplace (开欧洲站), what to bring, and an approval in the knowledge base’s words (获批)', () => {
    const r = new LexiconRewriter(loadLexicon(), (s) => normalizer.normalize(s));
    const means = (q: string) => r.rewrite(normalizer.normalize(q)).means;
    expect(means('美國站帳號要怎麼開歐洲站')).toEqual(['开通新站点']);
    // Binding two marketplaces' accounts opens none.
    expect(means('美国站和欧洲站账号怎么绑定')).not.toContain('开通新站点');
    expect(means('what do I bring to the video verification')).toEqual(['get ready']);
    // 串接 (Taiwan) is 对接: connecting to SaleYee is authorizing it.
    expect(means('賽盈怎麼串接 Amazon 訂單')).toEqual(['授权']);
    // Which documents a representative brings is not what to get ready.
    expect(means('派代理人去要帶什麼文件')).not.toContain('准备');
    // The guides say 获批 (zh-CN) and 核准 (zh-TW) for an approved application: the meaning holds them beside 审核通过.
    expect(means('Handmade 审核通过了，接下来干嘛')).toEqual(['审核通过 获批 核准']);
    expect(means('手工藝品商店核准後要怎麼開店')).toEqual(['审核通过 获批 核准']);
  });

  it('a place phrase typed as a homophone weighs as typed, as when typed right: read as its meaning, not among the meanings read in', () => {
    const pairs = parseLexicon({
      groups: [
        { means: { en: 'eu', zh: '欧洲站' }, say: ['英国站'], where: true },
        { means: { en: 'reschedule', zh: '重新预约' }, say: ['改期'] },
      ],
    });
    const r = new LexiconRewriter(pairs, (x) => normalizer.normalize(x));
    const sound = (c: string) => normalizer.sound(c);
    // 鹰国站 (ying guo zhan) for 英国站; 盖期 for 改期.
    const heard = r.rewriteBySound(normalizer.normalize('鹰国站视频验证想盖期'), undefined, sound, () => false);
    expect(heard.found).toEqual(['鹰国站', '盖期']);
    expect(heard.text).toContain('欧洲站');
    expect(heard.means).toEqual(['重新预约']);
    // Typed right, the same: found and read, not a meaning read in.
    expect(r.rewrite(normalizer.normalize('英国站视频验证'))).toMatchObject({ found: ['英国站'], means: [] });
  });

  it('reads a side’s phrases only for a question that side asks, over a general phrase written the same', () => {
    const pairs = parseLexicon({
      groups: [
        { means: { en: 'reject', zh: '拒绝' }, say: ['turned down', '驳回'] },
        { means: { en: 'upload revised design', zh: '提交修改' }, say: ['turned down', '被驳回'], asker: 'designer' },
      ],
    });
    expect(pairs).toContainEqual({ say: 'turned down', means: 'upload revised design', asker: 'designer' });
    const r = new LexiconRewriter(pairs, (s) => normalizer.normalize(s));
    expect(r.rewrite('they turned down my design', 'designer').text).toContain('upload revised design');
    expect(r.rewrite('they turned down my design', 'brand-owner').text).toContain('reject');
    expect(r.rewrite('they turned down my design').text).toContain('reject');
    expect(r.rewrite(normalizer.normalize('我的設計被駁回了'), 'designer').found).toEqual(['被驳回']);
    expect(() => parseLexicon({ groups: [{ means: { en: 'a', zh: '甲' }, say: ['x'], asker: 'buyer' }] })).toThrow(/asker/);
  });

  it('reads a phrase of a group with objects only near one of them (a typo or a lexicon word for one counts): "take it back" about a design is withdrawing it', () => {
    const pairs = parseLexicon({
      groups: [
        { means: { en: 'undo link', zh: '取消联合' }, say: ['take it back'] },
        { means: { en: 'withdraw', zh: '撤回' }, say: ['take it back', 'cancel'], object: ['design', 'submission'] },
        { means: { en: 'design', zh: '设计' }, say: ['artwork'] },
      ],
    });
    expect(pairs).toContainEqual({ say: 'cancel', means: 'withdraw', object: ['design', 'submission'] });
    const r = new LexiconRewriter(pairs, (s) => normalizer.normalize(s));
    const read = (q: string, canonical?: (w: string) => string) => r.rewrite(normalizer.normalize(q), undefined, canonical).text.replace(/\s+/g, ' ').trim();
    expect(read('we merged our accounts, can we take it back')).toBe('we merged our accounts, can we undo link');
    expect(read('submitted a design by mistake, how do i take it back')).toBe('submitted a design by mistake, how do i withdraw');
    expect(read('can i cancel my submissions', stem)).toBe('can i withdraw my submissions');
    expect(read('cancel the artwork i sent')).toBe('withdraw the design i sent');
    // A typo of an object counts when the caller reads words as the index does (it corrects them).
    expect(read('sent a desing by mistake, can i cancel', (w) => stem(w === 'desing' ? 'design' : w))).toContain('withdraw');
    expect(read('sent a desing by mistake, can i cancel')).not.toContain('withdraw');
    // Not near an object, or in another sentence, the phrase is not read so.
    expect(read('can i cancel the video call')).toBe('can i cancel the video call');
    expect(read('i love the design. can i cancel the call')).not.toContain('withdraw');
    // A phrase followed by its own object is about that: "cancel the video call" after a design is named.
    expect(read('the design got approved, can we cancel the video call')).not.toContain('withdraw');
    expect(read('the brand has not seen it yet, can i cancel my submission', stem)).toContain('withdraw');
    expect(() => parseLexicon({ groups: [{ means: { en: 'withdraw', zh: '撤回' }, say: ['撤掉'], object: ['design'] }] })).toThrow(/English/);
  });

  it('reads a split phrase ("hook … up") with one to five words between its parts, the words kept after its meaning', () => {
    const pairs = parseLexicon({
      groups: [
        { means: { en: 'link accounts', zh: '联合账户' }, say: ['hook up', 'hook … up'] },
        { means: { en: 'authorize', zh: '授权' }, say: ['hook … up'], object: ['saleyee'] },
        { means: { en: 'europe', zh: '欧洲' }, say: ['eu'], where: true },
      ],
    });
    const r = new LexiconRewriter(pairs, (s) => normalizer.normalize(s));
    const read = (q: string) => r.rewrite(normalizer.normalize(q)).text.replace(/\s+/g, ' ').trim();
    expect(read('how do i hook up our stores')).toBe('how do i link accounts our stores');
    expect(read('how do i hook our us and eu stores up')).toBe('how do i link accounts our usa and europe stores');
    expect(r.rewrite('hook our us and eu stores up').found).toEqual(['hook our us and eu stores up', 'eu']);
    expect(read('hook the store up to saleyee')).toBe('authorize the store to saleyee');
    // Not across punctuation, nor with more than five words between.
    expect(read('hook it, then sign up')).toBe('hook it, then sign up');
    expect(read('hook one two three four five six up')).toBe('hook one two three four five six up');
    expect(() => parseLexicon({ groups: [{ means: { en: 'a', zh: '甲' }, say: ['… up'] }] })).toThrow(/split/);
    expect(() => parseLexicon({ groups: [{ means: { en: 'a', zh: '甲' }, say: ['a … b … c'] }] })).toThrow(/split/);
  });

  it('keeps the punctuation after a phrase with its clause ("ages ago, anything left?" still ends a clause at the comma)', () => {
    const r = new LexiconRewriter([{ say: 'ages ago', means: 'authorized before' }], (s) => normalizer.normalize(s));
    expect(r.rewrite('we did it ages ago, anything left?').text).toBe('we did it  authorized before, anything left?');
    expect(r.rewrite('done ages ago').text).toBe('done  authorized before ');
  });

  it('lists the topics the guides do not cover, each with a note, and finds them as whole words in any script', async () => {
    const { OutsideTopics } = await import('../../src/knowledge/outside.js');
    const { loadOutside, parseOutside } = await import('../../src/knowledge/lexicon.js');
    expect(loadOutside().length).toBeGreaterThan(20);
    expect(() => parseOutside({ groups: [], outside: [{ say: ['fees'] }] })).toThrow(/outside\.0\.note/);
    const t = new OutsideTopics(['fees', '注销', 'bank account'], normalizer);
    expect(t.find('what are the fees for handmade')).toBe('fees');
    expect(t.find('帳號怎麼註銷')).toBe('注销');
    expect(t.find('morning all, quick one: which bank account do payouts go to')).toBe('bank account');
    expect(t.find('can I see the feedback')).toBeUndefined();
  });

  it('reads Taiwan wording for the guides\' words: 個人檔案 is the Maker profile, 影片驗證 the video verification', () => {
    const r = new LexiconRewriter(loadLexicon(), (s) => normalizer.normalize(s));
    expect(r.rewrite(normalizer.normalize('Maker 個人檔案是做什麼用的')).text).toContain('手工艺人资料');
    expect(r.rewrite(normalizer.normalize('影片驗證要準備什麼')).text).toContain('视频验证');
    // 檔案 alone is a file (作品檔案放錯), not a profile.
    expect(r.rewrite(normalizer.normalize('作品送出去才發現檔案放錯')).text).not.toContain('手工艺人资料');
  });

  it('finds a Chinese outside topic typed in pinyin, whole words at a time, never in English words', async () => {
    const { OutsideTopics } = await import('../../src/knowledge/outside.js');
    const t = new OutsideTopics(['注销', '运费', '停权', 'fees'], normalizer);
    const english = new Set(['how', 'do', 'i', 'my', 'account', 'the', 'fees', 'you']);
    const isEnglish = (w: string) => english.has(w);
    expect(t.findTyped('zenme zhuxiao yamaxun zhanghao', isEnglish)).toBe('注销');
    expect(t.findTyped('saiying yun fei zenme suan', isEnglish)).toBe('运费');
    expect(t.findTyped('zhanghao bei tingquan le', isEnglish)).toBe('停权');
    // Letters that only spell a phrase across a word's middle, or English words, are not it.
    expect(t.findTyped('anzhu xiaoxi', isEnglish)).toBeUndefined();
    expect(t.findTyped('how do i see my account fees', isEnglish)).toBeUndefined();
    expect(t.findTyped('zenme shouquan zaidan', isEnglish)).toBeUndefined();
  });

  it('names paying and free as what things cost, a topic the guides do not cover', async () => {
    const { OutsideTopics } = await import('../../src/knowledge/outside.js');
    const { loadOutside } = await import('../../src/knowledge/lexicon.js');
    const t = new OutsideTopics(loadOutside(), normalizer);
    expect(t.find('視訊驗證要付費嗎')).toBe('付费');
    expect(t.find('加入 Handmade 是免费的吗')).toBe('免费');
    expect(t.find('视频验证要准备哪些东西')).toBeUndefined();
  });
});

