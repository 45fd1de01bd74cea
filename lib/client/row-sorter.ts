/**
 * The overview's rows in one sort order, kept from one fleet update to the next. The store
 * replaces only the row objects that changed (a stream event, a delta), so instead of sorting
 * the whole fleet again (about 100 ms at 50,000 rows, on every batch of events: long frames while
 * scrolling and typing), the rows that kept their object keep their place, the changed ones are
 * sorted among themselves and merged in: O(n) with no comparison of unchanged rows. When the
 * store recorded how the rows array was made from the previous one (./fleet-store/row-index.ts),
 * the changed rows are taken from that record instead of looking up every row. A new sort
 * order, or a large share of changed rows, sorts anew. Same order as sortRows (./filter-rows.ts).
 */
import { compareSortKeys, rowSortKey, type SortKeyTuple } from "@/lib/domain/row-query";
import type { ListedRow } from "@/lib/domain/wire/fleet";
import { changesBetween, recordChanges } from "./fleet-store/row-index";
import type { SortKey, SortOrder } from "./overview-filters";

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

/** Up to this many rows moved, each is placed by binary search; more are merged in one pass. */
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

export type RowSorter = (rows: readonly ListedRow[], key: SortKey, order: SortOrder) => ListedRow[];

export function createRowSorter(): RowSorter {
  let last: { input: readonly ListedRow[]; key: SortKey; order: SortOrder; sorted: Entry[]; byId: Map<string, Entry>; out: ListedRow[] } | null = null;
  let update = 0;

  function anew(rows: readonly ListedRow[], key: SortKey, order: SortOrder): ListedRow[] {
    const gen = ++update;
    const sorted = rows.map((row): Entry => ({ row, k: rowSortKey(row, key), seen: gen, gone: false }));
    const desc = order === "desc";
    sorted.sort((a, b) => compareSortKeys(a.k, b.k, desc));
    const out = sorted.map((e) => e.row);
    last = { input: rows, key, order, sorted, byId: new Map(sorted.map((e) => [e.row.id, e])), out };
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
    let sorted: Entry[];
    let out: ListedRow[];
    if (leaving.length + changed.length <= SPLICE_AT_MOST) {
      // A few rows (a stream batch): found by binary search (the order is total) and moved in
      // copies of the arrays; no comparison of the other rows.
      sorted = last.sorted.slice();
      out = last.out.slice();
      for (const e of leaving) {
        let i = placeOf(sorted, e.k, desc);
        if (sorted[i] !== e) i = sorted.indexOf(e);
        sorted.splice(i, 1);
        out.splice(i, 1);
      }
      for (const e of changed) {
        const i = placeOf(sorted, e.k, desc);
        sorted.splice(i, 0, e);
        out.splice(i, 0, e.row);
      }
    } else {
      // Many (a page of rows): sorted among themselves and merged in one pass.
      changed.sort((a, b) => compareSortKeys(a.k, b.k, desc));
      sorted = [];
      let c = 0;
      for (const e of last.sorted) {
        if (e.gone) continue;
        while (c < changed.length && compareSortKeys(changed[c].k, e.k, desc) < 0) sorted.push(changed[c++]);
        sorted.push(e);
      }
      while (c < changed.length) sorted.push(changed[c++]);
      out = sorted.map((e) => e.row);
    }
    for (const e of changed) byId.set(e.row.id, e);
    // The sorted rows say how they were made too: the filter after them follows only those.
    recordChanges(out, { from: last.out, put, removed: gone.filter((id) => !byId.has(id)) });
    last = { input: rows, key, order, sorted, byId, out };
    return out;
  };
}
