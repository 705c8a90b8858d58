import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { askerRole, questionCues } from '../../src/knowledge/question-cues.js';
import { loadNormalizer } from '../../src/knowledge/normalize.js';
import { knowledgeBaseOf, loadKnowledgeParts } from '../../src/knowledge/loader.js';
import { knowledgeFiles } from '../../src/knowledge/render.js';
import { LOCALES } from '../../src/i18n/locales.js';
import { projectPath } from '../../src/paths.js';

/** The asker patterns as they were written before being split by the words they need: one alternation per side. */
const ONE_ALTERNATION: [string, RegExp][] = [
  [
    'designer',
    /我是设计|作为设计|身为设计|我的(?:设计|作品|稿)|(?:设计|作品|稿)[^,，。!?！？]{0,4}被(?:拒|驳回|退回|打回)|(?<!\bwhy (?:a |the |this |that )?)\b(?:design|submission|artwork|mockup)s? (?:was|were|got|has been|have been|is|are) (?:rejected|declined|turned down)\b|我(?:提交|上传|交)的(?:设计|作品|稿)|\bmy (?:design|artwork|submission|mockup)s?\b|设计(?:师|者)(?:这边|那边|怎么|如何|要怎么|想|要|能|可以|该)|品牌(?:方|所有者)?(?:要求|让|要我|叫我|请我|请求)|(?:给|投给|交给|发给|送给)品牌|\b(?:i am|i'm|im|i|as) (?:a |the )?designer\b|^designer\b(?!'?s? (?:sent|submitted|submission|uploaded|upload))|\bdesigners? (?:wants?|needs?|here)\b|\b(?:to|for) (?:a|the) brand(?:\s*$|[,.?!]|\s+(?:in|on|at|with|through|from|via)\b)|\bbrand (?:asked|wants me|requested)\b/,
  ],
  [
    'brand-owner',
    /我是品牌|作为品牌|身为品牌|我们品牌|我们是品牌|品牌(?:方|所有者)(?:的|怎么|如何|要怎么|想|能|可以|该|不)|(?:让|请|叫|要求|退回给|打回给)设计(?:师|者)|设计(?:师|者)(?:提交|送来|发来|交来|上传|传来|传过来|发过来|送过来|交过来|寄来|交上来|送上来|传上来|发上来|提交上来)的|\b(?:i am|i'm|im|i|as) (?:a |the )?brand(?: owner)?\b|^brand owners?\b|\bfor (?:the )?brand owners?\b|\bbrand owners? (?:wants?|needs?)\b|\b(?:ask|tell|let) (?:a |the )?designer\b|\b(?:want|need|get|have) (?:a |the |our )?designer to\b|\bback to the designer\b|\bdesigner'?s? (?:sent|submitted|submission|uploaded|upload)|\b(?:our|my) brand\b(?! (?:applications?|registry|registration|appeals?|verification)\b)|\bsent us\b|\bwe (?:are )?(?:the |a )?brand(?: owners?)?\b|\b(?:say|explain|give|write|tell (?:them|the designer)) (?:why|the reason)\b|\breason for (?:rejecting|declining)\b|(?:写|填|给|说明|注明)[^,，。!?！？]{0,4}(?:拒绝|驳回|退回)?的?(?:理由|原因)|(?:拒绝|驳回|退回)(?:的)?(?:理由|原因)(?:写|填)/,
  ],
];
function oneAlternation(normalized: string): string | undefined {
  const found = ONE_ALTERNATION.filter(([, re]) => re.test(normalized)).map(([role]) => role);
  return found.length === 1 ? found[0] : undefined;
}

/** A phrase for every alternative of both sides, and some that mix them. */
const PHRASES = [
  '我是设计师', '作为设计者', '身为设计师', '我的作品', '稿子被退回了', '设计又被拒', 'designs were rejected', 'my artwork', '我上传的稿', '设计师怎么', '品牌要求修改', '投给品牌',
  "i'm a designer", 'i am the designer', 'designer here', 'designer uploaded the art', 'designer how', 'designers want', 'submit to the brand', 'for a brand in the us', 'brand asked me',
  '我是品牌', '作为品牌', '身为品牌商', '我们品牌', '我们是品牌', '品牌方的', '品牌所有者不', '退回给设计者', '设计师发来的', '设计师传来的', '设计师传过来的', '设计师交上来的', 'as the brand owner', 'i am a brand owner', 'brand owners need', 'brand owner', 'want the designer to fix it', 'the button for brand owners',
  'ask the designer', 'back to the designer', "designer's submission", 'our brand', 'they sent us', 'we are the brand owners', 'we brand',
  'where do i say why a design was rejected', 'explain the reason to the designer', 'reason for rejecting', '拒绝理由写在哪', '填写驳回的原因', 'why my design was rejected',
  '我是设计师，品牌要求修改', 'my design for our brand', 'design', 'how do i approve a design', '', 'sent usb', 'a brandy', 'redesigner',
];

describe('who asks (askerRole)', () => {
  it('reads the one who says why a design was rejected as the brand owner, the one asking why theirs was as the designer', async () => {
    const normalizer = await loadNormalizer();
    expect(askerRole(normalizer.normalize('where do I say why a design was rejected'))).toBe('brand-owner');
    expect(askerRole(normalizer.normalize('拒绝理由写在哪'))).toBe('brand-owner');
    expect(askerRole(normalizer.normalize('why was my design rejected'))).toBe('designer');
    // "I" alone before brand is not who asks: "can I brand my products" names no side.
    expect(askerRole(normalizer.normalize('can I brand my own products'))).toBeUndefined();
    expect(askerRole(normalizer.normalize("I'm the designer, what now"))).toBe('designer');
    // What the designer handed up (交上来的, 传上来的) is reviewed by the brand owner.
    expect(askerRole(normalizer.normalize('设计师交上来的图在哪点通过'))).toBe('brand-owner');
  });

  it('reads no side from "our brand application" or "my brand registry": they name Brand Registry, whose entries no side does', async () => {
    const normalizer = await loadNormalizer();
    expect(askerRole(normalizer.normalize('our brand application bounced, we want to fight it, how'))).toBeUndefined();
    expect(askerRole(normalizer.normalize('my brand registry appeal was rejected'))).toBeUndefined();
    expect(askerRole(normalizer.normalize('where do I book our brand verification call'))).toBeUndefined();
    // Our brand doing something in Collab still says the brand owner asks.
    expect(askerRole(normalizer.normalize('a designer submitted art for our brand, how do we approve it'))).toBe('brand-owner');
    expect(askerRole(normalizer.normalize('my brand wants to reject this design'))).toBe('brand-owner');
  });

  it('reads every question as the one alternation per side did', async () => {
    const normalizer = await loadNormalizer();
    const kb = knowledgeBaseOf(loadKnowledgeParts(knowledgeFiles()));
    const passages = kb.ids.flatMap((id) => LOCALES.flatMap((l) => { const e = kb.entry(id, l); return e ? [e.title, ...(e.questions ?? [])] : []; }));
    const tuning = ['dev-questions', 'chat-dev-questions', 'chat-dev2-questions', 'calibration-negatives'].flatMap((f) =>
      readFileSync(projectPath('test', 'eval', `${f}.jsonl`), 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { q: string }).q),
    );
    const texts = [...PHRASES, ...[...PHRASES, ...passages, ...tuning].map((t) => normalizer.normalize(t))];
    for (const t of texts) expect(askerRole(t), t).toBe(oneAlternation(t));
    // Both sides and neither are seen, so the comparison means something.
    const roles = new Set(texts.map((t) => askerRole(t)));
    expect(roles).toEqual(new Set(['designer', 'brand-owner', undefined]));
  });
});

