import { LOCALES } from '../i18n/locales.js';
import type { KnowledgeBase } from './loader.js';
import { DIFF_WORDING, FIRST_TIME } from './question-cues.js';
import { askerRole, hanTerms, hasWords, questionCues, isAcknowledgement, isChatterOnly, isEnglishStopWord, questionKey, stem, stripChatter, type AskerRole, type Normalizer, unquote } from './normalize.js';
import { LexiconRewriter, englishGlosses } from './lexicon.js';
import type { GeneralSynonyms } from './general-synonyms.js';
import { dropRefused } from './negation.js';
import { Vocabulary } from './typo.js';
import { BODY, bodyText, countText, EntryCounts, PROGRAM, QUESTIONS, SURROGATES, TITLE } from './index-text.js';
import { DEFAULT_PARAMS, type IndexOptions, type SearchParams } from './search-params.js';
import { entryCarries, entryKinds, entryMarks, entryRoles, kindCueFit, kindFitOf } from './entry-traits.js';
import type { Hit, QueryTerm, SearchResult, TermKind } from './search-types.js';
import { buildSoundTables, hear, hearStopSlips, readPinyin, type SoundTables } from './sound.js';
import { lmPosterior } from './question-lm.js';
import { TermTable } from './term-table.js';

/** A Han character (see HowtoIndex.inEnglish). */
const HAN_CHAR = /\p{Script=Han}/u;
/** Two Latin words of three letters or more, one space apart (see joinSplitWords): the second one looked at, not taken. */
const SPLIT_PAIR = /\b[a-z]{3,} [a-z]{3,}\b/;
const SPLIT_PAIRS = /\b([a-z]{3,}) (?=([a-z]{3,})\b)/g;

/** A letter of a script other than Latin and Han (the index reads those two only). */
const OTHER_SCRIPT = /[^\P{L}\p{Script=Latin}\p{Script=Han}]/u;

export { DEFAULT_PARAMS, type SearchParams } from './search-params.js';
export type { Hit, SearchResult } from './search-types.js';

/**
 * The /howto index: one document per knowledge-base entry holding its text in all three locales.
 * An entry's rank mixes four readings of the question:
 *   - BM25F over the whole entry (title and alternative questions weigh more than the body);
 *   - its best single title or alternative question: how much of the question it holds, and how
 *     much of it the question holds (a phrase matched there counts, scattered characters little);
 *   - whether the entry's kind fits the way the question asks ("的步骤" → a procedure);
 *   - in Seller Collab, whether the entry is done by the side the question says is asking.
 * Besides the rank, each hit says how much of the question the entry explains at all (words the
 * knowledge base never uses count against it) and its share of a language model over the entries'
 * titles and questions; the confidence tiers are decided from those (confidence.ts).
 */

/** A question's terms, its bigrams the index has never seen (kept apart: they match nothing), and who asks. */
interface Analysis {
  readonly terms: QueryTerm[];
  readonly novel: ReadonlySet<string>;
  readonly role: AskerRole | undefined;
  /** Whether it asks to tell two things apart (the `?diff` cue: see SearchParams.diffPassageMix). */
  readonly diff: boolean;
  /** The question as read, without its difference wording and what frames it before "between" (for reading both sides of a comparison). */
  readonly text: string;
}

export class HowtoIndex {
  readonly ids: string[];
  /** Milliseconds the build took (normalizer already loaded). */
  readonly buildMs: number;
  private readonly terms: TermTable;
  /** Per passage (every title and alternative question, every locale): its entry and its mass (Σ weight · idf of its terms). */
  private readonly passageDoc: Int32Array;
  private readonly passageMass: Float64Array;
  /** Per passage: its text, passageChars from passageStart[pid] to passageStart[pid + 1] (one string for the prebuilt file, not a thousand). */
  private readonly passageChars: string;
  private readonly passageStart: Int32Array;
  /** Per entry: who does it (its role, when brand owner or designer). */
  private readonly entryRole: (AskerRole | undefined)[];
  /** Per entry: its kind (an index into kindCues). */
  private readonly entryKind: Int32Array;
  /** Per kind: cue → log(share of the kind's titles and questions with the cue / share of all with it). */
  private readonly kindCues: Map<string, number>[];
  /** Per entry: the cues it is marked by (entry-traits.ts entryMarks), with their strength. */
  private readonly marks: [string, number][][];
  /** Per entry: whether one of its titles or questions asks a difference (it explains a distinction: see search). */
  private readonly explains: Uint8Array;
  /** Per entry: the length of its titles and alternative questions, for the question language model. */
  private readonly questionLength: Float64Array;
  private questionTotal = 0;
  /** Per-query scratch space, one slot per passage (searches are synchronous). */
  private readonly passageScore: Float64Array;
  private readonly vocab = new Vocabulary();
  /** The lexicon's one-word English phrases the index does not know ("reversible", "greenlight"): a typo of one is read as it. */
  private readonly lexiconWords = new Vocabulary();
  private readonly maxIdf: number;
  private readonly lexicon: LexiconRewriter;
  /** The lexicon's Chinese phrases read as their English meanings, for an English question (see lexicon.ts englishGlosses). */
  private readonly glosses: LexiconRewriter;
  /** Synonyms from general dictionaries (general-synonyms.ts), when asked for. */
  private readonly general: GeneralSynonyms | undefined;
  /** The terms of the programs' titles (not weighed up when the lexicon reads them in: see read). */
  private readonly programTerms = new Set<string>();
  /** The last question analysed, and its analysis. */
  private last: { question: string; analysis: Analysis } | undefined;
  /** Reading by sound (see SoundTables); built on the first question that needs it. */
  private soundTables: SoundTables | undefined;

