import { EN_STOP_WORDS } from './stop-words.js';

const HAN = /\p{Script=Han}/u;

/**
 * Words that greet, thank or set the scene without asking anything: a clause made only of them
 * (and stop words) is chatter around the question ("morning all, quick one before standup: …").
 */
const EN_CHATTER = new Set([
  'morning', 'afternoon', 'evening', 'good', 'all', 'team', 'folks', 'everyone', 'everybody', 'people', 'yall', 'gang',
  'quick', 'question', 'q', 'qq', 'before', 'standup', 'sorry', 'bother', 'bothering', 'sure', 'cheers', 'advance', 'again',
  'btw', 'fyi', 'hmm', 'um', 'uh', 'oh', 'oops', 'so', 'well', 'yeah', 'yes', 'no', 'lol', 'haha', 'asap', 'urgent', 'hiya', 'yo',
  // "hope everyone had a good weekend", "sorry if this was asked before", "quick context:".
  'hope', 'weekend', 'happy', 'asked', 'context',
]);
/** Question words: a clause of them alone ("where??", "how come?", "steps?") is a question, though they are stop words. */
const QUESTION_WORDS = new Set(['where', 'when', 'why', 'how', 'what', 'which', 'who', 'come', 'steps']);
/** A question that greets: "how are you?", "how's everyone doing". */
const GREETING_QUESTION = /\bhow (?:are|r|is|s) (?:you|u|ya|everyone|everybody|all|it going)\b|\bhow (?:is|s) it going\b/;
/** Chinese greetings and politeness: a Han run made only of these is chatter (see segmentsInto). */
const ZH_CHATTER = new Set(['大家', '各位', '老师', '同事', '亲', '早安', '午安', '晚安', '哈啰', '早上', '上午', '下午', '晚上', '早', '好', '嗨', '哈喽', '你好', '您好', '请问', '请教', '问下', '问一下', '想问', '想问下', '想问一下', '打扰', '打扰了', '不好意思', '一个', '个', '问题', '小问题', '急', '在吗', '在不在', '谢谢', '先谢', '多谢', '感谢', '辛苦', '了', '啦', '呀', '哈', '嗯', '呃', '那个', '就是', '话说']);

/**
 * The question without its chatter: clauses (split at sentence punctuation, commas and colons)
 * made only of greetings, thanks and stop words are dropped, so their words do not dilute the
 * ones that matter. Normalized text in; the text itself when nothing, or everything, is chatter.
 */
export function stripChatter(normalized: string): string {
  // (Without any of the split's punctuation there is one clause: the pattern below is then not compiled.)
  if (!/[,，、:：;；.。!！?？\n…~～—-]/.test(normalized)) return normalized;
  // A hyphen splits only with a space beside it ("appeal link - where??"): inside a word ("made-to-order", "re-list") it
  // joins. It stays with its clause, as punctuation does, so the clauses kept still read as typed (negation.ts ends a
  // contrast there: "…, not ask for changes - steps?").
  const clauses = normalized.split(/(?<=[,，、:：;；.。!！?？\n…~～—])\s*|(?<=\s-+)(?!-)\s*|(?<=\S-+)\s+/u);
  if (clauses.length < 2) return normalized;
  const isChatter = (clause: string): boolean => {
    const latin = clause.match(/[a-z]+/g) ?? [];
    const han = (clause.match(/\p{Script=Han}+/gu) ?? []).join('');
    if (/[0-9]/.test(clause) || (!latin.length && !han)) return !latin.length && !han && !/[0-9]/.test(clause);
    // A clause that is only a question word ("where??", "why?") asks: it is the question's, not chatter; so does one of
    // stop words around a question word ("what is it and who is it for?", "steps pls"): it says what kind of answer is wanted.
    // ("how are you all?" still greets.)
    if (!han && latin.some((w) => QUESTION_WORDS.has(w)) && latin.every((w) => QUESTION_WORDS.has(w) || EN_STOP_WORDS.has(w)) && !GREETING_QUESTION.test(clause)) return false;
    return onlyChatter(latin, han);
  };
  const kept = clauses.filter((c) => !isChatter(c));
  return kept.length && kept.length < clauses.length ? kept.join(' ') : normalized;
}

