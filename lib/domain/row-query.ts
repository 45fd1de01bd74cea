/**
 * Filtering, sorting and cursor paging of Function rows: the query language of
 * `GET /api/functions` (README, "HTTP API"). Pure, shared by the route handler and tests.
 */
import { z } from "zod";
import { HEALTH_VALUES, healthRank } from "./health";
import type { FunctionRow, ListedRow } from "./wire/fleet";

export const SORT_FIELDS = ["health", "cluster", "namespace", "name", "awsName", "account", "region", "k8sState", "awsState", "since"] as const;
export type SortField = (typeof SORT_FIELDS)[number];

// Context names may be EKS ARNs ("arn:aws:eks:…:cluster/name"), hence "/" and ":".
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9._:@\/-]{0,252}$/;
const commaList = (what: string, check: (s: string) => boolean, hint: string) =>
  z
    .string()
    .max(4000)
    .transform((v, ctx) => {
      const parts = v.split(",").map((s) => s.trim()).filter(Boolean);
      const bad = parts.filter((p) => !check(p));
      if (bad.length) {
        ctx.addIssue({ code: "custom", message: `invalid ${what} ${bad.map((b) => JSON.stringify(b.slice(0, 60))).join(", ")}: ${hint}` });
        return z.NEVER;
      }
      return parts;
    });

export const RowQuerySchema = z
  .object({
    cluster: commaList("cluster", (s) => NAME.test(s), "names are letters, digits and . _ : @ / -").optional(),
    namespace: commaList("namespace", (s) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) && s.length <= 63, "a namespace is a DNS label").optional(),
    health: commaList("health", (s) => (HEALTH_VALUES as readonly string[]).includes(s), `one of ${HEALTH_VALUES.join(", ")}`).optional(),
    q: z.string().max(200, "q is at most 200 characters").optional(),
    sort: z.enum(SORT_FIELDS, { message: `sort is one of ${SORT_FIELDS.join(", ")}` }).default("health"),
    order: z.enum(["asc", "desc"], { message: "order is asc or desc" }).default("asc"),
    limit: z.coerce
      .number({ message: "limit must be a number" })
      .int("limit must be a whole number")
      .min(1, "limit is at least 1")
      .max(20_000, "limit is at most 20000")
      .default(500),
    cursor: z.string().max(2000).optional(),
  })
  .strict();
export type RowQuery = z.infer<typeof RowQuerySchema>;

/** Parses a query string; unknown parameters and malformed values give one clear message. */
export function parseRowQuery(params: URLSearchParams): { ok: true; query: RowQuery } | { ok: false; message: string } {
  const record: Record<string, string> = {};
  for (const key of params.keys()) {
    const all = params.getAll(key);
    if (all.length > 1) return { ok: false, message: `query parameter "${key.slice(0, 40)}" given ${all.length} times` };
    record[key] = all[0];
  }
  const parsed = RowQuerySchema.safeParse(record);
  if (parsed.success) return { ok: true, query: parsed.data };
  const messages = parsed.error.issues.map((i) =>
    i.code === "unrecognized_keys"
      ? `unknown query parameter ${i.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(", ")} (allowed: ${Object.keys(RowQuerySchema.shape).join(", ")})`
      : i.message,
  );
  return { ok: false, message: messages.join("; ") };
}

/** What the AWS column shows for a row: the live state, "Missing", or null when never read. */
export function awsStateLabel(row: ListedRow): string | null {
  if (!row.aws) return null;
  if (!row.aws.exists) return "Missing";
  return row.aws.state;
}

const haystacks = new WeakMap<ListedRow, string>();

/** The text a row is searched by (lower case), built once per row object. */
export function searchTextOf(row: ListedRow): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    text = [row.id, row.awsName, row.arn, row.accountId, row.region, row.statusState, awsStateLabel(row), row.verdict.health, row.verdict.summary]
      .filter(Boolean)
      .join("\n")
      .toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/**
 * The text test of `q` (whitespace-separated terms; a row matches when it contains every term,
 * case-insensitive), its terms split once for any number of rows; null when `q` has no term.
 */
export function textMatcher(q: string): ((row: ListedRow) => boolean) | null {
  const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return null;
  if (terms.length === 1) {
    const [term] = terms;
    return (row) => searchTextOf(row).includes(term);
  }
  return (row) => {
    const text = searchTextOf(row);
    return terms.every((t) => text.includes(t));
  };
}

function matchesText(row: ListedRow, q: string): boolean {
  const test = textMatcher(q);
  return !test || test(row);
}

function sortValue(r: ListedRow, field: SortField): string | number | null {
  switch (field) {
    case "health":
      return healthRank(r.verdict.health);
    case "cluster":
      return r.cluster;
    case "namespace":
      return r.namespace;
    case "name":
      return r.name;
    case "awsName":
      return r.awsName;
    case "account":
      return r.accountId || r.region ? `${r.accountId ?? ""}/${r.region ?? ""}` : null;
    case "region":
      return r.region;
    case "k8sState":
      return r.statusState;
    case "awsState":
      return awsStateLabel(r);
    case "since": {
      // Ascending = earliest `since` first: the longest time in the state first.
      const t = r.verdict.since ? Date.parse(r.verdict.since) : NaN;
      return Number.isNaN(t) ? null : t;
    }
  }
}

/**
 * A row's place in an order: rows without a value go last in both orders; ties fall back to
 * health (worst first), then the id, so the order is total and stable across requests.
 */
export type SortKeyTuple = [missing: 0 | 1, value: string | number, health: number, id: string];

