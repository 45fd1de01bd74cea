/**
 * The overview's filters and sort, and their URL form, so a view can be shared by link.
 * The parameter names are those of `GET /api/functions` (README, "HTTP API"):
 * `cluster`, `namespace`, `health=a,b`, `q`, `sort`, `order=asc|desc`.
 * Defaults are left out of the URL; anything unknown in a URL is ignored, never an error.
 */
import { HEALTH_VALUES, type Health } from "@/lib/domain/health";

const SORT_KEYS = [
  "health",
  "cluster",
  "namespace",
  "name",
  "awsName",
  "account",
  "k8sState",
  "awsState",
  "since",
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortOrder = "asc" | "desc";

export interface OverviewFilters {
  cluster: string | null;
  namespace: string | null;
  /** Empty: every health. Kept in HEALTH_VALUES order (worst first). */
  health: Health[];
  q: string;
  sort: SortKey;
  order: SortOrder;
}

export const DEFAULT_FILTERS: OverviewFilters = {
  cluster: null,
  namespace: null,
  health: [],
  q: "",
  sort: "health",
  order: "asc",
};

/**
 * The order a column sorts in on its first click: ascending, whose meaning is the API's
 * (lib/domain/row-query.ts). For "since" that is the earliest `since` first, i.e. the
 * Functions that have been in their state longest, which is what an operator wants first.
 */
function defaultOrderFor(_key: SortKey): SortOrder {
  return "asc";
}

function isHealth(value: string): value is Health {
  return (HEALTH_VALUES as readonly string[]).includes(value);
}

function isSortKey(value: string): value is SortKey {
  return (SORT_KEYS as readonly string[]).includes(value);
}

/** Normalises a health list: known values only, no duplicates, worst first. */
function normaliseHealth(values: Iterable<string>): Health[] {
  const wanted = new Set<string>(values);
  return HEALTH_VALUES.filter((h) => wanted.has(h) && isHealth(h));
}

interface ParamsLike {
  get(name: string): string | null;
}

export function parseOverviewParams(params: ParamsLike): OverviewFilters {
  const text = (name: string) => {
    const v = params.get(name)?.trim();
    return v ? v : null;
  };
  const sortParam = text("sort");
  const sort = sortParam && isSortKey(sortParam) ? sortParam : DEFAULT_FILTERS.sort;
  const orderParam = text("order");
  const order: SortOrder =
    orderParam === "asc" || orderParam === "desc" ? orderParam : defaultOrderFor(sort);
  return {
    cluster: text("cluster"),
    namespace: text("namespace"),
    health: normaliseHealth((params.get("health") ?? "").split(",").map((h) => h.trim())),
    // The text query keeps inner spaces as typed; only the ends are trimmed when matching.
    q: params.get("q") ?? "",
    sort,
    order,
  };
}

/** The query string (without "?") for these filters; defaults are omitted. */
export function toOverviewQuery(filters: OverviewFilters): string {
  const params = new URLSearchParams();
  if (filters.cluster) params.set("cluster", filters.cluster);
  if (filters.namespace) params.set("namespace", filters.namespace);
  const health = normaliseHealth(filters.health);
  if (health.length) params.set("health", health.join(","));
  if (filters.q) params.set("q", filters.q);
  if (filters.sort !== DEFAULT_FILTERS.sort) params.set("sort", filters.sort);
  if (filters.order !== defaultOrderFor(filters.sort)) params.set("order", filters.order);
  return params.toString();
}

/** Clicking a column header: same column flips the order, another column starts at its default. */
export function nextSort(filters: OverviewFilters, key: SortKey): Pick<OverviewFilters, "sort" | "order"> {
  if (filters.sort === key) return { sort: key, order: filters.order === "asc" ? "desc" : "asc" };
  return { sort: key, order: defaultOrderFor(key) };
}

export function hasActiveFilters(filters: OverviewFilters): boolean {
  return Boolean(filters.cluster || filters.namespace || filters.health.length || filters.q.trim());
}
