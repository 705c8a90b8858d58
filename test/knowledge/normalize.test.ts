import { beforeAll, describe, expect, it } from 'vitest';
import { askerRole, hanTerms, isEnglishStopWord, loadNormalizer, questionCues, stem, unquote, type Normalizer } from '../../src/knowledge/normalize.js';

let n: Normalizer;
beforeAll(async () => {
  n = await loadNormalizer();
});

const texts = (s: string) => n.segments(s).map((x) => `${x.kind}:${x.text}`);

describe('normalization', () => {
  it('turns traditional Chinese into simplified and folds 帐 into 账', () => {
    expect(n.normalize('帳號')).toBe('账号');
    expect(n.normalize('帳戶')).toBe('账户');
    expect(n.normalize('下週')).toBe('下周');
    expect(n.normalize('怎麼撤銷設計')).toBe('怎么撤销设计');
    expect(n.normalize('裡面 為什麼')).toBe('里面 为什么');
  });

  it('leaves simplified Chinese as it is (怎么 does not become 怎幺)', () => {
    expect(n.normalize('怎么撤销设计')).toBe('怎么撤销设计');
    expect(n.normalize('账号 下周 视频验证')).toBe('账号 下周 视频验证');
  });

  it('applies NFKC and lower case: full-width letters and digits become plain', () => {
    expect(n.normalize('ＳａｌｅＹｅｅ ５０件')).toBe('saleyee 50件');
    expect(n.normalize('Brand Registry')).toBe('brand registry');
  });

  it('splits Latin and digit runs apart from Han characters', () => {
    expect(texts('Handmade邀请邮件')).toEqual(['latin:handmade', 'han:邀请邮件']);
    expect(texts('产品太重带不了50件')).toEqual(['han:产品太重带不', 'latin:50', 'han:件']);
    expect(texts('iphone15')).toEqual(['latin:iphone', 'latin:15']);
  });

  it('drops Chinese stop words and splits Han runs at them, so bigrams do not bridge them', () => {
    expect(texts('设计被拒了怎么办')).toEqual(['han:设计', 'han:拒']);
    expect(texts('品牌方如何拒绝设计者提交的设计')).toEqual(['han:品牌方', 'han:拒绝设计者提交', 'han:设计']);
    // Domain words that contain a stop character elsewhere stay whole.
    expect(texts('品牌所有者')).toEqual(['han:品牌所有者']);
  });

  it('reads words that ask for a procedure without naming one (步骤, 流程, 操作, steps) as a how-question, not as topic words', () => {
    expect(texts('联合账户的步骤')).toEqual(['han:联合账户']);
    expect(texts('品牌申诉流程')).toEqual(['han:品牌申诉']);
    expect(questionCues(n.normalize('聯合帳戶的步驟'))).toEqual(['?how']);
    expect(questionCues(n.normalize('steps to appeal a rejected brand'))).toEqual(['?how']);
    expect(isEnglishStopWord('steps')).toBe(true);
  });

  it('turns English contractions into words', () => {
    expect(texts("I can't load orders")).toEqual(['latin:i', 'latin:can', 'latin:not', 'latin:load', 'latin:orders']);
    expect(texts("what's the weather")).toEqual(['latin:what', 'latin:the', 'latin:weather']);
  });

  it("spells out I'm, we're, I've and we'll, so who asks is read from them (\"I'm the designer\")", () => {
    expect(texts("we're the brand")).toEqual(['latin:we', 'latin:are', 'latin:the', 'latin:brand']);
    expect(texts("I've sent it, we'll see")).toEqual(['latin:i', 'latin:have', 'latin:sent', 'latin:it', 'latin:we', 'latin:will', 'latin:see']);
    expect(askerRole(n.normalize("I'm the designer, the brand wants tweaks, how do I resubmit"))).toBe('designer');
    expect(askerRole(n.normalize("I’m a brand owner, where do I approve it"))).toBe('brand-owner');
  });

  it('knows English stop words, and keeps words that carry meaning here (not, usa, new)', () => {
    for (const w of ['the', 'how', 'do', 'i', 'my', 'please', 'us']) expect(isEnglishStopWord(w)).toBe(true);
    for (const w of ['not', 'usa', 'new', 'still', 'again', 'design']) expect(isEnglishStopWord(w)).toBe(false);
  });

  it('reads "US" in capitals, or "us" naming a store or beside another region, as the marketplace; "us" otherwise as the pronoun', () => {
    expect(n.normalize('steps for our US store')).toBe('steps for our usa store');
    expect(n.normalize('sell in the U.S.?')).toBe('sell in the usa?');
    expect(n.normalize('can they do it for us')).toBe('can they do it for us');
    expect(n.normalize('our us store and eu/us accounts')).toBe('our usa store and eu/usa accounts');
    expect(n.normalize('handmade outside the us?')).toBe('handmade outside the usa?');
    expect(n.normalize('someone contacted us about it')).toBe('someone contacted us about it');
    expect(n.normalize('HELP US')).toBe('help us');
  });

  it('reads chat fillers and hedges as stop words (they name no topic), but not the vague words that say a question is unclear', () => {
    for (const w of ['lol', 'tbh', 'kinda', 'gonna', 'basically', 'totally', 'stuff', 'like', 'super', 'tho', 'u']) expect(isEnglishStopWord(w)).toBe(true);
    for (const w of ['anything', 'something', 'someone']) expect(isEnglishStopWord(w)).toBe(false);
  });
});

