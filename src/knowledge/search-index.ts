import { performance } from 'node:perf_hooks';
import { LOCALES, type Locale } from '../i18n/locales.js';
import type { KnowledgeBase } from './loader.js';
import { hanTerms, hasWords, isAcknowledgement, isEnglishStopWord, PinyinSplitter, stem, stripChatter, zhStopWords, type AskerRole, type Normalizer } from './normalize.js';
import { LexiconRewriter, type LexiconPair } from './lexicon.js';
import type { Entry, TextWithLabels } from './schema.js';
import { Vocabulary } from './typo.js';

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

export interface SearchParams {
  k1: number;
  /** Field weights. */
  wTitle: number;
  wQuestions: number;
  wProgram: number;
  wBody: number;
  /** Length normalization per field (BM25 b). */
  bTitle: number;
  bQuestions: number;
  bBody: number;
  /** Query-term weights: a Han character, a Han bigram, a Latin word, a typo-corrected Latin word, a question cue. */
  unigram: number;
  bigram: number;
  latin: number;
  corrected: number;
  cue: number;
  /** How the rank mixes the BM25F score (normalized) with the best title/question match. */
  passageMix: number;
  /** How a title/question match weighs the share of the passage the question covers (vs. the share of the question). */
  passageFit: number;
  /**
   * How much a Han bigram's weight depends on its cohesion (how often its characters occur
   * together rather than apart): 0 ignores it; 1 scales the weight by it. Cross-word bigrams
   * ("亚马逊店铺" → 逊店) are rare and would otherwise weigh the most.
   */
  cohesion: number;
  /**
   * The weight, relative to a known bigram, of a Han bigram the knowledge base never holds
   * ("信用卡" → 信用, 用卡): it ranks nothing, but counts as unexplained in `coverage`.
   */
  novel: number;
  /**
   * How much of the rank is the entry's kind fitting the question's kind: "…的步骤" and "how do I"
   * ask for a procedure, "can I" for a rule or an answer, "what is" for an overview (see kindFit).
   */
  kindMix: number;
  /** How much of the rank is who asks: up for an entry done by the role the question names as asking, down for one done by the other. */
  roleMix: number;
  /** The question language model: Dirichlet smoothing (μ), how many questions' worth a title counts, and the posterior's sharpness. */
  lmMu: number;
  lmTitle: number;
  lmBeta: number;
  /** The weight, relative to the typed one, of a Han term read by sound (an input-method slip: 刊灯 → 刊登). */
  sound: number;
  /** The least cohesion (see `cohesion`) a known bigram needs to stand in for a homophone that shares no character with it. */
  soundCohesion: number;
}

/**
 * Tuned by scripts/howto-tune.ts on the knowledge base's own questions held out, and the
 * out-of-scope negatives (never on the evaluation files). Re-run `npm run calibrate:howto` after
 * changing any of them.
 */
export const DEFAULT_PARAMS: SearchParams = {
  k1: 1.2,
  wTitle: 2,
  wQuestions: 1,
  wProgram: 2,
  wBody: 1.5,
  bTitle: 0,
  bQuestions: 0.25,
  bBody: 0.9,
  unigram: 0.4,
  bigram: 0.5,
  latin: 1,
  corrected: 0.5,
  cue: 1,
  passageMix: 0.2,
  passageFit: 0.6,
  cohesion: 0.25,
  novel: 0.5,
  kindMix: 0.03,
  roleMix: 0.1,
  lmMu: 3,
  lmTitle: 1,
  lmBeta: 2,
  sound: 0.8,
  soundCohesion: 0.5,
};

export interface IndexOptions {
  /** Leave out some alternative questions (calibration: ask them without them being in the index). */
  skipQuestion?: ((id: string, locale: Locale, index: number) => boolean) | undefined;
  /** Leave out an entry's titles (calibration: ask the title without it in the index). */
  skipTitle?: ((id: string) => boolean) | undefined;
  /** The domain lexicon (locales/lexicon.json): phrases read as the knowledge base's words. */
  lexicon?: readonly LexiconPair[] | undefined;
}

export type TermKind = 'han1' | 'han2' | 'latin' | 'cue';