/**
 * A message that asks nothing: thanks, an okay, a thumbs up ("thanks!", "ok 👍", "好的，谢谢",
 * "收到"). Normalized text in. (A Set of the whole phrases: an anchored regular expression of
 * them said the same and was compiled at a process's first message, ~1–2 ms of a one-shot /howto.)
 */
const ACK = new Set(['thank', 'thanks', 'thank you', 'thankyou', 'thx', 'tks', 'ty', 'tysm', 'cheers', 'ok', 'okay', 'okey', 'k', 'kk', 'cool', 'great', 'nice', 'perfect', 'awesome', 'got it', 'gotcha', 'understood', 'noted', 'sure', 'yes', 'yep', 'yeah', 'no worries', 'np', 'all good', 'sounds good', 'will do', 'lol', 'haha', '谢谢', '谢啦', '谢了', '多谢', '感谢', '感恩', '好的', '好滴', '好哒', '好', '行', '嗯', '嗯嗯', '收到', '明白', '明白了', '了解', '懂了', '知道了', '没问题', '辛苦了', '赞', '棒', '太好了', '太好', '太棒了', '太感谢了', '好极了', '真棒', 'ok了', '3q', 'thanks a lot', 'many thanks', 'much appreciated', 'appreciate it', 'makes sense', 'try', 'will try', 'let me try', 'try it', 'try that', '试试', '试一下', '我试试', '我试一下', '去试试', 'that helped', 'that helps', 'it worked', 'that worked', 'it works', 'works now', 'all set', 'helpful', 'very helpful', 'okie', 'oki', 'okk', 'okok', 'roger', 'roger that', 'copy that', 'nvm', 'never mind', 'nevermind', 'no problem', '没事', '没事了', '算了', '不用了', '好吧', 'ありがとう', 'ありがとうございます', 'ありがとうございました', 'どうも', '감사합니다', '고맙습니다', '고마워', '고마워요']);

export function isAcknowledgement(normalized: string): boolean {
  // (ASCII text has no letters or numbers but these: the Unicode classes are compiled only for other text.)
  const words = (/^[\0-\x7f]*$/.test(normalized) ? normalized.replace(/[^a-zA-Z0-9\s]+/g, ' ') : normalized.replace(/[^\p{L}\p{N}\s]+/gu, ' '))
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (!words.length || words.length > 6) return false;
  // "thanks so much", "ok 谢谢", "好的 谢谢": every piece an acknowledgement or a softener.
  const soft = new Set(['so', 'now', 'i', 'it', 'that', 'much', 'very', 'a', 'lot', 'all', 'guys', 'team', 'everyone', 'again', 'you', 'u', 'ya', 'man', '啦', '哈', '了']);
  const joined = words.join(' ');
  if (ACK.has(joined)) return true;
  // "ok got it", "got it, thanks", "makes sense thanks": a run of acknowledgements (of up to three
  // words each, the longest first) and softeners, at least one of them an acknowledgement.
  let acked = false;
  for (let i = 0; i < words.length; ) {
    const k = [3, 2, 1].find((n) => i + n <= words.length && ACK.has(words.slice(i, i + n).join(' ')));
    if (k) {
      acked = true;
      i += k;
    } else if (splitsIntoAcks(words[i]!)) {
      acked = true;
      i++;
    } else if (soft.has(words[i]!)) i++;
    else return false;
  }
  return acked;
}

/**
 * A message of greetings and scene-setting only, asking nothing ("morning all", "quick question",
 * "hmm", "大家好", "早上好"): nothing to search for. Normalized text in.
 */
