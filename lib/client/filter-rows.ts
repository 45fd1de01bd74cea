/**
 * Client-side filtering and sorting of the overview's rows, with the rules of GET /api/functions
 * (lib/domain/row-query.ts). Fast enough for 20,000 rows on every keystroke: the text a row is
 * searched by is built once per row object (rows keep their identity across updates).
 */
import { compareSortKeys, matchesText, rowSortKey } from "@/lib/domain/row-query";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import type { Health } from "@/lib/domain/health";
import type { OverviewFilters, SortKey, SortOrder } from "./overview-filters";

export { awsStateLabel, matchesText } from "@/lib/domain/row-query";

/** The same filter as GET /api/functions, so a shared URL shows the same rows either way. */
export function filterRows(rows: readonly FunctionRow[], filters: OverviewFilters): FunctionRow[] {
  const health = filters.health.length ? new Set<string>(filters.health) : null;
  return rows.filter((row) => {
    if (filters.cluster && row.cluster !== filters.cluster) return false;
    if (filters.namespace && row.namespace !== filters.namespace) return false;
    if (health && !health.has(row.verdict.health)) return false;
    return matchesText(row, filters.q);
  });
}

/** Sorts a copy in the order of GET /api/functions (lib/domain/row-query.ts: rowSortKey). */
export function sortRows(rows: readonly FunctionRow[], key: SortKey, order: SortOrder): FunctionRow[] {
  const keyed = rows.map((row) => ({ row, k: rowSortKey(row, key) }));
  keyed.sort((a, b) => compareSortKeys(a.k, b.k, order === "desc"));
  return keyed.map((k) => k.row);
}

export function countByHealth(rows: readonly FunctionRow[]): Partial<Record<Health, number>> {
  const counts: Partial<Record<Health, number>> = {};
  for (const row of rows) counts[row.verdict.health] = (counts[row.verdict.health] ?? 0) + 1;
  return counts;
}

/** Namespaces present in the rows (of one cluster when given), sorted. */
export function namespacesOf(rows: readonly FunctionRow[], cluster: string | null): string[] {
  const names = new Set<string>();
  for (const row of rows) if (!cluster || row.cluster === cluster) names.add(row.namespace);
  return [...names].sort();
}
