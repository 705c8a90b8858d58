import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../paths.js';
import type { AskerRole } from './question-cues.js';
import { once } from '../once.js';
import { zhStopWords } from './stop-words.js';

/**
 * The /howto domain lexicon (locales/lexicon.json): chat words for what the knowledge base says in
 * its own words ("give it the thumbs up" → approve design, "毙掉" → reject). Data, reviewed like the
 * knowledge base, not code. Before ranking, a phrase found in a question is read as its meaning.
 */

const phrase = once(() =>
  z
    .string()
    .trim()
    .min(1)
    .max(60)
    .refine((s) => /[\p{L}\p{N}]/u.test(s), 'a phrase needs a letter, a digit or a Chinese character'),
);

/** A list of phrase groups, each with a note for the reviewer (the `outside` and `vague` lists). */
const phraseList = () =>
  z
    .array(
      z
        .object({
          say: z.array(phrase()).min(1),
          note: z.string().min(1),
        })
        .strict(),
    )
    .default([]);

export const lexiconSchema = once(() =>
  z
    .object({
      about: z.string().optional(),
      groups: z.array(
        z
          .object({
            /** The knowledge base's words for it: in English (for an English phrase) and in Chinese (for a Chinese one). */
            means: z.object({ en: phrase(), zh: phrase() }).strict(),
            /** What people say instead. */
            say: z.array(phrase()).min(1),
            /**
             * Read so only when the question says who asks (see question-cues.ts): a designer's
             * "my design was rejected" asks what the designer does next, not how to reject.
             */
            asker: z.enum(['brand-owner', 'designer']).optional(),
            /**
             * The phrases name where (a marketplace, a region), not what is asked: they are read as the meaning but
             * weigh as typed words (see SearchParams.lexicon).
             */
            where: z.boolean().optional(),
            /**
             * Read so only near one of these words (what the phrase acts on): "take it back" about a design is
             * withdrawing it, about linked accounts undoing the link. See LexiconRewriter.rewrite.
             */
            object: z.array(phrase()).min(1).optional(),
            /** Why the group is there (for reviewers). */
            note: z.string().optional(),
          })
          .strict(),
      ),
      /** Topics the guides do not cover: a question about one is told "I don't know" (see outside.ts). */
      outside: phraseList(),
      /**
       * Words that say something went wrong, or is waiting, without saying what ("stuck", "failed",
       * "被拒了"): a question made only of them is offered entries, never answered (see vague.ts).
       */
      vague: phraseList(),
    })
    .strict(),
);

/** One phrase → its meaning. */
export interface LexiconPair {
  say: string;
  means: string;
  /** Only for a question asked by this side. */
  asker?: AskerRole | undefined;
  /** Names where, not what (weighs as typed). */
  where?: boolean | undefined;
  /** Read so only near one of these words (see the schema's `object`). */
  object?: readonly string[] | undefined;
  /** A Chinese phrase's group's English meaning: how it reads inside an English question (see englishGlosses). */
  gloss?: string | undefined;
}

/**
 * A phrase said with other words between its parts: "hook … up" is also "hook our two stores up"
 * (one to SPLIT_GAP words, no punctuation between), a phrasal verb split by its object.
 */
export const SPLIT = '…';
export const SPLIT_GAP = 5;

/**
 * How many words either side of a phrase (in its sentence) an object of it may stand (see LexiconPair.object); when a
 * determiner follows the phrase, its object is the next OWN_OBJECT words only ("cancel the video call", not the design
 * named before it).
 */
export const OBJECT_WINDOW = 8;
export const OWN_OBJECT = 4;
const DETERMINERS = new Set(['the', 'a', 'an', 'my', 'our', 'your', 'their', 'his', 'her', 'this', 'that', 'these', 'those']);

