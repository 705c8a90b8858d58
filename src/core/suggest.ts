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
