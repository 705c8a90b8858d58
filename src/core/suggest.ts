import { editDistance } from './edit-distance.js';

/**
 * The candidate closest to what was typed, when it is close enough to be a typo. A short word may
 * be one edit off; two when it keeps the candidate's first letter and length (`dew` → `due`).
 */
export function closest(typed: string, candidates: Iterable<string>): string | undefined {
  const t = typed.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(t, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const b = best.toLowerCase();
  const sameShape = b.length === t.length && b[0] === t[0];
  const limit = t.length <= 3 ? (sameShape ? 2 : 1) : t.length <= 6 ? 2 : 3;
  return bestD <= limit ? best : undefined;
}

/** The few candidates closest to what was typed, best first (for "did you mean" lists). */
export function nearest(typed: string, candidates: Iterable<string>, count = 3): string[] {
  const t = typed.toLowerCase();
  return [...candidates]
    .map((c) => {
      const lc = c.toLowerCase();
      // A candidate that contains what was typed (or a part of it) counts as close.
      const contains = lc.includes(t) || t.includes(lc) ? -2 : 0;
      return { c, d: editDistance(t, lc) + contains };
    })
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, count)
    .map((x) => x.c);
}
