/**
 * Keeps the k smallest of many offers, in order: what a page of a long list needs, without
 * sorting (or even allocating) every row. Ties keep the order of `tie` (smaller first).
 */
export class TopK<T> {
  private readonly keys: number[] = [];
  private readonly ties: number[] = [];
  private readonly values: T[] = [];
  constructor(private readonly k: number) {}

  /** Whether a row with this key and tie-break would be kept (so its value is worth building). */
  wants(key: number, tie: number): boolean {
    if (this.k <= 0) return false;
    if (this.keys.length < this.k) return true;
    const last = this.keys.length - 1;
    return key < this.keys[last]! || (key === this.keys[last] && tie < this.ties[last]!);
  }

  offer(key: number, tie: number, value: T): void {
    if (!this.wants(key, tie)) return;
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key || (this.keys[mid] === key && this.ties[mid]! <= tie)) lo = mid + 1;
      else hi = mid;
    }
    this.keys.splice(lo, 0, key);
    this.ties.splice(lo, 0, tie);
    this.values.splice(lo, 0, value);
    if (this.keys.length > this.k) {
      this.keys.pop();
      this.ties.pop();
      this.values.pop();
    }
  }

  /** The kept values, smallest first. */
  result(): T[] {
    return this.values;
  }
}