export function isChatterOnly(normalized: string): boolean {
  if (/[0-9]/.test(normalized)) return false;
  // (ASCII's letters are all Latin, and none is Han: the Unicode classes are compiled only for other text.)
  if (/^[\0-\x7f]*$/.test(normalized)) {
    const words = normalized.match(/[a-zA-Z]+/g);
    return words !== null && onlyChatter(words, '');
  }
  if (/[^\P{L}\p{Script=Latin}\p{Script=Han}]/u.test(normalized)) return false;
  const latin = normalized.match(/\p{Script=Latin}+/gu) ?? [];
  const han = (normalized.match(/\p{Script=Han}+/gu) ?? []).join('');
  if (!latin.length && !han) return false;
  return onlyChatter(latin, han);
}

/** Whether English words and a Han run are all greetings, politeness and stop words. */
function onlyChatter(latin: readonly string[], han: string): boolean {
  return latin.every((w) => EN_CHATTER.has(w) || EN_STOP_WORDS.has(w)) && (!han || segmentsInto(han, ZH_CHATTER));
}

/**
 * "好的谢谢", "收到谢谢", "谢谢你", "好喔": a Han run made of acknowledgements, each maybe followed by
 * whom it thanks or a sentence-final particle.
 */
function splitsIntoAcks(word: string): boolean {
  // (An ASCII word holds no Han: the Unicode class, costly to compile, is compiled only for other words.)
  if (/^[\0-\x7f]*$/.test(word) || !HAN.test(word)) return false;
  return segmentsInto(word, ACKS, ACK_TAILS);
}

const ACKS = new Set(['谢谢', '谢啦', '谢了', '多谢', '感谢', '好的', '好滴', '好', '行', '嗯', '收到', '明白', '明白了', '了解', '懂了', '知道了', '没问题', '辛苦了', '赞', '棒', '太好了', '太好', '太棒了', '太感谢了', '好极了', '真棒', '试试', '试一下', '我试试', '我试一下', '啦', '哈', '了']);
/** What may follow an acknowledgement: whom it thanks, a sentence-final particle. */
const ACK_TAILS = new Set(['你', '您', '你们', '大家', '各位', '老师', '大佬', '亲', '老板', '啦', '哈', '了', '喔', '哦', '噢', '呢', '呀', '哟', '嘞', '嗷']);

const longestWord = new WeakMap<ReadonlySet<string>, number>();
function longestOf(words: ReadonlySet<string>): number {
  let n = longestWord.get(words);
  if (n === undefined) longestWord.set(words, (n = Math.max(...[...words].map((w) => w.length))));
  return n;
}

/**
 * Whether `text` splits wholly into words of `first` (then of `first` or `then`), in time linear in
 * its length. A regular expression of repeated alternatives that overlap (打扰 / 打扰了 / 了) tried
 * every split of a near miss: 24 × 打扰了 and a 吗 took seconds.
 */
function segmentsInto(text: string, first: ReadonlySet<string>, then: ReadonlySet<string> = first): boolean {
  const longest = Math.max(longestOf(first), longestOf(then));
  const reach = new Uint8Array(text.length + 1);
  reach[0] = 1;
  for (let i = 0; i < text.length; i++) {
    if (!reach[i]) continue;
    for (let len = 1; len <= longest && i + len <= text.length; len++) {
      const w = text.slice(i, i + len);
      if (first.has(w) || (i > 0 && then.has(w))) reach[i + len] = 1;
    }
  }
  return reach[text.length] === 1;
}

/** Whether normalized text holds anything to search for: a letter, a digit or a Han character. */
export function hasWords(normalized: string): boolean {
  // (ASCII's letters and numbers are these: the Unicode classes are compiled only for other text.)
  return /^[\0-\x7f]*$/.test(normalized) ? /[a-zA-Z0-9]/.test(normalized) : /[\p{L}\p{N}]/u.test(normalized);
}
