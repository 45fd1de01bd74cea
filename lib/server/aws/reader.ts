import "server-only";
import type { AwsState } from "@/lib/domain/wire/fleet";
import { TokenBucket } from "./budget";
import { NO_TELEMETRY, type Telemetry } from "../telemetry";
import type { FunctionLocator, GetFunctionOutcome, LambdaReadApi } from "./lambda-api";

/**
 * Reads the live Lambda state of the Functions the fleet knows, within a budget of
 * requests per second per account and region and a global concurrency limit. Unhealthy
 * Functions are read first and refreshed often; healthy ones slowly. Errors become data
 * (AwsState.error) on the rows, with the last known values kept.
 */
export interface AwsTarget {
  id: string;
  loc: FunctionLocator;
  urgent: boolean;
}

export interface AwsReaderOptions {
  requestsPerSecond: number;
  concurrency: number;
  refreshHealthyMs: number;
  refreshUnhealthyMs: number;
  tickMs?: number;
  now?: () => number;
  /** Told of every GetFunction request and how it ended. */
  telemetry?: Telemetry;
}

/** Who hears what the reader learns (the fleet, which turns it into rows). */
export interface AwsStateListener {
  /** A Function's AWS state changed (not only its observation time). */
  stateChanged?(id: string, state: AwsState): void;
  /** An account/region's error appeared, changed kind, or cleared. */
  accountsChanged?(): void;
  /** The fleet no longer has this Function (its state is forgotten). */
  removed?(id: string): void;
}

interface TargetEntry extends AwsTarget {
  nextDueAt: number;
  state: AwsState | null;
  inflight: boolean;
}

export interface AccountStatus {
  accountId: string;
  region: string;
  error: { code: string; message: string; at: string } | null;
  throttledUntil: string | null;
  requests: number;
}

interface AccountEntry {
  bucket: TokenBucket;
  error: AccountStatus["error"];
  throttles: number;
  throttledUntil: number;
  requests: number;
}

export class AwsStateReader {
  private readonly targets = new Map<string, TargetEntry>();
  private readonly accounts = new Map<string, AccountEntry>();
  private inflight = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly listeners = new Set<AwsStateListener>();
  private readonly mirrored = new Map<string, AwsState>();
  private mirroredAccounts: AccountStatus[] | null = null;

