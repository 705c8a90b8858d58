import type { SearchParams } from './search-params.js';
import type { QueryTerm } from './search-types.js';

/**
 * A term's counts in the entries' titles (× lmTitle) and alternative questions: docs[i] and qc[i] for i from `from` to
 * `to` (the table's own arrays: two views made per question term were a few KB of garbage a question).
 */
export interface QuestionCounts {
  docs: ArrayLike<number>;
  qc: ArrayLike<number>;
  from: number;
  to: number;
  /** The sum of qc. */
  qcf: number;
}

/**
 * The question language model's posterior over the entries: each entry's titles and alternative
 * questions as a unigram model over the index's terms (Dirichlet-smoothed towards all entries'
 * questions together), scored by the question's weighted mean log-likelihood ratio, turned into
 * shares that sum to 1 with sharpness lmBeta. It reads a question the way a person matching it
 * against the listed questions would, where BM25F also reads the bodies.
 */
export function lmPosterior(
  params: Pick<SearchParams, 'lmMu' | 'lmBeta'>,
  n: number,
  questionLength: Float64Array,
  questionTotal: number,
  terms: readonly QueryTerm[],
  counts: (term: string) => QuestionCounts | undefined,
): Float64Array {
  const { lmMu: mu, lmBeta: beta } = params;
  const out = new Float64Array(n);
  let total = 0;
  for (const t of terms) total += t.weight;
  if (total <= 0) return out.fill(1 / n);
  for (let d = 0; d < n; d++) out[d] = total * Math.log(mu / (questionLength[d]! + mu));
  for (const t of terms) {
    const info = counts(t.term);
    if (!info || info.qcf === 0) continue;
    const pb = (info.qcf + 0.5) / (questionTotal + 1);
    for (let i = info.from; i < info.to; i++) {
      const c = info.qc[i]!;
      if (c === 0) continue;
      out[info.docs[i]!]! += t.weight * (Math.log((c + mu * pb) / pb) - Math.log(mu));
    }
  }
  let max = -Infinity;
  for (let d = 0; d < n; d++) max = Math.max(max, out[d]!);
  let z = 0;
  for (let d = 0; d < n; d++) z += out[d] = Math.exp((beta * (out[d]! - max)) / total);
  for (let d = 0; d < n; d++) out[d]! /= z;
  return out;
}
