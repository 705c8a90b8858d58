import { beforeAll, describe, expect, it } from 'vitest';
import { readLocaleFiles } from '../../src/i18n/index.js';
import { loadKnowledgeBase } from '../../src/knowledge/loader.js';
import { loadNormalizer } from '../../src/knowledge/normalize.js';
import { loadLexicon } from '../../src/knowledge/lexicon.js';
import { DEFAULT_PARAMS, HowtoIndex } from '../../src/knowledge/search-index.js';
import { decide } from '../../src/knowledge/confidence.js';

/** Sibling entries that share most of their words, told apart by the stage, failure and role the question states. */
let index: HowtoIndex;
beforeAll(async () => {
  index = new HowtoIndex(loadKnowledgeBase(readLocaleFiles()), await loadNormalizer(), DEFAULT_PARAMS, { lexicon: loadLexicon() });
});
const top = (q: string) => index.search(q).hits[0]?.id;

describe('sibling entries', () => {
  it('reads the stage after a milestone as the later entry: approved, what next → complete the registration, not apply', () => {
    expect(top('handmade said yes!! what do I do next')).toBe('handmade.complete-registration');
    expect(top("handmade approval came through, what's the next step to actually set up the shop")).toBe('handmade.complete-registration');
  });

  it('reads a stage reached long ago as the "authorized before" entry', () => {
    expect(top('we authorised this shop in saleyee last year, anything left to do?')).toBe('saleyee.already-authorized');
  });

  it('reads a bare "where??" after a spaced hyphen as asking for the place: the appeal link, not the appeal', () => {
    expect(top("BR application bounced. appeal link - where?? can't see it anywhere")).toBe('brand-registry.find-appeal-link');
  });

  it('reads 身为品牌商 as the brand owner, 让它过 as approving and 不让它过 as rejecting', () => {
    expect(index.search('身為品牌商，這張設計稿我們完全不要，不是要設計師改，是直接退掉，流程是？').role).toBe('brand-owner');
    expect(top('我們是品牌方，設計師投的稿想直接讓它過，要按哪個')).toBe('collab.approve-design');
    expect(top('我们是品牌方，设计师投的稿不让它过，怎么弄')).toBe('collab.reject-design');
  });

  it('reads "I\'m the designer" (normalized "i the designer") as the designer, whose "the brand wants tweaks" is a revision to upload', () => {
    expect(index.search("I'm the designer, the brand wants tweaks, how do I resubmit the edited file").role).toBe('designer');
    expect(top("I'm the designer, the brand wants tweaks, how do I resubmit the edited file")).toBe('collab.submit-revision');
    expect(top('我是設計師，要怎麼把作品投給品牌')).toBe('collab.submit-design');
  });

  it('reads hitting or pressing a button as clicking it, the guides\' word', () => {
    expect(index.prepare('do I have to leave a comment before hitting "Approve"')).toContain('click');
    expect(index.prepare('进「检视」之后要按哪个')).toContain('点击');
  });

  it('drops chat fillers ("actually", "even", "thing"): they name no topic', () => {
    const words = index.analyze("what's collab even for, the thing actually").filter((t) => t.kind === 'latin').map((t) => t.term);
    expect(words).toEqual(['collab']);
    expect(top('status keeps saying not authorized even though I finished')).toBe('saleyee.faq-status-not-updated');
  });

  it('reads a webcam as the video verification and an illustrator as the designer, the guides\' words', () => {
    expect(index.prepare('too heavy to haul 50 units in front of a webcam')).toContain('video verification');
    expect(index.prepare("I'm a freelance illustrator, who pays me")).toContain('designer');
  });

  it('reads the UK and the other European marketplaces as the EU region of the account guides', () => {
    expect(top("hey team, we've got a US account and a UK one, can we merge them into one login?")).toBe('account.unify-existing');
  });

  it('weighs a term the lexicon read in at DEFAULT_PARAMS.lexicon of a typed one, but not a program\'s name', async () => {
    const flat = new HowtoIndex(loadKnowledgeBase(readLocaleFiles()), await loadNormalizer(), { ...DEFAULT_PARAMS, lexicon: 1 }, { lexicon: loadLexicon() });
    const weight = (ix: HowtoIndex, q: string, term: string) => ix.analyze(q).find((t) => t.term === term)?.weight ?? 0;
    expect(DEFAULT_PARAMS.lexicon).toBeGreaterThan(1);
    // "greenlight" reads as approve design: its words weigh more than typed ones.
    expect(weight(index, 'how do I greenlight it', 'approv')).toBeCloseTo(weight(flat, 'how do I greenlight it', 'approv') * DEFAULT_PARAMS.lexicon, 9);
    // 手工店 reads as handmade, the program's name: where, not what, so it weighs as typed.
    expect(weight(index, '手工店的差评能删掉吗', 'handmad')).toBeCloseTo(weight(flat, '手工店的差评能删掉吗', 'handmad'), 9);
    expect(weight(index, '手工店的差评能删掉吗', 'handmad')).toBeGreaterThan(0);
    // A group marked "where" (the UK → the EU region) names a place: read in, weighed as typed.
    expect(weight(index, 'add the UK marketplace', 'eu')).toBeCloseTo(weight(flat, 'add the UK marketplace', 'eu'), 9);
    expect(weight(index, 'add the UK marketplace', 'eu')).toBeGreaterThan(0);
  });

  it('reads 代运营 as the agency of the linking rules, and regret as undoing the link', () => {
    expect(top('我们是做代运营的，客户有美国和德国两个号，让我们帮他直接合并，这样可以吗？')).toBe('account.unify-policy');
    expect(top('帳號合併之後如果後悔，真的沒辦法取消嗎？')).toBe('account.unify-policy');
  });

  it('reads a lexicon phrase by what it acts on, and a phrasal verb split by its object', () => {
    // "take it back": of a design, withdrawing it; of merged accounts, undoing the merge (the general reading).
    expect(top('sent the wrong desing to the brand, can i take it back')).toBe('collab.withdraw-design');
    expect(top('we merged accounts last week, can we take it back?')).toBe('account.unify-policy');
    // Pushing or moving the verification call is rescheduling it; "hook … up" is linking accounts.
    expect(top('need to push our verification meeting back a week')).toBe('brand-registry.video-verification-reschedule');
    expect(top('hook our japan and US accounts up')).toBe('account.unify-existing');
  });

  it('reads a cue in a misspelt word as in the word typed right: "reshedule" asks to do it again', () => {
    expect(index.search('by when must i reshedule our verification call').terms.map((t) => t.term)).toContain('?again');
    expect(top('by when must i reshedule our verification call')).toBe('brand-registry.video-verification-reschedule');
  });

  it('reads a misspelt one-word lexicon phrase as the phrase: "reversable" is whether the merge can be undone', () => {
    expect(index.prepare('can a merge of accounts be reversable')).toContain('undo link');
    expect(top('is linking acounts reversable')).toBe('account.unify-policy');
  });

  it('reads contesting a rejected application as appealing it, and kicking a design back as asking for changes', () => {
    expect(top('brand registry application got rejected, how do we contest it')).toMatch(/^brand-registry\.(?:submit-appeal|find-appeal-link)$/);
    expect(index.prepare('the brand turned my design down, can i contest it')).not.toContain('appeal');
    expect(top('the mockup needs edits, how do i kick it back to the designer')).toBe('collab.request-revision');
    expect(index.prepare('want saleyee to pull all our amazon orders')).toContain('order loading');
  });

  it('reads folding or tying accounts together as merging them, and a merge "forever" as whether it can be undone; an old account is not a store authorized before', () => {
    expect(index.prepare('we have a us and a de shop on separate logins, how do i fold them into one')).toContain('merge accounts');
    expect(top('merge = forever? asking before i click')).toBe('account.unify-policy');
    expect(index.prepare('the appeal review is taking forever')).not.toContain('undo link');
    expect(top('从老账号注册新站点,注册完会自动连到一起吗')).toBe('account.register-new-region');
    expect(top('舊帳號早就授權過了,這次要補授權哪一項')).toBe('saleyee.already-authorized');
  });

  it('reads a stage said done, then what is wanted now, as the later stage: the done part says where the asker is', () => {
    expect(top('载单已经能用了,现在要开通刊登那个功能,怎么弄')).toBe('saleyee.authorize-listing-sync');
    expect(top('orders already work, now i need inventory to push to amazon - which auth')).toBe('saleyee.authorize-listing-sync');
  });

  it('reads a store never authorized as authorizing it, not as the "authorized before" entry', () => {
    expect(top('we never authorized before, first time in saleyee')).not.toBe('saleyee.already-authorized');
    expect(top('我们从来没绑过店,第一次在赛盈授权')).not.toBe('saleyee.already-authorized');
    expect(top('we authorized before in saleyee, what is left now')).toBe('saleyee.already-authorized');
  });

  it('reads chat phrases only where they mean what they were added for (a review of this round\'s additions)', () => {
    expect(top('how do i submit the appeal with my notes')).toBe('brand-registry.submit-appeal');
    expect(index.prepare('how do i unlink japan from our existing account')).not.toContain('register new region');
    expect(index.prepare('what are the fees for orders under 50 dollars')).not.toContain('fewer than 50');
    expect(index.prepare('i need a new time for submitting the appeal')).not.toContain('reschedule');
    expect(index.prepare('我是设计师,投的这稿不要了,怎么撤回')).not.toContain('拒绝');
  });

  it('reads postponing the call as rescheduling it, and split phrasal verbs of the design review ("turn this artwork down", "sign the mug design off")', () => {
    expect(top('something came up, can we postpone the verification call')).toBe('brand-registry.video-verification-reschedule');
    expect(index.prepare('we want to postpone our listings')).not.toContain('reschedule');
    expect(top('as the brand, how do i turn this artwork down for good')).toBe('collab.reject-design');
    expect(index.prepare('how do i sign the mug design off')).toContain('approve design');
  });

  it('asks a difference of the entry that explains it, else offers both sides together and answers neither', () => {
    const explained = index.search("what's the difference between 已授权 and 载单功能已授权");
    expect(explained.hits[0]?.id).toBe('saleyee.faq-cannot-load-orders');
    expect(explained.both).toBeUndefined();
    for (const [q, sides] of [
      ["what's the difference between withdrawing a design and uploading a revision", ['collab.submit-revision', 'collab.withdraw-design']],
      ['find the appeal link vs submit the appeal', ['brand-registry.find-appeal-link', 'brand-registry.submit-appeal']],
      ['预约视频验证和改期有什么区别', ['brand-registry.video-verification-booking', 'brand-registry.video-verification-reschedule']],
    ] as const) {
      const r = index.search(q);
      expect([...(r.both ?? [])].sort(), q).toEqual([...sides]);
      const d = decide(r);
      // Offered together, never answered (a conditional here let "don't know" pass too).
      expect(d, q).toMatchObject({ tier: 'suggest', entryId: null, compared: true });
      expect(d.alternatives.slice(0, 2).sort(), q).toEqual([...sides]);
    }
  });

  it("reads a difference question's sides without its framing, and finds a side's entry below the entries holding both", () => {
    // "what's the difference between": its "what" is no part of the first side (which would then ask the overview).
    // 刊登同步's entry ranks sixth for the whole question, under the FAQs and siblings that name both sides.
    for (const [q, sides] of [
      ["what's the difference between approving and rejecting a design", ['collab.approve-design', 'collab.reject-design']],
      ['载单授权和刊登同步有什么区别', ['saleyee.authorize-listing-sync', 'saleyee.authorize-order-loading']],
      ['載單授權和刊登同步有什麼差別', ['saleyee.authorize-listing-sync', 'saleyee.authorize-order-loading']],
    ] as const) {
      expect([...(index.search(q).both ?? [])].sort(), q).toEqual([...sides]);
    }
  });

  it('reads no difference wording as a term: a comparison of things the guides never name matches nothing', () => {
    expect(index.search("what's the difference between FBA and FBM").hits[0]?.id ?? 'none').not.toBe('saleyee.faq-cannot-load-orders');
    expect(decide(index.search("what's the difference between FBA and FBM")).tier).toBe('unknown');
  });

  it('reads "first time" and 头一回 as scene-setting, not as the words "first" and "time"', () => {
    const terms = (q: string) => index.analyze(q).map((t) => t.term);
    expect(terms('first time doing the 载单 thing in saleyee')).not.toContain('first');
    expect(terms('first time doing the 载单 thing in saleyee')).not.toContain('tim');
    expect(terms('第一次在赛盈授权载单')).not.toContain('第一');
    expect(terms('what is the first step to connect saleyee')).toContain('first');
    expect(top('头一回对接赛盈，账号要先在哪里加')).toBe('saleyee.add-amazon-account');
  });

  it('weighs down what a stage done names when the next one is asked ("账号刚建好，接下来载单怎么授权"), not when only "what next" is', () => {
    expect(top('赛盈里亚马逊账号刚建好，接下来载单怎么授权')).toBe('saleyee.authorize-order-loading');
    const weight = (q: string, term: string) => index.analyze(q).find((t) => t.term === term)?.weight;
    const asked = weight('赛盈里亚马逊账号刚建好，接下来载单怎么授权', '账号')!;
    const alone = weight('赛盈里亚马逊账号刚建好，接下来怎么办', '账号')!;
    expect(asked / alone).toBeCloseTo(DEFAULT_PARAMS.done);
  });
});