  constructor(
    kb: KnowledgeBase,
    readonly normalizer: Normalizer,
    readonly params: SearchParams = DEFAULT_PARAMS,
    options: IndexOptions = {},
  ) {
    const t0 = performance.now();
    this.ids = [...kb.ids];
    const p = params;
    const fieldWeight = [p.wTitle, p.wQuestions, p.wProgram, p.wBody];
    const fieldB = [p.bTitle, p.bQuestions, 0, p.bBody];

    // Term counts per entry and field, all locales together; titles and questions also as passages.
    const entries = this.ids.map((id) => {
      const c = new EntryCounts();
      for (const locale of LOCALES) {
        const e = kb.entry(id, locale);
        if (!e) continue;
        if (!options.skipTitle?.(id)) countText(normalizer, this.vocab, c, TITLE, e.title, true);
        e.questions.forEach((q, i) => {
          if (!options.skipQuestion?.(id, locale, i)) countText(normalizer, this.vocab, c, QUESTIONS, q, true);
        });
        countText(normalizer, this.vocab, c, PROGRAM, kb.programs[locale][e.program]?.title ?? '', false);
        countText(normalizer, this.vocab, c, BODY, bodyText(e), false);
      }
      return c;
    });

    const { table: terms, slotIds } = TermTable.build(entries, { fieldWeight, fieldB, lmTitle: p.lmTitle });
    this.terms = terms;

    // Who does each entry (where both sides of a program do entries), and how each kind is asked.
    this.entryRole = entryRoles(kb, this.ids);
    const kinds = entryKinds(kb, this.ids);
    this.entryKind = kinds.kindOf;
    this.kindCues = kindCueFit(entries, kinds.kindOf, kinds.count);
    this.marks = entryMarks(entries);
    this.explains = entryCarries(entries, DIFF);

    this.questionLength = Float64Array.from(entries, (c) => c.lengths[TITLE]! * p.lmTitle + c.lengths[QUESTIONS]!);
    for (const len of this.questionLength) this.questionTotal += len;

    // Passages: their entry and their mass.
    const count = entries.reduce((n, c) => n + c.passages.length, 0);
    this.passageDoc = new Int32Array(count);
    this.passageMass = new Float64Array(count);
    this.passageScore = new Float64Array(count);
    this.passageStart = new Int32Array(count + 1);
    let pid = 0;
    entries.forEach((c, doc) => {
      const slotId = slotIds[doc]!;
      c.passages.forEach((slots, i) => {
        this.passageStart[pid + 1] = this.passageStart[pid]! + c.passageTexts[i]!.length;
        let mass = 0;
        for (const slot of slots) {
          const t = slotId[slot]!;
          mass += this.weightOf(c.terms[slot]!, t) * this.idf(terms.docCount(t));
        }
        this.passageDoc[pid] = doc;
        this.passageMass[pid] = mass;
        pid++;
      });
    });
    this.passageChars = entries.map((c) => c.passageTexts.join('')).join('');
    // Misspelt question words ("hwo", "waht") are corrected, then dropped as stop words.
    for (const w of ['the', 'and', 'how', 'what', 'where', 'when', 'why', 'can', 'does', 'with', 'from', 'your', 'please']) this.vocab.add(w);
    this.vocab.seal();
    this.maxIdf = this.idf(0);
    this.lexicon = new LexiconRewriter(options.lexicon ?? [], (text) => normalizer.normalize(text));
    this.glosses = new LexiconRewriter(englishGlosses(options.lexicon ?? []), (text) => normalizer.normalize(text));
    for (const pair of options.lexicon ?? []) {
      const say = normalizer.normalize(pair.say).trim();
      if (/^[a-z]{4,}$/.test(say) && !this.knows(say)) this.lexiconWords.add(say);
    }
    this.lexiconWords.seal();
    // The programs' names ("Amazon Handmade", 手工艺品店): a lexicon word for one says where, not what is asked.
    for (const locale of LOCALES) {
      for (const program of Object.values(kb.programs[locale] ?? {})) for (const t of meaningTerms(normalizer.normalize(program.title))) this.programTerms.add(t);
    }
    this.general = options.general;
    this.buildMs = performance.now() - t0;
  }

