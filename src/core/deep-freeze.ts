/**
 * The value, frozen with everything it holds. A reply built once and shown again and again (/help's
 * list, a guide's body) is frozen so it cannot be changed by accident, and a frozen block array is
 * one whose rewrites and renders may be remembered (withCommandLines, the Discord renderer).
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
