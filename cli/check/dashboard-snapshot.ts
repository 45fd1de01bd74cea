/**
 * The fleet as a running dashboard sees it: `GET /api/functions`, every page (`cursor`), with
 * the dashboard's own verdicts. The answer is validated with the wire schema of lib/domain;
 * an error answer (`{error:{code,message}}`) or a network failure makes the check incomplete.
 */
import { type FunctionListResponse, FunctionListResponseSchema } from "@/lib/domain/wire/fleet";
import type { CheckedFunction, FleetSnapshot } from "./evaluate";

const PAGE = 2000;
const REQUEST_TIMEOUT_MS = 30_000;
/** 50,000 Functions at 2,000 a page is 25 pages; more means the cursor does not advance. */
const MAX_PAGES = 500;

export class DashboardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DashboardError";
  }
}

export interface DashboardSource {
  /** Base URL, e.g. https://fleet.example.com (a path prefix is kept). */
  url: string;
  /** Sent as `Authorization: Bearer …` (from ACK_FLEET_DASHBOARD_TOKEN), never printed. */
  token: string | null;
  contexts: string[];
  namespaces: string[];
  /** Rows per request (default 2000; the API allows up to 20000). */
  pageSize?: number;
}

async function getPage(src: DashboardSource, cursor: string | undefined): Promise<FunctionListResponse> {
  const url = new URL(`${src.url.replace(/\/+$/, "")}/api/functions`);
  url.searchParams.set("limit", String(src.pageSize ?? PAGE));
  // By name, not by health (the API's default): a verdict that changes between two pages would
  // move its row across the cursor. Rows with the same name can still swap; see readAllRows.
  url.searchParams.set("sort", "name");
  if (src.contexts.length) url.searchParams.set("cluster", src.contexts.join(","));
  if (src.namespaces.length) url.searchParams.set("namespace", src.namespaces.join(","));
  if (cursor) url.searchParams.set("cursor", cursor);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { Accept: "application/json", ...(src.token ? { Authorization: `Bearer ${src.token}` } : {}) },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      redirect: "manual",
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new DashboardError(`${url.origin} did not answer: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* reported below */
  }
  if (res.status !== 200) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const detail = typeof error?.message === "string" ? `${String(error.code)}: ${error.message}` : res.status >= 300 && res.status < 400 ? `redirected to ${res.headers.get("location") ?? "?"} (a login page?)` : text.slice(0, 200);
    throw new DashboardError(`GET ${url.pathname} answered ${res.status}: ${detail}`);
  }
  const parsed = FunctionListResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new DashboardError(`GET ${url.pathname} did not answer a Function list (${parsed.error.issues[0]?.path.join(".") || "body"}: ${parsed.error.issues[0]?.message ?? "not JSON"})`);
  }
  return parsed.data;
}

/** Every row, each once. Returns how many rows the dashboard counted, to tell a short read. */
async function readAllRows(src: DashboardSource): Promise<{ first: FunctionListResponse; items: FunctionListResponse["items"]; total: number }> {
  const first = await getPage(src, undefined);
  const byId = new Map(first.items.map((r) => [r.id, r]));
  let total = first.total ?? first.items.length;
  let cursor = first.nextCursor;
  for (let pages = 1; cursor; pages++) {
    if (pages >= MAX_PAGES) throw new DashboardError(`more than ${MAX_PAGES} pages: the cursor does not advance`);
    const page = await getPage(src, cursor);
    for (const r of page.items) byId.set(r.id, r);
    total = page.total ?? total;
    cursor = page.nextCursor;
  }
  return { first, items: [...byId.values()], total };
}

/** Reads again when rows were missed while paging (rows of the same name reordered by a verdict change). */
const READ_ATTEMPTS = 3;

export async function dashboardSnapshot(src: DashboardSource): Promise<FleetSnapshot> {
  let read = await readAllRows(src);
  for (let attempt = 1; attempt < READ_ATTEMPTS && read.items.length < read.total; attempt++) read = await readAllRows(src);
  const { first, items } = read;
  const wanted = (name: string) => src.contexts.length === 0 || src.contexts.includes(name);
  const functions: CheckedFunction[] = items.map((r) => ({ id: r.id, cluster: r.cluster, namespace: r.namespace, name: r.name, verdict: r.verdict }));
  return {
    clusters: first.clusters.filter((c) => wanted(c.name)).map((c) => ({
      name: c.name,
      error: c.connected ? null : `disconnected from the dashboard${c.error ? ` (${c.error})` : ""}: its Functions show their last known state`,
      controller: c.controller ?? null,
      controllerError: c.controller ? null : "the dashboard has not found the controller yet",
    })),
    functions,
    awsAccountErrors: (first.awsAccounts ?? []).flatMap((a) => {
      const affected = items.filter((r) => r.accountId === a.accountId && r.region === a.region).length;
      return a.error && affected > 0 ? [{ accountId: a.accountId, region: a.region, message: `${a.error.code}: ${a.error.message}`, functions: affected }] : [];
    }),
    rejected: [],
    notes:
      items.length < read.total
        ? [{ cluster: "dashboard", message: `${read.total - items.length} of ${read.total} Functions were missed while paging (rows kept moving); they were not checked` }]
        : [],
  };
}