  get size(): number {
    return this.ids.length;
  }

  /** The sound tables (see sound.ts), built on the first question that needs them. */
  private sounds(): SoundTables {
    return (this.soundTables ??= buildSoundTables(this));
  }

  /** Every term with its occurrences in the whole knowledge base (for reading by sound). */
  *termCounts(): Iterable<[string, number]> {
    yield* this.terms.counts();
  }

  /** A term's occurrences in the whole knowledge base (0 when unknown). */
  cf(term: string): number {
    return this.terms.cfOf(term);
  }

  /** A known Han bigram's cohesion (see cohesion). */
  bigramCohesion(bigram: string): number {
    const [a, b] = [...bigram];
    return this.cohesion(a!, b!, this.terms.ids.get(bigram));
  }

  /** Whether a Latin word reads as English: known, a stop word, a stem of the index, or a typo of a known word. */
  readsAsEnglish(word: string): boolean {
    return this.isEnglishWord(word) || this.vocab.correct(word) !== undefined;
  }

  /** Whether a Latin word is English to the index as typed (known or a stop word), not only as a typo of a known word. */
  isEnglishWord(word: string): boolean {
    return this.vocab.has(word) || isEnglishStopWord(word) || this.df(stem(word)) > 0;
  }

  /**
   * What kind of message this is: a question; an acknowledgement that asks nothing ("thanks!",
   * "ok 👍", "好的谢谢"); or nothing to search for (emoji, punctuation, only stop words, only a greeting).
   */
  messageKind(question: string): 'question' | 'ack' | 'empty' {
    const n = this.normalizer.normalize(question);
    if (!hasWords(n)) return 'empty';
    if (isAcknowledgement(n)) return 'ack';
    if (isChatterOnly(n)) return 'empty';
    // Words in a script the guides are not written in (Korean, Japanese kana, Cyrillic, …) give the
    // index nothing to read, but they ask something: "I don't know", not "I see no question".
    return this.analyze(question).length || OTHER_SCRIPT.test(n) ? 'question' : 'empty';
  }

  /** The question as the index reads it: normalized, chatter and refused parts dropped (negation.ts), lexicon phrases read, typed pinyin read. */
  prepare(question: string): string {
    return this.read(question).text;
  }

  /**
   * The question prepared (see prepare), who asks as typed (before the lexicon rewrites a side's words), and the
   * terms of the lexicon meanings read into it (see SearchParams.lexicon).
   */
  private read(question: string): { text: string; role: AskerRole | undefined; lexical: ReadonlySet<string> } {
    const n = this.inEnglish(this.lexiconTypos(this.joinSplitWords(unquote(this.normalizer.normalize(question)))));
    const asTyped = dropRefused(stripChatter(n));
    const role = askerRole(asTyped);
    // The lexicon reads the message before its chatter goes: "how do we OK it pls" is a clause of
    // stop words until "ok it" reads as approving the design.
    const typed = this.lexicon.rewrite(n, role, (w) => this.canonical(w));
    let s = typed.text === n ? asTyped : dropRefused(stripChatter(typed.text));
    let means = typed.means;
    if (this.normalizer.hasSounds) {
      const heard = this.lexicon.rewriteBySound(s, role, (c) => this.normalizer.sound(c), (w) => this.cf(w) > 0);
      s = heard.text;
      if (heard.means.length) means = [...means, ...heard.means];
    }
    return { text: this.normalizer.hasSounds ? hearStopSlips(this, () => this.sounds(), readPinyin(this, () => this.sounds(), s)) : s, role, lexical: lexicalTerms(means, this.programTerms) };
  }

  /**
   * An English question's Chinese words read as their English meanings (see lexicon.ts englishGlosses): a question
   * written in English (more letters of Latin words than twice its Chinese characters, three words at least) that
   * names a product term in Chinese ("turn on 载单 for our store", "in 赛盈 where do I add the account"). A Chinese
   * question with an English word or two stays as typed.
   */
  private inEnglish(normalized: string): string {
    if (!HAN_CHAR.test(normalized)) return normalized;
    const latin = normalized.match(/[a-z]+/g) ?? [];
    const han = normalized.match(/\p{Script=Han}/gu)?.length ?? 0;
    if (latin.length < 3 || latin.join('').length <= 2 * han) return normalized;
    const read = this.glosses.rewrite(normalized).text;
    return read.replace(/\s+/g, ' ').trim();
  }