/** One term of an analysed question. */
export interface QueryTerm {
  term: string;
  kind: TermKind;
  /** The typed word, when typo correction or reading by sound replaced it. */
  typed?: string | undefined;
  /** The term's weight in this query (kind weight, lowered for corrections). */
  weight: number;
  /** Inverse document frequency; for a term the index has never seen, the highest there is. */
  idf: number;
  /** How many entries contain the term. */
  df: number;
}

export interface Hit {
  id: string;
  /** BM25F score. */
  score: number;
  /** The score over the best the query's terms could reach (every term saturated): 0–1. */
  norm: number;
  /**
   * Share of the query's weight the entry contains anywhere: 0–1. Its denominator also holds the
   * bigrams the knowledge base has never seen, so words from other topics lower it.
   */
  coverage: number;
  /** Share of the query's weight found in the entry's best single title or alternative question: 0–1. */
  passage: number;
  /** Share of that title or question's own weight the query covers: 0–1. */
  fit: number;
  /** That title or question's match: passage and fit mixed. */
  match: number;
  /**
   * How likely the entry is to be the one asked about, judged by its titles and alternative
   * questions alone: its share of the posterior of a question language model (see lmScores): 0–1.
   */
  lm: number;
  /**
   * How well the entry's kind (procedure, faq, policy, checklist, overview) fits the way the
   * question asks, from the question cues of every entry's titles and alternative questions: the
   * mean over the question's cues of log(share of that kind's questions with the cue / share of
   * all questions with it). 0 without cues.
   */
  kind: number;
  /** 1 when the entry is done by the role the question names as asking, -1 by the other role, else 0. */
  role: number;
  /** What the ranking sorts by: norm, passage, kind and role mixed. */
  rank: number;
  /** The best title or alternative question, as written (for explaining a ranking). */
  matched?: string | undefined;
}

export interface SearchResult {
  terms: QueryTerm[];
  /** The query's total weight (Σ weight · idf), the denominator of norm and passage. */
  mass: number;
  /** The weight of the query's bigrams the knowledge base never holds (see SearchParams.novel). */
  novel: number;
  /** Who the question says is asking, if it says (Seller Collab's two sides). */
  role?: AskerRole | undefined;
  hits: Hit[];
}

/** Everything the index knows about one term. */
interface TermInfo {
  /** The entries holding it, and its BM25F pseudo frequency in each (field weights and lengths applied). */
  docs: number[];
  tfs: number[];
  /** Its occurrences in the whole knowledge base (all entries, fields and locales). */
  cf: number;
  /** The titles and alternative questions holding it. */
  passages: number[];
  /** Its weight by kind; computed on first use (-1 until then). */
  weight: number;
  /** Per entry in `docs`: its count in the titles (× lmTitle) and alternative questions; and the sum. */
  qc: number[];
  qcf: number;
}

/** One entry's term counts while the index is built. */
class EntryCounts {
  /** Term → slot; per slot the term, its count in each field, and the last passage it was seen in. */
  readonly slots = new Map<string, number>();
  readonly terms: string[] = [];
  readonly counts: number[] = [];
  readonly lastPassage: number[] = [];
  readonly lengths = [0, 0, 0, 0];
  /** Each title and alternative question as the slots of its distinct terms, and as written. */
  readonly passages: number[][] = [];
  readonly passageTexts: string[] = [];

  /** Counts a term in a field (and in the current passage, if any). */
  add(term: string, field: number, passage: number[] | undefined): void {
    let slot = this.slots.get(term);
    if (slot === undefined) {
      slot = this.terms.length;
      this.slots.set(term, slot);
      this.terms.push(term);
      this.counts.push(0, 0, 0, 0);
      this.lastPassage.push(-1);
    }
    this.counts[slot * 4 + field]!++;
    this.lengths[field]!++;
    if (passage && this.lastPassage[slot] !== this.passages.length) {
      this.lastPassage[slot] = this.passages.length;
      passage.push(slot);
    }
  }
}

const TITLE = 0;
const QUESTIONS = 1;
const PROGRAM = 2;
const BODY = 3;
const SURROGATES = /[\ud800-\udfff]/;

