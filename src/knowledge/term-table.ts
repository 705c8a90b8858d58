import type { EntryCounts } from './index-text.js';
import type { QuestionCounts } from './question-lm.js';

/**
 * Term → its number (the terms are numbered 0, 1, … in order), as an open-addressing hash table
 * over one string holding every term: the prebuilt index (prebuilt.ts) then reads one string and
 * two typed arrays instead of a Map of thousands of terms, which a one-shot /howto spent a good
 * part of its reading making.
 */
export class TermIds {
  /** Every term, one after the other. */
  private readonly text: string;
  /** Where term t starts in text (at the term count: where the last one ends). */
  private readonly starts: Int32Array;
  /** The hash table (a power of two, at least twice the term count): per slot, a term's number + 1, or 0 when empty. */
  private readonly slots: Int32Array;

  constructor(terms: readonly string[]) {
    this.text = terms.join('');
    this.starts = new Int32Array(terms.length + 1);
    let at = 0;
    terms.forEach((term, t) => {
      this.starts[t] = at;
      at += term.length;
    });
    this.starts[terms.length] = at;
    let size = 1;
    while (size < terms.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    terms.forEach((term, t) => {
      let s = hashTerm(term) & (size - 1);
      while (this.slots[s] !== 0) s = (s + 1) & (size - 1);
      this.slots[s] = t + 1;
    });
  }

  get size(): number {
    return this.starts.length - 1;
  }

  /** The term's number, or undefined when it is not a term of the table. */
  get(term: string): number | undefined {
    const mask = this.slots.length - 1;
    for (let s = hashTerm(term) & mask; ; s = (s + 1) & mask) {
      const t = this.slots[s]! - 1;
      if (t < 0) return undefined;
      const from = this.starts[t]!;
      if (this.starts[t + 1]! - from === term.length && this.text.startsWith(term, from)) return t;
    }
  }

  /** The term numbered t. */
  term(t: number): string {
    return this.text.slice(this.starts[t]!, this.starts[t + 1]!);
  }
}

/** FNV-1a over the UTF-16 code units. */
function hashTerm(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

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
  readonly ids: TermIds;
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
    // (The building map's order is its ids' order: each term's id is its position.)
    this.ids = new TermIds([...building.keys()]);
    let at = 0;
    for (const info of building.values()) {
      const t = info.id;
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
    return { docs: this.postDoc, qc: this.postQc, from, to, qcf: this.qcf[t]! };
  }

  /** Every term with its occurrences in the whole knowledge base. */
  *counts(): Iterable<[string, number]> {
    for (let t = 0; t < this.ids.size; t++) yield [this.ids.term(t), this.cf[t]!];
  }
}
