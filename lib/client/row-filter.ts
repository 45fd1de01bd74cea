/**
 * The overview's filter, kept from one fleet update and one keystroke to the next. At 50,000 rows
 * the text search (a substring test of each row's searchable text) was the largest cost of the
 * page: every batch of stream events and every keystroke searched every row again. Here
 * - each row's search text is made once per row object (lib/domain/row-query.ts searchTextOf;
 *   rows are replaced, never mutated) and the search's terms are split once per filtering, not
 *   once per row: a keystroke is one substring test per row (warmSearchText makes the texts in
 *   idle time after a load, so the first keystroke does not make 50,000 of them);
 * - typing on (the new text extends the previous one) searches only the rows that matched
 *   before: a row without "abc" has no "abcd" either, and a term added after a space only
 *   narrows further;
 * - a fleet update (new rows, same search) that changed no row shown and brought no row that
 *   matches answers the previous result as it is (the sorter records which rows changed,
 *   ./fleet-store/row-index.ts): while a search is typed, stream batches no longer make every
 *   keystroke search the whole fleet again.
 * Same rows, in the same order, as filterRows (./filter-rows.ts).
 */
import { matchesRow, searchTextOf, textMatcher } from "@/lib/domain/row-query";
import type { ListedRow } from "@/lib/domain/wire/fleet";
import { changesBetween } from "./fleet-store/row-index";
import type { OverviewFilters } from "./overview-filters";
import type { RowSeq } from "./row-seq";

/** The rows themselves when nothing filters them (the sorter's list, ./row-seq.ts), else an array of those that match. */
export type RowFilter = (rows: RowSeq, filters: Pick<OverviewFilters, "cluster" | "namespace" | "health" | "q">) => RowSeq;

export function createRowFilter(): RowFilter {
  let last: { input: RowSeq; key: string; q: string; out: ListedRow[]; outIds?: Set<string> } | null = null;

  return (rows, filters) => {
    const q = filters.q ?? "";
    const criteria = {
      cluster: filters.cluster ? [filters.cluster] : undefined,
      namespace: filters.namespace ? [filters.namespace] : undefined,
      health: filters.health.length ? filters.health : undefined,
    };
    const matchesText = textMatcher(q);
    // Nothing to filter by: the rows themselves (no walk of 50,000 rows per fleet update).
    if (!criteria.cluster && !criteria.namespace && !criteria.health && !matchesText) return rows;
    const byCriteria = criteria.cluster || criteria.namespace || criteria.health;
    const matcher = (text: ((row: ListedRow) => boolean) | null) => (row: ListedRow) => (!byCriteria || matchesRow(row, criteria)) && (!text || text(row));
    const matches = matcher(matchesText);
    const key = JSON.stringify(criteria);
    if (last && last.key === key && last.input !== rows) {
      // A fleet update that touched no row shown and brought none that matches: the result stands for the new rows.
      const changed = changesBetween(last.input, rows);
      if (changed) {
        const shown = (last.outIds ??= new Set(last.out.map((r) => r.id)));
        const matchedBefore = last.q === q ? matches : matcher(textMatcher(last.q));
        if ([...changed].every(([id, row]) => !shown.has(id) && !(row && matchedBefore(row)))) last = { ...last, input: rows };
      }
    }
    if (last && last.input === rows && last.key === key && last.q === q) return last.out;
    // Typing on over the same rows: only the rows that matched the shorter text can match.
    const from: RowSeq = last && last.input === rows && last.key === key && matchesText && q.startsWith(last.q) && last.q.trim() ? last.out : rows;
    const out = from.filter(matches);
    last = { input: rows, key, q, out };
    return out;
  };
}

/**
 * Makes the search text of the rows a slice at a time while the browser is idle, so that the
 * first keystroke after a load tests text already made. Follows the rows as the store changes
 * them: an array made from the previous one by the store's changes (./fleet-store/row-index.ts)
 * carries on where the walk was (a batch of stream events every 50 ms must not restart a walk of
 * 50,000 rows: under load it never finished); any other array starts it again. The rows a change
 * brings get their text when first searched. Each call returns a function that stops it.
 */
export function createSearchWarmer(): (rows: readonly ListedRow[]) => () => void {
  let walked: readonly ListedRow[] | null = null;
  let at = 0;
  return (rows) => {
    if (!walked || (walked !== rows && !changesBetween(walked, rows))) at = 0;
    walked = rows;
    const idle = typeof window !== "undefined" && "requestIdleCallback" in window;
    let handle: number | ReturnType<typeof setTimeout> | undefined;
    const step = (deadline?: IdleDeadline) => {
      handle = undefined;
      const until = performance.now() + 5;
      while (at < rows.length) {
        searchTextOf(rows[at++]);
        if ((at & 255) === 0 && (deadline ? deadline.timeRemaining() < 1 : performance.now() > until)) break;
      }
      if (at < rows.length) handle = idle ? window.requestIdleCallback(step) : setTimeout(step, 0);
    };
    if (at < rows.length) handle = idle ? window.requestIdleCallback(step) : setTimeout(step, 0);
    return () => {
      if (handle === undefined) return;
      if (idle) window.cancelIdleCallback(handle as number);
      else clearTimeout(handle);
    };
  };
}