/** The lexicon's pairs; a bad file names the problem (the bot does not start on it). */
export function parseLexicon(json: unknown, where = 'locales/lexicon.json'): LexiconPair[] {
  const parsed = lexiconSchema().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${where}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const pairs: LexiconPair[] = [];
  const seen = new Map<string, string>();
  for (const [i, g] of parsed.data.groups.entries()) {
    for (const say of g.say) {
      if (say.includes(SPLIT) && !/^[^…]*[a-z0-9][^…]* … [^…]*[a-z0-9][^…]*$/i.test(say)) throw new Error(`${where}: groups.${i}.say: "${say}": a split phrase is "words … words", once`);
      if (g.object && /\p{Script=Han}/u.test(say)) throw new Error(`${where}: groups.${i}.say: "${say}": a phrase read near an object is English (its object is a word near it)`);
      // A Chinese phrase reads as the Chinese words, so the question stays in one language and
      // meets the entries' titles and questions whole.
      const means = /\p{Script=Han}/u.test(say) ? g.means.zh : g.means.en;
      const key = `${g.asker ?? ''}:${g.object?.join(' ') ?? ''}:${say.toLowerCase()}`;
      const before = seen.get(key);
      if (before !== undefined && before !== means) throw new Error(`${where}: "${say}" means both "${before}" and "${means}"`);
      seen.set(key, means);
      const gloss = means === g.means.zh ? g.means.en : undefined;
      pairs.push({ say, means, ...(g.asker ? { asker: g.asker } : {}), ...(g.where ? { where: true } : {}), ...(g.object ? { object: g.object } : {}), ...(gloss ? { gloss } : {}) });
    }
  }
  return pairs;
}

/**
 * How a Chinese word reads inside an English question ("how do I turn on 载单", "our 品牌备案 got rejected"): as its
 * group's English meaning, so the question stays in one language and its product term weighs as an English word
 * does (a Han run is split into characters and bigrams that each weigh less). The pairs: each Chinese phrase of a
 * group, and each group's Chinese meaning, read as the group's English meaning (the first group's, for a Chinese
 * meaning several groups share). Only the general groups (not a side's, not near an object, not a place).
 */
export function englishGlosses(pairs: readonly LexiconPair[]): LexiconPair[] {
  const out = new Map<string, string>();
  for (const p of pairs) {
    if (!p.gloss || p.asker || p.object || p.where || p.say.includes(SPLIT)) continue;
    if (!out.has(p.say)) out.set(p.say, p.gloss);
    // (A Chinese meaning of several words, "全球开店 开通新站点", is no phrase anyone types.)
    if (!/\s/.test(p.means) && !out.has(p.means)) out.set(p.means, p.gloss);
  }
  return [...out].map(([say, means]) => ({ say, means }));
}

