import { hanTerms, isEnglishStopWord, stem, type Normalizer } from './normalize.js';
import type { Entry, TextWithLabels } from './schema.js';
import type { Vocabulary } from './typo.js';

/**
 * How the /howto index reads the knowledge base's text while it is built: per entry, each term's
 * count in each field (title, alternative questions, program, body), and each title and
 * alternative question as a passage of its own.
 */

/** One entry's term counts while the index is built. */
export class EntryCounts {
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

export const TITLE = 0;
export const QUESTIONS = 1;
export const PROGRAM = 2;
export const BODY = 3;
export const SURROGATES = /[\ud800-\udfff]/;

/**
 * Counts the terms of a piece of text into an entry's counts: Latin words stemmed (stop words out,
 * every word also into the typo vocabulary), Han characters and bigrams, and for a passage (a
 * title or question) its question cues. Runs over the whole knowledge base at every build, hence
 * the plain loop.
 */
export function countText(normalizer: Normalizer, vocab: Vocabulary, into: EntryCounts, field: number, text: string, isPassage: boolean): void {
  // Who asks is a question's, not the knowledge base's.
  const { segments, cues } = normalizer.analyze(text, isPassage, false);
  const passage = isPassage ? [] : undefined;
  for (const cue of cues) into.add(cue, field, passage);
  for (const seg of segments) {
    const s = seg.text;
    if (seg.kind === 'latin') {
      vocab.add(s);
      if (!isEnglishStopWord(s)) into.add(stem(s), field, passage);
    } else if (SURROGATES.test(s)) {
      const { unigrams, bigrams } = hanTerms(s);
      for (const t of unigrams) into.add(t, field, passage);
      for (const t of bigrams) into.add(t, field, passage);
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

export function bodyText(e: Entry): string {
  return [e.summary, e.answer ?? '', ...e.steps.map(labelled), ...e.items.map(labelled), ...e.rules.map(labelled), ...e.warnings].join('\n');
}
