import "server-only";

/**
 * Ids by the instant they are due at (earliest first): the verdict sweep's schedule
 * (./fleet.ts). An id has one current instant; scheduling it again leaves its older entry in the
 * heap, told apart as stale when it comes up (its instant is no longer the id's) and dropped.
 * Cost per sweep: O((due + stale) log n), not a pass over every id.
 */
export class DueIds {
  /** The heap: instants and ids side by side. */
  private readonly dues: number[] = [];
  private readonly ids: string[] = [];
  /** Each scheduled id's current instant (Infinity: never due; NaN: taken by the sweep, not yet scheduled again). */
  private readonly current = new Map<string, number>();

  get size(): number {
    return this.current.size;
  }

  /** Entries in the heap, stale ones included (tests). */
  get heapSize(): number {
    return this.dues.length;
  }

  has(id: string): boolean {
    return this.current.has(id);
  }

  /** Schedules `id` at `due` (Infinity: kept, never due), replacing its instant. */
  set(id: string, due: number): void {
    if (this.current.get(id) === due) return;
    this.current.set(id, due);
    if (due === Infinity) return;
    this.push(due, id);
    if (this.dues.length > 2 * this.current.size + 1024) this.compact();
  }

  delete(id: string): void {
    this.current.delete(id);
  }

  /** Takes every id due at or before `now`, earliest first; each stays known (has) until set or deleted. */
  takeDue(now: number): string[] {
    const out: string[] = [];
    while (this.dues.length > 0 && this.dues[0] <= now) {
      const due = this.dues[0];
      const id = this.pop();
      if (this.current.get(id) !== due) continue;
      this.current.set(id, NaN);
      out.push(id);
    }
    return out;
  }

  private compact(): void {
    const live: Array<[number, string]> = [];
    for (let i = 0; i < this.ids.length; i++) if (this.current.get(this.ids[i]) === this.dues[i]) live.push([this.dues[i], this.ids[i]]);
    this.dues.length = 0;
    this.ids.length = 0;
    for (const [due, id] of live) this.push(due, id);
  }

  private push(due: number, id: string): void {
    const d = this.dues;
    const n = this.ids;
    let i = d.length;
    d.push(due);
    n.push(id);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (d[p] <= due) break;
      d[i] = d[p];
      n[i] = n[p];
      i = p;
    }
    d[i] = due;
    n[i] = id;
  }

  private pop(): string {
    const d = this.dues;
    const n = this.ids;
    const top = n[0];
    const lastDue = d.pop()!;
    const lastId = n.pop()!;
    const size = d.length;
    if (size > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const c = l + 1 < size && d[l + 1] < d[l] ? l + 1 : l;
        if (d[c] >= lastDue) break;
        d[i] = d[c];
        n[i] = n[c];
        i = c;
      }
      d[i] = lastDue;
      n[i] = lastId;
    }
    return top;
  }
}
