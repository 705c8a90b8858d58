/**
 * Text normalization for /howto: questions and knowledge-base text go through the same steps so a
 * question in any of the three languages meets an entry written in any of them.
 *
 *   NFKC → lower case → traditional → simplified (opencc-js) → 帐 → 账
 *   → split into Han runs and Latin/digit runs; Chinese stop words separate Han runs
 *   → Han runs: single characters plus character bigrams (never across a stop word)
 *   → Latin words: (typo correction against the index vocabulary, by the caller) → stop words
 *     dropped → light stemming
 *
 * opencc-js's tables and pinyin-pro are loaded the first time a text has Han characters: a question
 * in English never pays for them.
 */
import { createRequire } from 'node:module';

/** A function turning traditional Chinese into simplified. */
export type ToSimplified = (text: string) => string;

/** A piece of normalized text: a run of Han characters, or one Latin/digit word. */
export interface Segment {
  kind: 'han' | 'latin';
  text: string;
}

/** Characters folded after conversion: opencc turns 帳號 into 帐号, mainland text writes 账号. */
const FOLDS: Record<string, string> = { 帐: '账' };

/**
 * Chinese words that carry no topic: question words, pronouns, particles. They split Han runs so
 * bigrams do not bridge them. Kept to words that do not occur inside domain words (所有者, 功能,
 * 通过 stay whole). Written in simplified: matching happens after conversion.
 */
const ZH_STOP_WORDS = [
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
];

/** The Chinese stop words (simplified), for reading typed pinyin ("zenme" → 怎么). */
export function zhStopWords(): readonly string[] {
  return ZH_STOP_WORDS;
}

/** English words that carry no topic in a question ("how do I …", "please help"). */
const EN_STOP_WORDS = new Set([
  'a', 'an', 'the', 'i', 'me', 'my', 'mine', 'myself', 'we', 'our', 'ours', 'you', 'your', 'yours',
  'he', 'she', 'him', 'her', 'his', 'it', 'its', 'they', 'them', 'their', 'this', 'that', 'these', 'those',
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
]);

const HAN = /\p{Script=Han}/u;

export function isEnglishStopWord(word: string): boolean {
  return EN_STOP_WORDS.has(word);
}

/**
 * Every reading of each character of a text, tones dropped (pinyin-pro's `polyphonic`): "行" →
 * [["xing", "hang", "heng"]]. A character without a reading gives [].
 */
export type Readings = (text: string) => string[][];

/** A normalizer: the text steps above, with a traditional → simplified converter. */
export class Normalizer {
  private readonly soundCache = new Map<string, readonly string[]>();

  constructor(
    private readonly toSimplified: ToSimplified,
    private readonly readings?: Readings,
  ) {}

  /** Whether this normalizer can read characters by sound (pinyin-pro loaded). */
  get hasSounds(): boolean {
    return this.readings !== undefined;
  }

  /**
   * The readings of a simplified Han character, tones dropped ("登" → ["deng"]); [] without the
   * pinyin reader. Remembered; `learnSounds` fills the cache for many characters in one call.
   */
  sound(char: string): readonly string[] {
    const known = this.soundCache.get(char);
    if (known) return known;
    const got = this.readings?.(char)[0] ?? [];
    this.soundCache.set(char, got);
    return got;
  }

  /** Reads the sounds of many characters at once (much faster than one by one). */
  learnSounds(chars: Iterable<string>): void {
    if (!this.readings) return;
    const missing = [...new Set(chars)].filter((c) => !this.soundCache.has(c) && HAN.test(c));
    if (!missing.length) return;
    const got = this.readings(missing.join(''));
    missing.forEach((c, i) => this.soundCache.set(c, got[i] ?? []));
  }

