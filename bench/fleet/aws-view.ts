/**
 * The dashboard's AWS reads as the simulated Lambda API saw them (sim/lambda/request-log.ts,
 * through the control API): the most GetFunction requests per account and Region in any
 * sliding second against the budget, throttled requests, and how long until every AWS
 * function the rows point at had been read once.
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
  perScope: Array<{ scope: string; requests: number; throttled: number; maxInWindow: number }>;
  requests: number;
  throttled: number;
  truncated: boolean;
}

export function awsRate(summary: RequestLogSummary, budgetPerSec: number): AwsRate {
  const perScope = summary.scopes.map((s) => {
    const g = s.operations.GetFunction ?? { requests: 0, throttled: 0, maxInWindow: 0 };
    return { scope: `${s.accountId}/${s.region}`, requests: g.requests, throttled: g.throttled, maxInWindow: g.maxInWindow };
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

export interface AwsView {
  targets: number;
  read: number;
  /** Dashboard process start → the last never-read function was read; null when not reached. */
  completeMs: number | null;
  waitedMs: number;
  /** When not complete: the time the whole view would take at the rate seen so far. */
  projectedMs: number | null;
}

/** Polls the request log every 2 s until `targets` functions were read or `timeoutMs` passed. */
export async function waitForAwsView(controlUrl: string, targets: number, dashboardStartedAt: number, timeoutMs: number): Promise<AwsView> {
  const began = Date.now();
  let read = 0;
  for (;;) {
    const s = await requestSummary(controlUrl);
    read = s.scopes.reduce((a, x) => a + x.functionsRead, 0);
    if (read >= targets) {
      const last = Math.max(...s.scopes.map((x) => x.lastFirstReadAt ?? 0));
      return { targets, read, completeMs: last - dashboardStartedAt, waitedMs: Date.now() - began, projectedMs: null };
    }
    if (Date.now() - began >= timeoutMs) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const elapsed = Date.now() - dashboardStartedAt;
  return { targets, read, completeMs: null, waitedMs: Date.now() - began, projectedMs: read > 0 ? Math.round((elapsed * targets) / read) : null };
}
