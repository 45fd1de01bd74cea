/**
 * The dashboard's AWS reads as the simulated Lambda API saw them (sim/lambda/request-log.ts,
 * through the control API): the most GetFunction requests per account and Region in any
 * sliding second against the budget, throttled requests, and the complete AWS view in its two
 * steps (lib/server/aws/reader.ts): every function's existence known (a whole ListFunctions
 * listing of every account and Region walked) and every function's State known (every AWS
 * function the rows point at read once by GetFunction). Per account and Region, the first pass
 * of GetFunction: its requests per second and how many of them were re-reads (of Functions
 * needing attention, or changed), which take from the first reads.
 */
import type { RequestLogSummary } from "../../sim/lambda/request-log";
import { simFetch } from "./sim-http";

export async function requestSummary(controlUrl: string): Promise<RequestLogSummary> {
  const res = await simFetch(`${controlUrl}/aws/requests?windowMs=1000`);
  if (res.status !== 200) throw new Error(`control API: HTTP ${res.status}`);
  return JSON.parse(res.body.toString("utf8")) as RequestLogSummary;
}

export interface AwsRate {
  budgetPerSec: number;
  /** Most GetFunction requests of one account and Region in any 1 s window, over all of them. */
  maxPerSecWindow: number;
  perScope: Array<{
    scope: string;
    requests: number;
    throttled: number;
    maxInWindow: number;
    listRequests: number;
    /** GetFunction from its first request to the last first read: duration, answered requests (rate), re-reads among them. */
    firstPass: { ms: number | null; requests: number; rereads: number; perSec: number | null };
  }>;
  requests: number;
  throttled: number;
  truncated: boolean;
}

export function awsRate(summary: RequestLogSummary, budgetPerSec: number): AwsRate {
  const perScope = summary.scopes.map((s) => {
    const g = s.operations.GetFunction ?? { requests: 0, throttled: 0, maxInWindow: 0, firstAt: null };
    const passMs = g.firstAt !== null && s.lastFirstReadAt !== null ? s.lastFirstReadAt - g.firstAt : null;
    const firstPass = { ms: passMs, ...s.firstPass, perSec: passMs ? Math.round((s.firstPass.requests / passMs) * 10_000) / 10 : null };
    return { scope: `${s.accountId}/${s.region}`, requests: g.requests, throttled: g.throttled, maxInWindow: g.maxInWindow, listRequests: s.operations.ListFunctions?.requests ?? 0, firstPass };
  });
  return {
    budgetPerSec,
    maxPerSecWindow: Math.max(0, ...perScope.map((s) => s.maxInWindow)),
    perScope,
    requests: perScope.reduce((a, s) => a + s.requests, 0),
    throttled: perScope.reduce((a, s) => a + s.throttled, 0),
    truncated: summary.truncated,
  };
}

/** One account and Region's first ListFunctions sweep as the simulated Lambda API saw it (its clock: the dashboard's start). */
export interface SweepSeen {
  scope: string;
  /** The first page asked, and the last page of the first whole listing served; null: not yet. */
  firstPageMs: number | null;
  completeMs: number | null;
  /** Pages asked until then (a sweep of N functions has ⌈N / 50⌉), and their pace (null below two pages). */
  pages: number | null;
  pagesPerSec: number | null;
}

/**
 * Every function's existence, measured in a phase of its own: right after the cold start and
 * before the list load, as a dashboard just started sees it. Until round 5 it was read at the
 * end of the run, and so measured while the benchmark's own 32-client list load saturated the
 * server's one event loop: pages are asked one after the other (each needs the previous
 * page's marker), each waited on that loop, and the sweep went at one page per answer time
 * (300-440 ms a page instead of 40-60, bench/fleet/aws-sweep-trace.ts).
 */
export interface AwsExistence {
  /** Dashboard process start → a whole listing of every account and Region walked; null: not within the wait. */
  existenceMs: number | null;
  /** Dashboard process start → the first ListFunctions page asked (the cold start, then the wait for every cluster's first list). */
  firstPageMs: number | null;
  sweeps: SweepSeen[];
  waitedMs: number;
}

