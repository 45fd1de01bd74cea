/**
 * What the Lambda API was asked, per account and Region, for measuring a client from outside:
 * requests per operation, the most requests seen in any sliding window of one second (what a
 * per-second budget is checked against), the throttled ones, and for GetFunction which
 * functions were read and when each was first read (how long a reader took to see them all).
 * Bounded: past `maxTimestamps` request times it keeps counting but stops keeping times, and
 * says so.
 */

export interface ScopeOperationSummary {
  requests: number;
  throttled: number;
  /** Most requests (throttled ones included) in any window of `windowMs`. */
  maxInWindow: number;
  firstAt: number | null;
  lastAt: number | null;
}

export interface ScopeSummary {
  accountId: string;
  region: string;
  operations: Record<string, ScopeOperationSummary>;
  /** Distinct functions GetFunction asked for (found or not), and when the last new one came. */
  functionsRead: number;
  lastFirstReadAt: number | null;
  /** GetFunction requests answered (not throttled) up to lastFirstReadAt, and how many of them read a function again. */
  firstPass: { requests: number; rereads: number };
  /** When a ListFunctions page without NextMarker (the last one) was first served: a whole listing had been walked. */
  firstListCompletedAt: number | null;
}

export interface RequestLogSummary {
  windowMs: number;
  /** True when request times stopped being kept (maxInWindow then covers only the kept ones). */
  truncated: boolean;
  scopes: ScopeSummary[];
}

interface OperationLog {
  times: number[];
  requests: number;
  throttled: number;
}

interface ScopeLog {
  accountId: string;
  region: string;
  operations: Map<string, OperationLog>;
  firstReads: Map<string, number>;
  lastFirstReadAt: number | null;
  /** Times of answered GetFunction requests, and of those that read a function again (bounded like the rest). */
  answeredGets: number[];
  rereads: number[];
  firstListCompletedAt: number | null;
}

/** The largest number of sorted times that fall within any window [t, t + windowMs). */
export function maxInSlidingWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

export class RequestLog {
  private readonly scopes = new Map<string, ScopeLog>();
  private kept = 0;
  private truncated = false;

  constructor(private readonly maxTimestamps = 2_000_000) {}

  record(accountId: string, region: string, operation: string, at: number, outcome: { throttled: boolean; functionName?: string }): void {
    const key = `${accountId}/${region}`;
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = { accountId, region, operations: new Map(), firstReads: new Map(), lastFirstReadAt: null, answeredGets: [], rereads: [], firstListCompletedAt: null };
      this.scopes.set(key, scope);
    }
    let op = scope.operations.get(operation);
    if (!op) {
      op = { times: [], requests: 0, throttled: 0 };
      scope.operations.set(operation, op);
    }
    op.requests++;
    if (outcome.throttled) op.throttled++;
    if (this.kept < this.maxTimestamps) {
      op.times.push(at);
      this.kept++;
    } else this.truncated = true;
    if (operation === "GetFunction" && !outcome.throttled && outcome.functionName) {
      if (!this.truncated) scope.answeredGets.push(at);
      if (!scope.firstReads.has(outcome.functionName)) {
        scope.firstReads.set(outcome.functionName, at);
        scope.lastFirstReadAt = at;
      } else if (!this.truncated) scope.rereads.push(at);
    }
  }

  /** A ListFunctions answer was the last page of a listing. */
  listCompleted(accountId: string, region: string, at: number): void {
    const scope = this.scopes.get(`${accountId}/${region}`);
    if (scope) scope.firstListCompletedAt ??= at;
  }

  summary(windowMs = 1000): RequestLogSummary {
    const scopes = [...this.scopes.values()].map((s) => ({
      accountId: s.accountId,
      region: s.region,
      operations: Object.fromEntries(
        [...s.operations].map(([name, op]) => [
          name,
          {
            requests: op.requests,
            throttled: op.throttled,
            // Times come from one clock in arrival order; sorted anyway in case it stepped back.
            maxInWindow: maxInSlidingWindow([...op.times].sort((a, b) => a - b), windowMs),
            firstAt: op.times[0] ?? null,
            lastAt: op.times.at(-1) ?? null,
          },
        ]),
      ),
      functionsRead: s.firstReads.size,
      lastFirstReadAt: s.lastFirstReadAt,
      firstPass: {
        requests: s.answeredGets.filter((t) => t <= (s.lastFirstReadAt ?? -Infinity)).length,
        rereads: s.rereads.filter((t) => t <= (s.lastFirstReadAt ?? -Infinity)).length,
      },
      firstListCompletedAt: s.firstListCompletedAt,
    }));
    return { windowMs, truncated: this.truncated, scopes };
  }

  clear(): void {
    this.scopes.clear();
    this.kept = 0;
    this.truncated = false;
  }
}
