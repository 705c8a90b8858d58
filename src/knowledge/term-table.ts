import type { EntryCounts } from './index-text.js';
import type { QuestionCounts } from './question-lm.js';

/** A term's postings while the table is built. */
interface TermBuild {
  id: number;
  docs: number[];
  tfs: number[];
  cf: number;
  qc: number[];
  qcf: number;
}

/** How the term counts of an entry's fields are weighed into the table (see SearchParams). */
export interface TermWeighing {
  /** Per field (TITLE, QUESTIONS, PROGRAM, BODY): its BM25F weight, and how much its length normalizes. */
  readonly fieldWeight: readonly number[];
  readonly fieldB: readonly number[];
  /** How much a title occurrence counts against an alternative question's, for the question language model. */
  readonly lmTitle: number;
}

/**
 * What the /howto index knows about the terms, in flat arrays (term number → slot; a term's
 * postings are the range postStart[t] .. postStart[t + 1], its passages passStart[t] ..
 * passStart[t + 1]): the prebuilt index (prebuilt.ts) then holds a few typed arrays instead of an
 * object and four arrays per term, which a one-shot /howto would spend most of its time
 * deserializing. A passage is a title or alternative question, numbered in entry order, then in
 * the order of the entry's passages.
 */
export class TermTable {
  /** Term → its number. */
  readonly ids = new Map<string, number>();
  /** Per term: its occurrences in the whole knowledge base (all entries, fields and locales). */
  readonly cf: Float64Array;
  /** Per term: its weight by kind; computed on first use by the index (-1 until then). */
  readonly weight: Float64Array;
  /** Per term: the sum of its qc. */
  readonly qcf: Float64Array;
  readonly postStart: Int32Array;
  /** Per posting: the entry holding the term, and the term's BM25F pseudo frequency in it (field weights and lengths applied). */
  readonly postDoc: Int32Array;
  readonly postTf: Float64Array;
  /** Per posting: the term's count in the entry's titles (× lmTitle) and alternative questions. */
  readonly postQc: Float64Array;
  readonly passStart: Int32Array;
  /** The titles and alternative questions holding each term. */
  readonly passages: Int32Array;
  /** The table of the entries' term counts (entry number = position in `entries`), and per entry, per slot of its EntryCounts, the term's number. */
  static build(entries: readonly EntryCounts[], weighing: TermWeighing): { table: TermTable; slotIds: number[][] } {
    const { fieldWeight, fieldB, lmTitle } = weighing;
    // BM25F pseudo frequencies, with each field's length normalized by its average.
    const avg = [0, 1, 2, 3].map((f) => entries.reduce((sum, c) => sum + c.lengths[f]!, 0) / Math.max(1, entries.length) || 1);
    const building = new Map<string, TermBuild>();
    const slotIds = entries.map((c, doc) => {
      const norm = [0, 1, 2, 3].map((f) => fieldWeight[f]! / (1 - fieldB[f]! + (fieldB[f]! * c.lengths[f]!) / avg[f]!));
      return c.terms.map((term, slot) => {
        const k = slot * 4;
        const n = c.counts;
        const tf = n[k]! * norm[0]! + n[k + 1]! * norm[1]! + n[k + 2]! * norm[2]! + n[k + 3]! * norm[3]!;
        let info = building.get(term);
        if (!info) building.set(term, (info = { id: building.size, docs: [], tfs: [], cf: 0, qc: [], qcf: 0 }));
        info.docs.push(doc);
        info.tfs.push(tf);
        info.cf += n[k]! + n[k + 1]! + n[k + 2]! + n[k + 3]!;
        const qc = n[k]! * lmTitle + n[k + 1]!;
        info.qc.push(qc);
        info.qcf += qc;
        return info.id;
      });
    });

    // Per term, the passages holding it.
    const termPassages: number[][] = Array.from({ length: building.size }, () => []);
    let pid = 0;
    entries.forEach((c, doc) => {
      const slotId = slotIds[doc]!;
      for (const slots of c.passages) {
        for (const slot of slots) termPassages[slotId[slot]!]!.push(pid);
        pid++;
      }
    });
    return { table: new TermTable(building, termPassages), slotIds };
  }

  private constructor(building: ReadonlyMap<string, TermBuild>, termPassages: readonly number[][]) {
    const termCount = building.size;
    const postings = [...building.values()].reduce((sum, info) => sum + info.docs.length, 0);
    this.cf = new Float64Array(termCount);
    this.weight = new Float64Array(termCount).fill(-1);
    this.qcf = new Float64Array(termCount);
    this.postStart = new Int32Array(termCount + 1);
    this.postDoc = new Int32Array(postings);
    this.postTf = new Float64Array(postings);
    this.postQc = new Float64Array(postings);
    let at = 0;
    for (const [term, info] of building) {
      const t = info.id;
      this.ids.set(term, t);
      this.cf[t] = info.cf;
      this.qcf[t] = info.qcf;
      this.postStart[t] = at;
      this.postDoc.set(info.docs, at);
      this.postTf.set(info.tfs, at);
      this.postQc.set(info.qc, at);
      at += info.docs.length;
    }
    this.postStart[termCount] = at;

    this.passStart = new Int32Array(termCount + 1);
    this.passages = new Int32Array(termPassages.reduce((sum, list) => sum + list.length, 0));
    at = 0;
    termPassages.forEach((list, t) => {
      this.passStart[t] = at;
      this.passages.set(list, at);
      at += list.length;
    });
    this.passStart[termCount] = at;
  }

  /** A term's occurrences in the whole knowledge base (0 when unknown). */
  cfOf(term: string): number {
    const t = this.ids.get(term);
    return t === undefined ? 0 : this.cf[t]!;
  }

  /** How many entries contain the term numbered t. */
  docCount(t: number): number {
    return this.postStart[t + 1]! - this.postStart[t]!;
  }

  /** How many entries contain a term (0 when unknown). */
  df(term: string): number {
    const t = this.ids.get(term);
    return t === undefined ? 0 : this.docCount(t);
  }

  /** A term's counts in the titles and alternative questions, for the question language model. */
  questionCounts(term: string): QuestionCounts | undefined {
    const t = this.ids.get(term);
    if (t === undefined) return undefined;
    const from = this.postStart[t]!;
    const to = this.postStart[t + 1]!;
    return { docs: this.postDoc.subarray(from, to), qc: this.postQc.subarray(from, to), qcf: this.qcf[t]! };
  }

  /** Every term with its occurrences in the whole knowledge base. */
  *counts(): Iterable<[string, number]> {
    for (const [term, t] of this.ids) yield [term, this.cf[t]!];
  }
}
