import type { AskerRole } from './question-cues.js';

/** What a /howto search returns (see search-index.ts). */
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
  /** A difference question's two sides, when no entry explains the distinction: the entries offered together, neither answered. */
  both?: readonly [string, string] | undefined;
}