describe('what a question asks for (questionCues)', () => {
  const cues = async (q: string) => questionCues((await loadNormalizer()).normalize(q));

  it('reads a stage already reached as ?already: "already", "last year", "… before.", 之前, 老店铺, 已经有', async () => {
    for (const q of ['we authorised this shop in saleyee last year', 'I authorized my store in saleyee before, what is left', 'already linked amazon store', 'we connected it way back', 'set it up a long time ago', '之前授权过的店铺', '老账号刊登显示未授权', '已經有日本跟美國兩個帳號', '原本掛在居家分類']) {
      expect(await cues(q), q).toContain('?already');
    }
    // "before" that opens a clause is a condition, not the past; 已经授权了 (the status FAQs) is not "done before".
    for (const q of ['can I list before they approve my application', 'anything to watch out for before I authorize a store', '已经授权了，为什么还显示未授权']) {
      expect(await cues(q), q).not.toContain('?already');
    }
  });

  it('reads 还是 as ?still, but not where it joins a choice ("or"): 是…还是…, …吗，还是…, 还是说', async () => {
    for (const q of ['授权完了订单还是拉不下来', '已經授權了，為什麼還是不能載單', '可是授权了还是不行', '状态是已授权，还是拉不到订单']) {
      expect(await cues(q), q).toContain('?still');
    }
    for (const q of ['Handmade 申请交上去了，是等通知还是会有人联系我', 'Handmade 已經送出申請了，會有人聯絡我嗎，還是只能等', '还是说要重新授权', '无论是自己做公关还是通过签约机构']) {
      expect(await cues(q), q).not.toContain('?still');
    }
  });

  it('reads the stage after a milestone as ?next, not an overview: "what now", "the next step", 接下来, 获批后', async () => {
    for (const q of ['handmade said yes, what do I do next', "approval came through, what's the next step", 'handmade approved, what now?', "once I'm on the appeal page, what are the steps", 'Handmade 审核通过了，接下来干嘛', '手工藝品商店核准後要怎麼開店']) {
      expect(await cues(q), q).toContain('?next');
    }
    expect(await cues("what's the next step")).not.toContain('?what');
    expect(await cues('what are the actual steps once I am on the appeal page')).not.toContain('?what');
    expect(await cues('what is handmade')).toEqual(['?what']);
  });

  it('reads "explain X to me", "the basics", "a rundown" as asking for an overview, not "explain how / why"', async () => {
    for (const q of ['new to this - explain the handmade store to me', 'collab basics?', 'give me the rundown on seller collab']) {
      expect(await cues(q), q).toContain('?what');
    }
    expect(await cues('can you explain how to reschedule the call')).not.toContain('?what');
    expect(await cues('explain why the authorization failed')).not.toContain('?what');
  });

  it('reads having too few as ?short: "we bake them to order", "we\'ll never have 50"; not ordering something', async () => {
    for (const q of ['we bake cakes to order', "we'll never have 50 in stock", 'everything is printed on demand']) {
      expect(await cues(q), q).toContain('?short');
    }
    expect(await cues('how to order samples before the call')).not.toContain('?short');
  });

  it('reads something that does not work as ?fail: "can\'t load orders", "won\'t come through", 拉不到, 失败', async () => {
    for (const q of ["I authorized but still can't load orders", "orders won't come through", 'authorization failed', '授权后拉不到订单', '訂單一直匯不進賽盈', '点了没反应']) {
      expect(await cues(q), q).toContain('?fail');
    }
    for (const q of ['how do I authorize order loading', "can't I just start listing before approval", "I don't want to open amazon in my browser"]) {
      expect(await cues(q), q).not.toContain('?fail');
    }
  });

  it('reads a state that does not change as ?still: "keeps saying", "still shows"', async () => {
    expect(await cues('status keeps saying not authorized')).toContain('?still');
    expect(await cues('it still shows authorizing')).toContain('?still');
    // A state said to last: never changes, hasn't changed, forever.
    expect(await cues('the status never changes')).toContain('?still');
    expect(await cues("it hasn't updated since yesterday")).toContain('?still');
    expect(await cues("shows 'pending' forever")).toContain('?still');
    expect(await cues('how do i change the status')).not.toContain('?still');
    // "anything still pending" asks what is left to do.
    expect(await cues('anything still pending on our side')).not.toContain('?still');
  });

  it('asks yes or no with the verb first ("can we …", "how can I …"), not in "so we can …", which states an ability', async () => {
    expect(await cues('can we link them')).toContain('?can');
    expect(await cues('how can i link them')).toContain('?can');
    expect(await cues('link them so we can manage them together')).not.toContain('?can');
    expect(await cues('we can load orders but listings fail')).not.toContain('?can');
  });

  it('reads 能…吗 as a yes or no, as 可以…吗 is; not 功能…吗, 可能…吗 or 谁能…', async () => {
    expect(await cues('合并以后能撤回吗')).toContain('?can');
    expect(await cues('代营运能帮客户把帐户并起来吗')).toContain('?can');
    expect(await cues('刊登那个功能要单独授权吗')).not.toContain('?can');
    expect(await cues('是不是可能被关联了吗')).not.toContain('?can');
    expect(await cues('谁能联合账户')).not.toContain('?can');
  });

  it('reads no yes or no in a 可以 that ends its clause, which judges (我觉得可以，…), but does in 可以…吗 and 可以？', async () => {
    expect(await cues('设计师交上来的图我觉得可以，在哪点通过')).not.toContain('?can');
    expect(await cues('设计大体可以，但颜色要改一下')).not.toContain('?can');
    expect(await cues('还没通过可以先上架吗')).toContain('?can');
    expect(await cues('这样可以？')).toContain('?can');
  });

  it('asks no yes or no in a can\'t that states what fails, but does in "can\'t I …?"; "walk me through" asks how', async () => {
    expect(await cues("appeal link, can't see it anywhere")).not.toContain('?can');
    expect(await cues("can't I just start listing on handmade")).toContain('?can');
    expect(await cues('walk me through it')).toContain('?how');
  });
});

