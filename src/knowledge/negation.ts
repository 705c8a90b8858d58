/**
 * What the asker says they do not want, when they say what they want instead: "I don't want to
 * reject it, just request changes", "不想拒绝，只是想让设计师改一下", "直接拒掉，而不是让他改". The
 * refused part names another entry's topic (reject, not request changes), so it is dropped before
 * ranking and the wanted part is read alone.
 *
 * Only a refusal followed by what is wanted (just / only / but / I want; 只是 / 而是 / 是要 / 想)
 * is dropped, or the part after 而不是: a refusal on its own is often the topic itself ("I don't
 * want to open Amazon in my usual browser", "不想提交这个设计了" is withdrawing it), and a
 * negated state is the problem asked about ("orders still won't load"). Normalized text in
 * (lower case, simplified characters).
 *
 * A contrast is dropped too: ", not X" up to the end of its clause ("turn it down for good, not
 * ask for changes"; "the seller account, not brand registry"), and "instead of / rather than"
 * with an action ("send it back instead of rejecting"). Not a state ("authorized, not loading",
 * ", not approved", ", not sure how"): that is the problem asked about; nor a place or a thing
 * ("at the warehouse, not the office", "not at the office", "show my production line instead of
 * 50 units"): that describes the asker's situation.
 */

/** "don't want to X, just Y": the refusal and X, up to the word that says what is wanted. */
const EN_REFUSAL = /\b(?:i |we )?(?:don'?t|do not|dont|didn'?t|did not) (?:want|wanna|need|mean|plan|intend)(?: to)? .+?(?=(?:[,;:]\s*|\s+|\s*[-—–]\s*)(?:just|only|but|rather|i want|we want|i'd like|we'd like|i just want|we just want)\b)/u;
/** 不想X，只是Y / 不是要X，是要Y / 先不X，想Y: the refusal and X, up to the word that says what is wanted. */
const ZH_REFUSAL = /(?:不想|不是要|不是想|先不要|先不|不打算|并不想)[^，,。.！!？?；;]+?(?=[，,]?\s*(?:只是|只想|就想|而是|是要|是想|只要|想要|想))/u;
/**
 * 不是X，只是想Y / 不是X，而是要Y: X, when an action wanted follows (只是想, 而是要, 只是让, 是想, 只想…). Not a bare 想,
 * which may begin another question (不是说授权了就行吗，想问… refuses nothing), nor 只是 with a thing (我不是管理员，
 * 只是运营 says who asks); not 是不是 or 要不是.
 */
const ZH_NOT_BUT = /(?<![是要])不是[^，,。.！!？?；;]+?(?=[，,]?\s*(?:(?:只是|而是|就是)(?:想|要|让|请|叫|希望)|是想|是要|只想))/u;
/**
 * 不是X，是Y opening a clause ("不是拒绝，是退回让他改"): 不是X and its comma. Not after a subject (我不是管理员，是运营 says
 * who asks), not 不是…吗 (a question of its own), and not before 是不是.
 */
const ZH_NOT_IS = /(?<=^|[，,。.！!？?；;:：\s])不是[^，,。.！!？?；;吗嘛呢]+?[，,]\s*(?=是(?!不是))/u;
/**
 * …，不是X closing the question ("想请设计师再调整，不是直接拒绝"): the last clause, when it says what is not wanted;
 * not 不是吗 / 不是吧 (asking for agreement), nor 是不是, nor a clause that asks (视频验证，不是法人本人能不能参加; a question mark).
 */
const ZH_NOT_LAST = /[，,]\s*(?<![是])不是(?!不是)(?![^，,。.！!？?；;]*(?:能不能|可以|可不可以|行不行|能否|行吗))[^，,。.！!？?；;吗嘛呢吧]+\s*[。.！!]*\s*$/u;
/** X而不是Y: what follows 而不是, up to the end of its clause. */
const ZH_RATHER = /[，,]?\s*而不是[^，,。.！!？?；;]*/u;