describe('Han terms', () => {
  it('are single characters plus character bigrams', () => {
    expect(hanTerms('载单授权')).toEqual({ unigrams: ['载', '单', '授', '权'], bigrams: ['载单', '单授', '授权'] });
    expect(hanTerms('拒')).toEqual({ unigrams: ['拒'], bigrams: [] });
  });

  it('keep characters outside the basic plane whole', () => {
    expect(hanTerms('𠀀设')).toEqual({ unigrams: ['𠀀', '设'], bigrams: ['𠀀设'] });
  });
});

describe('light stemming', () => {
  it('brings the forms of a word together', () => {
    const forms = (ws: string[]) => new Set(ws.map(stem));
    expect(forms(['authorize', 'authorized', 'authorizing', 'authorization', 'authorizations']).size).toBe(1);
    expect(forms(['verify', 'verified', 'verification']).size).toBe(1);
    expect(forms(['submit', 'submitted', 'submitting', 'submits']).size).toBe(1);
    expect(forms(['account', 'accounts']).size).toBe(1);
  });

  it('brings nouns in -ion and -al together with their verbs', () => {
    expect(stem('submission')).toBe(stem('submit'));
    expect(stem('revision')).toBe(stem('revise'));
    expect(stem('revision')).toBe(stem('revised'));
    expect(stem('approval')).toBe(stem('approve'));
    expect(stem('withdrawal')).toBe(stem('withdraw'));
    expect(stem('registration')).toBe(stem('register'));
    expect(stem('completion')).toBe(stem('complete'));
  });

  it('reads irregular past forms as their verb, but not sent (a designer who sent one) nor left (what is left to do)', () => {
    expect(stem('sold')).toBe(stem('sell'));
    expect(stem('bound')).toBe(stem('bind'));
    expect(stem('got')).toBe(stem('get'));
    expect(stem('found')).toBe(stem('find'));
    expect(stem('sent')).not.toBe(stem('send'));
    expect(stem('left')).not.toBe(stem('leave'));
  });

  it('keeps apart words that only look alike (registry, designer)', () => {
    expect(stem('registry')).not.toBe(stem('register'));
    expect(stem('designer')).not.toBe(stem('design'));
  });

  it('reads an adverb as its adjective (separately → separate), but not a verb in -ply', () => {
    expect(stem('separately')).toBe(stem('separate'));
    expect(stem('family')).toBe(stem('families'));
    expect(stem('assembly')).toBe(stem('assemblies'));
    expect(stem('automatically')).toBe(stem('automatic'));
    expect(stem('permanently')).toBe(stem('permanent'));
    expect(stem('manually')).toBe(stem('manual'));
    expect(stem('easily')).toBe(stem('easy'));
    expect(stem('possibly')).toBe(stem('possible'));
    expect(stem('apply')).not.toBe(stem('app'));
    expect(stem('reply')).toBe('repli');
    expect(stem('only')).toBe('onli');
  });

  it('reads irregular past forms as their verb (made → make, took → take), short ones too', () => {
    expect(stem('made')).toBe(stem('make'));
    expect(stem('got')).toBe(stem('get'));
    expect(stem('took')).toBe(stem('taking'));
    expect(stem('chosen')).toBe(stem('choose'));
    expect(stem('lost')).toBe(stem('lose'));
  });

  it('brings a verb in -ate together with its noun in -ation (associated / association, update / updating)', () => {
    expect(stem('associated')).toBe(stem('association'));
    expect(stem('associate')).toBe(stem('association'));
    expect(stem('created')).toBe(stem('creation'));
    expect(stem('updating')).toBe(stem('update'));
    expect(stem('date')).toBe('dat');
  });

  it('leaves short words and numbers alone', () => {
    expect(stem('us')).toBe('us');
    expect(stem('50')).toBe('50');
    expect(stem('48')).toBe('48');
  });
});

