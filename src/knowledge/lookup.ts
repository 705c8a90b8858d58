import { LOCALES, type Locale } from '../i18n/locales.js';
import type { Choice } from '../core/types.js';
import { clip } from '../core/clip.js';
import { editDistance } from '../core/edit-distance.js';
import { maxEdits } from './typo.js';
import type { KnowledgeBase } from './loader.js';

/**
 * Finding an entry by what someone typed as its id: exact ids, unique id tails
 * (`approve-design`), exact titles, and "did you mean" suggestions for the rest. This is id
 * lookup for /guide, not question answering (that is /howto's index).
 */

/** NFKC, lower case, full-width dots folded, spaces trimmed. */
function normalizeTyped(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[。．]/g, '.')
    .replace(/^\/+/, '')
    .trim();
}

/** The id the text names without doubt, or undefined. */
export function resolveEntryId(kb: KnowledgeBase, typed: string): string | undefined {
  const t = normalizeTyped(typed);
  if (!t) return undefined;
  if (kb.has(t)) return t;
  const dashed = t.replace(/[\s_]+/g, '-');
  if (kb.has(dashed)) return dashed;
  const byTail = kb.ids.filter((id) => id.slice(id.indexOf('.') + 1) === dashed);
  if (byTail.length === 1) return byTail[0];
  const byTitle = kb.ids.filter((id) => LOCALES.some((l) => normalizeTyped(kb.entry(id, l)?.title ?? '') === t));
  return byTitle.length === 1 ? byTitle[0] : undefined;
}

const WORD_SPLIT = /[\s.\-_/,，、()（）:：]+/;

/** How well `typed` matches an entry (0–1): id spelling, or words found in its id and titles. */
function similarity(kb: KnowledgeBase, id: string, typed: string): number {
  const tail = id.slice(id.indexOf('.') + 1);
  const spell = Math.max(
    1 - editDistance(typed, id) / Math.max(typed.length, id.length),
    1 - editDistance(typed, tail) / Math.max(typed.length, tail.length),
  );
  const haystack = [id, ...LOCALES.map((l) => normalizeTyped(kb.entry(id, l)?.title ?? ''))].join(' ');
  if (haystack.includes(typed)) return 1;
  const hayWords = haystack.split(WORD_SPLIT);
  // One Latin letter matches almost anything; it says nothing about which entry is meant.
  const words = typed.split(WORD_SPLIT).filter((w) => w.length > 1 || /\p{Script=Han}/u.test(w));
  const units = words.flatMap((w) => (/\p{Script=Han}/u.test(w) ? bigrams(w) : [w]));
  const found = units.filter((u) => haystack.includes(u) || hayWords.some((w) => nearWord(u, w))).length;
  const overlap = units.length ? found / units.length : 0;
  return Math.max(spell, overlap * 0.9);
}

/** A typo of a Latin word: as many edits as the /howto corrector allows (typo.ts maxEdits). */
function nearWord(typed: string, word: string): boolean {
  const limit = maxEdits(typed.length);
  return limit > 0 && /^[a-z0-9-]+$/.test(typed) && editDistance(typed, word, limit) <= limit;
}

function bigrams(w: string): string[] {
  const chars = [...w];
  if (chars.length < 2) return chars;
  return chars.slice(1).map((c, i) => chars[i] + c);
}

/** Up to `count` ids close to what was typed, best first; none when nothing is close. */
export function suggestEntries(kb: KnowledgeBase, typed: string, count = 3): string[] {
  const t = normalizeTyped(typed);
  if (!t) return [];
  return kb.ids
    .map((id, order) => ({ id, order, s: similarity(kb, id, t) }))
    .filter((x) => x.s >= 0.45)
    .sort((a, b) => b.s - a.s || a.order - b.order)
    .slice(0, count)
    .map((x) => x.id);
}

/**
 * Autocomplete choices for an entry option: ids and titles in the caller's language that
 * contain what is typed (prefixes first), else the closest suggestions. At most 25.
 */
export function completeEntries(kb: KnowledgeBase, locale: Locale, partial: string): Choice[] {
  const t = normalizeTyped(partial);
  const choice = (id: string): Choice => {
    const name = `${kb.entry(id, locale)?.title ?? id} · ${id}`;
    return { name: clip(name, 100), value: id };
  };
  if (!t) return kb.ids.slice(0, 25).map(choice);
  const ranked = kb.ids
    .map((id, order) => {
      const title = normalizeTyped(kb.entry(id, locale)?.title ?? '');
      const tail = id.slice(id.indexOf('.') + 1);
      const rank = id.startsWith(t) || tail.startsWith(t) || title.startsWith(t) ? 0 : id.includes(t) || title.includes(t) ? 1 : -1;
      return { id, order, rank };
    })
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((x) => x.id);
  const ids = ranked.length ? ranked : suggestEntries(kb, t, 10);
  return ids.slice(0, 25).map(choice);
}
