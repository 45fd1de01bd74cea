/**
 * A list of rows as the overview reads it (length, a slice of the rows in view, a walk): an array
 * is one, and so is SortedChunks, the sorter's output (./row-sorter.ts).
 *
 * SortedChunks holds the rows in chunks of about CHUNK_ROWS. A batch of stream events that
 * changes a few rows of 50,000 makes a new list that copies only the chunks those rows leave or
 * enter and the short list of chunks; every other chunk is shared with the list before, which
 * stays as it was (React may still render it). A sorted array would be copied whole on every
 * batch: 50,000 entries, ~400 KB, several times a second, which the browser's garbage
 * collector then has to find and free.
 */
import type { ListedRow } from "@/lib/domain/wire/fleet";

export interface RowSeq extends Iterable<ListedRow> {
  readonly length: number;
  /** The rows from `start` (included) to `end` (excluded), as an array. */
  slice(start?: number, end?: number): ListedRow[];
  /** The row at `index` (negative: from the end), as Array.prototype.at. */
  at(index: number): ListedRow | undefined;
  filter(keep: (row: ListedRow) => boolean): ListedRow[];
  map<T>(f: (row: ListedRow) => T): T[];
}

/** Rows per chunk when a list is made whole; a chunk is split when it grows to twice this. */
export const CHUNK_ROWS = 512;

/** One chunk: rows in order, each with whatever the maker keeps beside it (the sorter: its sort key). */
export type Chunk<E extends { row: ListedRow }> = readonly E[];

export class SortedChunks<E extends { row: ListedRow }> implements RowSeq {
  readonly length: number;
  /** starts[i]: the position of chunks[i]'s first row. */
  private readonly starts: number[];

  /** No empty chunk. */
  constructor(readonly chunks: readonly Chunk<E>[]) {
    this.starts = new Array<number>(chunks.length);
    let n = 0;
    for (let i = 0; i < chunks.length; i++) {
      this.starts[i] = n;
      n += chunks[i].length;
    }
    this.length = n;
  }

  /** A list of these entries, in this order, cut into chunks. */
  static of<E extends { row: ListedRow }>(entries: readonly E[]): SortedChunks<E> {
    const chunks: E[][] = [];
    for (let i = 0; i < entries.length; i += CHUNK_ROWS) chunks.push(entries.slice(i, i + CHUNK_ROWS));
    return new SortedChunks(chunks);
  }

  /** The chunk holding position `at` (0 ≤ at < length). */
  private chunkAt(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  slice(start = 0, end = this.length): ListedRow[] {
    const from = Math.max(0, Math.min(this.length, start < 0 ? this.length + start : start));
    const to = Math.max(from, Math.min(this.length, end < 0 ? this.length + end : end));
    const out: ListedRow[] = [];
    if (from === to) return out;
    for (let c = this.chunkAt(from), at = from; at < to; c++) {
      const chunk = this.chunks[c];
      for (let k = at - this.starts[c]; k < chunk.length && at < to; k++, at++) out.push(chunk[k].row);
    }
    return out;
  }

  /** The row at `at` (negative: from the end), as Array.prototype.at. */
  at(at: number): ListedRow | undefined {
    const i = at < 0 ? this.length + at : at;
    if (!(i >= 0 && i < this.length)) return undefined;
    const c = this.chunkAt(i);
    return this.chunks[c][i - this.starts[c]].row;
  }

  filter(keep: (row: ListedRow) => boolean): ListedRow[] {
    const out: ListedRow[] = [];
    for (const chunk of this.chunks) for (const e of chunk) if (keep(e.row)) out.push(e.row);
    return out;
  }

  map<T>(f: (row: ListedRow) => T): T[] {
    const out: T[] = [];
    for (const chunk of this.chunks) for (const e of chunk) out.push(f(e.row));
    return out;
  }

  *[Symbol.iterator](): Iterator<ListedRow> {
    for (const chunk of this.chunks) for (const e of chunk) yield e.row;
  }
}
