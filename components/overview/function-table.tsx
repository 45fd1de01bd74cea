"use client";
/**
 * The fleet's Functions as a virtualised table: only the rows in view (plus overscan) are in the
 * DOM, so 10,000+ rows scroll smoothly. It stays a real <table> for assistive technology, with
 * aria-rowcount / aria-rowindex telling the full size, and sortable column headers
 * (aria-sort, a button per header).
 */
import { memo, useRef } from "react";
import type { RowSeq } from "@/lib/client/row-seq";
import type { OverviewFilters, SortKey } from "@/lib/client/overview-filters";
import { useRowNavigation } from "@/lib/client/use-row-navigation";
import { useRowWindow } from "@/lib/client/row-window";
import { COLUMNS, ROW_HEIGHT, type Column } from "./columns";
import { FunctionTableRow } from "./function-table-row";

/**
 * Before the scroll element is measured (the server's render, the browser's hydration): as if it
 * were as tall as a large screen, so that the server's HTML holds the first rows (app/page.tsx)
 * and the hydration renders the same ones; the measured size follows.
 */
const INITIAL_VIEWPORT = 1200;
/**
 * Rows rendered beyond the viewport on each side. Every row in the DOM costs Chromium's layout,
 * pre-paint and paint on every scroll frame that swaps rows (the table is laid out and painted
 * whole), not only the rows that came in: with 40 rows of overscan instead of 8, a scroll frame's
 * main-thread CPU went from ~20 to ~33 ms (bench/fleet/table-scroll-lab.ts). The rows coming
 * into view are rendered in the scroll event itself (lib/client/row-window.ts), so the overscan
 * only has to cover what a compositor may scroll ahead of the page's thread.
 */
const OVERSCAN = 4;

type AriaSort = "ascending" | "descending" | "none";

function ariaSortOf(column: Column, filters: Pick<OverviewFilters, "sort" | "order">): AriaSort {
  if (filters.sort !== column.sort) return "none";
  const ascending = filters.order === "asc";
  // "For" shows a duration; sorting `since` ascending puts the longest durations first.
  const durationColumn = column.sort === "since";
  return ascending !== durationColumn ? "ascending" : "descending";
}

/** Memoised: a scroll renders the table's rows, never its unchanged header. */
const SortHeader = memo(function SortHeader({
  column,
  filters,
  onSort,
}: {
  column: Column;
  filters: Pick<OverviewFilters, "sort" | "order">;
  onSort: (key: SortKey) => void;
}) {
  const sort = ariaSortOf(column, filters);
  return (
    <th
      scope="col"
      aria-sort={sort}
      style={column.width ? { width: column.width } : undefined}
      className="sticky top-0 z-10 border-b border-slate-300 bg-slate-100 p-0 text-left text-xs font-semibold text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
    >
      <button
        type="button"
        onClick={() => onSort(column.sort)}
        className="flex w-full items-center gap-1 px-2 py-2 text-left hover:bg-slate-200 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600 dark:hover:bg-slate-800"
      >
        <span className="truncate">{column.label}</span>
        {column.description ? <span className="sr-only"> ({column.description})</span> : null}
        <span aria-hidden="true" className={sort === "none" ? "text-slate-400 dark:text-slate-600" : ""}>
          {sort === "ascending" ? "▲" : sort === "descending" ? "▼" : "↕"}
        </span>
      </button>
    </th>
  );
});

/** Memoised: a render of the overview that changed neither the rows shown nor the filters skips the table. */
export const FunctionTable = memo(function FunctionTable({
  rows,
  totalCount,
  filters,
  onSort,
  selection,
}: {
  rows: RowSeq;
  totalCount: number;
  /** The filters the rows were chosen by (`q`: the search they show, on the table as data-search). */
  filters: Pick<OverviewFilters, "sort" | "order"> & Partial<Pick<OverviewFilters, "q">>;
  onSort: (key: SortKey) => void;
  /** Checkboxes for a batch: which rows are ticked, and how to tick one. */
  selection?: { ticked: ReadonlySet<string>; onToggle: (id: string, on: boolean) => void };
}) {
  const span = COLUMNS.length + (selection ? 1 : 0);
  const scrollRef = useRef<HTMLDivElement>(null);
  // Every row has the same height: the rows in view follow from the scroll position alone, in
  // O(1), and a scroll renders only when they change (lib/client/row-window.ts).
  const { start, end, reveal } = useRowWindow(scrollRef, rows.length, ROW_HEIGHT, OVERSCAN, INITIAL_VIEWPORT);
  // j/k and the arrows move the focus from row to row; the row is rendered first.
  useRowNavigation(scrollRef, rows.length, reveal);
  const paddingTop = start * ROW_HEIGHT;
  const paddingBottom = (rows.length - end) * ROW_HEIGHT;
  const shown = rows.slice(start, end);

  return (
    <div
      ref={scrollRef}
      role="region"
      aria-label="Functions table, scrollable"
      tabIndex={0}
      // Strict containment: the rows the virtualiser swaps while scrolling lay out and paint
      // inside this box only (its size comes from the page's flex column, never its content).
      className="min-h-0 flex-1 overflow-auto [contain:strict] rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-800 dark:bg-slate-950"
    >
      <table aria-rowcount={rows.length + 1} data-search={filters.q ?? ""} className="w-full min-w-[80rem] table-fixed border-collapse">
        <caption className="sr-only">
          Functions, {rows.length} of {totalCount} shown, sorted by {filters.sort} {filters.order === "asc" ? "ascending" : "descending"}
        </caption>
        <thead>
          <tr aria-rowindex={1}>
            {selection ? (
              <th scope="col" style={{ width: "2.25rem" }} className="sticky top-0 z-10 border-b border-slate-300 bg-slate-100 px-2 text-left text-xs font-semibold dark:border-slate-700 dark:bg-slate-900">
                <span className="sr-only">Selected for a batch</span>
              </th>
            ) : null}
            {COLUMNS.map((c) => (
              <SortHeader key={c.id} column={c} filters={filters} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 ? (
            <tr aria-hidden="true">
              <td colSpan={span} style={{ height: paddingTop, padding: 0 }} />
            </tr>
          ) : null}
          {shown.map((row, i) => (
            <FunctionTableRow
              key={row.id}
              row={row}
              rowIndex={start + i + 2}
              navIndex={start + i}
              height={ROW_HEIGHT}
              checked={selection ? selection.ticked.has(row.id) : undefined}
              onToggle={selection?.onToggle}
            />
          ))}
          {paddingBottom > 0 ? (
            <tr aria-hidden="true">
              <td colSpan={span} style={{ height: paddingBottom, padding: 0 }} />
            </tr>
          ) : null}
        </tbody>
      </table>
      {rows.length === 0 ? (
        <p className="p-6 text-center text-sm text-slate-600 dark:text-slate-400">No Function matches these filters.</p>
      ) : null}
    </div>
  );
});
