/**
 * The overview's rows in one sort order, kept from one fleet update to the next. The store
 * replaces only the row objects that changed (a stream event, a delta), so instead of sorting
 * the whole fleet again (about 100 ms at 50,000 rows, on every batch of events: long frames while
 * scrolling and typing), the rows that kept their object keep their place, the changed ones are
 * sorted among themselves and merged in: O(n) with no comparison of unchanged rows. When the
 * store recorded how the rows array was made from the previous one (./fleet-store/row-index.ts),
 * the changed rows are taken from that record instead of looking up every row. A new sort
 * order, or a large share of changed rows, sorts anew. Same order as sortRows (./filter-rows.ts).
 *
 * The sorted rows are kept in chunks (./row-seq.ts SortedChunks): a few changed rows copy only
 * the chunks they leave and enter, not the whole sorted list (two arrays of 50,000 entries
 * copied on every batch of stream events before).
 */
import { compareSortKeys, rowSortKey, type SortKeyTuple } from "@/lib/domain/row-query";
import type { ListedRow } from "@/lib/domain/wire/fleet";
import { changesBetween, recordChanges } from "./fleet-store/row-index";
import type { SortKey, SortOrder } from "./overview-filters";
import { CHUNK_ROWS, SortedChunks, type RowSeq } from "./row-seq";

interface Entry {
  row: ListedRow;
  k: SortKeyTuple;
  /** The update in which this entry was last seen unchanged (when changes are found by comparing every row). */
  seen: number;
  /** Its row was changed or removed: its new entry, if any, is elsewhere. */
  gone: boolean;
}

/**
 * Beyond this share of changed rows, sorting anew is as cheap as merging. Sorting the changed
 * rows and merging is cheaper than sorting all of them until nearly every row changed: a page of
 * 5,000 rows added to 45,000 is merged, not a sort of 50,000.
 */
const RESORT_SHARE = 0.6;
/** How many store updates back the record is followed (else every row is compared). */
const MAX_CHAIN = 16;

/** Up to this many rows moved, each is placed by binary search in its chunk; more are merged in one pass. */
const SPLICE_AT_MOST = 64;

/** The first place in `sorted` whose key is not before `k`. */
function placeOf(sorted: readonly Entry[], k: SortKeyTuple, desc: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareSortKeys(sorted[mid].k, k, desc) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The chunk where `k` belongs: the first whose last key is not before `k` (else the last chunk). */
function chunkOf(chunks: readonly (readonly Entry[])[], k: SortKeyTuple, desc: boolean): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = chunks[mid];
    if (compareSortKeys(c[c.length - 1].k, k, desc) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type RowSorter = (rows: readonly ListedRow[], key: SortKey, order: SortOrder) => RowSeq;

export function createRowSorter(): RowSorter {
  let last: { input: readonly ListedRow[]; key: SortKey; order: SortOrder; byId: Map<string, Entry>; out: SortedChunks<Entry> } | null = null;
  let update = 0;

  function anew(rows: readonly ListedRow[], key: SortKey, order: SortOrder): RowSeq {
    const gen = ++update;
    const sorted = rows.map((row): Entry => ({ row, k: rowSortKey(row, key), seen: gen, gone: false }));
    const desc = order === "desc";
    sorted.sort((a, b) => compareSortKeys(a.k, b.k, desc));
    const out = SortedChunks.of(sorted);
    last = { input: rows, key, order, byId: new Map(sorted.map((e) => [e.row.id, e])), out };
    return out;
  }

  /** The rows put in (new objects) and the ids taken out since `last.input`, from the store's record or by comparing every row. */
  function changesSince(rows: readonly ListedRow[], byId: Map<string, Entry>): { put: readonly ListedRow[]; gone: string[] } {
    const known = changesBetween(last?.input, rows, MAX_CHAIN);
    if (known) return { put: [...known.values()].filter((r): r is ListedRow => r !== null), gone: [...known.keys()] };
    const gen = ++update;
    const put: ListedRow[] = [];
    for (const row of rows) {
      const held = byId.get(row.id);
      if (held && held.row === row) held.seen = gen;
      else put.push(row);
    }
    const gone: string[] = [];
    for (const [id, e] of byId) if (e.seen !== gen) gone.push(id);
    return { put, gone };
  }

  return (rows, key, order) => {
    if (!last || last.key !== key || last.order !== order) return anew(rows, key, order);
    if (last.input === rows) return last.out;
    const { byId } = last;
    const { put, gone } = changesSince(rows, byId);
    if (put.length > rows.length * RESORT_SHARE) return anew(rows, key, order);
    // The entries of changed and removed rows leave their place; the changed rows take theirs.
    const leaving: Entry[] = [];
    for (const id of gone) {
      const e = byId.get(id);
      if (e) {
        e.gone = true;
        leaving.push(e);
        byId.delete(id);
      }
    }
    const desc = order === "desc";
    const changed = put.map((row): Entry => ({ row, k: rowSortKey(row, key), seen: update, gone: false }));
    let out: SortedChunks<Entry>;
    if (leaving.length + changed.length <= SPLICE_AT_MOST) {
      // A few rows (a stream batch): each found by binary search (the order is total) in its
      // chunk; only the chunks touched are copied, the others are shared with the last list.
      const chunks = last.out.chunks.slice() as Entry[][];
      const copied = new Set<Entry[]>();
      const own = (c: number): Entry[] => {
        if (copied.has(chunks[c])) return chunks[c];
        const copy = chunks[c].slice();
        copied.add(copy);
        return (chunks[c] = copy);
      };
      for (const e of leaving) {
        let c = chunks.length ? chunkOf(chunks, e.k, desc) : -1;
        let i = c < 0 ? -1 : placeOf(chunks[c], e.k, desc);
        if (c >= 0 && chunks[c][i] !== e) {
          c = chunks.findIndex((chunk) => chunk.includes(e));
          i = c < 0 ? -1 : chunks[c].indexOf(e);
        }
        if (c < 0) continue;
        const chunk = own(c);
        chunk.splice(i, 1);
        if (chunk.length === 0) chunks.splice(c, 1);
      }
      for (const e of changed) {
        if (chunks.length === 0) {
          const chunk = [e];
          copied.add(chunk);
          chunks.push(chunk);
          continue;
        }
        const c = chunkOf(chunks, e.k, desc);
        const chunk = own(c);
        chunk.splice(placeOf(chunk, e.k, desc), 0, e);
        if (chunk.length >= 2 * CHUNK_ROWS) {
          const halves = [chunk.slice(0, CHUNK_ROWS), chunk.slice(CHUNK_ROWS)];
          for (const h of halves) copied.add(h);
          chunks.splice(c, 1, ...halves);
        }
      }
      out = new SortedChunks(chunks);
    } else {
      // Many (a page of rows): sorted among themselves and merged in one pass.
      changed.sort((a, b) => compareSortKeys(a.k, b.k, desc));
      const sorted: Entry[] = [];
      let c = 0;
      for (const chunk of last.out.chunks) {
        for (const e of chunk) {
          if (e.gone) continue;
          while (c < changed.length && compareSortKeys(changed[c].k, e.k, desc) < 0) sorted.push(changed[c++]);
          sorted.push(e);
        }
      }
      while (c < changed.length) sorted.push(changed[c++]);
      out = SortedChunks.of(sorted);
    }
    for (const e of changed) byId.set(e.row.id, e);
    // The sorted rows say how they were made too: the filter after them follows only those.
    recordChanges(out, { from: last.out, put, removed: gone.filter((id) => !byId.has(id)) });
    last = { input: rows, key, order, byId, out };
    return out;
  };
}
