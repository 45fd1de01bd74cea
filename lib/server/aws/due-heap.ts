/**
 * A min-heap of things due at a time (earliest first, then first pushed), so that the AWS
 * reader finds what to read next in O(log n) instead of sorting every target on every tick.
 * Entries are never removed from the middle: a caller that reschedules a thing pushes it again
 * and tells stale entries apart itself (`isCurrent`), dropping them when they reach the top.
 */
import "server-only";

interface Node<T> {
  due: number;
  seq: number;
  /** The caller's generation of `value` when pushed: a later push makes this one stale. */
  gen: number;
  value: T;
}

export class DueHeap<T> {
  private readonly nodes: Node<T>[] = [];
  private seq = 0;

  constructor(private readonly isCurrent: (value: T, gen: number) => boolean) {}

  get size(): number {
    return this.nodes.length;
  }

  push(value: T, due: number, gen: number): void {
    this.nodes.push({ due, seq: this.seq++, gen, value });
    this.up(this.nodes.length - 1);
  }

  /** The earliest current entry due at or before `now` (stale entries on top are dropped). */
  peekDue(now: number): T | null {
    this.dropStale();
    const top = this.nodes[0];
    return top && top.due <= now ? top.value : null;
  }

  /** Removes the top (after peekDue returned it). */
  pop(): T | null {
    const top = this.nodes[0];
    if (!top) return null;
    const last = this.nodes.pop()!;
    if (this.nodes.length > 0) {
      this.nodes[0] = last;
      this.down(0);
    }
    return top.value;
  }

  /** Keeps only the current entries (when stale ones pile up: a long-running fleet with many changes). */
  compact(): void {
    const live = this.nodes.filter((n) => this.isCurrent(n.value, n.gen));
    this.nodes.length = 0;
    for (const n of live) {
      this.nodes.push(n);
      this.up(this.nodes.length - 1);
    }
  }

  private dropStale(): void {
    while (this.nodes.length > 0 && !this.isCurrent(this.nodes[0].value, this.nodes[0].gen)) this.pop();
  }

  private less(a: Node<T>, b: Node<T>): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private up(i: number): void {
    const n = this.nodes;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(n[i], n[p])) break;
      [n[i], n[p]] = [n[p], n[i]];
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.nodes;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n.length && this.less(n[l], n[m])) m = l;
      if (r < n.length && this.less(n[r], n[m])) m = r;
      if (m === i) return;
      [n[i], n[m]] = [n[m], n[i]];
      i = m;
    }
  }
}