/**
 * Counts the terms of a piece of text into an entry's counts: Latin words stemmed (stop words out,
 * every word also into the typo vocabulary), Han characters and bigrams, and for a passage (a
 * title or question) its question cues. Runs over the whole knowledge base at every build, hence
 * the plain loop.
 */
function countText(normalizer: Normalizer, vocab: Vocabulary, into: EntryCounts, field: number, text: string, isPassage: boolean): void {
  const { segments, cues } = normalizer.analyze(text, isPassage);
  const passage = isPassage ? [] : undefined;
  for (const cue of cues) into.add(cue, field, passage);
  for (const seg of segments) {
    const s = seg.text;
    if (seg.kind === 'latin') {
      vocab.add(s);
      if (!isEnglishStopWord(s)) into.add(stem(s), field, passage);
    } else if (SURROGATES.test(s)) {
      const { unigrams, bigrams } = hanTerms(s);
      for (const t of [...unigrams, ...bigrams]) into.add(t, field, passage);
    } else {
      for (let i = 0; i < s.length; i++) {
        into.add(s[i]!, field, passage);
        if (i + 1 < s.length) into.add(s.slice(i, i + 2), field, passage);
      }
    }
  }
  if (passage) {
    into.passages.push(passage);
    into.passageTexts.push(text);

  }
}

function labelled(t: TextWithLabels): string {
  return t.text.replace(/\{(\d+)\}/g, (_, n: string) => {
    const l = t.labels[Number(n)];
    return l ? ` ${l.ui} ${l.tr} ` : ' ';
  });
}

function bodyText(e: Entry): string {
  return [e.summary, e.answer ?? '', ...e.steps.map(labelled), ...e.items.map(labelled), ...e.rules.map(labelled), ...e.warnings].join('\n');
}

export class HowtoIndex {
  readonly ids: string[];
  /** Milliseconds the build took (normalizer already loaded). */
  readonly buildMs: number;
  private readonly terms = new Map<string, TermInfo>();
  /** Per passage (every title and alternative question, every locale): its entry and its mass (Σ weight · idf of its terms). */
  private readonly passageDoc: Int32Array;
  private readonly passageMass: Float64Array;
  private readonly passageText: string[] = [];
  /** Per entry: who does it (its role, when brand owner or designer). */
  private readonly entryRole: (AskerRole | undefined)[];
  /** Per entry: its kind (an index into kindCues). */
  private readonly entryKind: Int32Array;
  /** Per kind: cue → log(share of the kind's titles and questions with the cue / share of all with it). */
  private readonly kindCues: Map<string, number>[];
  /** Per entry: the length of its titles and alternative questions, for the question language model. */
  private readonly questionLength: Float64Array;
  private questionTotal = 0;
  /** Per-query scratch space, one slot per passage (searches are synchronous). */
  private readonly passageScore: Float64Array;
  private readonly vocab = new Vocabulary();
  private readonly maxIdf: number;
  private readonly lexicon: LexiconRewriter;
  /** Reading by sound (see SoundTables); built on the first question that needs it. */
  private soundTables: SoundTables | undefined;

