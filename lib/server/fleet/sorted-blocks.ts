import "server-only";
import type { KeyedRow, KeyedRows, SortKeyTuple } from "@/lib/domain/row-query";

/**
 * A kept sort order (./row-index.ts) in blocks of a few hundred entries, sorted within and
 * across blocks: a changed row leaves one block and enters another, and only the entries after
 * it in those two blocks shift. As one array of 50,000 rows, a row whose health changed moved
 * across most of the order (every entry between its old and new place shifted, ~0.3-0.8 ms a
 * move on the loaded 2-core machine), and with the AWS first pass changing rows 50-100 times a
 * second, `move` was the largest part of the list's own work in the plain phase at 50,000.
 *
 * Reads as the list's pages need it (lib/domain/row-query.ts `KeyedRows`: length, at, slice);
 * keys are unique (the id is the last tie-break), so an entry is found by its key.
 */
export const BLOCK = 512;

/** What the blocks did, for tests and benchmarks: entries shifted or copied to keep them sorted. */
export interface BlockWork {
  shifted: number;
}

export class SortedBlocks implements KeyedRows {
  private blocks: KeyedRow[][] = [];
  /** Where each block starts in the whole order; null when a block's size changed. */
  private starts: number[] | null = null;
  private size = 0;

  constructor(
    private readonly cmp: (a: SortKeyTuple, b: SortKeyTuple) => number,
    private readonly work: BlockWork = { shifted: 0 },
  ) {}

  /** The order of already sorted entries (taken over: the caller must not keep `sorted`). */
  static from(sorted: KeyedRow[], cmp: (a: SortKeyTuple, b: SortKeyTuple) => number, work?: BlockWork): SortedBlocks {
    const s = new SortedBlocks(cmp, work);
    for (let i = 0; i < sorted.length; i += BLOCK) s.blocks.push(sorted.slice(i, i + BLOCK));
    s.size = sorted.length;
    return s;
  }

  get length(): number {
    return this.size;
  }

  at(i: number): KeyedRow | undefined {
    if (i < 0 || i >= this.size) return undefined;
    const b = this.blockAt(i);
    return this.blocks[b][i - this.startsNow()[b]];
  }

  slice(start = 0, end = this.size): KeyedRow[] {
    start = Math.max(0, start);
    end = Math.min(this.size, end);
    const out: KeyedRow[] = [];
    if (start >= end) return out;
    const starts = this.startsNow();
    for (let b = this.blockAt(start); b < this.blocks.length && starts[b] < end; b++) {
      const block = this.blocks[b];
      const from = Math.max(0, start - starts[b]);
      const to = Math.min(block.length, end - starts[b]);
      for (let i = from; i < to; i++) out.push(block[i]);
    }
    return out;
  }

  /** Puts an entry in its place (its key must not be in the order already). */
  insert(e: KeyedRow): void {
    this.starts = null;
    this.size++;
    if (this.blocks.length === 0) {
      this.blocks.push([e]);
      return;
    }
    const b = this.blockFor(e.k);
    const block = this.blocks[b];
    const at = this.place(block, e.k);
    block.splice(at, 0, e);
    this.work.shifted += block.length - 1 - at;
    if (block.length > 2 * BLOCK) {
      this.blocks.splice(b + 1, 0, block.splice(BLOCK));
      this.work.shifted += block.length + this.blocks.length - b;
    }
  }

  /** Takes the entry with this key out; false when there is none. */
  remove(k: SortKeyTuple): boolean {
    if (this.blocks.length === 0) return false;
    const b = this.blockFor(k);
    const block = this.blocks[b];
    const at = this.place(block, k);
    if (at >= block.length || this.cmp(block[at].k, k) !== 0) return false;
    block.splice(at, 1);
    this.work.shifted += block.length - at;
    this.starts = null;
    this.size--;
    if (block.length === 0) {
      this.blocks.splice(b, 1);
      this.work.shifted += this.blocks.length - b;
    } else if (block.length < BLOCK / 4 && b + 1 < this.blocks.length && block.length + this.blocks[b + 1].length <= 2 * BLOCK) {
      // A block that shrank joins the next, so that blocks stay few (a fleet that went away).
      const next = this.blocks[b + 1];
      this.work.shifted += block.length + next.length + this.blocks.length - b;
      this.blocks.splice(b, 2, block.concat(next));
    }
    return true;
  }

  /** The block whose range holds `k`: the first whose last key is not before it, else the last. */
  private blockFor(k: SortKeyTuple): number {
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = this.blocks[mid];
      if (this.cmp(block[block.length - 1].k, k) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first place in `block` whose key is not before `k`. */
  private place(block: KeyedRow[], k: SortKeyTuple): number {
    let lo = 0;
    let hi = block.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cmp(block[mid].k, k) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private startsNow(): number[] {
    if (!this.starts) {
      const starts: number[] = [];
      let at = 0;
      for (const block of this.blocks) {
        starts.push(at);
        at += block.length;
      }
      this.starts = starts;
    }
    return this.starts;
  }

  /** The block holding place `i` (0 <= i < length). */
  private blockAt(i: number): number {
    const starts = this.startsNow();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
