/**
 * The overview's rows in one sort order, kept from one fleet update to the next. The store
 * replaces only the row objects that changed (a stream event, a delta), so instead of sorting
 * the whole fleet again (about 100 ms at 50,000 rows, on every batch of events: long frames while
 * scrolling and typing), the rows that kept their object keep their place, the changed ones are
 * sorted among themselves and merged in: O(n) with no comparison of unchanged rows. A new sort
 * order, or a large share of changed rows, sorts anew. Same order as sortRows (./filter-rows.ts).
 */
import { compareSortKeys, rowSortKey, type SortKeyTuple } from "@/lib/domain/row-query";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import type { SortKey, SortOrder } from "./overview-filters";

interface Entry {
  row: FunctionRow;
  k: SortKeyTuple;
  /** The update in which this entry was last seen unchanged. */
  seen: number;
}

/** Beyond this share of changed rows, sorting anew is as cheap as merging. */
const RESORT_SHARE = 0.25;

export type RowSorter = (rows: readonly FunctionRow[], key: SortKey, order: SortOrder) => FunctionRow[];

export function createRowSorter(): RowSorter {
  let last: { input: readonly FunctionRow[]; key: SortKey; order: SortOrder; sorted: Entry[]; byId: Map<string, Entry>; out: FunctionRow[] } | null = null;
  let update = 0;

  function anew(rows: readonly FunctionRow[], key: SortKey, order: SortOrder): FunctionRow[] {
    const gen = ++update;
    const sorted = rows.map((row): Entry => ({ row, k: rowSortKey(row, key), seen: gen }));
    const desc = order === "desc";
    sorted.sort((a, b) => compareSortKeys(a.k, b.k, desc));
    const out = sorted.map((e) => e.row);
    last = { input: rows, key, order, sorted, byId: new Map(sorted.map((e) => [e.row.id, e])), out };
    return out;
  }

  return (rows, key, order) => {
    if (!last || last.key !== key || last.order !== order) return anew(rows, key, order);
    if (last.input === rows) return last.out;
    const gen = ++update;
    const { byId } = last;
    const changed: Entry[] = [];
    for (const row of rows) {
      const held = byId.get(row.id);
      if (held && held.row === row) held.seen = gen;
      else changed.push({ row, k: rowSortKey(row, key), seen: gen });
    }
    if (changed.length > rows.length * RESORT_SHARE) return anew(rows, key, order);
    const desc = order === "desc";
    changed.sort((a, b) => compareSortKeys(a.k, b.k, desc));
    const sorted: Entry[] = [];
    let c = 0;
    for (const e of last.sorted) {
      if (e.seen !== gen) {
        // Changed or gone: its new entry (if any) is merged from `changed`.
        if (byId.get(e.row.id) === e) byId.delete(e.row.id);
        continue;
      }
      while (c < changed.length && compareSortKeys(changed[c].k, e.k, desc) < 0) sorted.push(changed[c++]);
      sorted.push(e);
    }
    while (c < changed.length) sorted.push(changed[c++]);
    for (const e of changed) byId.set(e.row.id, e);
    const out = sorted.map((e) => e.row);
    last = { input: rows, key, order, sorted, byId, out };
    return out;
  };
}