describe('the ?diff and ?mean cues: telling two things apart, and what a status means', () => {
  const cues = async (q: string) => questionCues((await loadNormalizer()).normalize(q));
  it('reads "difference between", "vs", 区别, 差在哪, 有什麼不同, 不一样 as ?diff, and not as an overview or a place', async () => {
    for (const q of ["what's the difference between order loading and listing sync", 'reject vs request revision', '已授权和载单功能已授权有啥区别', '已授權和載單功能已授權差在哪', '載單授權和刊登授權有什麼不同', '这两个不一样吗']) {
      const found = await cues(q);
      expect(found, q).toContain('?diff');
      expect(found, q).not.toContain('?what');
      expect(found, q).not.toContain('?where');
    }
  });
  it('reads "is A the same thing as B" as ?diff, not "same thing as yesterday"', async () => {
    expect(await cues('is withdrawing the same thing as rejecting a design?')).toContain('?diff');
    for (const q of ["orders still won't load, same thing as yesterday", "it's the same thing every time"]) expect(await cues(q), q).not.toContain('?diff');
  });
  it('does not read a different time, browser or site, or 不同步, as ?diff', async () => {
    for (const q of ['I need a different time for the video verification', 'authorize saleyee from a different device', '不同站點的店鋪要各自授權嗎', '店铺授权了库存还是不同步']) {
      expect(await cues(q), q).not.toContain('?diff');
    }
  });
  it('reads 是什么意思 and "what does … mean" as ?mean, not ?what; 流程是什么 asks how, not what', async () => {
    for (const q of ['载单功能已授权是什么意思', '「載單功能已授權」是什麼意思', 'what does 载单功能已授权 mean']) {
      expect(await cues(q), q).toContain('?mean');
      expect(await cues(q), q).not.toContain('?what');
    }
    expect(await cues('I mean, what is collab')).not.toContain('?mean');
    expect(await cues('does 授权中 mean it failed?')).toContain('?mean');
    for (const q of ['by all means, how do I approve a design', "this means I can't load orders"]) expect(await cues(q), q).not.toContain('?mean');
    expect(await cues('Amazon Handmade 申請流程是什麼')).toEqual(['?how']);
  });
});