  /** NFKC, lower case, traditional → simplified, the folds. The text keeps its punctuation. */
  normalize(text: string): string {
    let s = text.normalize('NFKC').toLowerCase();
    // English contractions become words: can't → can not, doesn't → does not, what's → what.
    s = s.replace(/[’‘`´]/g, "'").replace(/\bcan't\b/g, 'can not').replace(/\bwon't\b/g, 'will not').replace(/n't\b/g, ' not').replace(/'(s|re|ve|ll|d|m)\b/g, '');
    if (HAN.test(s)) {
      s = this.toSimplified(s);
      s = s.replace(/帐/g, (c) => FOLDS[c] ?? c);
    }
    return s;
  }

  /** Han runs (stop words removed, splitting them) and Latin/digit words, in order. */
  segments(text: string): Segment[] {
    return segmentNormalized(this.normalize(text));
  }

  /**
   * The question's segments, what kind of question it is (see questionCues) and who asks it (see
   * askerRole); without cues, the segments alone (knowledge-base text).
   */
  analyze(text: string, withCues = true): { segments: Segment[]; cues: string[]; role?: AskerRole | undefined } {
    const s = this.normalize(text);
    if (!withCues) return { segments: segmentNormalized(s), cues: [] };
    return { segments: segmentNormalized(s), cues: questionCues(s), role: askerRole(s) };
  }
}

/**
 * What a question asks for, read from its question words before they are dropped as stop words:
 * "what is …" and "…是什么" ask for an overview, "can I …" and "可以…吗" for a yes or no, "why" for a
 * cause, "where" for a place, "how long" for a time. Each becomes a pseudo-term (`?what`, `?can`,
 * …) that is indexed with the titles and alternative questions, so entries that are asked about
 * that way attract questions asked that way.
 */
const CUES: [string, RegExp][] = [
  ['?what', /\bwhat\b(?! (?:do|should|can|does)\b)|是什么|什么是|是啥|啥是|介绍/],
  ['?how', /\bhow\b(?! (?:long|many|much|soon)\b)|\bsteps\b|怎么|怎样|如何|咋|步骤|流程|操作|方法|办法/],
  ['?why', /\bwhy\b|为什么|为何|为啥|怎么回事/],
  ['?where', /\bwhere\b|哪里|哪儿|在哪/],
  ['?when', /\bhow (?:long|soon)\b|\bwhen\b|多久|多长时间|几天|什么时候/],
  ['?many', /\bhow (?:many|much)\b|多少/],
  ['?can', /(?<!\bwho )\b(?:can|could|may)\b|(?<!谁)可以|能不能|能否|可不可以|还能|是否/],
  ['?who', /\bwho\b|谁/],
];

/** Who does what in Seller Collab: the brand owner reviews designs, the designer submits them. */
export type AskerRole = 'brand-owner' | 'designer';

/**
 * Who is asking, when the question says so: "我是设计师…", "设计师怎么…", "as the brand owner",
 * or by naming the other side as the one acted on or who acted ("让设计师修改" → the brand owner
 * asks; "品牌要求修改，我…", "submit a design to a brand" → the designer asks). Normalized text in.
 */
const ASKER: [AskerRole, RegExp][] = [
  [
    'designer',
    /我是设计|作为设计|我的(?:设计|作品|稿)|(?:设计|作品|稿)[^,，。!?！？]{0,4}被(?:拒|驳回|退回|打回)|\b(?:design|submission|artwork|mockup)s? (?:was|were|got|has been|have been|is|are) (?:rejected|declined|turned down)\b|我(?:提交|上传|交)的(?:设计|作品|稿)|\bmy (?:design|artwork|submission|mockup)s?\b|设计(?:师|者)(?:这边|那边|怎么|如何|要怎么|想|要|能|可以|该)|品牌(?:方|所有者)?(?:要求|让|要我|叫我|请我|请求)|(?:给|投给|交给|发给|送给)品牌|\b(?:i am|i'm|im|as) (?:a |the )?designer\b|^designer\b|\bdesigners? (?:wants?|needs?|here)\b|\b(?:to|for) (?:a|the) brand(?:\s*$|[,.?!]|\s+(?:in|on|at|with|through|from|via)\b)|\bbrand (?:asked|wants me|requested)\b/,
  ],
  [
    'brand-owner',
    /我是品牌|作为品牌|我们品牌|品牌(?:方|所有者)(?:的|怎么|如何|要怎么|想|能|可以|该|不)|(?:让|请|叫|要求|退回给|打回给)设计(?:师|者)|设计(?:师|者)(?:提交|送来|发来|交来|上传)的|\b(?:i am|i'm|im|as) (?:a |the )?brand(?: owner)?\b|^brand owners?\b|\bbrand owners? (?:wants?|needs?)\b|\b(?:ask|tell|let) (?:a |the )?designer\b|\bback to the designer\b|\bdesigner'?s? (?:sent|submitted|submission)|\b(?:our|my) brand\b|\bsent us\b/,
  ],
];

/** Who is asking (see ASKER), or undefined when the question does not say or says both. */
export function askerRole(normalized: string): AskerRole | undefined {
  const found = ASKER.filter(([, re]) => re.test(normalized)).map(([role]) => role);
  return found.length === 1 ? found[0] : undefined;
}

/** The question's cues (normalized text in), e.g. ['?how'] for "怎么撤销设计". */
export function questionCues(normalized: string): string[] {
  return CUES.filter(([, re]) => re.test(normalized)).map(([cue]) => cue);
}

/**
 * Han runs (CJK unified ideographs, extensions A–F, compatibility ideographs), letter runs and digit
 * runs: "50件" → 50, 件; "iphone15" → iphone, 15.
 */
const PIECES = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]+|[a-z]+|[0-9]+/gu;
const HAN_START = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
/** Any Chinese stop word, longest first so 怎么办 wins over 怎么. */
const ZH_STOP = new RegExp([...ZH_STOP_WORDS].sort((a, b) => b.length - a.length).join('|'), 'g');

/** Splits normalized text into Han runs and Latin/digit words; Chinese stop words separate runs. */
export function segmentNormalized(s: string): Segment[] {
  const out: Segment[] = [];
  for (const m of s.matchAll(PIECES)) {
    const piece = m[0];
    if (!HAN_START.test(piece)) {
      out.push({ kind: 'latin', text: piece });
      continue;
    }
    for (const run of piece.split(ZH_STOP)) if (run) out.push({ kind: 'han', text: run });
  }
  return out;
}

const SURROGATE = /[\ud800-\udfff]/;

/** Single characters and character bigrams of a Han run. */
export function hanTerms(run: string): { unigrams: string[]; bigrams: string[] } {
  const chars = SURROGATE.test(run) ? [...run] : run.split('');
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) bigrams.push(chars[i]! + chars[i + 1]!);
  return { unigrams: chars, bigrams };
}

/**
 * Light English stemming: plurals, -ing, -ed, -ation, -ion, -al, a final e or y, so that authorize,
 * authorized, authorizing, authorization and authorizations meet; verify, verified and
 * verification; submit and submission; revise and revision; approve and approval; register and
 * registration. Short words and numbers stay as they are.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /^[0-9]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ication') && w.length > 9) w = `${w.slice(0, -7)}y`;
  else if (w.endsWith('ation') && w.length > 7) w = w.slice(0, -5);
  else if (w.endsWith('ission') && w.length > 7) w = `${w.slice(0, -5)}t`;
  else if (w.endsWith('ision') && w.length > 6) w = w.slice(0, -3);
  else if (w.endsWith('tion') && w.length > 6) w = w.slice(0, -3);
  else if (/[svw]al$/.test(w) && w.length > 6) w = w.slice(0, -2);
  else if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  if (w.endsWith('y') && w.length > 3) w = `${w.slice(0, -1)}i`;
  if (w.endsWith('ter') && w.length >= 7) w = `${w.slice(0, -2)}r`;
  return w;
}

/** "submitt" → "submit", "shipp" → "ship" (a doubled final consonant from -ed / -ing). */
function undouble(w: string): string {
  return /([bdgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}

/**
 * A traditional → simplified converter from opencc-js's character tables: Taiwan variant forms
 * (裡, 為, 著) to the standard traditional ones, then traditional characters to simplified. Both
 * tables are `"source target|source target|…"`. A variant whose source is itself a simplified
 * character (么) is skipped, so simplified text passes through unchanged. Applied character by
 * character: phrase tables would only change how a word is written, and both the question and the
 * knowledge base are converted alike.
 */
export function characterConverter(twVariantsRev: string, tsCharacters: string): ToSimplified {
  const pairs = (dict: string) => dict.split('|').map((line) => line.split(' ') as [string, string?]);
  const toSimplified = new Map<string, string>();
  for (const [from, to] of pairs(tsCharacters)) if (to) toSimplified.set(from, to);
  const simplified = new Set(toSimplified.values());
  const table = new Map<number, string>();
  for (const [from, to] of toSimplified) table.set(from.codePointAt(0)!, to);
  for (const [from, to] of pairs(twVariantsRev)) {
    if (!to || simplified.has(from) || [...from].length !== 1) continue;
    table.set(from.codePointAt(0)!, toSimplified.get(to) ?? to);
  }
  return (text) => {
    let out = '';
    let last = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.codePointAt(i)!;
      if (code < 0x3400) continue;
      const wide = code > 0xffff;
      const to = table.get(code);
      if (to !== undefined) {
        out += text.slice(last, i) + to;
        last = i + (wide ? 2 : 1);
      }
      if (wide) i++;
    }
    return last === 0 ? text : out + text.slice(last);
  };
}

/**
 * Words that greet, thank or set the scene without asking anything: a clause made only of them
 * (and stop words) is chatter around the question ("morning all, quick one before standup: …").
 */
const EN_CHATTER = new Set([
  'morning', 'afternoon', 'evening', 'good', 'all', 'team', 'folks', 'everyone', 'everybody', 'people', 'yall', 'gang',
  'quick', 'question', 'q', 'qq', 'before', 'standup', 'sorry', 'bother', 'bothering', 'sure', 'cheers', 'advance', 'again',
  'btw', 'fyi', 'hmm', 'um', 'uh', 'oh', 'oops', 'so', 'well', 'yeah', 'yes', 'no', 'lol', 'haha', 'asap', 'urgent', 'hiya', 'yo',
]);
const ZH_CHATTER = /^(?:大家|各位|老师|同事|亲|早上|上午|下午|晚上|早|好|嗨|哈喽|你好|您好|请问|请教|问下|问一下|想问|想问下|想问一下|打扰|打扰了|不好意思|一个|个|问题|小问题|急|在吗|在不在|谢谢|先谢|多谢|感谢|辛苦|了|啦|呀|哈|嗯|呃|那个|就是|话说)+$/;

/**
 * The question without its chatter: clauses (split at sentence punctuation, commas and colons)
 * made only of greetings, thanks and stop words are dropped, so their words do not dilute the
 * ones that matter. Normalized text in; the text itself when nothing, or everything, is chatter.
 */
export function stripChatter(normalized: string): string {
  const clauses = normalized.split(/(?<=[,，、:：;；.。!！?？\n…~～—-])\s*|\s+-\s+/u);
  if (clauses.length < 2) return normalized;
  const isChatter = (clause: string): boolean => {
    const latin = clause.match(/[a-z]+/g) ?? [];
    const han = (clause.match(/\p{Script=Han}+/gu) ?? []).join('');
    if (/[0-9]/.test(clause) || (!latin.length && !han)) return !latin.length && !han && !/[0-9]/.test(clause);
    return latin.every((w) => EN_CHATTER.has(w) || EN_STOP_WORDS.has(w)) && (!han || ZH_CHATTER.test(han));
  };
  const kept = clauses.filter((c) => !isChatter(c));
  return kept.length && kept.length < clauses.length ? kept.join(' ') : normalized;
}

/**
 * A message that asks nothing: thanks, an okay, a thumbs up ("thanks!", "ok 👍", "好的，谢谢",
 * "收到"). Normalized text in.
 */
const ACK = /^(?:thanks?|thank you|thankyou|thx|tks|ty|tysm|cheers|ok|okay|okey|k|kk|cool|great|nice|perfect|awesome|got it|gotcha|understood|noted|sure|yes|yep|yeah|no worries|np|all good|sounds good|will do|lol|haha|谢谢|谢啦|谢了|多谢|感谢|感恩|好的|好滴|好哒|好|行|嗯|嗯嗯|收到|明白|明白了|了解|懂了|知道了|没问题|辛苦了|ok了|3q|thanks a lot|many thanks|much appreciated|appreciate it)$/;

export function isAcknowledgement(normalized: string): boolean {
  const words = normalized
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (!words.length || words.length > 6) return false;
  // "thanks so much", "ok 谢谢", "好的 谢谢": every piece an acknowledgement or a softener.
  const soft = new Set(['so', 'much', 'very', 'a', 'lot', 'all', 'guys', 'team', 'everyone', 'again', 'you', 'man', '啦', '哈', '了']);
  const joined = words.join(' ');
  if (ACK.test(joined)) return true;
  return words.every((w) => ACK.test(w) || soft.has(w) || splitsIntoAcks(w)) && words.some((w) => ACK.test(w) || splitsIntoAcks(w));
}

/** "好的谢谢", "收到谢谢": a Han run made of acknowledgements. */
function splitsIntoAcks(word: string): boolean {
  if (!HAN.test(word)) return false;
  return /^(?:谢谢|谢啦|谢了|多谢|感谢|好的|好滴|好|行|嗯|收到|明白了?|了解|懂了|知道了|没问题|辛苦了|啦|哈|了)+$/.test(word);
}

/** Whether normalized text holds anything to search for: a letter, a digit or a Han character. */
export function hasWords(normalized: string): boolean {
  return /[\p{L}\p{N}]/u.test(normalized);
}

/** Every toneless pinyin syllable (from the readings of the characters the index has seen). */
export class PinyinSplitter {
  private readonly syllables = new Set<string>();
  private longest = 0;

  add(syllable: string): void {
    if (!/^[a-z]+$/.test(syllable)) return;
    this.syllables.add(syllable);
    this.longest = Math.max(this.longest, syllable.length);
  }

  /** The word as the fewest pinyin syllables ("shouquan" → shou, quan), or undefined. */
  split(word: string): string[] | undefined {
    const n = word.length;
    if (!n || !this.syllables.size) return undefined;
    const best: (string[] | undefined)[] = new Array<string[] | undefined>(n + 1);
    best[0] = [];
    for (let i = 0; i < n; i++) {
      const prev = best[i];
      if (!prev) continue;
      for (let len = Math.min(this.longest, n - i); len >= 1; len--) {
        const syl = word.slice(i, i + len);
        if (!this.syllables.has(syl)) continue;
        const cand = best[i + len];
        if (!cand || cand.length > prev.length + 1) best[i + len] = [...prev, syl];
      }
    }
    return best[n];
  }
}

let pending: Promise<Normalizer> | undefined;

/**
 * The process-wide normalizer. Its traditional → simplified tables (opencc-js) and its pinyin
 * reader (pinyin-pro, for matching by sound) are loaded, synchronously, the first time a text
 * needs them: they take longer to load than a one-shot English /howto takes to answer.
 */
export function loadNormalizer(): Promise<Normalizer> {
  pending ??= Promise.resolve(lazyNormalizer());
  return pending;
}

function lazyNormalizer(): Normalizer {
  // Loaded from node_modules, not bundled (scripts/bundle.ts): the bundle stays small to start.
  const load = createRequire(import.meta.url);
  const dict = (name: string) => (load(`opencc-js/dict/${name}`) as { default: string }).default;
  let convert: ToSimplified | undefined;
  let polyphonic: (typeof import('pinyin-pro'))['polyphonic'] | undefined;
  return new Normalizer(
    (text) => (convert ??= characterConverter(dict('TWVariantsRev'), dict('TSCharacters')))(text),
    (text) => (polyphonic ??= (load('pinyin-pro') as typeof import('pinyin-pro')).polyphonic)(text, { toneType: 'none', type: 'array' }),
  );
}