  constructor(
    private readonly api: LambdaReadApi,
    private readonly opts: AwsReaderOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  subscribe(listener: AwsStateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether it reads AWS now (a follower replica keeps it stopped). */
  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.opts.tickMs ?? 100);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get(id: string): AwsState | null {
    return this.targets.get(id)?.state ?? this.mirrored.get(id) ?? null;
  }

  /**
   * A state another replica (the leader) read, shown while this one does not read AWS
   * (lib/server/replicas/). Once this reader reads the Function itself, its own state wins.
   */
  applyObserved(id: string, state: AwsState): void {
    if (this.running && this.targets.get(id)?.state) return;
    if (JSON.stringify(this.get(id)) === JSON.stringify(state)) return;
    this.mirrored.set(id, state);
    for (const l of this.listeners) l.stateChanged?.(id, state);
  }

  /** The accounts' statuses as another replica (the leader) reads them. */
  applyObservedAccounts(statuses: AccountStatus[]): void {
    if (this.running) return;
    this.mirroredAccounts = statuses;
    for (const l of this.listeners) l.accountsChanged?.();
  }

  upsert(t: AwsTarget): void {
    const cur = this.targets.get(t.id);
    if (!cur) {
      this.targets.set(t.id, { ...t, nextDueAt: this.now(), state: null, inflight: false });
      return;
    }
    const locChanged = JSON.stringify(cur.loc) !== JSON.stringify(t.loc);
    if (t.urgent && !cur.urgent) cur.nextDueAt = Math.min(cur.nextDueAt, this.lastAttempt(cur) + this.opts.refreshUnhealthyMs);
    cur.urgent = t.urgent;
    cur.loc = t.loc;
    if (locChanged) cur.nextDueAt = this.now();
  }

  /** Read this one again as soon as the budget allows (e.g. its object just changed). */
  nudge(id: string): void {
    const cur = this.targets.get(id);
    if (cur) cur.nextDueAt = Math.min(cur.nextDueAt, this.now());
  }

  remove(id: string): void {
    const known = this.targets.delete(id) || this.mirrored.delete(id);
    this.mirrored.delete(id);
    if (known) for (const l of this.listeners) l.removed?.(id);
  }

  accountStatuses(): AccountStatus[] {
    if (!this.running && this.mirroredAccounts) return this.mirroredAccounts;
    return [...this.accounts.entries()].map(([key, a]) => {
      const [accountId, region] = key.split("/");
      return {
        accountId,
        region,
        error: a.error,
        throttledUntil: a.throttledUntil > this.now() ? new Date(a.throttledUntil).toISOString() : null,
        requests: a.requests,
      };
    });
  }

  private lastAttempt(t: TargetEntry): number {
    return t.state ? Date.parse(t.state.error?.at ?? t.state.observedAt) : this.now();
  }

  private account(loc: FunctionLocator): AccountEntry {
    const key = `${loc.accountId}/${loc.region}`;
    let a = this.accounts.get(key);
    if (!a) {
      a = {
        bucket: new TokenBucket(this.opts.requestsPerSecond, Math.max(1, Math.ceil(this.opts.requestsPerSecond)), this.now),
        error: null,
        throttles: 0,
        throttledUntil: 0,
        requests: 0,
      };
      this.accounts.set(key, a);
    }
    return a;
  }

  /** Picks the due targets, most urgent and longest-waiting first, within budget. */
  tick(): void {
    if (this.inflight >= this.opts.concurrency) return;
    const now = this.now();
    const due: TargetEntry[] = [];
    for (const t of this.targets.values()) if (!t.inflight && t.nextDueAt <= now) due.push(t);
    if (due.length === 0) return;
    due.sort((a, b) => Number(b.urgent) - Number(a.urgent) || Number(a.state !== null) - Number(b.state !== null) || a.nextDueAt - b.nextDueAt);
    const exhausted = new Set<AccountEntry>();
    for (const t of due) {
      if (this.inflight >= this.opts.concurrency) break;
      const acct = this.account(t.loc);
      if (exhausted.has(acct)) continue;
      if (!acct.bucket.tryTake()) {
        exhausted.add(acct);
        continue;
      }
      void this.read(t, acct);
    }
  }

  private async read(t: TargetEntry, acct: AccountEntry): Promise<void> {
    t.inflight = true;
    this.inflight++;
    acct.requests++;
    let outcome: GetFunctionOutcome;
    try {
      outcome = await this.api.getFunction(t.loc);
    } catch (err) {
      outcome = { kind: "error", code: "Error", message: (err as Error).message };
    } finally {
      t.inflight = false;
      this.inflight--;
    }
    (this.opts.telemetry ?? NO_TELEMETRY).awsRequest(t.loc.accountId, t.loc.region, outcome.kind === "error" ? { kind: "error", code: outcome.code } : { kind: outcome.kind });
    // The target may have been removed while the request was in flight.
    if (this.targets.get(t.id) !== t) return;
    this.apply(t, acct, outcome);
  }

  private apply(t: TargetEntry, acct: AccountEntry, outcome: GetFunctionOutcome): void {
    const now = this.now();
    const at = new Date(now).toISOString();
    const refresh = t.urgent ? this.opts.refreshUnhealthyMs : this.opts.refreshHealthyMs;
    const accountErrorBefore = acct.error?.code ?? null;
    let next: AwsState;
    if (outcome.kind === "found" || outcome.kind === "not-found") {
      acct.error = null;
      acct.throttles = 0;
      next =
        outcome.kind === "found"
          ? { exists: true, ...withoutKind(outcome), observedAt: at, error: null }
          : { exists: false, state: null, stateReason: null, stateReasonCode: null, lastUpdateStatus: null, observedAt: at, error: null };
      t.nextDueAt = now + refresh;
    } else if (outcome.kind === "throttled") {
      // Throttled by AWS: back off the whole account/region, then retry this one first.
      acct.throttles++;
      const pause = outcome.retryAfterMs ?? Math.min(30_000, 1000 * 2 ** Math.min(acct.throttles, 5));
      acct.bucket.pause(pause);
      acct.throttledUntil = now + pause;
      // Shown on the account's badge until a read succeeds again.
      acct.error = { code: "TooManyRequestsException", message: `throttled by AWS, backing off ${Math.round(pause / 1000)} s: ${outcome.message}`, at };
      t.nextDueAt = now + pause;
      next = failed(t.state, { code: "TooManyRequestsException", message: `throttled by AWS: ${outcome.message}`, at });
    } else {
      acct.error = { code: outcome.code, message: outcome.message, at };
      t.nextDueAt = now + Math.min(refresh, this.opts.refreshUnhealthyMs * 2);
      next = failed(t.state, { code: outcome.code, message: outcome.message, at });
    }
    const changed = JSON.stringify(stripTimes(t.state)) !== JSON.stringify(stripTimes(next));
    t.state = next;
    if (changed) for (const l of this.listeners) l.stateChanged?.(t.id, next);
    if ((acct.error?.code ?? null) !== accountErrorBefore) for (const l of this.listeners) l.accountsChanged?.();
  }
}

function withoutKind<T extends { kind: string }>(o: T): Omit<T, "kind"> {
  const { kind: _kind, ...rest } = o;
  void _kind;
  return rest;
}

/** Keeps the last known values and adds the error; a never-read function has nothing known. */
function failed(prev: AwsState | null, error: { code: string; message: string; at: string }): AwsState {
  if (prev) return { ...prev, error };
  return { exists: false, state: null, stateReason: null, stateReasonCode: null, lastUpdateStatus: null, observedAt: error.at, error };
}

function stripTimes(s: AwsState | null): unknown {
  if (!s) return null;
  const { observedAt: _o, error, ...rest } = s;
  void _o;
  return { ...rest, error: error ? { code: error.code, message: error.message } : null };
}