/** The phrases of one of the file's phrase lists (`outside`, `vague`). */
function parsePhrases(json: unknown, list: 'outside' | 'vague', where: string): string[] {
  const parsed = lexiconSchema().safeParse(json);
  if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues[0]!.path.join('.') || '(top)'}: ${parsed.error.issues[0]!.message}`);
  return parsed.data[list].flatMap((o) => o.say);
}

/** The phrases of the topics the guides do not cover (the file's `outside` list). */
export function parseOutside(json: unknown, where = 'locales/lexicon.json'): string[] {
  return parsePhrases(json, 'outside', where);
}

/** The phrases that name no topic (the file's `vague` list). */
export function parseVague(json: unknown, where = 'locales/lexicon.json'): string[] {
  return parsePhrases(json, 'vague', where);
}

const listsCached: Partial<Record<'outside' | 'vague', string[]>> = {};

function loadPhrases(list: 'outside' | 'vague'): string[] {
  return (listsCached[list] ??= parsePhrases(JSON.parse(readFileSync(projectPath('locales', 'lexicon.json'), 'utf8')), list, 'locales/lexicon.json'));
}

/** The project's outside topics, read once. */
export function loadOutside(): string[] {
  return loadPhrases('outside');
}

/** The project's vague phrases, read once. */
export function loadVague(): string[] {
  return loadPhrases('vague');
}

const HAN_IN_PHRASE = /\p{Script=Han}/u;

/**
 * A phrase list's phrases without Chinese characters, normalized by `normalize` (a phrase normalization gives a
 * Chinese character, NFKC of ㈱, only ever matches a question that has one): what an English question is matched
 * against (outside.ts). The build stores them (prebuilt.ts), so a one-shot English /howto does not normalize them.
 */
export function latinPhrases(phrases: readonly string[], normalize: (text: string) => string): string[] {
  return phrases
    .filter((p) => !HAN_IN_PHRASE.test(p))
    .map((p) => normalize(p).trim())
    .filter((p) => !HAN_IN_PHRASE.test(p));
}

let cached: LexiconPair[] | undefined;

/** The project's lexicon, read once. */
export function loadLexicon(file = projectPath('locales', 'lexicon.json')): LexiconPair[] {
  if (file !== projectPath('locales', 'lexicon.json')) return parseLexicon(JSON.parse(readFileSync(file, 'utf8')), file);
  cached ??= parseLexicon(JSON.parse(readFileSync(file, 'utf8')));
  return cached;
}

/**
 * A compiled lexicon: rewrites normalized text, each phrase (whole Latin words; Chinese anywhere)
 * replaced by its meaning, longest phrase first; a side's phrases only for a question that side
 * asks (they win over a general phrase written the same). `normalize` is the normalizer's, so
 * traditional and simplified phrases meet the question alike.
 */
export class LexiconRewriter {
  /** Per asker ('' for none): its phrases by how they start and phrase → meaning; a side's made on first use from its own phrases. */
  private readonly readings = new Map<string, Reading>();
  /** Per side: its own phrases → meaning (the prebuilt index then holds the general phrases once, not once per side). */
  private readonly sides = new Map<string, Map<string, string>>();
  /** Per asker: its Chinese phrases by character (see rewriteBySound), built on first use. */
  private readonly bySound = new Map<string, SoundTable>();

  /** The phrases (normalized) that name where, not what (see LexiconPair.where). */
  private readonly places = new Set<string>();

  /**
   * The phrases read only near an object, or said split (see LexiconPair.object, SPLIT), those near an object first, then
   * the longest: read before the others, so they win over a phrase written the same.
   */
  private readonly special: Special[] = [];

  constructor(pairs: readonly LexiconPair[], normalize: (s: string) => string) {
    const general = new Map<string, string>();
    const bySide = new Map<string, Map<string, string>>();
    for (const p of pairs) {
      if (p.object || p.say.includes(SPLIT)) {
        this.special.push(special(p, normalize));
        continue;
      }
      const say = normalize(p.say).trim();
      if (p.where) this.places.add(say);
      const into = p.asker ? (bySide.get(p.asker) ?? bySide.set(p.asker, new Map()).get(p.asker)!) : general;
      if (say && !into.has(say)) into.set(say, normalize(p.means).trim());
    }
    this.readings.set('', compile(general));
    for (const [side, own] of bySide) this.sides.set(side, own);
    // A reading near an object wins over one anywhere; then the longer phrase.
    this.special.sort((a, b) => Number(!!b.objects) - Number(!!a.objects) || b.length - a.length);
  }

  /** The side's reading (the general one for none or a side without phrases of its own). */
  private reading(side: string): Reading {
    let r = this.readings.get(side);
    if (r) return r;
    const own = this.sides.get(side);
    if (!own) return this.readings.get('')!;
    this.readings.set(side, (r = compile(new Map([...this.readings.get('')!.meaning, ...own]))));
    return r;
  }

  get size(): number {
    let n = this.reading('').meaning.size;
    for (const side of this.sides.keys()) n = Math.max(n, this.reading(side).meaning.size);
    return n;
  }

  /**
   * The text with every phrase read as its meaning (a side's phrases too, when `asker` says who asks), the phrases
   * found, and the meanings read in of those that name what is asked (not where: see LexiconPair.where).
   */
  rewrite(normalized: string, asker?: AskerRole, canonical?: (word: string) => string): { text: string; found: string[]; means: string[] } {
    const spans = this.special.length ? this.specialSpans(normalized, asker, canonical) : [];
    if (!spans.length) return this.rewritePlain(normalized, asker);
    // The special phrases found, each read as its meaning (with the words said between its parts after it); the rest as usual.
    const out = { text: '', found: [] as string[], means: [] as string[] };
    const plain = (part: string) => {
      const r = this.rewritePlain(part, asker);
      out.text += r.text;
      out.found.push(...r.found);
      out.means.push(...r.means);
    };
    let at = 0;
    for (const span of spans) {
      plain(normalized.slice(at, span.start));
      out.found.push(normalized.slice(span.start, span.end));
      if (!span.where) out.means.push(span.means);
      out.text += span.between ? ` ${span.means} ` : ` ${span.means}${spaceBefore(normalized, span.end)}`;
      if (span.between) plain(`${span.between}${spaceBefore(normalized, span.end)}`);
      at = span.end;
    }
    plain(normalized.slice(at));
    return out;
  }

  /**
   * Where the special phrases stand in the text (see `special`): each match of a phrase read near an object only when one
   * of its objects (the word, a typo of it or a lexicon word for it: `canonical` reads a word as the index does) stands
   * within OBJECT_WINDOW words of it in its sentence, or between its parts; not overlapping, longest phrase first.
   */
  private specialSpans(text: string, asker: AskerRole | undefined, canonical: (word: string) => string = (w) => w): Span[] {
    const spans: Span[] = [];
    const { meaning } = this.reading(asker ?? '');
    const read = (w: string) => [w, canonical(w), ...(meaning.get(w)?.split(' ') ?? []).map(canonical)];
    for (const sp of this.special) {
      if (sp.asker && sp.asker !== asker) continue;
      // Its words must all be in the text: most questions hold none of the special phrases, and a look for a word is far
      // cheaper than a run of the pattern.
      if (!sp.parts.every((part) => text.includes(part))) continue;
      for (const m of text.matchAll(sp.pattern)) {
        const start = m.index;
        const end = start + m[0].length;
        if (spans.some((o) => start < o.end && o.start < end)) continue;
        const between = m[1]?.trim();
        if (sp.objects) {
          const wanted = new Set(sp.objects.flatMap((o) => [o, canonical(o)]));
          const sentenceStart = Math.max(...[...text.slice(0, start).matchAll(/[.?!;\n。？！；]/gu)].map((x) => x.index + 1), 0);
          const after = text.slice(end).search(/[.?!;\n。？！；]/u);
          const before = (text.slice(sentenceStart, start).match(/[a-z0-9]+/g) ?? []).slice(-OBJECT_WINDOW);
          const next = (text.slice(end, after < 0 ? undefined : end + after).match(/[a-z0-9]+/g) ?? []).slice(0, OBJECT_WINDOW);
          // A phrase followed by its own object ("cancel the video call") is about that, not a word further off.
          const own = DETERMINERS.has(next[0] ?? '');
          const near = [...(own ? [] : before), ...(between?.match(/[a-z0-9]+/g) ?? []), ...(own ? next.slice(0, OWN_OBJECT) : next)];
          if (!near.some((w) => read(w).some((r) => wanted.has(r)))) continue;
        }
        spans.push({ start, end, means: sp.means, between, where: sp.where });
      }
    }
    return spans.sort((a, b) => a.start - b.start);
  }

  /** The text with every (not special) phrase read as its meaning: see rewrite. */
  private rewritePlain(normalized: string, asker?: AskerRole): { text: string; found: string[]; means: string[] } {
    const { starts, meaning } = this.reading(asker ?? '');
    const found: string[] = [];
    const means: string[] = [];
    let text = '';
    let last = 0;
    for (let i = 0; i < normalized.length; ) {
      const m = phraseAt(starts, normalized, i);
      if (m === undefined) {
        i++;
        continue;
      }
      found.push(m);
      const read = meaning.get(m) ?? m;
      if (!this.places.has(m)) means.push(read);
      i += m.length;
      text += `${normalized.slice(last, i - m.length)} ${read}${spaceBefore(normalized, i)}`;
      last = i;
    }
    return { text: last === 0 ? normalized : text + normalized.slice(last), found, means };
  }

  /**
   * The text with the Chinese phrases typed as homophones (an input-method slip: 盖期 for 改期,
   * 挪填 for 挪天) read as their meaning, as `rewrite` reads the phrases typed right. A slip has as
   * many characters as the phrase, each sounding like the phrase's (toneless), at least one of them
   * the phrase's own, and is neither a word of the knowledge base (`known`) nor cut out of one (its
   * first character a known word with the one before, its last with the one after). Run after `rewrite`.
   * A place's phrase (LexiconPair.where) typed so is read as its meaning but, as in `rewrite`, not
   * among the meanings read in: it weighs as typed words.
   */
  rewriteBySound(text: string, asker: AskerRole | undefined, sound: (char: string) => readonly string[], known: (word: string) => boolean): { text: string; found: string[]; means: string[] } {
    const found: string[] = [];
    const means: string[] = [];
    // (The table is built for the first question with a Han run: an English one never needs it.)
    let table: SoundTable | undefined;
    const out = text.replace(/\p{Script=Han}{2,}/gu, (run) => {
      table ??= this.soundTable(asker ?? '');
      if (!table.lengths.length) return run;
      const chars = [...run];
      let result = '';
      for (let i = 0; i < chars.length; ) {
        const hit = slipAt(chars, i, table, sound, known);
        if (!hit) {
          result += chars[i++]!;
          continue;
        }
        found.push(chars.slice(i, i + hit.length).join(''));
        if (!this.places.has(hit.say)) means.push(hit.meaning);
        result += ` ${hit.meaning} `;
        i += hit.length;
      }
      return result;
    });
    return { text: out, found, means };
  }

  private soundTable(side: string): SoundTable {
    const built = this.bySound.get(side);
    if (built) return built;
    const { meaning } = this.reading(side);
    const byChar: Map<string, SoundPhrase[]>[][] = [];
    for (const say of meaning.keys()) {
      const chars = [...say];
      if (chars.length < 2 || !chars.every((c) => /\p{Script=Han}/u.test(c))) continue;
      const phrase = { say, chars };
      const at = (byChar[chars.length] ??= chars.map(() => new Map<string, SoundPhrase[]>()));
      chars.forEach((c, k) => {
        const list = at[k]!.get(c);
        if (list) list.push(phrase);
        else at[k]!.set(c, [phrase]);
      });
    }
    const lengths = byChar.flatMap((at, len) => (at ? [len] : [])).reverse();
    const table = { lengths, byChar, meaning };
    this.bySound.set(side, table);
    return table;
  }
}

/**
 * The space after a phrase read as its meaning: none before punctuation, which stays with its clause (a space before it
 * reads as a clause's leftover punctuation, dropped: "ages ago, anything left?" would lose the comma that ends a clause).
 */
function spaceBefore(text: string, at: number): string {
  return /^[,.;:!?，。；：！？]/u.test(text.slice(at, at + 1)) ? '' : ' ';
}

/** A phrase read near an object only, or said split (see LexiconRewriter.special). */
interface Special {
  /** Its match; a split phrase's group 1 holds the words between its parts. */
  pattern: RegExp;
  /** Its parts, normalized: text without one of them has no match. */
  parts: string[];
  /** The phrase's length (longer phrases are read first). */
  length: number;
  means: string;
  /** Its objects, normalized (undefined: read anywhere). */
  objects: string[] | undefined;
  asker: AskerRole | undefined;
  where: boolean;
}

/** A special phrase found in a text: where, its meaning, the words between its parts. */
interface Span {
  start: number;
  end: number;
  means: string;
  between: string | undefined;
  where: boolean;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pair's special phrase: its parts normalized, as whole words; a split one with one to SPLIT_GAP words between. */
function special(p: LexiconPair, normalize: (s: string) => string): Special {
  const plain = p.say.split(SPLIT).map((part) => normalize(part).trim());
  const parts = plain.map(escape);
  const body = parts.length > 1 ? `${parts[0]}((?:\\s+[a-z0-9]+){1,${SPLIT_GAP}}?)\\s+${parts[1]}` : parts[0]!;
  return {
    pattern: new RegExp(`(?<![a-z0-9])${body}(?![a-z0-9-])`, 'gu'),
    parts: plain,
    length: p.say.length,
    means: normalize(p.means).trim(),
    objects: p.object?.map((o) => normalize(o).trim()),
    asker: p.asker,
    where: p.where === true,
  };
}

/** A side's Chinese phrases by their length, a position and the character there; their lengths longest first; phrase → meaning. */
interface SoundTable {
  lengths: number[];
  /** byChar[length][position]: character → the phrases of that length with it there (no lookup key built per character typed). */
  byChar: Map<string, SoundPhrase[]>[][];
  meaning: Map<string, string>;
}

/**
 * Characters that are words of their own in a question (the one-character stop words, and adverbs of order and time:
 * 先, 再, 才, 刚, 已): typed, they are meant, not a slip for a lexicon phrase's homophone.
 */
const FUNCTION_CHARS = new Set([...zhStopWords().filter((w) => w.length === 1), '先', '再', '才', '刚', '已']);

/** A phrase of a sound table and its characters. */
interface SoundPhrase {
  say: string;
  chars: readonly string[];
}

/** Whether two characters' readings share one. */
function soundsAlike(a: readonly string[], b: readonly string[]): boolean {
  for (const r of a) if (b.includes(r)) return true;
  return false;
}

/** The phrase typed as a homophone at position i of a Han run (see rewriteBySound), or undefined. */
function slipAt(
  chars: readonly string[],
  i: number,
  table: SoundTable,
  sound: (char: string) => readonly string[],
  known: (word: string) => boolean,
): { length: number; say: string; meaning: string } | undefined {
  for (const len of table.lengths) {
    if (i + len > chars.length) continue;
    // The phrases sharing a character, in its place, with what was typed (chars[i…i+len)); then the sound of the rest.
    const at = table.byChar[len]!;
    for (let k = 0; k < len; k++) {
      const list = at[k]!.get(chars[i + k]!);
      if (!list) continue;
      for (const { say, chars: own } of list) {
        // Not the phrase itself, and every character the phrase's or sounding like it.
        let same = true;
        let alike = true;
        for (let j = 0; j < len; j++) {
          const typed = chars[i + j]!;
          if (own[j] === typed) continue;
          same = false;
          // A function word typed where the phrase has its homophone is meant as typed: 先做哪一步 (first do) is not 现做 (made fresh).
          if (FUNCTION_CHARS.has(typed) || !soundsAlike(sound(own[j]!), sound(typed))) {
            alike = false;
            break;
          }
        }
        if (same || !alike) continue;
        // A slip is a word of its own: not one the index knows, nor one cut out of a known word (怎么批 is not 没批).
        const word = chars.slice(i, i + len).join('');
        if (known(word) || (i > 0 && known(chars[i - 1]! + chars[i]!)) || (i + len < chars.length && known(chars[i + len - 1]! + chars[i + len]!))) continue;
        return { length: len, say, meaning: table.meaning.get(say)! };
      }
    }
  }
  return undefined;
}

/**
 * A side's phrases (normalized) → meaning, and the phrases by how they start (see phraseAt). One regular expression
 * of every phrase, longest first, read the same; compiling it (the lexicon has well over a thousand phrases, each
 * with its word-boundary checks) took several milliseconds of a one-shot /howto.
 */
interface Reading {
  /** Keyed by a phrase's first two UTF-16 units (a phrase of one unit: that unit, negated). */
  starts: Map<number, string[]>;
  meaning: Map<string, string>;
}

function compile(meaning: Map<string, string>): Reading {
  const starts = new Map<number, string[]>();
  // Longest first (a stable sort: equally long phrases keep their order), as the alternation of a pattern would try them.
  for (const say of [...meaning.keys()].sort((a, b) => b.length - a.length)) {
    const key = say.length > 1 ? say.charCodeAt(0) * 0x10000 + say.charCodeAt(1) : -1 - say.charCodeAt(0);
    (starts.get(key) ?? starts.set(key, []).get(key)!).push(say);
  }
  return { starts, meaning };
}

const isWordCode = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);

/**
 * The phrase that starts at `i` of `text`, the longest first, or undefined: whole words only (a phrase starting
 * with a letter or digit not after one; ending with one, not before a letter, a digit or a hyphen: the br of
 * br-verification@… is not BR).
 */
function phraseAt(starts: Map<number, string[]>, text: string, i: number): string | undefined {
  const c = text.charCodeAt(i);
  const longer = i + 1 < text.length ? starts.get(c * 0x10000 + text.charCodeAt(i + 1)) : undefined;
  const single = starts.get(-1 - c);
  if (!longer && !single) return undefined;
  if (isWordCode(c) && i > 0 && isWordCode(text.charCodeAt(i - 1))) return undefined;
  for (const list of [longer, single]) {
    if (!list) continue;
    for (const say of list) {
      if (!text.startsWith(say, i)) continue;
      const end = i + say.length;
      if (end < text.length && isWordCode(say.charCodeAt(say.length - 1))) {
        const next = text.charCodeAt(end);
        if (isWordCode(next) || next === 0x2d) continue;
      }
      return say;
    }
  }
  return undefined;
}
