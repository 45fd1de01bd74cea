/**
 * Client-side filtering and sorting of the overview's rows. Pure; fast enough for 20,000 rows
 * on every keystroke: the text each row is searched by is built once per row object (rows keep
 * their identity across polls thanks to TanStack Query's structural sharing).
 */
import { HEALTH_VALUES, type FunctionRow, type Health } from "@/lib/domain/schemas";
import { parseTime } from "./format";
import type { OverviewFilters, SortKey, SortOrder } from "./overview-filters";

const HEALTH_RANK = new Map<string, number>(HEALTH_VALUES.map((h, i) => [h, i]));

/** Severity rank, 0 = worst (HEALTH_VALUES is ordered worst first). Unknown strings rank last. */
export function healthRank(health: string): number {
  return HEALTH_RANK.get(health) ?? HEALTH_VALUES.length;
}

/** What the AWS column shows for a row: the live state, "missing", or null when never read. */
export function awsStateLabel(row: FunctionRow): string | null {
  if (!row.aws) return null;
  if (!row.aws.exists) return "Missing";
  return row.aws.state;
}

const haystacks = new WeakMap<FunctionRow, string>();

function haystackOf(row: FunctionRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = [
      row.id,
      row.awsName,
      row.arn,
      row.accountId,
      row.region,
      row.statusState,
      awsStateLabel(row),
      row.verdict.health,
      row.verdict.summary,
    ]
      .filter(Boolean)
      .join("\n")
      .toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/** Whitespace-separated terms; a row matches when it contains every term (case-insensitive). */
export function matchesText(row: FunctionRow, q: string): boolean {
  const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return true;
  const text = haystackOf(row);
  return terms.every((t) => text.includes(t));
}

export function filterRows(rows: readonly FunctionRow[], filters: OverviewFilters): FunctionRow[] {
  const health = filters.health.length ? new Set<string>(filters.health) : null;
  const terms = filters.q.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    if (filters.cluster && row.cluster !== filters.cluster) return false;
    if (filters.namespace && row.namespace !== filters.namespace) return false;
    if (health && !health.has(row.verdict.health)) return false;
    if (terms.length) {
      const text = haystackOf(row);
      if (!terms.every((t) => text.includes(t))) return false;
    }
    return true;
  });
}

type SortValue = string | number | null;

function sortValue(row: FunctionRow, key: SortKey): SortValue {
  switch (key) {
    case "health":
      return healthRank(row.verdict.health);
    case "cluster":
      return row.cluster;
    case "namespace":
      return row.namespace;
    case "name":
      return row.name;
    case "awsName":
      return row.awsName;
    case "account":
      return row.accountId || row.region ? `${row.accountId ?? ""}/${row.region ?? ""}` : null;
    case "k8sState":
      return row.statusState;
    case "awsState":
      return awsStateLabel(row);
    case "since":
      // As in GET /api/functions (lib/domain/row-query.ts): ascending = earliest `since` first,
      // i.e. the longest time in the state first.
      return parseTime(row.verdict.since);
  }
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Sorts a copy. Rows without a value go last in both orders; ties fall back to health
 * (worst first) and then to the id, so the order is total and stable across polls.
 */
export function sortRows(rows: readonly FunctionRow[], key: SortKey, order: SortOrder): FunctionRow[] {
  const sign = order === "asc" ? 1 : -1;
  const keyed = rows.map((row) => ({ row, value: sortValue(row, key) }));
  keyed.sort((a, b) => {
    const aMissing = a.value === null || a.value === "";
    const bMissing = b.value === null || b.value === "";
    if (aMissing !== bMissing) return aMissing ? 1 : -1;
    if (!aMissing) {
      const c = compareValues(a.value, b.value);
      if (c) return sign * c;
    }
    if (key !== "health") {
      const h = healthRank(a.row.verdict.health) - healthRank(b.row.verdict.health);
      if (h) return h;
    }
    return a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0;
  });
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