export function rowSortKey(r: ListedRow, field: SortField): SortKeyTuple {
  const v = sortValue(r, field);
  const missing = v === null || v === "";
  return [missing ? 1 : 0, missing ? "" : v, field === "health" ? 0 : healthRank(r.verdict.health), r.id];
}

export function compareSortKeys(a: SortKeyTuple, b: SortKeyTuple, desc: boolean): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  const x = a[1];
  const y = b[1];
  const c = typeof x === "number" && typeof y === "number" ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
  if (c) return desc ? -c : c;
  if (a[2] !== b[2]) return a[2] - b[2];
  return a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0;
}

type Key = SortKeyTuple;
const compareKeys = compareSortKeys;

// btoa/atob exist in browsers and Node alike (Buffer does not exist in browsers).
const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromBase64Url = (b64: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(b64.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)));

function encodeCursor(k: Key, q: RowQuery): string {
  return toBase64Url(JSON.stringify({ k, s: q.sort, o: q.order }));
}

function decodeCursor(c: string, q: RowQuery): Key | null {
  try {
    const v = JSON.parse(fromBase64Url(c)) as { k?: unknown; s?: unknown; o?: unknown };
    const k = v.k as unknown[];
    if (!Array.isArray(k) || k.length !== 4 || (k[0] !== 0 && k[0] !== 1) || typeof k[2] !== "number" || typeof k[3] !== "string") return null;
    if (typeof k[1] !== "string" && typeof k[1] !== "number") return null;
    if (v.s !== q.sort || v.o !== q.order) return null;
    return v.k as Key;
  } catch {
    return null;
  }
}

export function matchesRow(r: ListedRow, q: Pick<RowQuery, "cluster" | "namespace" | "health" | "q">): boolean {
  if (q.cluster?.length && !q.cluster.includes(r.cluster)) return false;
  if (q.namespace?.length && !q.namespace.includes(r.namespace)) return false;
  if (q.health?.length && !q.health.includes(r.verdict.health)) return false;
  if (q.q && !matchesText(r, q.q)) return false;
  return true;
}

export type RowPage = { ok: true; items: FunctionRow[]; total: number; nextCursor?: string } | { ok: false; message: string };

/** A row with its sort key for one order. */
export interface KeyedRow {
  r: FunctionRow;
  k: SortKeyTuple;
}

/**
 * Rows with their sort keys in a query's order, as pages read them: an array, or the server's
 * kept order in blocks (lib/server/fleet/sorted-blocks.ts).
 */
export interface KeyedRows {
  readonly length: number;
  at(i: number): KeyedRow | undefined;
  slice(start?: number, end?: number): KeyedRow[];
}
type Keyed = Array<{ r: FunctionRow; k: Key }>;

/** The filter part of a query as one string: two queries with the same key select the same rows. */
export function filterKey(q: Pick<RowQuery, "cluster" | "namespace" | "health" | "q">): string {
  return JSON.stringify([q.cluster ?? null, q.namespace ?? null, q.health ?? null, q.q ?? null]);
}

export function hasFilter(q: Pick<RowQuery, "cluster" | "namespace" | "health" | "q">): boolean {
  return Boolean(q.cluster?.length || q.namespace?.length || q.health?.length || q.q?.trim());
}

/** One page of rows already filtered and sorted by the query's order: after its cursor, `limit` of them. */
export function pageOfSorted(keyed: KeyedRows, q: RowQuery): RowPage {
  const desc = q.order === "desc";
  let start = 0;
  if (q.cursor) {
    const after = decodeCursor(q.cursor, q);
    if (!after) return { ok: false, message: "cursor is invalid or belongs to another sort order" };
    // First row strictly after the cursor (binary search: the list is sorted by the same order).
    let lo = 0;
    let hi = keyed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(keyed.at(mid)!.k, after, desc) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const page = keyed.slice(start, start + q.limit);
  const more = start + q.limit < keyed.length;
  return {
    ok: true,
    items: page.map((x) => x.r),
    total: keyed.length,
    ...(more && page.length ? { nextCursor: encodeCursor(page[page.length - 1].k, q) } : {}),
  };
}

/**
 * The filtered, sorted list of one rows snapshot, kept while that snapshot lives, so that
 * paging on (same filter, same sort) costs a binary search and a slice instead of a sort.
 */
const orderCache = new WeakMap<FunctionRow[], Map<string, Keyed>>();

function sortedRows(rows: FunctionRow[], q: RowQuery): Keyed {
  const cacheKey = `${filterKey(q)}${q.sort}/${q.order}`;
  let perRows = orderCache.get(rows);
  const hit = perRows?.get(cacheKey);
  if (hit) return hit;
  const desc = q.order === "desc";
  const keyed = rows.filter((r) => matchesRow(r, q)).map((r) => ({ r, k: rowSortKey(r, q.sort) }));
  keyed.sort((a, b) => compareKeys(a.k, b.k, desc));
  if (!perRows) orderCache.set(rows, (perRows = new Map()));
  if (perRows.size > 32) perRows.clear(); // bounded: a few views per snapshot are typical
  perRows.set(cacheKey, keyed);
  return keyed;
}

/**
 * Filters, sorts (stable: ties by id) and pages by a cursor that names the last row's sort key.
 * The rows array must not be mutated afterwards (its sorted order is cached by identity).
 */
export function applyRowQuery(rows: FunctionRow[], q: RowQuery): RowPage {
  return pageOfSorted(sortedRows(rows, q), q);
}