  constructor(
    kb: KnowledgeBase,
    private readonly normalizer: Normalizer,
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

    // BM25F pseudo frequencies, with each field's length normalized by its average.
    const avg = [0, 1, 2, 3].map((f) => entries.reduce((sum, c) => sum + c.lengths[f]!, 0) / Math.max(1, entries.length) || 1);
    const infos = entries.map((c, doc) => {
      const norm = [0, 1, 2, 3].map((f) => fieldWeight[f]! / (1 - fieldB[f]! + (fieldB[f]! * c.lengths[f]!) / avg[f]!));
      return c.terms.map((term, slot) => {
        const k = slot * 4;
        const n = c.counts;
        const tf = n[k]! * norm[0]! + n[k + 1]! * norm[1]! + n[k + 2]! * norm[2]! + n[k + 3]! * norm[3]!;
        let info = this.terms.get(term);
        if (!info) this.terms.set(term, (info = { docs: [], tfs: [], cf: 0, passages: [], weight: -1, qc: [], qcf: 0 }));
        info.docs.push(doc);
        info.tfs.push(tf);
        info.cf += n[k]! + n[k + 1]! + n[k + 2]! + n[k + 3]!;
        const qc = n[k]! * p.lmTitle + n[k + 1]!;
        info.qc.push(qc);
        info.qcf += qc;
        return info;
      });
    });

    // Roles count where a program has entries done by both sides (Seller Collab): there, who asks
    // tells which side's entry is meant.
    const sides = new Map<string, Set<string>>();
    for (const id of this.ids) {
      const e = kb.entry(id, 'en');
      if (e?.role) sides.set(e.program, (sides.get(e.program) ?? new Set()).add(e.role));
    }
    this.entryRole = this.ids.map((id) => {
      const e = kb.entry(id, 'en');
      const both = sides.get(e?.program ?? '');
      const role = e?.role;
      return (role === 'brand-owner' || role === 'designer') && both?.has('brand-owner') && both.has('designer') ? role : undefined;
    });

    // Which question cues each kind of entry is asked with.
    const kinds: string[] = [];
    this.entryKind = Int32Array.from(this.ids, (id) => {
      const kind = kb.entry(id, 'en')?.kind ?? '';
      if (!kinds.includes(kind)) kinds.push(kind);
      return kinds.indexOf(kind);
    });
    const kindPassages = kinds.map(() => 0);
    const kindCueCounts = kinds.map(() => new Map<string, number>());
    const cueCounts = new Map<string, number>();
    entries.forEach((c, doc) => {
      const k = this.entryKind[doc]!;
      for (const slots of c.passages) {
        kindPassages[k]!++;
        for (const slot of slots) {
          const term = c.terms[slot]!;
          if (term.charCodeAt(0) !== 0x3f /* ? */) continue;
          kindCueCounts[k]!.set(term, (kindCueCounts[k]!.get(term) ?? 0) + 1);
          cueCounts.set(term, (cueCounts.get(term) ?? 0) + 1);
        }
      }
    });
    const allPassages = kindPassages.reduce((a, b) => a + b, 0);
    this.kindCues = kinds.map((_, k) => {
      const fit = new Map<string, number>();
      for (const [cue, n] of cueCounts) {
        fit.set(cue, Math.log(((kindCueCounts[k]!.get(cue) ?? 0) + 1) / (kindPassages[k]! + 2)) - Math.log((n + 1) / (allPassages + 2)));
      }
      return fit;
    });

    this.questionLength = Float64Array.from(entries, (c) => c.lengths[TITLE]! * p.lmTitle + c.lengths[QUESTIONS]!);
    for (const len of this.questionLength) this.questionTotal += len;

    // Passages: their entry, their mass, and per term the passages holding it.
    const count = entries.reduce((n, c) => n + c.passages.length, 0);
    this.passageDoc = new Int32Array(count);
    this.passageMass = new Float64Array(count);
    this.passageScore = new Float64Array(count);

    let pid = 0;
    entries.forEach((c, doc) => {
      const slotInfo = infos[doc]!;
      c.passages.forEach((slots, i) => {
        this.passageText.push(c.passageTexts[i]!);

        let mass = 0;
        for (const slot of slots) {
          const info = slotInfo[slot]!;
          mass += this.weightOf(c.terms[slot]!, info) * this.idf(info.docs.length);
          info.passages.push(pid);
        }
        this.passageDoc[pid] = doc;
        this.passageMass[pid] = mass;
        pid++;
      });
    });
    // Misspelt question words ("hwo", "waht") are corrected, then dropped as stop words.
    for (const w of ['the', 'and', 'how', 'what', 'where', 'when', 'why', 'can', 'does', 'with', 'from', 'your', 'please']) this.vocab.add(w);
    this.vocab.seal();
    this.maxIdf = this.idf(0);
    this.lexicon = new LexiconRewriter(options.lexicon ?? [], (text) => normalizer.normalize(text));
    this.buildMs = performance.now() - t0;
  }

  get size(): number {
    return this.ids.length;
  }