  /**
   * The cues of the question with its misspelt words corrected too ("how late can we reshedule" asks to do it again, as
   * "reschedule" does): a cue's wording is read before typos are corrected, so a misspelt word of one otherwise says nothing.
   */
  private withCorrectedCues(text: string, cues: string[]): string[] {
    let changed = false;
    const corrected = text.replace(/[a-z]{4,}/g, (w) => {
      if (this.knows(w)) return w;
      const c = this.correct(w);
      if (c === undefined) return w;
      changed = true;
      return c;
    });
    if (!changed) return cues;
    const more = questionCues(corrected).filter((c) => !cues.includes(c));
    return more.length ? [...cues, ...more] : cues;
  }

  /**
   * The index's correction of a word it does not know (see Vocabulary.correct), remembered for the last few words: a
   * question's misspelt word is looked up by the lexicon, the cues and the terms alike.
   */
  private correct(word: string): string | undefined {
    let memo = CORRECTIONS.get(this.vocab);
    if (!memo) CORRECTIONS.set(this.vocab, (memo = new Map()));
    if (memo.has(word)) return memo.get(word);
    if (memo.size >= 256) memo.clear();
    const c = this.vocab.correct(word);
    memo.set(word, c);
    return c;
  }

  /** Whether the index reads a Latin word as it is: a word of the guides, a stop word, or a stem of theirs. */
  private knows(word: string): boolean {
    return this.vocab.has(word) || isEnglishStopWord(word) || this.df(stem(word)) > 0;
  }

  /**
   * The normalized question with a word of the guides typed in two ("hand made", "check list", "sale yee") written as
   * one: two words of three letters or more, neither a stop word, whose join the guides use as a word.
   */
  private joinSplitWords(normalized: string): string {
    if (!SPLIT_PAIR.test(normalized)) return normalized;
    // The second word is only looked at (a lookahead), so "our hand made mugs" is read pair by pair.
    return normalized.replace(SPLIT_PAIRS, (pair: string, a: string, b: string) => (!isEnglishStopWord(a) && !isEnglishStopWord(b) && this.vocab.has(a + b) ? a : pair));
  }

  /**
   * The normalized question with a misspelt one-word lexicon phrase typed right ("reversable" → reversible), so the lexicon
   * reads it: a word the index neither knows nor corrects into one of its own, and a typo of the phrase by the index's rules.
   */
  private lexiconTypos(normalized: string): string {
    if (!this.lexiconWords.size) return normalized;
    return normalized.replace(/[a-z]{4,}/g, (w) => (this.knows(w) || this.lexiconWords.has(w) || this.correct(w) !== undefined ? w : (this.lexiconWords.correct(w) ?? w)));
  }

  /** A Latin word as the index reads it: a typo corrected, stemmed ("desings" → design), for the lexicon's objects. */
  private canonical(word: string): string {
    return stem(this.knows(word) ? word : (this.correct(word) ?? word));
  }

  /** A term's weight by its kind: a question cue, a Latin word, a Han character, a Han bigram (by its cohesion). */
  private weightOf(term: string, t: number): number {
    const known = this.terms.weight[t]!;
    if (known >= 0) return known;
    const p = this.params;
    const first = term.charCodeAt(0);
    let w: number;
    if (first === 0x3f /* ? */) w = p.cue;
    else if (first < 0x80) w = p.latin;
    else if (term.length === 1 || (term.length === 2 && SURROGATES.test(term))) w = p.unigram;
    else {
      const [a, b] = SURROGATES.test(term) ? [...term] : [term[0]!, term[1]!];
      w = p.bigram * this.cohesion(a!, b!, t) ** p.cohesion;
    }
    this.terms.weight[t] = w;
    return w;
  }

  /** How often two characters occur as this bigram, out of how often the rarer one occurs: 0–1. */
  private cohesion(a: string, b: string, bigram: number | undefined): number {
    const together = bigram === undefined ? 0 : this.terms.cf[bigram]!;
    const alone = Math.min(this.cf(a), this.cf(b));
    return alone > 0 ? Math.min(1, together / alone) : 0;
  }

