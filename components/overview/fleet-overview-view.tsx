"use client";
/**
 * The overview page's body, fed with the fleet store's state: summary, filters, table. No data
 * fetching and no router here, so tests render it with plain props.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useState, type ReactNode } from "react";
import type { FleetState } from "@/lib/client/fleet-store/store";
import { namespacesOf } from "@/lib/client/filter-rows";
import { createRowFilter, createSearchWarmer } from "@/lib/client/row-filter";
import { createRowSorter } from "@/lib/client/row-sorter";
import { nextSort, type OverviewFilters, type SortKey } from "@/lib/client/overview-filters";
import { countByHealth } from "@/lib/domain/fleet-summary";
import type { Health } from "@/lib/domain/health";
import { formatCount } from "@/lib/client/format";
import { Age } from "../age";
import { ExportLinks } from "./export-links";
import { FilterBar } from "./filter-bar";
import { FunctionTable } from "./function-table";
import { HealthSummary } from "./health-summary";
import type { BatchBarProps } from "./overview-batch-bar";

export type FiltersChange = (next: OverviewFilters, mode: "push" | "replace") => void;

/** What the view shows of the fleet store. */
export type FleetData = Pick<FleetState, "rows" | "clusters" | "awsAccounts" | "total" | "generatedAt"> & Partial<Pick<FleetState, "progress" | "facets">>;

export function FleetOverviewView({
  data: latest,
  refreshError,
  filters,
  onFiltersChange,
  renderBatchBar,
}: {
  data: FleetData;
  /** The last refresh failed: the data shown is older than it looks. */
  refreshError: string | null;
  filters: OverviewFilters;
  onFiltersChange: FiltersChange;
  /** The batch toolbar (it talks to the server, so the page passes it in); rows get checkboxes with it. */
  renderBatchBar?: (props: BatchBarProps) => ReactNode;
}) {
  // Filtering and sorting 10,000 rows may take a few ms: let typing win over the table.
  const deferred = useDeferredValue(filters);
  // The store's updates too (a batch of stream events every 50 ms while AWS reads come in): the
  // render that follows the store shows the fleet as it was, and the table is not rendered in it
  // (memoised); the new rows render at low priority, which scrolling and typing interrupt.
  const data = useDeferredValue(latest);
  const rows = data.rows;

  // Sort once per data/sort change, then filter the sorted list (filtering keeps the order), so
  // typing in the search box never re-sorts the fleet; a fleet update moves only the rows it
  // changed (lib/client/row-sorter.ts).
  const [sorter] = useState(createRowSorter);
  const sorted = useMemo(() => sorter(rows, deferred.sort, deferred.order), [sorter, rows, deferred.sort, deferred.order]);
  // The filter keeps each row's search result and narrows while typing on (lib/client/row-filter.ts).
  const [rowFilter] = useState(createRowFilter);
  // Each row's search text made while the page is idle, not by the first keystroke.
  const [warmSearch] = useState(createSearchWarmer);
  useEffect(() => warmSearch(rows), [warmSearch, rows]);
  const withoutHealth = useMemo(
    () => rowFilter(sorted, { ...deferred, health: [] }),
    [rowFilter, sorted, deferred.cluster, deferred.namespace, deferred.q], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const visible = useMemo(
    () => (deferred.health.length ? withoutHealth.filter((r) => deferred.health.includes(r.verdict.health)) : withoutHealth),
    [withoutHealth, deferred.health],
  );

  // The chips count what each health filter would show, the other filters applied; with none
  // applied, the store's counts of every row (kept as rows change, not a walk of every row).
  const facets = data.facets;
  const unfiltered = !deferred.cluster && !deferred.namespace && !deferred.q.trim();
  const chipCounts = useMemo(() => (facets && unfiltered ? facets.health : countByHealth(withoutHealth)), [facets, unfiltered, withoutHealth]);
  const clusterNames = useMemo(() => data.clusters.map((c) => c.name), [data.clusters]);
  const namespaces = useMemo(
    () => (facets ? ((filters.cluster ? facets.namespacesByCluster.get(filters.cluster) : facets.namespaces) ?? []) : namespacesOf(rows, filters.cluster)),
    [facets, rows, filters.cluster],
  );

  const change = useCallback(
    (patch: Partial<OverviewFilters>, mode: "push" | "replace" = "push") => onFiltersChange({ ...filters, ...patch }, mode),
    [filters, onFiltersChange],
  );
  const onSort = useCallback((key: SortKey) => change(nextSort(filters, key)), [change, filters]);
  const onSelect = useCallback(
    (cluster: string | null, health: Health) => change({ cluster, namespace: null, health: [health] }),
    [change],
  );

  // Ticked rows; a row the filters hide is no longer selected (what is acted on is what is seen).
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set());
  const selected = useMemo(() => (ticked.size ? visible.filter((r) => ticked.has(r.id)) : []), [visible, ticked]);
  const onToggle = useCallback(
    (id: string, on: boolean) =>
      setTicked((prev) => {
        const next = new Set(prev);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
    [],
  );

  const selection = useMemo(() => (renderBatchBar ? { ticked, onToggle } : undefined), [renderBatchBar, ticked, onToggle]);

  const total = data.total ?? rows.length;
  return (
    <div className="flex h-full min-h-0 flex-col gap-3">
      {refreshError ? (
        <p role="alert" className="rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          Refresh failed: {refreshError}. Showing data from <Age iso={data.generatedAt} fallback="an unknown time" suffix=" ago" />.
        </p>
      ) : null}
      {data.progress ? (
        <p role="status" className="flex items-center gap-3 rounded border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100">
          <span>
            Loading the fleet: {formatCount(data.progress.loaded)} of {formatCount(data.progress.total)} Functions
          </span>
          <progress className="h-2 w-40" max={data.progress.total} value={data.progress.loaded} aria-label="Functions loaded" />
        </p>
      ) : total > rows.length ? (
        <p role="status" className="rounded border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100">
          The fleet has {total} Functions; the first {rows.length} (worst health first) are listed.
        </p>
      ) : null}
      <HealthSummary clusters={data.clusters} awsAccounts={data.awsAccounts} filters={filters} onSelect={onSelect} />
      <FilterBar
        filters={filters}
        clusters={clusterNames}
        namespaces={namespaces}
        healthCounts={chipCounts}
        shown={visible.length}
        total={rows.length}
        onChange={change}
      />
      <ExportLinks filters={filters} />
      {renderBatchBar ? renderBatchBar({ matching: visible, selected, onSelect: setTicked }) : null}
      <FunctionTable rows={visible} totalCount={rows.length} filters={deferred} onSort={onSort} selection={selection} />
    </div>
  );
}
