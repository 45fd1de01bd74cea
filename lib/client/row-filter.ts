/**
 * The overview's filter, kept from one fleet update and one keystroke to the next. At 50,000 rows
 * the text search (a substring test of each row's searchable text) was the largest cost of the
 * page: every batch of stream events and every keystroke searched every row again. Here
 * - a row object's text result is kept for the current search text (rows are replaced, never
 *   mutated, so an unchanged row is a lookup);
 * - typing on (the new text extends the previous one) searches only the rows that matched
 *   before: a row without "abc" has no "abcd" either, and a term added after a space only
 *   narrows further;
 * - a fleet update (new rows, same search) that changed no row shown and brought no row that
 *   matches answers the previous result as it is (the sorter records which rows changed,
 *   ./fleet-store/row-index.ts): while a search is typed, stream batches no longer make every
 *   keystroke search the whole fleet again.
 * Same rows, in the same order, as filterRows (./filter-rows.ts).
 */
import { matchesRow } from "@/lib/domain/row-query";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import { changesBetween } from "./fleet-store/row-index";
import type { OverviewFilters } from "./overview-filters";

export type RowFilter = (rows: readonly FunctionRow[], filters: Pick<OverviewFilters, "cluster" | "namespace" | "health" | "q">) => FunctionRow[];

export function createRowFilter(): RowFilter {
  let textOf: { q: string; matches: WeakMap<FunctionRow, boolean> } = { q: "", matches: new WeakMap() };
  let last: { input: readonly FunctionRow[]; key: string; q: string; out: FunctionRow[]; outIds?: Set<string> } | null = null;

  const matchesText = (row: FunctionRow, q: string): boolean => {
    let hit = textOf.matches.get(row);
    if (hit === undefined) {
      hit = matchesRow(row, { q });
      textOf.matches.set(row, hit);
    }
    return hit;
  };

  return (rows, filters) => {
    const q = filters.q ?? "";
    const criteria = {
      cluster: filters.cluster ? [filters.cluster] : undefined,
      namespace: filters.namespace ? [filters.namespace] : undefined,
      health: filters.health.length ? filters.health : undefined,
    };
    // Nothing to filter by: the rows themselves (no walk of 50,000 rows per fleet update).
    if (!criteria.cluster && !criteria.namespace && !criteria.health && !q.trim()) return rows as FunctionRow[];
    const key = JSON.stringify(criteria);
    if (last && last.key === key && last.input !== rows) {
      // A fleet update that touched no row shown and brought none that matches: the result stands for the new rows.
      const changed = changesBetween(last.input, rows);
      if (changed) {
        const { q: lastQ, out } = last;
        const shown = (last.outIds ??= new Set(out.map((r) => r.id)));
        const stands = (id: string, row: FunctionRow | null) => !shown.has(id) && !(row && matchesRow(row, criteria) && (!lastQ.trim() || matchesText(row, lastQ)));
        if ([...changed].every(([id, row]) => stands(id, row))) last = { ...last, input: rows };
      }
    }
    if (last && last.input === rows && last.key === key && last.q === q) return last.out;
    if (q !== textOf.q) textOf = { q, matches: new WeakMap() };
    // Typing on over the same rows: only the rows that matched the shorter text can match.
    const from = last && last.input === rows && last.key === key && q.trim() && q.startsWith(last.q) && last.q.trim() ? last.out : rows;
    const out = from.filter((row) => matchesRow(row, criteria) && (!q.trim() || matchesText(row, q)));
    last = { input: rows, key, q, out };
    return out;
  };
}
