import type { KnowledgeBase } from './loader.js';
import type { AskerRole } from './question-cues.js';
import type { EntryCounts } from './index-text.js';

/**
 * What the /howto index knows about each entry besides its words: who does it (Seller Collab's two
 * sides) and what kind it is, with the question cues each kind is asked with (see Hit.kind, Hit.role).
 */

/**
 * Per entry, the role doing it, where a program has entries done by both sides (Seller Collab):
 * there, who asks tells which side's entry is meant. Elsewhere undefined.
 */
export function entryRoles(kb: KnowledgeBase, ids: readonly string[]): (AskerRole | undefined)[] {
  const sides = new Map<string, Set<string>>();
  for (const id of ids) {
    const e = kb.entry(id, 'en');
    if (e?.role) sides.set(e.program, (sides.get(e.program) ?? new Set()).add(e.role));
  }
  return ids.map((id) => {
    const e = kb.entry(id, 'en');
    const both = sides.get(e?.program ?? '');
    const role = e?.role;
    return (role === 'brand-owner' || role === 'designer') && both?.has('brand-owner') && both.has('designer') ? role : undefined;
  });
}

/** Per entry its kind, as an index into the kinds seen; and how many kinds there are. */
export function entryKinds(kb: KnowledgeBase, ids: readonly string[]): { kindOf: Int32Array; count: number } {
  const kinds: string[] = [];
  const kindOf = Int32Array.from(ids, (id) => {
    const kind = kb.entry(id, 'en')?.kind ?? '';
    if (!kinds.includes(kind)) kinds.push(kind);
    return kinds.indexOf(kind);
  });
  return { kindOf, count: kinds.length };
}

/**
 * Per kind: question cue → log(share of the kind's titles and questions with the cue / share of
 * all titles and questions with it), each share smoothed.
 */
export function kindCueFit(entries: readonly EntryCounts[], kindOf: Int32Array, kinds: number): Map<string, number>[] {
  const kindPassages = new Array<number>(kinds).fill(0);
  const kindCueCounts = Array.from({ length: kinds }, () => new Map<string, number>());
  const cueCounts = new Map<string, number>();
  entries.forEach((c, doc) => {
    const k = kindOf[doc]!;
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
  return kindCueCounts.map((counts, k) => {
    const fit = new Map<string, number>();
    for (const [cue, n] of cueCounts) fit.set(cue, Math.log(((counts.get(cue) ?? 0) + 1) / (kindPassages[k]! + 2)) - Math.log((n + 1) / (allPassages + 2)));
    return fit;
  });
}

/** How well an entry's kind fits a question asked with these cues (see Hit.kind): the mean of the cues' fit. */
export function kindFitOf(fit: ReadonlyMap<string, number>, cues: readonly string[]): number {
  if (!cues.length) return 0;
  let sum = 0;
  for (const cue of cues) sum += fit.get(cue) ?? 0;
  return sum / cues.length;
}

/**
 * Per entry, the question cues it is marked by: a cue that at least MARK_SHARE of its titles and
 * questions carry, and at most MARK_RATIO of all of them (e.g. `?again` on *Reschedule the video
 * verification*, whose questions say 重新 / "change the time", against *Book the video
 * verification*). A question without an entry's mark is less likely to mean it than its sibling
 * that lacks the mark (see Hit.rank); each mark with how much more the entry carries it than all do.
 */
export const MARK_SHARE = 0.5;
export const MARK_RATIO = 0.25;
export function entryMarks(entries: readonly EntryCounts[]): [cue: string, strength: number][][] {
  const perEntry = entries.map((c) => {
    const n = new Map<string, number>();
    for (const slots of c.passages) {
      for (const slot of slots) {
        const term = c.terms[slot]!;
        if (term.charCodeAt(0) === 0x3f /* ? */) n.set(term, (n.get(term) ?? 0) + 1);
      }
    }
    return n;
  });
  const total = entries.reduce((a, c) => a + c.passages.length, 0);
  const all = new Map<string, number>();
  for (const n of perEntry) for (const [cue, k] of n) all.set(cue, (all.get(cue) ?? 0) + k);
  return perEntry.map((n, doc) => {
    const marks: [string, number][] = [];
    const passages = entries[doc]!.passages.length;
    for (const [cue, k] of n) {
      const share = k / Math.max(1, passages);
      const overall = (all.get(cue) ?? 0) / Math.max(1, total);
      if (share >= MARK_SHARE && overall <= MARK_RATIO * share) marks.push([cue, share - overall]);
    }
    return marks;
  });
}

/**
 * Per entry, whether one of its titles or questions carries the cue (1) or not (0): e.g. `?diff` on the entry whose
 * questions ask the difference between two statuses, the entry that explains that distinction.
 */
export function entryCarries(entries: readonly EntryCounts[], cue: string): Uint8Array {
  return Uint8Array.from(entries, (c) => (c.passages.some((slots) => slots.some((slot) => c.terms[slot] === cue)) ? 1 : 0));
}