/** ", not X" to the end of its clause, unless X reads as a state (a participle, sure, yet…) or a place or thing (the…, at…). */
const EN_CONTRAST = /[,;(]\s*(?:and |but )?not (?!(?:\w+(?:ing|ed|en)|sure|yet|only|even|there|here|able|allowed|possible|working|found|shown|seen|the|a|an|at|in|on|from|by|my|our|your|his|her|their|this|that|these|those|\d+)\b)[^,.;:!?()]*?(?=\s+-\s+|[,.;:!?()]|$)/gu;
/**
 * "instead of / rather than" an action (a gerund; after "rather than" a bare verb too: "rather than send it back"), to the
 * end of its clause; not a thing or a place ("rather than the office", "rather than 50 units", "rather than me").
 */
const EN_INSTEAD =
  /,?\s*(?:instead of \w+ing|rather than (?:\w+ing|(?!(?:the|a|an|my|our|your|their|his|her|its|this|that|these|those|me|us|him|them|it|you|i|we|they|in|at|on|from|by|with|for|to|\d+)\b)[a-z]+ (?:it|them|this|that|the|a|an|my|our|their|back|for|to|up|down|out)\b))\b[^,.;:!?()]*?(?=\s+-\s+|[,.;:!?()]|$)/gu;

/**
 * "not about X —", "not asking for X, …", "this isn't about X;": a clause, opening the question or a sentence, that says
 * what the question is not about, up to its dash or punctuation.
 */
const EN_NOT_ABOUT =
  /(?<=^|[,.;:!?]\s|[,.;:!?])\s*(?:(?:this|it|that|question) (?:is|isn'?t|s) |(?:this|it|that)'?s |(?:this|it|that) |i'?m |i am |we'?re |we are )?(?:not|isn'?t) (?:about|asking about|asking for|asking|talking about|related to|re|a question about) [^,.;:!?—–()]+?(?=\s*[,.;:!?—–]|\s+-\s+)/u;

/**
 * "not inventory sync — I only need orders", "not rejecting, not approving — just want changes": a question that opens by
 * saying what it is not, up to the dash or comma after it, when what follows says what is wanted (I want / need, just,
 * only, "we just don't …", or another "not …": both openings are dropped). Kept: a problem stated and then more ("not
 * loading orders since last week, we have authorized years ago", "not getting the popup, I just see a blank tab",
 * "…, what now"), an opening state ("not working —", "not loading, …", "not sure, …"), a participle ("not approved yet,
 * what now"), "not yet" and "not only".
 */
const EN_NOT_OPENING =
  /^\s*not (?!\w+(?:ed|en)\b)(?!(?:sure|yet|only|even|really|quite|much|able|allowed|possible|found|shown|seen)\b)(?!(?:working|loading|showing|opening|syncing|updating|appearing|coming|happening|approved|authorized|authorised|listed|live|visible)\s*(?:[,;:—–]|\s-\s|$))[^,.;:!?—–()]{1,60}?(?:\s*[,;:—–]|\s+-\s+)(?=\s*(?:(?:i|we)(?: \w+){0,2}? (?:just |only |really )?(?:want|need|wanna|would like)\b|(?:just|only|simply)\b|(?:i|we) (?:just|only) (?:do not|want|need)\b|not\b))/u;

/**
 * "popup isn't blocked, I just don't want the Amazon page in my usual Chrome": an opening clause that rules a problem out,
 * when "I just don't want" follows; normalized text spells "isn't" out. Not a problem stated and then a wish
 * ("orders are not loading, I just need them in saleyee") nor what the asker did ("status is not updated, I just authorized").
 */
const EN_RULED_OUT = /^\s*[^,.;:!?—–()]{1,40}? (?:is|are|was|were) not [^,.;:!?—–()]{1,30}?(?:\s*[,;:—–]|\s+-\s+)\s*(?=(?:i|we) just do not want\b)/u;

/**
 * Whether any pattern above can match: each needs one of these words. Most questions hold none, and
 * a one-shot /howto then does not compile the patterns (each costs a fraction of a millisecond).
 */
const MAY_REFUSE = /not|dont|didnt|don'|didn'|isn|instead of|rather than|不/;

/** The question without the part the asker refuses (see the top); the text itself when nothing would be left. */
export function dropRefused(normalized: string): string {
  const dropped = MAY_REFUSE.test(normalized)
    ? normalized.replace(EN_REFUSAL, ' ').replace(EN_CONTRAST, ' ').replace(EN_INSTEAD, ' ').replace(EN_NOT_ABOUT, ' ').replace(EN_NOT_OPENING, ' ').replace(EN_NOT_OPENING, ' ').replace(EN_RULED_OUT, ' ').replace(ZH_REFUSAL, ' ').replace(ZH_NOT_BUT, ' ').replace(ZH_NOT_IS, ' ').replace(ZH_NOT_LAST, ' ').replace(ZH_RATHER, ' ')
    : normalized;
  const out = dropped.replace(/(^|\s)[,;:\s\-—–，；：]+/gu, '$1').replace(/\s+/g, ' ').trim();
  // (An ASCII letter or digit is a letter or number: the Unicode classes are compiled only for other text.)
  return /[a-z0-9]/i.test(out) || /[\p{L}\p{N}]/u.test(out) ? out : normalized;
}