describe('question cues', () => {
  it('read what kind of answer a question wants before its question words are dropped', () => {
    expect(questionCues(n.normalize('What is Amazon Handmade?'))).toEqual(['?what']);
    expect(questionCues(n.normalize('卖家合作推广是什么'))).toEqual(['?what']);
    expect(questionCues(n.normalize('怎麼撤銷設計'))).toEqual(['?how']);
    expect(questionCues(n.normalize('联合账户以后还能取消吗'))).toEqual(['?can']);
    expect(questionCues(n.normalize('how long does an appeal take'))).toEqual(['?when']);
  });

  it('reads asking leave ("are they allowed to …") as asking whether, not "who is allowed" nor a statement', () => {
    expect(questionCues(n.normalize('our agency runs it, are they allowed to merge the accounts'))).toEqual(['?can']);
    expect(questionCues(n.normalize('is our agency permitted to unify them'))).toEqual(['?can']);
    expect(questionCues(n.normalize('who is allowed to link accounts'))).toEqual(['?who']);
    expect(questionCues(n.normalize('we are allowed to link accounts'))).toEqual([]);
  });

  it("reads a link's or a button's location as asking where, not a place's", () => {
    expect(questionCues(n.normalize('appeal link location?'))).toEqual(['?where']);
    expect(questionCues(n.normalize('location of the merge accounts tab'))).toEqual(['?where']);
    expect(questionCues(n.normalize('video verification location for heavy goods'))).toEqual([]);
  });

  it('reads what to heed before doing something, said either way round', () => {
    expect(questionCues(n.normalize('anything to check before we connect the store'))).toEqual(['?heed']);
    expect(questionCues(n.normalize('before we connect the store, anything to watch out for'))).toEqual(['?heed']);
  });

  it('reads a stage done that still fails as a failure, not as done before', () => {
    expect(questionCues(n.normalize("authorized already, still can't pull orders"))).toEqual(['?fail']);
    expect(questionCues(n.normalize('we authorized the store last year, what is left'))).toContain('?already');
  });

  it('reads "who can …" as asking who, not whether', () => {
    expect(questionCues(n.normalize('who can sell on Amazon Handmade'))).toEqual(['?who']);
    expect(questionCues(n.normalize('誰可以在 Handmade 賣東西'))).toEqual(['?who']);
    expect(questionCues(n.normalize('can I sell on Handmade in Canada'))).toEqual(['?can']);
  });
});

describe('who is asking', () => {
  const role = (q: string) => askerRole(n.normalize(q));

  it('reads the asker from the question’s subject or from naming themselves', () => {
    expect(role('设计师怎么提交新设计')).toBe('designer');
    expect(role('我是設計師，要怎麼把作品投給品牌')).toBe('designer');
    expect(role('as the brand owner, how do I reject a design')).toBe('brand-owner');
    expect(role('品牌方怎么通过设计师的作品')).toBe('brand-owner');
  });

  it('reads the asker from the other side being the one acted on, or the one who acted', () => {
    expect(role('我想让设计师修改一下设计')).toBe('brand-owner');
    expect(role('ask the designer for a revision')).toBe('brand-owner');
    expect(role('品牌要求修改，我改好了怎么重新提交')).toBe('designer');
    expect(role('How do I submit a design to a brand?')).toBe('designer');
  });

  it('says nothing when the question does not tell, or names Brand Registry rather than a brand', () => {
    expect(role('怎么撤销设计')).toBeUndefined();
    expect(role('what do I need to prepare for the brand registry video call')).toBeUndefined();
  });
});

describe('unquote: quotation marks around a button name', () => {
  it('drops the marks so the name reads with its neighbours, and keeps apostrophes inside words', () => {
    expect(unquote("where is the 'revision' button")).toBe('where is the revision button');
    expect(unquote('click "approve" then')).toBe('click approve then');
    expect(unquote('点「通过」按钮')).toBe('点通过按钮');
    expect(unquote('「通過」在哪')).toBe('通過在哪');
    expect(unquote("meet at 9 o'clock")).toBe("meet at 9 o'clock");
    expect(unquote('no quotes here')).toBe('no quotes here');
  });
});
