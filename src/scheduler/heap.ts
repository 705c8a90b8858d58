/** A binary min-heap of (time, id) pairs: the scheduler's index of each item's next slot. */
export class MinHeap {
  private at: number[] = [];
  private ids: string[] = [];

  get size(): number {
    return this.at.length;
  }

  clear(): void {
    this.at = [];
    this.ids = [];
  }

  push(at: number, id: string): void {
    this.at.push(at);
    this.ids.push(id);
    let i = this.at.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.at[parent]! <= at) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The earliest pair, or undefined when empty. */
  peek(): { at: number; id: string } | undefined {
    return this.at.length ? { at: this.at[0]!, id: this.ids[0]! } : undefined;
  }

  pop(): { at: number; id: string } | undefined {
    const top = this.peek();
    if (!top) return undefined;
    const lastAt = this.at.pop()!;
    const lastId = this.ids.pop()!;
    if (this.at.length) {
      this.at[0] = lastAt;
      this.ids[0] = lastId;
      let i = 0;
      const n = this.at.length;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < n && this.at[l]! < this.at[m]!) m = l;
        if (r < n && this.at[r]! < this.at[m]!) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }

  private swap(a: number, b: number): void {
    const t = this.at[a]!;
    this.at[a] = this.at[b]!;
    this.at[b] = t;
    const u = this.ids[a]!;
    this.ids[a] = this.ids[b]!;
    this.ids[b] = u;
  }
}
