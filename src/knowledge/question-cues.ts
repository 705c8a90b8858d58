/** What a /howto question asks for, and who asks it: read from its wording before stop words go. */

/**
 * What a question asks for, read from its question words before they are dropped as stop words:
 * "what is …" and "…是什么" ask for an overview, "can I …" and "可以…吗" for a yes or no, "why" for a
 * cause, "where" for a place, "how long" for a time. Each becomes a pseudo-term (`?what`, `?can`,
 * …) that is indexed with the titles and alternative questions, so entries that are asked about
 * that way attract questions asked that way.
 */
const CUES: [string, RegExp][] = [
  // ("explain X to me", "the basics", "a rundown" ask for an overview too; "explain how / why" asks how or why.)
  // ("what's next", "what now", "what is the next step" ask for the next stage, not an overview: `?next`; "what are the steps" asks how.)
  // ("what is the difference" asks for a distinction, `?diff`; "是什么意思" for a meaning, `?mean`; "流程是什么", like "what are
  // the steps", asks how: none asks for an overview. What something is good for asks for one:
  // "有啥好处", "有什么用", "干啥用的".)
  ['?what', /\bexplain\b(?! (?:how|why|where|when|which)\b)|\bbasics\b|\brundown\b|\bin a nutshell\b|\beli5\b|\bwhat\b(?! (?:do|should|can|does)\b)(?! (?:is )?(?:the )?next\b| now\b| (?:are|is) (?:the )?(?:\w+ )?steps\b| (?:is |are )?(?:the |a )?(?:main |real |big )?differences?\b)|(?<!区别|差别|差异|不同|分别|流程|步骤|方法|办法|做法)是(?:什么(?!意思)|啥(?!意思))|什么是|啥是|介绍|好处|有(?:什么|啥)用|(?:干|做)(?:啥|嘛|什么)用/],
  ['?how', /\bhow\b(?! (?:long|many|much|soon)\b)|\bsteps\b|\bwalk (?:me|us) through\b|怎么|怎样|如何|咋|步骤|流程|操作|方法|办法/],
  ['?why', /\bwhy\b|为什么|为何|为啥|怎么回事/],
  // (A link's, a button's or a page's location asks where it is: "appeal link location?", "location of the merge tab".)
  ['?where', /\bwhere\b|\bfind\b|\b(?:link|button|page|option|tab|menu|form|setting)s? location\b|\blocation of (?:the |a |that |this )?(?:[\w-]+ ){0,2}(?:link|button|page|option|tab|menu|form|setting)s?\b|\b(?:get to|go to|open) the [\w ]{0,30}\b(?:page|link|option|button)\b|哪里|哪儿|(?<!差)在哪|去哪|从哪|找不到|入口/],
  ['?when', /\bhow (?:long|soon)\b|\bwhen\b|多久|多长时间|几天|什么时候/],
  ['?many', /\bhow (?:many|much)\b|多少/],
  // A can't that states what fails ("can't see the link", "can't load orders") asks no yes or no; "can't I just …?" does.
  // Asked with the verb first ("can we …", "how can I …"); not said after its subject ("so we can manage them", "we can load
  // orders but …"), which states an ability.
  // 可以 that ends its clause judges rather than asks (我觉得可以，…; 设计大体可以，但…).
  // 能…吗 (能撤回吗, 能帮他们并起来吗) is the plain Chinese yes or no, as 可以…吗 is; not 功能, 可能, 才能 or 谁能 (who asks who).
  // Asking leave is asking so too: "are they allowed to …", "is our agency permitted to …" (not "who is allowed", nor the
  // statement "we are allowed to …").
  ['?can', /(?<!\bwho )(?<!\b(?:i|we|you|they|he|she|it) )\b(?:can|could|may)\b(?! not\b(?! (?:i|we|you|they)\b))|\b(?:am|is|are|was|were)\s+(?:i|we|you|they|he|she|it|our|my|your|their|the|an?)\b[^,.?!;]{0,30}?\b(?:allowed|permitted)\s+to\b|(?<!谁)可以(?![,，。!！;；])|能不能|能否|可不可以|还能|是否|(?<![谁功可才技性智本职体效潜万])能(?!不)[^,，。!?！？;；]{0,24}吗/],
  ['?who', /\bwho\b|谁/],
  // Telling two things apart (an entry that explains the distinction, or both entries): "difference between", "vs", "区别",
  // "差在哪", "有什么不同", "不一样", "is A the same thing as B", chat's "what's the diff". (Not "a different time/browser" or 不同步, 不同站点, which name
  // something, not a comparison; nor "same thing as yesterday", which says nothing changed.)
  ['?diff', /\bdifferen(?:ce|ces)\b|\b(?:the|any|a|whats?) diffs?\b|\bdiffer\b|\bdiffers\b|\b(?:vs|versus)\b|\bcompared? (?:to|with)\b|\b(?:is|are|was|were)\b[^,.;!?]{0,60}\bthe same thing\b|区别|差别|差异|差在|(?:有|什么|啥|哪些|何|哪里|哪儿)不同(?!步)|不同(?:在|之处|点)|不一样/],
  // The meaning of a status, a message or a field (the FAQ that explains it, not the steps that show it): "what does … mean",
  // "does … mean", "是什么意思", "代表什么". ("I mean …", "by all means", "this means …" say nothing of the kind.)
  ['?mean', /\bwhat\b[^,.;!?]{0,80}\bmeans?\b|\b(?:does|do|did)\b[^,.;!?]{0,60}\bmean\b|\bmeaning\b|什么意思|啥意思|代表(?:什么|啥)|指的是(?:什么|啥)/],
  // Having too few (the 50-unit FAQ, not what to bring): "fewer than 50", "not enough", "made to order", "we bake them to order", "we'll never have 50", "不够 50 件", "按需生产".
  ['?short', /\bfewer\b|\bless than\b|\bnot enough\b|\bbelow \d|\b(?:don'?t|do not) have \d|\bcan'?t (?:keep|have|get) \d|\bmade[- ]to[- ]order\b|\b(?:make|makes|made|bake|bakes|baked|build|builds|built|print|prints|printed|cook|cooks|cooked|sew|sews|sewn|craft|crafts|crafted|produce|produces|produced)\b(?: [a-z]+){0,2} to order\b|\b(?:never|won'?t|will not|can'?t|can not|cannot) (?:have|get|reach|hit|stock) \d|\bon demand\b|\bperishable\b|不够|不足|不到 ?\d|凑不|备不了|没法囤|没现货|没有现货|按需|接单生产|易腐/],
  // A state that does not change (the status FAQs, not doing it): "still shows", "keeps saying", "stuck on", "还是未授权", "一直不更新".
  // 还是 also joins a choice, "or": after 是 in its clause (是等通知还是有人联系我, 无论是…还是…), after a question
  // that ends in 吗 or 呢 (会有人联系我吗，还是只能等), or as 还是说; there it says nothing is stuck.
  // (可是, 但是, 就是, 老是… are not that 是: 可是授权了还是不行 is still.)
  // (Also a state said to last: "never changes", "hasn't changed", "shows 'authorizing' forever"; "anything still pending"
  // asks what is left to do, not why a state stays.)
  ['?still', /(?<!\b(?:anything|something|what|is there) )\bstill (?:shows?|says|showing|saying|stuck|on|pending)\b|\bkeeps? (?:saying|showing|says|shows)\b|\bstuck\b|\bnot updating\b|\b(?:won'?t|will not|does not|did not|has not|have not|never) (?:chang(?:e|es|ed)|updat(?:e|es|ed)|go(?:es)? away|gone away|mov(?:e|es|ed)|finish(?:es|ed)?)\b|\bforever\b|(?<!(?:^|[^可但就总老于要还只倒硬凡真也都不算若])是[^,，。!?！？;；]*)(?<![吗呢][,，]\s*)还是(?!说)|还显示|仍然|依然|一直/],
  // Doing again what was done (rebooking, not booking): "another day", "change the time", "重新预约", "改期"; not able to
  // attend what was booked ("can't make the appointment", 去不了, 不能参加), which asks for another time.
  ['?again', /\bagain\b|\banother (?:day|time|date|slot)\b|\bre-?schedul|\bchange (?:the |my |our )?(?:time|date|day|slot|appointment)|\bdifferent (?:time|day|date|slot)|\bmove (?:it|the|my)\b|重新|改期|改日|(?:时间|日子|日期|时段|预约)[^,，。!?！？]{0,4}改|改(?:一下|个)?(?:时间|日子|日期|时段)|换个(?:日子|时间|时段)|再约|改约|\b(?:can'?t|can not|cannot|could not|won'?t be able to) (?:make|attend) (?:it|that|this)\b(?! (?:work|happen)\b)|\b(?:can'?t|can not|cannot|could not|won'?t be able to) (?:make|attend) (?:the|our|that|this|my) (?:[\w-]+ ){0,2}(?:call|meeting|appointment|slot|time|date|session|verification)\b|(?<!做|弄|搞)(?:去|参加|出席|赶)不了|(?:不能|没办法|没法|无法)(?:参加|出席|到场)/],
  // Something that does not work (the troubleshooting entries, not the steps that set it up): "can't load orders",
  // "won't come through", "isn't loading", "failed", 载不了, 拉不到, 进不来, 没反应, 无法, 失败.
  ['?fail', /\b(?:can|could|does|do|did|will|would|is|are|was|were) not (?!(?:i|we|you|they|have|want|need|know|sure)\b)\w+|\bnot (?:working|loading|coming|showing|opening|syncing|updating|appearing)\b|\bfail(?:s|ed)?\b|\bnothing (?:happens|happened|opens|opened)\b|[载拉抓汇进弹跳打同显]不(?:了|到|进|出|来|开|上)|不同步|没同步|没反应|没跳|没弹|无法|没法|没办法|失败/],
  // A stage already reached, done some time ago (the "authorized before" entries, not doing it the first time): "already",
  // "previously", "last year", "ages ago", "way back", "an old store", "… before." at a clause's end, 之前, 以前, 早就, 老店铺, 原本, 现有.
  ['?already', /\balready\b|\bpreviously\b|\bearlier\b|\bexisting\b|\b(?:ages|years?|months?|weeks?|a while|long|long time) ago\b|\b(?:way|years|months|a while) back\b|\blast (?:year|month|week)\b|\bbefore(?=\s*(?:[,.?!;:]|$))|\bold (?:stores?|shops?|accounts?)\b|\breturning\b|之前|以前|先前|早就|早先|去年|(?:老|旧)(?:店|账|帐|用户|客户)|已(?:经)?(?:有|[^,，。!?！？]{1,4}过)|已授权的|原本|原来|现有|既有/],
  // What to know or check before doing something (the rules and preparation entries, not the steps): "anything we should
  // check before we connect", "what to watch out for before", "things to know before", 之前要注意什么, 注意事项, 有什么要注意的.
  // (Said the other way round too: "before I connect our store, anything to watch out for?".)
  ['?heed', /\b(?:anything|what|things?|stuff)\b[^,.?!;]{0,30}\b(?:check|know|watch out|look out|careful|keep in mind|be aware|consider)\b[^,.?!;]{0,30}\bbefore\b|\bbefore\b[^.?!;]{0,60}?[,;:—-]\s*(?:is there |are there )?(?:anything|what|things?|stuff)\b[^,.?!;]{0,20}\b(?:check|know|watch out|look out|careful|keep in mind|be aware|consider)\b|(?:之前|以前|前)[^,，。!?！？]{0,4}(?:要|需要|得|应该)?(?:注意|知道|确认|检查)|注意事项|要注意(?:什么|啥|哪些)|需要注意|有(?:什么|啥|哪些)(?:要|得|该)?注意/],
  // The stage after a milestone (the step that follows approval, not applying): "what's next", "what now", "the next
  // step", "after approval", "once approved", "now that I'm in", 下一步, 接下来, 然后呢, 通过后, 获批后.
  // Where to begin (the entry that starts a process, not a later step): "the first step", "where do I start", 第一步, 先在哪, 从哪开始.
  ['?start', /\bfirst step\b|\bwhere (?:do|should|can) (?:i|we) (?:start|begin)\b|\bwhere to (?:start|begin)\b|第一步|先(?:在|去|从)哪|从哪(?:里|儿)?(?:开始|下手|入手)|从何(?:开始|入手)/],
  ['?next', /\bnext step|\bwhat (?:is )?(?:the )?next\b|\bwhat now\b|\bnow what\b|\bthen what\b|\b(?:do|should) (?:i|we) do next\b|\bafter (?:the )?approval\b|\bonce (?:(?:i|we) (?:am |are |was |were |got |get |have been )?)?approved\b|\bnow that (?:i|we)\b|\bonce (?:i|we) (?:am |are )?(?:on|in)\b|下一步|接下来|然后呢|然后要|(?:通过|获批|核准|批准|批下来|下来)(?:了)?(?:之)?后/],
];

/**
 * The words that ask a difference question (see `?diff`), which name nothing compared: a difference question is searched
 * without them, or "what's the difference between FBA and FBM" is drawn to the one entry whose question says "difference".
 */
export const DIFF_WORDING = /\b(?:differences?|diffs?|differ|differs|between|vs|versus|compared?)\b|区别|差别|差异|差在|不同(?!步)|不一样/g;

/**
 * Doing something for the first time ("first time doing the order loading thing"): it sets the scene (the entries done again
 * or done before are marked by `?again` and `?already`, which it lacks), and names nothing; its words ("first", "time")
 * would draw the entries that say "first step" or "change the time". A question is searched without it. (Its Chinese
 * wordings, 第一次, 头一回, 首次…, are stop words: stop-words.ts.)
 */
export const FIRST_TIME = /\b(?:for )?(?:the |my |our |a )?(?:very )?first[- ]time(?:r|rs)?\b/g;

/** Who does what in Seller Collab: the brand owner reviews designs, the designer submits them. */
export type AskerRole = 'brand-owner' | 'designer';

/**
 * Who is asking, when the question says so: "我是设计师…", "设计师怎么…", "as the brand owner",
 * or by naming the other side as the one acted on or who acted ("让设计师修改" → the brand owner
 * asks; "品牌要求修改，我…", "submit a design to a brand" → the designer asks). Normalized text in.
 * (Normalizing spells a contraction out: "I'm the designer" reads "i am the designer".)
 *
 * Each side's wording is a few patterns, each with the words every one of its matches holds: a
 * pattern is only tried on text holding one of them. One alternation per side said the same, but
 * V8 compiles a regular expression on its first use, and compiling those two took longer than
 * the rest of a one-shot /howto's search.
 */
/** A pattern, and words one of which every match of it contains. */
type Wording = readonly [needs: readonly string[], pattern: RegExp];
const ASKER: [AskerRole, Wording[]][] = [
  [
    'designer',
    [
      [['设计'], /我是设计|作为设计|身为设计|设计(?:师|者)(?:这边|那边|怎么|如何|要怎么|想|要|能|可以|该)/],
      [['设计', '作品', '稿'], /我的(?:设计|作品|稿)|(?:设计|作品|稿)[^,，。!?！？]{0,4}被(?:拒|驳回|退回|打回)|我(?:提交|上传|交)的(?:设计|作品|稿)/],
      [['design', 'submission', 'artwork', 'mockup'], /(?<!\bwhy (?:a |the |this |that )?)\b(?:design|submission|artwork|mockup)s? (?:was|were|got|has been|have been|is|are) (?:rejected|declined|turned down)\b|\bmy (?:design|artwork|submission|mockup)s?\b/],
      // ("designer here - …" opens with who asks; "designer uploaded the art, …" with what the other side did: see brand-owner.)
      [['designer'], /\b(?:i am|i'm|im|as) (?:a |the )?designer\b|^designer\b(?!'?s? (?:sent|submitted|submission|uploaded|upload))|\bdesigners? (?:wants?|needs?|here)\b/],
      [['品牌'], /品牌(?:方|所有者)?(?:要求|让|要我|叫我|请我|请求)|(?:给|投给|交给|发给|送给)品牌/],
      [['brand'], /\b(?:to|for) (?:a|the) brand(?:\s*$|[,.?!]|\s+(?:in|on|at|with|through|from|via)\b)|\bbrand (?:asked|wants me|requested|came back asking)\b/],
    ],
  ],
  [
    'brand-owner',
    [
      [['品牌'], /我是品牌|作为品牌|身为品牌|我们品牌|我们是品牌|品牌(?:方|所有者)(?:的|怎么|如何|要怎么|想|能|可以|该|不)/],
      [['设计'], /(?:让|请|叫|要求|退回给|打回给)设计(?:师|者)|设计(?:师|者)(?:提交|送来|发来|交来|上传|传来|传过来|发过来|送过来|交过来|寄来|交上来|送上来|传上来|发上来|提交上来)的/],
      // ("our brand application", "my brand registry" name Brand Registry, whose entries no side does: no side is read.)
      [['brand'], /\b(?:i am|i'm|im|as) (?:a |the )?brand(?: owner)?\b|^brand owners?\b|\bfor (?:the )?brand owners?\b|\bbrand owners? (?:wants?|needs?)\b|\b(?:our|my) brand\b(?! (?:applications?|registry|registration|appeals?|verification)\b)|\bwe (?:are )?(?:the |a )?brand(?: owners?)?\b/],
      [['designer'], /\b(?:ask|tell|let) (?:a |the )?designer\b|\b(?:want|need|get|have) (?:a |the |our )?designer to\b|\bback to the designer\b|\bdesigner'?s? (?:sent|submitted|submission|uploaded|upload)/],
      [['sent us'], /\bsent us\b/],
      // Giving the reason for turning a design down: "where do I say why a design was rejected", "拒绝理由写在哪".
      [['why', 'reason'], /\b(?:say|explain|give|write|tell (?:them|the designer)) (?:why|the reason)\b|\breason for (?:rejecting|declining)\b/],
      [['理由', '原因'], /(?:写|填|给|说明|注明)[^,，。!?！？]{0,4}(?:拒绝|驳回|退回)?的?(?:理由|原因)|(?:拒绝|驳回|退回)(?:的)?(?:理由|原因)(?:写|填)/],
    ],
  ],
];

/** Whether the text has a side's wording: one of its patterns matches, tried only when the text holds a word the pattern needs. */
function says(normalized: string, wordings: readonly Wording[]): boolean {
  return wordings.some(([needs, re]) => needs.some((w) => normalized.includes(w)) && re.test(normalized));
}

/** Who is asking (see ASKER), or undefined when the question does not say or says both. */
export function askerRole(normalized: string): AskerRole | undefined {
  const found = ASKER.filter(([, wordings]) => says(normalized, wordings)).map(([role]) => role);
  return found.length === 1 ? found[0] : undefined;
}

/** The question's cues (normalized text in), e.g. ['?how'] for "怎么撤销设计". */
export function questionCues(normalized: string): string[] {
  const cues = CUES.filter(([, re]) => re.test(normalized)).map(([cue]) => cue);
  // A stage done that still fails ("authorized already, still can't pull orders", "we linked it earlier but it's not
  // syncing") asks what is wrong, the troubleshooting entries: the stage is the premise, not the "done before" entries' case.
  return cues.includes('?fail') && cues.includes('?already') ? cues.filter((c) => c !== '?already') : cues;
}