/** Polls the request log every 250 ms until every scope of `scopes` has had a whole listing walked, or `timeoutMs` passed. */
export async function waitForExistence(controlUrl: string, scopes: readonly string[], dashboardStartedAt: number, timeoutMs: number): Promise<AwsExistence> {
  const began = Date.now();
  for (;;) {
    const seen = existenceSeen(await requestSummary(controlUrl), scopes, dashboardStartedAt);
    if (seen.existenceMs !== null || Date.now() - began >= timeoutMs) return { ...seen, waitedMs: Date.now() - began };
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What the request log says of every function's existence in `scopes` (each "account/region"), on the clock of `startedAt`. */
export function existenceSeen(s: RequestLogSummary, scopes: readonly string[], startedAt: number): Omit<AwsExistence, "waitedMs"> {
  const sweeps = scopes.map((scope) => sweepSeen(s, scope, startedAt));
  const done = sweeps.length > 0 && sweeps.every((x) => x.completeMs !== null);
  const firsts = sweeps.map((x) => x.firstPageMs).filter((x): x is number => x !== null);
  return {
    existenceMs: done ? Math.max(...sweeps.map((x) => x.completeMs!)) : null,
    firstPageMs: firsts.length ? Math.min(...firsts) : null,
    sweeps,
  };
}

function sweepSeen(s: RequestLogSummary, scope: string, startedAt: number): SweepSeen {
  const x = s.scopes.find((y) => `${y.accountId}/${y.region}` === scope);
  const list = x?.operations.ListFunctions;
  const firstPageMs = list?.firstAt != null ? list.firstAt - startedAt : null;
  const completeMs = x?.firstListCompletedAt != null ? x.firstListCompletedAt - startedAt : null;
  // Every page asked so far belongs to the first sweep while it is under way; once it is
  // complete, the next one waits a minute (ACK_FLEET_AWS_LIST_EVERY), well after this is read.
  const pages = list ? list.requests : null;
  // Pages following one another: (pages − 1) over the span from the first page asked to the last served.
  const pagesPerSec = pages && pages >= 2 && firstPageMs !== null && completeMs !== null && completeMs > firstPageMs ? Math.round(((pages - 1) / (completeMs - firstPageMs)) * 10_000) / 10 : null;
  return { scope, firstPageMs, completeMs, pages, pagesPerSec };
}

export interface AwsView {
  targets: number;
  read: number;
  /** Dashboard process start → the last never-read function was read (every State known); null when not reached. */
  completeMs: number | null;
  /** Dashboard process start → a whole listing of every account and Region walked (every existence known); null: no listing. */
  existenceMs: number | null;
  waitedMs: number;
  /** When not complete: the time the whole view would take at the rate seen so far. */
  projectedMs: number | null;
}

/** Polls the request log every 2 s until `targets` functions were read or `timeoutMs` passed. */
export async function waitForAwsView(controlUrl: string, targets: number, dashboardStartedAt: number, timeoutMs: number): Promise<AwsView> {
  const began = Date.now();
  let read = 0;
  let existenceMs: number | null = null;
  for (;;) {
    const s = await requestSummary(controlUrl);
    read = s.scopes.reduce((a, x) => a + x.functionsRead, 0);
    existenceMs = existence(s, dashboardStartedAt);
    if (read >= targets) {
      const last = Math.max(...s.scopes.map((x) => x.lastFirstReadAt ?? 0));
      return { targets, read, completeMs: last - dashboardStartedAt, existenceMs, waitedMs: Date.now() - began, projectedMs: null };
    }
    if (Date.now() - began >= timeoutMs) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const elapsed = Date.now() - dashboardStartedAt;
  return { targets, read, completeMs: null, existenceMs, waitedMs: Date.now() - began, projectedMs: read > 0 ? Math.round((elapsed * targets) / read) : null };
}

/** When the last account and Region read by GetFunction first had a whole listing walked; null if one has none yet. */
function existence(s: RequestLogSummary, startedAt: number): number | null {
  const scopes = s.scopes.filter((x) => (x.operations.GetFunction?.requests ?? 0) > 0);
  if (scopes.length === 0 || scopes.some((x) => x.firstListCompletedAt === null)) return null;
  return Math.max(...scopes.map((x) => x.firstListCompletedAt!)) - startedAt;
}
