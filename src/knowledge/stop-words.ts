/** The words /howto reads past: they carry no topic (a question's kind is read from them first, see question-cues.ts). */

/**
 * Chinese words that carry no topic: question words, pronouns, particles. They split Han runs so
 * bigrams do not bridge them. Kept to words that do not occur inside domain words (所有者, 功能,
 * 通过 stay whole). Written in simplified: matching happens after conversion.
 */
export const ZH_STOP_WORDS = [
  '怎么办', '怎么样', '怎么弄', '怎么做', '怎么回事', '怎么', '怎样', '咋办', '咋',
  '如何', '什么样', '什么时候', '什么', '为什么', '为何', '为啥', '啥',
  '哪里', '哪儿', '哪个', '哪些', '在哪',
  '请问', '请教', '一下', '帮我', '帮忙', '麻烦', '谢谢',
  '我们', '你们', '他们', '她们', '它们', '咱们', '自己',
  '是不是', '是否', '能不能', '能否', '可不可以', '可以', '应该', '需不需要', '要不要',
  '这个', '那个', '这些', '那些', '还是', '的话', '时候',
  '的', '了', '吗', '呢', '吧', '啊', '呀', '嘛', '哦', '喔', '哈', '么',
  '我', '你', '您', '他', '她', '它', '是', '在', '和', '与', '及', '或', '把', '被', '让', '给',
  '就', '都', '也', '还', '又',
  // Words that ask for a procedure without naming one ("联合账户的步骤", "申诉流程", "怎么操作"):
  // they become the ?how cue instead of matching whichever entries happen to use them.
  '步骤', '流程', '操作', '方法', '办法',
  // Connectives of time that name no topic ("合并账户之后可以解除吗").
  '之后', '以后', '然后',
  // Doing something for the first time names no topic ("第一次授权载单", "头一回对接赛盈"): read whole, so
  // 第一次 (the first time) does not match 第一步 (the first step) of the entry that starts the process.
  '第一次', '第一回', '头一次', '头一回', '首次', '初次',
  // Asking for an introduction names no topic ("Handmade 是啥，介绍一下"): the ?what cue reads it.
  '介绍一下', '简单介绍', '大概介绍',
  // Chat openers and fillers around a question ("大家好，请问一下…", "麻烦问下", "在线等"): a greeting or a plea names no topic.
  '大家好', '各位好', '各位', '请问一下', '麻烦问下', '麻烦问一下', '想问下', '想问一下', '问一下', '问下',
  '求助', '在线等', '急急急', '多谢', '谢谢大家', '辛苦了',
];

/** The Chinese stop words (simplified), for reading typed pinyin ("zenme" → 怎么). */
export function zhStopWords(): readonly string[] {
  return ZH_STOP_WORDS;
}


/** English words that carry no topic in a question ("how do I …", "please help"). */
export const EN_STOP_WORDS = new Set([
  'a', 'an', 'the', 'i', 'me', 'my', 'mine', 'myself', 'we', 'our', 'ours', 'you', 'your', 'yours',
  // ("us" is the pronoun: the United States is typed "US" and reads "usa", see normalize.ts.)
  'us', 'he', 'she', 'him', 'her', 'his', 'it', 'its', 'they', 'them', 'their', 'this', 'that', 'these', 'those',
  'is', 'am', 'are', 'was', 'were', 'be', 'been', 'being', 'do', 'does', 'did', 'doing', 'have', 'has',
  'had', 'having', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must',
  'to', 'of', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'about', 'as', 'into', 'onto', 'than',
  'then', 'so', 'if', 'or', 'and', 'but', 'what', 'which', 'who', 'whom', 'whose', 'when', 'where',
  'why', 'how', 'there', 'here', 'please', 'pls', 'plz', 'hi', 'hello', 'hey', 'thanks', 'thank',
  'any', 'some', 'just', 'also', 'too', 'very', 'really', 'want', 'wanna', 'need', 'know', 'tell',
  'help', 'let', 'lets', 'im', 'ive', 'id', 'ill', 'youre', 'whats', 'hows', 'thats', 'theres',
  'one', 'way', 'ok', 'okay', 'guys', 'anyone', 'somebody', 'possible', 'able',
  // "steps to …", "… steps": asks for a procedure (the ?how cue), names none.
  'steps',
  // Chat fillers and hedges: they set a tone, name no topic, and (unknown to the guides) would
  // otherwise count against every entry ("lol is it broken", "kinda sat on it", "super heavy tbh").
  'lol', 'lmao', 'haha', 'hehe', 'tbh', 'imo', 'imho', 'btw', 'fyi', 'tho', 'though', 'ugh', 'hmm', 'um', 'uh', 'oh', 'oops', 'yo',
  'kinda', 'sorta', 'gonna', 'gotta', 'dunno', 'ya', 'yeah', 'yep', 'u', 'ur', 'r', 'ppl',
  'basically', 'literally', 'actually', 'honestly', 'seriously', 'anyway', 'anyways', 'exactly', 'totally', 'definitely',
  'probably', 'maybe', 'perhaps', 'like', 'even', 'ever', 'super', 'stuff', 'whatever', 'somehow',
  'anybody', 'everyone', 'guess', 'wondering', 'wonder', 'curious', 'thing',
]);

export function isEnglishStopWord(word: string): boolean {
  return EN_STOP_WORDS.has(word);
}