  private idf(df: number): number {
    const n = this.ids.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** How many entries contain a term (0 when the index has never seen it). */
  df(term: string): number {
    return this.terms.df(term);
  }

  /**
   * The question's terms: Han characters and bigrams (a bigram the index has never seen is dropped:
   * it straddles two words, and its characters already count), Latin words corrected, stop words
   * out, stemmed, and its question cues.
   */
  analyze(question: string): QueryTerm[] {
    return this.analyzeAll(question).terms;
  }

  /**
   * Whether the question's terms (see analyze) hold one that is not a question cue: what analyze would say, without
   * weighing the terms, reading the cues or hearing slips (the vague check asks it of a question with its vague words
   * taken out, after the question itself was analysed). Any Han run gives terms (each of its characters); a Latin word
   * one unless it is a stop word as corrected (or, read through a general dictionary, has no word the guides use).
   */
  namesTopic(question: string): boolean {
    if (this.last?.question === question) return this.last.analysis.terms.some((t) => t.kind !== 'cue');
    for (const seg of this.normalizer.analyze(this.read(question).text, false).segments) {
      if (seg.kind === 'han') return true;
      const word = seg.text;
      const known = this.isEnglishWord(word);
      const corrected = known ? undefined : this.correct(word);
      const synonyms = known || corrected ? undefined : this.general?.english(word);
      if (synonyms) {
        if (synonyms.some((t) => this.df(stem(t)) > 0)) return true;
        continue;
      }
      if (!isEnglishStopWord(corrected ?? word)) return true;
    }
    return false;
  }

  /** The question's terms, and its bigrams the index has never seen (kept apart: they match nothing). */
  private analyzeAll(question: string): Analysis {
    // /howto asks what kind of message it is, then searches it: the same question, analysed once.
    if (this.last?.question === question) return this.last.analysis;
    const p = this.params;
    const byTerm = new Map<string, QueryTerm>();
    const novel = new Set<string>();
    let add = (term: string, kind: TermKind, weight: number, typed?: string) => {
      const df = this.df(term);
      const prev = byTerm.get(term);
      if (prev && prev.weight >= weight) return;
      byTerm.set(term, { term, kind, weight, idf: df ? this.idf(df) : this.maxIdf, df, ...(typed ? { typed } : {}) });
    };
    const read = this.read(question);
    // A term the lexicon read in (a chat word for the guides' words: "greenlight" → approve design) names what is asked.
    if (read.lexical.size) {
      const plain = add;
      add = (term, kind, weight, typed) => plain(term, kind, read.lexical.has(term) ? weight * p.lexicon : weight, typed);
    }
    const whole = this.normalizer.analyze(read.text);
    const { cues: typedCues, role: after } = whole;
    const cues = this.withCorrectedCues(read.text, typedCues);
    const diff = cues.includes(DIFF);
    const plain = read.text.replace(FIRST_TIME, ' ');
    const { segments } = diff || plain !== read.text ? this.normalizer.analyze(diff ? plain.replace(DIFF_WORDING, ' ') : plain, false) : whole;
    // A stage done, then the next one asked ("账号刚建好，接下来载单怎么授权"): the terms only the done part holds say where the
    // asker is, not what is asked, and weigh less (SearchParams.done).
    const doneThen = DONE_THEN.test(plain);
    const done = cues.includes('?next') || doneThen ? this.doneTerms(plain) : NO_TERMS;
    if (done.size) {
      const inner = add;
      add = (term, kind, weight, typed) => inner(term, kind, done.has(term) ? weight * p.done : weight, typed);
    }
    // A marketplace said of the store asked about ("authorize order loading for our US store", "the UK shop's listings") says
    // which store, not what is asked: it weighs as a done part's term does (SearchParams.done). (Regions linked or compared,
    // "our US and EU accounts", stay whole: there the regions are what is asked.)
    const places = storePlaces(plain);
    if (places.size) {
      const inner = add;
      add = (term, kind, weight, typed) => inner(term, kind, places.has(term) ? weight * p.done : weight, typed);
    }
    const role = read.role ?? after;
    // A difference question names both things compared: `?diff` changes how entries are ranked (see search), but is no
    // term of its own, or the one entry whose questions ask a difference would draw every comparison, asked of anything.
    // (A stage said done then another wanted, "orders already work, now I need inventory", says "already" of the premise: no ?already.)
    for (const cue of cues) if (cue !== DIFF && !(doneThen && cue === ALREADY) && this.df(cue) > 0) add(cue, 'cue', p.cue);
    for (const seg of segments) {
      if (seg.kind === 'han') {
        const { chars, heard } = this.normalizer.hasSounds ? hear(this, this.sounds(), seg.text) : { chars: hanTerms(seg.text).unigrams, heard: [] };
        for (let i = 0; i < chars.length; i++) {
          const u = chars[i]!;
          add(u, 'han1', p.unigram * (heard[i] ? p.sound : 1), heard[i]);
          if (i + 1 >= chars.length) continue;
          const bg = u + chars[i + 1]!;
          const info = this.terms.ids.get(bg);
          const byEar = heard[i] ?? heard[i + 1];
          if (info !== undefined) add(bg, 'han2', this.weightOf(bg, info) * (byEar ? p.sound : 1), byEar);
          else novel.add(bg);
        }
        if (this.general) this.addGeneralChinese(this.general, seg.text, add, novel);
        continue;
      }
      const word = seg.text;
      const known = this.isEnglishWord(word);
      const corrected = known ? undefined : this.correct(word);
      const synonyms = known || corrected ? undefined : this.general?.english(word);
      if (synonyms) {
        // A word the guides never use, read as the guides' words a dictionary gives for it, at a lower weight.
        for (const t of synonyms) if (this.df(stem(t)) > 0) add(stem(t), 'latin', (p.latin * this.general!.weight) / synonyms.length);
        continue;
      }
      const w = corrected ?? word;
      if (isEnglishStopWord(w)) continue;
      const term = stem(w);
      add(term, 'latin', (corrected ? p.corrected : p.latin) * (this.df(term) > 0 ? 1 : p.unknown), corrected ? word : undefined);
    }
    const analysis = { terms: [...byTerm.values()], novel, role, diff, text: diff ? read.text.replace(BETWEEN, ' ').replace(COMPARED_WITH, ' and ').replace(DIFF_WORDING, ' ') : read.text };
    this.last = { question, analysis };
    return analysis;
  }

  /**
   * The terms of a question's done part, before its "接下来", "下一步", "然后" or a clause opening with "next", "now",
   * "then", that its asked part lacks; none when the asked part holds no term ("审核通过了，接下来干嘛" asks the next stage).
   */
  private doneTerms(text: string): ReadonlySet<string> {
    const at = text.search(NEXT_STAGE);
    if (at <= 0) return NO_TERMS;
    const termsOf = (part: string) => {
      const out = new Set<string>();
      for (const seg of this.normalizer.analyze(part, false).segments) {
        if (seg.kind === 'han') {
          const { unigrams, bigrams } = hanTerms(seg.text);
          for (const t of [...unigrams, ...bigrams]) if (this.df(t) > 0) out.add(t);
        } else if (!isEnglishStopWord(seg.text) && this.df(stem(seg.text)) > 0) out.add(stem(seg.text));
      }
      return out;
    };
    const before = termsOf(text.slice(0, at));
    const after = termsOf(text.slice(at).replace(NEXT_STAGE, ' '));
    if (!after.size) return NO_TERMS;
    for (const t of after) before.delete(t);
    return before;
  }

  /** The knowledge-base words a general dictionary gives for the Chinese words of a Han run the guides never use (general-synonyms.ts), at a lower weight. */
  private addGeneralChinese(general: GeneralSynonyms, run: string, add: (term: string, kind: TermKind, weight: number) => void, novel: Set<string>): void {
    for (const hit of general.chinese(run)) {
      const own = hanTerms(hit.word).bigrams;
      // A word whose every bigram the guides use is not one they never use.
      if (own.every((b) => this.cf(b) > 0)) continue;
      const share = general.weight / hit.to.length;
      for (const k of hit.to) {
        const { unigrams, bigrams } = hanTerms(k);
        for (const u of unigrams) if (this.df(u) > 0) add(u, 'han1', this.params.unigram * share);
        for (const b of bigrams) {
          const info = this.terms.ids.get(b);
          if (info !== undefined) add(b, 'han2', this.weightOf(b, info) * share);
        }
      }
      for (const b of own) novel.delete(b);
    }
  }

  /**
   * A difference question reads both sides (hits sorted, changed in place): unless its best hit explains a distinction (its
   * own questions ask one), the best entry for each side as asked alone are shown together, the lower lifted to just below
   * the higher, and named (SearchResult.both) so that neither is answered for the comparison: "did you mean" offers both.
   */
  private readBoth(text: string, hits: Hit[]): [string, string] | undefined {
    const top = hits[0];
    if (!top || this.explains[this.ids.indexOf(top.id)]) return undefined;
    const sides = comparisonSides(text);
    if (!sides) return undefined;
    // Each side's entry among the question's own best hits (a side alone may lack the program it shares with the other).
    const near = hits.slice(0, BOTH_AMONG);
    const [ha, hb] = sides.map((side) => {
      const ids = this.search(side, BOTH_AMONG * 2).hits.map((h) => h.id);
      return near.find((h) => h.id === ids.find((id) => near.some((x) => x.id === id)));
    });
    if (!ha || !hb || ha === hb) return undefined;
    const [high, low] = ha.rank >= hb.rank ? [ha, hb] : [hb, ha];
    low.rank = Math.max(low.rank, high.rank - BOTH_GAP);
    hits.sort((x, y) => y.rank - x.rank || y.score - x.score);
    return [high.id, low.id];
  }

  /** The question reduced to its words, for grouping (see questionKey). */
  key(question: string): string {
    return questionKey(this.normalizer, question);
  }

  /** The entries that match, best first (at most `limit`). */
  search(question: string, limit = 5): SearchResult {
    const { terms, novel: unseen, role, diff, text } = this.analyzeAll(question);
    const { k1, passageFit, kindMix, roleMix } = this.params;
    // Telling two things apart is asked of the entry whose text holds both (see SearchParams.diffPassageMix), not of the one
    // whose single title names one of them; nor is a stage's mark missed when the question names that stage and another.
    const passageMix = diff ? this.params.diffPassageMix : this.params.passageMix;
    const markMix = diff ? 0 : this.params.markMix;
    let mass = 0;
    for (const t of terms) mass += t.weight * t.idf;
    const novel = unseen.size * this.params.novel * this.params.bigram * this.maxIdf;
    if (mass <= 0) return { terms, mass, novel, role, hits: [] };

    // BM25F per entry, how much of the question each entry holds, and its best title or
    // alternative question: how much of the question it holds (passage), how much of it the
    // question holds (fit), mixed (match).
    const scores = new Map<number, { score: number; covered: number; passage: number; fit: number; match: number; pid: number }>();
    const touched: number[] = [];
    const ps = this.passageScore;
    for (const t of terms) {
      const id = this.terms.ids.get(t.term);
      if (id === undefined) continue;
      const { postStart, postDoc, postTf, passStart, passages } = this.terms;
      const w = t.weight * t.idf;
      for (let i = postStart[id]!, end = postStart[id + 1]!; i < end; i++) {
        const doc = postDoc[i]!;
        const tf = postTf[i]!;
        let s = scores.get(doc);
        if (!s) scores.set(doc, (s = { score: 0, covered: 0, passage: 0, fit: 0, match: 0, pid: -1 }));
        s.score += (w * (tf * (k1 + 1))) / (tf + k1);
        s.covered += w;
      }
      for (let i = passStart[id]!, end = passStart[id + 1]!; i < end; i++) {
        const pid = passages[i]!;
        if (ps[pid] === 0) touched.push(pid);
        ps[pid]! += w;
      }
    }
    for (const pid of touched) {
      const got = ps[pid]!;
      ps[pid] = 0;
      const s = scores.get(this.passageDoc[pid]!)!;
      const passage = got / mass;
      const pm = this.passageMass[pid]!;
      const fit = pm > 0 ? Math.min(1, got / pm) : 0;
      const match = (1 - passageFit) * passage + passageFit * fit;
      if (match > s.match) {
        s.passage = passage;
        s.fit = fit;
        s.match = match;
        s.pid = pid;
      }
    }

    const lm = lmPosterior(this.params, this.ids.length, this.questionLength, this.questionTotal, terms, (term) => this.terms.questionCounts(term));
    const cues = terms.filter((t) => t.kind === 'cue').map((t) => t.term);
    const best = mass * (k1 + 1);
    const hits: Hit[] = [];
    for (const [doc, s] of scores) {
      const norm = s.score / best;
      const kindFit = kindFitOf(this.kindCues[this.entryKind[doc]!]!, cues);
      const entryRole = this.entryRole[doc];
      const roleFit = role && entryRole ? (role === entryRole ? 1 : -1) : 0;
      let unmarked = 0;
      for (const [cue, strength] of this.marks[doc]!) if (!cues.includes(cue)) unmarked += strength;
      hits.push({
        id: this.ids[doc]!,
        score: s.score,
        norm,
        coverage: s.covered / (mass + novel),
        passage: s.passage,
        fit: s.fit,
        match: s.match,
        lm: lm[doc]!,
        kind: kindFit,
        role: roleFit,
        rank: (1 - passageMix) * norm + passageMix * s.match + kindMix * kindFit + roleMix * roleFit - markMix * unmarked,
        matched: s.pid >= 0 ? this.passageChars.slice(this.passageStart[s.pid], this.passageStart[s.pid + 1]) : undefined,
      });
    }
    hits.sort((a, b) => b.rank - a.rank || b.score - a.score);
    const both = diff ? this.readBoth(text, hits) : undefined;
    return { terms, mass, novel, role, hits: hits.slice(0, limit), ...(both ? { both } : {}) };
  }
}

const NO_TERMS: ReadonlySet<string> = new Set();

/**
 * The two sides of a comparison, split at its one "and", "or", 和, 跟, 与, 还是 (a difference question read, its
 * framing and difference wording gone): "what's the difference between A and B" read as "A and B" → ["A", "B"]. Undefined
 * without exactly one.
 */
export function comparisonSides(text: string): [string, string] | undefined {
  const parts = text.split(/\s(?:and|or)\s|和|跟|与|还是/);
  if (parts.length !== 2) return undefined;
  const [a, b] = [parts[0]!.trim(), parts[1]!.trim()];
  return a && b ? [a, b] : undefined;
}

/**
 * A stage said to be done, then what is wanted now, without a word asking what comes next ("载单已经能用了，现在要开通刊登",
 * "orders already work, now I need inventory to push", "shop is added in saleyee, next I want orders"): the done part
 * says where the asker is, as after a ?next cue (see doneTerms).
 */
const DONE_THEN =
  /已经[^,。.!?;]{1,12}了\s*,\s*现在|\balready\b[^,.;!?]{0,40}[,;—–-]\s*(?:now|next)\b|\b(?:is|are|was|were) (?:already )?(?:added|done|set up|linked|connected|working|bound)\b[^,.;!?]{0,30}[,;—–-]\s*(?:now|next)\b|\b(?:finished|completed|done with)\b[^.;!?]{0,60}[,;—–-]\s*(?:now|next)\b/;

/** Where a question turns from the stage done to the one asked (see doneTerms). */
const NEXT_STAGE = /接下来|下一步|然后|,\s*现在|[,;.!?—-]\s*(?:so |ok |okay )?(?:what(?: is)? (?:the )?next(?: steps?)?|next(?: steps?)?|now|then)\b/;

/** The marketplaces and regions a store is named by (as read: "US" reads "usa", see normalize.ts). */
const PLACES = 'usa|eu|europe|uk|japan|jp|canada|mexico|mx';
/** A marketplace or region named as a store's (see storePlaces): "our usa store", "the eu shop", "a japan site"; not one of
 * regions joined ("our na and eu stores"). */
const STORE_PLACE = new RegExp(`(?<!\\b(?:and|or|&|\\/|,|with|plus)\\s*)\\b(${PLACES})\\s+(?:stores?|shops?|sites?)\\b(?!\\s+(?:and|or|&)\\b)`, 'g');
const PLACE = new RegExp(`\\b(?:${PLACES})\\b`, 'g');

/** The terms of the places a question names as a store's, unless it names another region beside it (see STORE_PLACE). */
function storePlaces(text: string): ReadonlySet<string> {
  if (!text.includes(' s')) return NO_TERMS;
  const found = [...text.matchAll(STORE_PLACE)].map((m) => m[1]!);
  if (!found.length) return NO_TERMS;
  const all = text.match(PLACE) ?? [];
  if (new Set(all).size > 1) return NO_TERMS;
  return new Set(found.map((w) => stem(w)));
}

/** The cue of a stage reached before (question-cues.ts). */
const ALREADY = '?already';
/** The cue of a question that asks to tell two things apart (question-cues.ts). */
const DIFF = '?diff';
/**
 * What frames a comparison before its first side ("what's the difference between", "is there any difference between"): not
 * part of that side, whose search it would turn into an overview question (its "what").
 */
const BETWEEN = /^.*?\bbetween\s/;
/** A comparison said between its sides ("A vs B", "A compared to B"): read as "A and B" (see comparisonSides). */
const COMPARED_WITH = /\s(?:vs\.?|versus|compared (?:to|with))\s/g;
/** How far below the other side's entry a difference question's lower side is lifted to (see readBoth). */
const BOTH_GAP = 0.001;
/**
 * How many of a difference question's best hits each side's entry is looked for among (see readBoth): the question names
 * both sides, and the entries that hold both (its program's overview, FAQs and siblings) often rank above either alone.
 */
const BOTH_AMONG = 8;

/** Per vocabulary, its recent corrections (see HowtoIndex.correct): kept off the index, which the prebuilt file holds. */
const CORRECTIONS = new WeakMap<Vocabulary, Map<string, string | undefined>>();

/**
 * The index terms of lexicon meanings: their English words stemmed (stop words out), their Chinese characters and
 * bigrams; not a meaning all of whose terms `names` holds (a program's name: 手工店 → handmade says where, not what).
 */
function lexicalTerms(means: readonly string[], names: ReadonlySet<string> = NO_TERMS): ReadonlySet<string> {
  if (!means.length) return NO_TERMS;
  const out = new Set<string>();
  for (const m of means) {
    const own = meaningTerms(m);
    if (names.size && [...own].every((t) => names.has(t))) continue;
    for (const t of own) out.add(t);
  }
  return out;
}

/** A normalized text's index terms: its English words stemmed (stop words out), its Chinese characters and bigrams. */
function meaningTerms(m: string): Set<string> {
  const out = new Set<string>();
  for (const [word] of m.matchAll(/[a-z0-9]+|\p{Script=Han}+/gu)) {
    if (word.charCodeAt(0) < 0x80) {
      if (!isEnglishStopWord(word)) out.add(stem(word));
      continue;
    }
    const { unigrams, bigrams } = hanTerms(word);
    for (const t of unigrams) out.add(t);
    for (const t of bigrams) out.add(t);
  }
  return out;
}