  /**
   * The sound tables: every known Han bigram under each of its readings (pinyin-pro, tones
   * dropped), keeping the most frequent bigram per sound; the question words for typed pinyin;
   * and every syllable heard.
   */
  private sounds(): SoundTables {
    if (this.soundTables) return this.soundTables;
    const t: SoundTables = (this.soundTables = { soundBigram: new Map(), fuzzyBigram: new Map(), typedBigram: new Map(), typedChar: new Map(), syllables: new PinyinSplitter() });
    const stops = zhStopWords();
    const chars = new Set<string>();
    for (const term of this.terms.keys()) if (term.length === 1 && term.charCodeAt(0) >= 0x3400) chars.add(term);
    for (const w of stops) for (const c of w) chars.add(c);
    this.normalizer.learnSounds(chars);
    const put = (map: Map<string, string>, key: string, term: string) => {
      const prev = map.get(key);
      if (prev === undefined || (this.terms.get(term)?.cf ?? 0) > (this.terms.get(prev)?.cf ?? 0)) map.set(key, term);
    };
    // Per character its readings, exact and fuzzy, computed once.
    const exact = new Map<string, readonly string[]>();
    const fuzzy = new Map<string, string[]>();
    const readingsOf = (c: string) => {
      let r = exact.get(c);
      if (!r) {
        r = this.normalizer.sound(c);
        exact.set(c, r);
        fuzzy.set(c, [...new Set(r.map(fuzz))]);
      }
      return r;
    };
    const pairs = (xs: readonly string[], ys: readonly string[], each: (key: string) => void) => {
      for (const x of xs) for (const y of ys) each(`${x} ${y}`);
    };
    for (const [term, info] of this.terms) {
      const a = term.charCodeAt(0);
      if (a < 0x3400 || a > 0xffff) continue;
      if (term.length === 1) {
        for (const syl of readingsOf(term)) {
          t.syllables.add(syl);
          const prev = t.typedChar.get(syl);
          if (prev === undefined || info.cf > (this.terms.get(prev)?.cf ?? 0)) t.typedChar.set(syl, term);
        }
        continue;
      }
      if (term.length !== 2 || term.charCodeAt(1) < 0x3400) continue;
      const x = term[0]!;
      const y = term[1]!;
      pairs(readingsOf(x), readingsOf(y), (k) => {
        put(t.soundBigram, k, term);
        put(t.typedBigram, k, term);
      });
      pairs(fuzzy.get(x)!, fuzzy.get(y)!, (k) => put(t.fuzzyBigram, k, term));
    }
    for (const w of stops) {
      if (w.length !== 2) continue;
      pairs(readingsOf(w[0]!), readingsOf(w[1]!), (k) => {
        if (!t.typedBigram.has(k)) t.typedBigram.set(k, w);
      });
      for (const c of w) for (const syl of readingsOf(c)) t.syllables.add(syl);
    }
    return t;
  }

  /**
   * A known bigram that sounds like an unknown one (an input-method slip: 刊灯 → 刊登, 频牌 → 品牌,
   * 严正 → 验证), or undefined. One that shares no character with what was typed must be a
   * cohesive word of the knowledge base.
   */
  private soundAlike(a: string, b: string): string | undefined {
    if (!this.normalizer.hasSounds) return undefined;
    const ra = this.normalizer.sound(a);
    const rb = this.normalizer.sound(b);
    const t = this.sounds();
    for (const fuzzy of [false, true]) {
      const map = fuzzy ? t.fuzzyBigram : t.soundBigram;
      for (const x of ra) {
        for (const y of rb) {
          const known = map.get(fuzzy ? `${fuzz(x)} ${fuzz(y)}` : `${x} ${y}`);
          if (!known) continue;
          const shares = known[0] === a || known[1] === b;
          if (shares || this.cohesion(known[0]!, known[1]!, this.terms.get(known)) >= this.params.soundCohesion) return known;
        }
      }
    }
    return undefined;
  }

