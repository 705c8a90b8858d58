import type { Locale } from '../i18n/locales.js';
import type { LexiconPair } from './lexicon.js';
import type { GeneralSynonyms } from './general-synonyms.js';

/** The /howto ranking's parameters (see search-index.ts for how they are used). */
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
  /**
   * passageMix for a question asking the difference between two things (the `?diff` cue): its best single title or question
   * holds one of the two, so the rank leans on the whole entry, which holds both where it explains the distinction.
   */
  diffPassageMix: number;
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
   * The weight, relative to a known one, of a Latin word the knowledge base never uses ("since",
   * "mockup", "bank"): it ranks nothing, but counts as unexplained in `coverage`.
   */
  unknown: number;
  /**
   * How much of the rank is the entry's kind fitting the question's kind: "…的步骤" and "how do I"
   * ask for a procedure, "can I" for a rule or an answer, "what is" for an overview (see kindFit).
   */
  kindMix: number;
  /** How much of the rank is who asks: up for an entry done by the role the question names as asking, down for one done by the other. */
  roleMix: number;
  /** How much of the rank an entry loses when the question lacks a cue the entry is marked by (entry-traits.ts entryMarks). */
  markMix: number;
  /** The question language model: Dirichlet smoothing (μ), how many questions' worth a title counts, and the posterior's sharpness. */
  lmMu: number;
  lmTitle: number;
  lmBeta: number;
  /** The weight, relative to a typed one, of a term the domain lexicon read in (its meaning's words: "greenlight" → approve, design). */
  lexicon: number;
  /** The weight, relative to the asked part's, of a term only a question's done part holds ("账号刚建好，接下来…": see doneTerms). */
  done: number;
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
  diffPassageMix: 0.05,
  passageFit: 0.6,
  cohesion: 0.25,
  novel: 0.5,
  unknown: 0.5,
  kindMix: 0.03,
  roleMix: 0.1,
  markMix: 0.15,
  lmMu: 3,
  lmTitle: 1,
  lmBeta: 2,
  lexicon: 2,
  sound: 0.8,
  done: 0.5,
  soundCohesion: 0.5,
};

export interface IndexOptions {
  /** Leave out some alternative questions (calibration: ask them without them being in the index). */
  skipQuestion?: ((id: string, locale: Locale, index: number) => boolean) | undefined;
  /** Leave out an entry's titles (calibration: ask the title without it in the index). */
  skipTitle?: ((id: string) => boolean) | undefined;
  /** The domain lexicon (locales/lexicon.json): phrases read as the knowledge base's words. */
  lexicon?: readonly LexiconPair[] | undefined;
  /** Synonyms from general dictionaries (locales/general-synonyms.json), at a lower weight; off unless given. */
  general?: GeneralSynonyms | undefined;
}