describe('the ?again cue: not able to attend what was booked asks for another time', () => {
  const cues = async (q: string) => questionCues((await loadNormalizer()).normalize(q));
  it('reads "can\'t make the appointment", "cannot attend the call", 去不了, 不能参加 as ?again', async () => {
    for (const q of ["can't make the video verification appointment", 'cannot attend the video call', "we can't make it on friday", '约好的视频验证去不了', '臨時有事不能參加視訊驗證，可以改嗎']) {
      expect(await cues(q), q).toContain('?again');
    }
  });
  it('does not read "can\'t make it work", "can\'t make the listing" or "can\'t do the call from the factory" as ?again', async () => {
    for (const q of ["can't make it work", "can't make the listing", "can't do the call from the factory"]) {
      expect(await cues(q), q).not.toContain('?again');
    }
  });
});

describe('the ?heed cue: what to know or check before doing something', () => {
  it('reads "anything we should check before we connect", "what to watch out for before", 之前要注意什么, 注意事项', () => {
    for (const q of ['anything we should check before we connect our amazon store to saleyee?', 'what to watch out for before i authorize a store', 'things to know before we merge', '授权之前要注意什么', '有什么注意事项', '视频验证有什么要注意的', '授权店铺有哪些需要注意']) {
      expect(questionCues(q), q).toContain('?heed');
    }
  });
  it('does not read a plain "before" or the steps', () => {
    for (const q of ['how do i connect our store', 'we authorized it before.', 'what should i bring to the video call', '之前授权过', '有什么要求']) {
      expect(questionCues(q), q).not.toContain('?heed');
    }
  });
});

describe('the ?start, ?diff and benefit cues', () => {
  it('reads where to begin: "first step", "where do I start", 第一步, 先在哪, 从哪开始', () => {
    for (const q of ['what is the first step', 'where do i start', '第一步怎么做', '账号要先在哪里加', '从哪开始']) expect(questionCues(q), q).toContain('?start');
    for (const q of ['需要先到亚马逊后台确认授权', 'start selling in europe', '第一次授权载单']) expect(questionCues(q), q).not.toContain('?start');
  });
  it('reads telling two things apart: difference, vs, 区别, 差在哪, 有什么不同', () => {
    for (const q of ['difference between authorized and order loading authorized', 'authorized vs order loading authorized', '已授权和载单功能已授权有啥区别', '两者差在哪', '有什么不同']) expect(questionCues(q), q).toContain('?diff');
    for (const q of ['use a different browser', '不同站点的店铺要各自授权吗', '库存不同步']) expect(questionCues(q), q).not.toContain('?diff');
  });
  it('reads what something is good for as an overview: 有啥好处, 有什么用, 干啥用的', () => {
    for (const q of ['seller collab 对品牌有啥好处', '手工艺人资料页有什么用', 'maker profile 是干啥用的']) expect(questionCues(q), q).toContain('?what');
  });
});

describe("the ?diff cue in chat shorthand", () => {
  it('reads "the diff" as a difference question, not a word of the question', () => {
    for (const q of ['whats the diff between approve and reject', 'any diff between the two?']) expect(questionCues(q), q).toContain('?diff');
    expect(questionCues('diffuse the lighting in the product photo')).not.toContain('?diff');
  });
});