  /**
   * Typed pinyin read as Chinese ("zenme shouquan zaidan" → 怎么授权载单): runs of Latin words the
   * index does not know as English and that split into pinyin syllables, paired into known words
   * by sound. Normalized text in and out; text without such runs comes back unchanged.
   */
  private readPinyin(text: string): string {
    if (!this.normalizer.hasSounds) return text;
    return text.replace(/[a-z]+(?:[\s']+[a-z]+)*/g, (run) => {
      const words = run.split(/[\s']+/);
      const out: string[] = [];
      let pending: string[] = [];
      let pendingWords: string[] = [];
      const flush = () => {
        const han = pending.length >= 2 ? this.syllablesToHan(pending) : undefined;
        out.push(han ?? pendingWords.join(' '));
        pending = [];
        pendingWords = [];
      };
      for (const w of words) {
        const english = this.vocab.has(w) || isEnglishStopWord(w) || this.df(stem(w)) > 0 || this.vocab.correct(w) !== undefined;
        const syl = english ? undefined : this.sounds().syllables.split(w);
        if (syl) {
          pending.push(...syl);
          pendingWords.push(w);
        } else {
          if (pending.length) flush();
          out.push(w);
        }
      }
      if (pending.length) flush();
      return out.join(' ');
    });
  }

  /** Syllables as Han characters, two at a time where a known word sounds so; undefined unless most pair up. */
  private syllablesToHan(syl: readonly string[]): string | undefined {
    let out = '';
    let paired = 0;
    for (let i = 0; i < syl.length; ) {
      const t = this.sounds();
      const two = i + 1 < syl.length ? t.typedBigram.get(`${syl[i]} ${syl[i + 1]}`) : undefined;
      if (two) {
        out += two;
        paired += 2;
        i += 2;
        continue;
      }
      const one = t.typedChar.get(syl[i]!);
      if (!one) return undefined;
      out += one;
      i++;
    }
    return paired * 2 >= syl.length ? out : undefined;
  }

  /**
   * What kind of message this is: a question; an acknowledgement that asks nothing ("thanks!",
   * "ok 👍", "好的谢谢"); or nothing to search for (emoji, punctuation, only stop words).
   */
  messageKind(question: string): 'question' | 'ack' | 'empty' {
    const n = this.normalizer.normalize(question);
    if (!hasWords(n)) return 'empty';
    if (isAcknowledgement(n)) return 'ack';
    return this.analyze(question).length ? 'question' : 'empty';
  }

  /** The question as the index reads it: normalized, chatter dropped, lexicon phrases read, typed pinyin read. */
  prepare(question: string): string {
    let s = stripChatter(this.normalizer.normalize(question));
    s = this.lexicon.rewrite(s).text;
    return this.readPinyin(s);
  }

  /** Distinct terms in the index. */
  get termCount(): number {
    return this.terms.size;
  }

  /** A term's weight by its kind: a question cue, a Latin word, a Han character, a Han bigram (by its cohesion). */
  private weightOf(term: string, info: TermInfo | undefined): number {
    if (info && info.weight >= 0) return info.weight;
    const p = this.params;
    const first = term.charCodeAt(0);
    let w: number;
    if (first === 0x3f /* ? */) w = p.cue;
    else if (first < 0x80) w = p.latin;
    else if (term.length === 1 || (term.length === 2 && SURROGATES.test(term))) w = p.unigram;
    else {
      const [a, b] = SURROGATES.test(term) ? [...term] : [term[0]!, term[1]!];
      w = p.bigram * this.cohesion(a!, b!, info) ** p.cohesion;
    }
    if (info) info.weight = w;
    return w;
  }

  /** How often two characters occur as this bigram, out of how often the rarer one occurs: 0–1. */
  private cohesion(a: string, b: string, bigram: TermInfo | undefined): number {
    const together = bigram?.cf ?? 0;
    const alone = Math.min(this.terms.get(a)?.cf ?? 0, this.terms.get(b)?.cf ?? 0);
    return alone > 0 ? Math.min(1, together / alone) : 0;
  }

  private idf(df: number): number {
    const n = this.ids.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** How many entries contain a term (0 when the index has never seen it). */
  df(term: string): number {
    return this.terms.get(term)?.docs.length ?? 0;
  }

  /**
   * The question's terms: Han characters and bigrams (a bigram the index has never seen is dropped:
   * it straddles two words, and its characters already count), Latin words corrected, stop words
   * out, stemmed, and its question cues.
   */
  analyze(question: string): QueryTerm[] {
    return this.analyzeAll(question).terms;
  }

  /** The question's terms, and its bigrams the index has never seen (kept apart: they match nothing). */
  private analyzeAll(question: string): { terms: QueryTerm[]; novel: Set<string>; role: AskerRole | undefined } {
    const p = this.params;
    const byTerm = new Map<string, QueryTerm>();
    const novel = new Set<string>();
    const add = (term: string, kind: TermKind, weight: number, typed?: string) => {
      const df = this.df(term);
      const prev = byTerm.get(term);
      if (prev && prev.weight >= weight) return;
      byTerm.set(term, { term, kind, weight, idf: df ? this.idf(df) : this.maxIdf, df, ...(typed ? { typed } : {}) });
    };
    const { segments, cues, role } = this.normalizer.analyze(this.prepare(question));
    for (const cue of cues) if (this.df(cue) > 0) add(cue, 'cue', p.cue);
    for (const seg of segments) {
      if (seg.kind === 'han') {
        const { chars, heard } = this.hear(seg.text);
        for (let i = 0; i < chars.length; i++) {
          const u = chars[i]!;
          add(u, 'han1', p.unigram * (heard[i] ? p.sound : 1), heard[i]);
          if (i + 1 >= chars.length) continue;
          const bg = u + chars[i + 1]!;
          const info = this.terms.get(bg);
          const byEar = heard[i] ?? heard[i + 1];
          if (info) add(bg, 'han2', this.weightOf(bg, info) * (byEar ? p.sound : 1), byEar);
          else novel.add(bg);
        }
        continue;
      }
      const word = seg.text;
      const known = this.vocab.has(word) || isEnglishStopWord(word) || this.df(stem(word)) > 0;
      const corrected = known ? undefined : this.vocab.correct(word);
      const w = corrected ?? word;
      if (isEnglishStopWord(w)) continue;
      add(stem(w), 'latin', corrected ? p.corrected : p.latin, corrected ? word : undefined);
    }
    return { terms: [...byTerm.values()], novel, role };
  }

  /**
   * A Han run with its input-method slips read by sound: each unknown bigram that sounds like a
   * known one is replaced by it (left to right). `heard[i]` is the typed bigram where character i
   * was replaced.
   */
  private hear(run: string): { chars: string[]; heard: (string | undefined)[] } {
    const chars = hanTerms(run).unigrams;
    const heard: (string | undefined)[] = new Array<string | undefined>(chars.length).fill(undefined);
    if (!this.normalizer.hasSounds) return { chars, heard };
    for (let i = 0; i + 1 < chars.length; i++) {
      const a = chars[i]!;
      const b = chars[i + 1]!;
      if (heard[i] || this.terms.has(a + b)) continue;
      const known = this.soundAlike(a, b);
      if (!known || known.length !== 2) continue;
      chars[i] = known[0]!;
      chars[i + 1] = known[1]!;
      heard[i] = heard[i + 1] = a + b;
      i++;
    }
    return { chars, heard };
  }

  /**
   * The question reduced to its words (normalized, stop words out), so that the same question in
   * other words or scripts groups together: "怎麼退保證金" and "怎么退保证金" → "退保证金".
   */
  key(question: string): string {
    const words = this.normalizer
      .segments(question)
      .filter((s) => s.kind === 'han' || !isEnglishStopWord(s.text))
      .map((s) => s.text);
    // Spaces between Chinese words are typing habits, not meaning: "退 保证金" is "退保证金".
    const key = words.join(' ').replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '');
    return (key || this.normalizer.normalize(question).trim()).slice(0, 200);
  }

  /**
   * The question language model's posterior over the entries: each entry's titles and alternative
   * questions as a unigram model over the index's terms (Dirichlet-smoothed towards all entries'
   * questions together), scored by the question's weighted mean log-likelihood ratio, turned into
   * shares that sum to 1 with sharpness lmBeta. It reads a question the way a person matching it
   * against the listed questions would, where BM25F also reads the bodies.
   */
  private lmPosterior(terms: readonly QueryTerm[]): Float64Array {
    const { lmMu: mu, lmBeta: beta } = this.params;
    const n = this.ids.length;
    const out = new Float64Array(n);
    let total = 0;
    for (const t of terms) total += t.weight;
    if (total <= 0) return out.fill(1 / n);
    for (let d = 0; d < n; d++) out[d] = total * Math.log(mu / (this.questionLength[d]! + mu));
    for (const t of terms) {
      const info = this.terms.get(t.term);
      if (!info || info.qcf === 0) continue;
      const pb = (info.qcf + 0.5) / (this.questionTotal + 1);
      for (let i = 0; i < info.docs.length; i++) {
        const c = info.qc[i]!;
        if (c === 0) continue;
        const doc = info.docs[i]!;
        out[doc]! += t.weight * (Math.log((c + mu * pb) / pb) - Math.log(mu));
      }
    }
    let max = -Infinity;
    for (let d = 0; d < n; d++) max = Math.max(max, out[d]!);
    let z = 0;
    for (let d = 0; d < n; d++) z += out[d] = Math.exp((beta * (out[d]! - max)) / total);
    for (let d = 0; d < n; d++) out[d]! /= z;
    return out;
  }

  /** How well an entry's kind fits a question asked with these cues (see Hit.kind). */
  private kindFit(doc: number, cues: readonly string[]): number {
    if (!cues.length) return 0;
    const fit = this.kindCues[this.entryKind[doc]!]!;
    let sum = 0;
    for (const cue of cues) sum += fit.get(cue) ?? 0;
    return sum / cues.length;
  }

  /** The entries that match, best first (at most `limit`). */
  search(question: string, limit = 5): SearchResult {
    const { terms, novel: unseen, role } = this.analyzeAll(question);
    const { k1, passageMix, passageFit, kindMix, roleMix } = this.params;
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
      const info = this.terms.get(t.term);
      if (!info) continue;
      const w = t.weight * t.idf;
      for (let i = 0; i < info.docs.length; i++) {
        const doc = info.docs[i]!;
        const tf = info.tfs[i]!;
        let s = scores.get(doc);
        if (!s) scores.set(doc, (s = { score: 0, covered: 0, passage: 0, fit: 0, match: 0, pid: -1 }));
        s.score += (w * (tf * (k1 + 1))) / (tf + k1);
        s.covered += w;
      }
      for (const pid of info.passages) {
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

    const lm = this.lmPosterior(terms);
    const cues = terms.filter((t) => t.kind === 'cue').map((t) => t.term);
    const best = mass * (k1 + 1);
    const hits: Hit[] = [];
    for (const [doc, s] of scores) {
      const norm = s.score / best;
      const kindFit = this.kindFit(doc, cues);
      const entryRole = this.entryRole[doc];
      const roleFit = role && entryRole ? (role === entryRole ? 1 : -1) : 0;
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
        rank: (1 - passageMix) * norm + passageMix * s.match + kindMix * kindFit + roleMix * roleFit,
        matched: s.pid >= 0 ? this.passageText[s.pid] : undefined,
      });
    }
    hits.sort((a, b) => b.rank - a.rank || b.score - a.score);
    return { terms, mass, novel, role, hits: hits.slice(0, limit) };
  }
}

/**
 * Reading by sound: every known Han bigram under each of its readings (tones dropped), keeping the
 * most frequent per sound ("kan deng" → 刊登), exactly and with blurred initials and finals; for
 * typed pinyin the same with the question words ("zen me" → 怎么), syllable → most frequent
 * character, and every syllable heard.
 */
interface SoundTables {
  soundBigram: Map<string, string>;
  fuzzyBigram: Map<string, string>;
  typedBigram: Map<string, string>;
  typedChar: Map<string, string>;
  syllables: PinyinSplitter;
}

/** A syllable with the initials and finals people blur folded together (zh/z, ch/c, sh/s, n/l, -ng/-n). */
function fuzz(syllable: string): string {
  return syllable.replace(/^([zcs])h/, '$1').replace(/^l/, 'n').replace(/ng$/, 'n');
}
