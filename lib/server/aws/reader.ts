import "server-only";
import type { AwsState } from "@/lib/domain/wire/fleet";
import { AccountQueue, type QueuedTarget } from "./account-queue";
import { BUDGET_WINDOW_MS, type BudgetSlot } from "./budget";
import { NO_TELEMETRY, type Telemetry } from "../telemetry";
import type { FunctionLocator, GetFunctionOutcome, LambdaReadApi, ListFunctionsOutcome } from "./lambda-api";
import { failed, onListed, onUnlisted, sameState, type ListDecision } from "./aws-state";
import { ListSweep, listedName, type PageRequest } from "./list-sweep";
import { index, unindex, type AccountEntry, type TargetEntry } from "./reader-entries";

/**
 * Reads the live Lambda state of the Functions the fleet knows, within a budget of requests
 * per second per account and region (a hard cap in any one-second window, ./budget.ts) and a
 * number of requests in flight per account and region: no global limit below the budgets, so
 * the accounts together use all of theirs. Never-read Functions come before re-reads, Functions
 * that need attention first (./account-queue.ts); each tick costs O(accounts + reads sent), not
 * O(fleet). Errors become data (AwsState.error) on the rows, with the last known values kept.
 *
 * With a list budget, a ListFunctions sweep per account and region (./list-sweep.ts) learns
 * within seconds which functions exist (a missing one is shown at once) and their revision; a
 * listed one shows nothing until GetFunction reads its State (the verdicts need it). GetFunction
 * is spent where State matters: Functions needing attention, never-read ones, those a listing
 * shows changed (a new RevisionId) or created since their last read.
 *
 * The complete AWS view, in two steps (progress()): every Function's existence known (listed,
 * or read by GetFunction), then every Function's State known (read by GetFunction, or missing
 * from a complete listing: a missing function has no State).
 */
export interface AwsTarget {
  id: string;
  loc: FunctionLocator;
  urgent: boolean;
}

export interface AwsReaderOptions {
  /** The hard cap per account and region, requests in any one-second window. */
  requestsPerSecond: number;
  /** Requests in flight at once per account and region. */
  concurrency: number;
  refreshHealthyMs: number;
  refreshUnhealthyMs: number;
  tickMs?: number;
  now?: () => number;
  /** Told of every GetFunction request and how it ended. */
  telemetry?: Telemetry;
  /** ListFunctions pages per account and region in any one-second window; 0 or absent: no listing. */
  listRequestsPerSecond?: number;
  /** The pause between two ListFunctions sweeps of an account and region. */
  listEveryMs?: number;
}

/** How far the reader's view of AWS is (the complete AWS view, in two steps). */
export interface AwsViewProgress {
  targets: number;
  /** Known to exist or be missing (by a listing or GetFunction). */
  existenceKnown: number;
  /** Read by GetFunction (found or not), or missing from a complete listing. */
  stateKnown: number;
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


export interface AccountStatus {
  accountId: string;
  region: string;
  error: { code: string; message: string; at: string } | null;
  throttledUntil: string | null;
  requests: number;
}


export class AwsStateReader {
  private readonly targets = new Map<string, TargetEntry>();
  private readonly accounts = new Map<string, AccountEntry>();
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

  /**
   * An answer frees its place in the budget one window later (./budget.ts): tick at that moment
   * rather than at the next periodic tick. Waiting for the tick cost up to a tick per window:
   * with 100 ms ticks a budget of 10/s gave 10 requests per 1.1 s (9.1/s), the first reason the
   * complete view took longer than the budget allows.
   */
  private wakeWhenFree(): void {
    if (!this.timer) return;
    setTimeout(() => {
      if (this.timer) this.tick();
    }, BUDGET_WINDOW_MS + 1).unref?.();
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
      // Every field written here, in one order: one object shape for all targets.
      const entry: TargetEntry = { id: t.id, loc: t.loc, urgent: t.urgent, changed: false, prompted: false, nextDueAt: this.now(), state: null, known: false, inflight: false, removed: false, gen: 0, nudged: false, account: this.account(t.loc), readAt: null, listedAt: null, listName: listedName(t.loc.functionName) };
      this.targets.set(t.id, entry);
      index(entry);
      entry.account.queue.schedule(entry);
      return;
    }
    const locChanged = cur.loc.accountId !== t.loc.accountId || cur.loc.region !== t.loc.region || cur.loc.functionName !== t.loc.functionName;
    if (!locChanged && cur.urgent === t.urgent) return;
    if (t.urgent && !cur.urgent) cur.nextDueAt = Math.min(cur.nextDueAt, this.lastAttempt(cur) + this.opts.refreshUnhealthyMs);
    cur.urgent = t.urgent;
    cur.loc = t.loc;
    if (locChanged) {
      unindex(cur);
      cur.nextDueAt = this.now();
      cur.account = this.account(t.loc);
      cur.listName = listedName(t.loc.functionName);
      cur.listedAt = null;
      index(cur);
    }
    if (cur.inflight) cur.nudged ||= locChanged;
    else cur.account.queue.schedule(cur);
  }

  /**
   * Read this one again as soon as the budget allows: its Kubernetes state changed (or a
   * remediation acted on it). A prompted re-read has its own share while first reads wait
   * (./account-queue.ts).
   */
  nudge(id: string): void {
    const cur = this.targets.get(id);
    if (!cur) return;
    if (cur.inflight) {
      cur.nudged = true;
      return;
    }
    if (cur.prompted && cur.nextDueAt <= this.now()) return;
    cur.prompted = true;
    cur.nextDueAt = Math.min(cur.nextDueAt, this.now());
    cur.account.queue.schedule(cur);
  }

  remove(id: string): void {
    const cur = this.targets.get(id);
    if (cur) {
      cur.removed = true;
      this.targets.delete(id);
      unindex(cur);
    }
    const mirrored = this.mirrored.delete(id);
    if (cur || mirrored) for (const l of this.listeners) l.removed?.(id);
  }

  /** The accounts and regions asked at least once. */
  accountStatuses(): AccountStatus[] {
    if (!this.running && this.mirroredAccounts) return this.mirroredAccounts;
    return [...this.accounts.values()].filter((a) => a.requests > 0).map((a) => {
      const [accountId, region] = a.key.split("/");
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
      const listing = this.api.listFunctions && (this.opts.listRequestsPerSecond ?? 0) > 0;
      const sweep = listing ? new ListSweep(this.opts.listRequestsPerSecond!, this.now, this.opts.listEveryMs ?? 60_000) : null;
      a = { key, queue: new AccountQueue(this.opts.requestsPerSecond, this.now, this.opts.concurrency), error: null, throttledUntil: 0, requests: 0, sweep, byName: new Map() };
      this.accounts.set(key, a);
    }
    return a;
  }

  /** Sends, for each account and region, what is due within its budget, most urgent first. */
  tick(): void {
    const now = this.now();
    for (const acct of this.accounts.values()) {
      this.listNext(acct);
      for (;;) {
        const next = acct.queue.take(now);
        if (!next) break;
        void this.read(next.target, acct, next.slot);
      }
    }
  }

  /** Asks the account's next ListFunctions page when its sweep is due and its budget allows. */
  private listNext(acct: AccountEntry): void {
    const req = acct.sweep?.take();
    if (req) void this.listPage(acct, req);
  }

  private async listPage(acct: AccountEntry, req: PageRequest): Promise<void> {
    const [accountId, region] = acct.key.split("/");
    let outcome: ListFunctionsOutcome;
    try {
      outcome = await this.api.listFunctions!(accountId, region, req.marker);
    } catch (err) {
      outcome = { kind: "error", code: "Error", message: (err as Error).message };
    }
    const sweep = acct.sweep!;
    const result = sweep.answered(req, outcome);
    (this.opts.telemetry ?? NO_TELEMETRY).awsListPage(
      accountId,
      region,
      result.kind === "abandoned" ? { kind: "error", code: result.code } : { kind: result.kind === "retry" ? "throttled" : result.kind },
    );
    this.wakeWhenFree();
    const at = new Date(this.now()).toISOString();
    if (result.kind === "listed" || result.kind === "complete") {
      for (const f of result.functions) {
        for (const t of acct.byName.get(f.functionName) ?? []) {
          t.listedAt = this.now();
          this.decided(t, onListed(t, f));
        }
      }
    }
    if (result.kind === "complete") {
      for (const [name, targets] of acct.byName) {
        // A target added after its page went by is listed all the same.
        if (result.seen.has(name)) for (const t of targets) t.listedAt ??= this.now();
        else for (const t of targets) this.decided(t, onUnlisted(t, result.startedAt, at));
      }
    }
    if (this.running) this.listNext(acct);
  }

  /** Shows what a listing said of a Function, and reads it with GetFunction first when it changed. */
  private decided(t: TargetEntry, d: ListDecision): void {
    if (d.show) {
      t.state = d.show;
      for (const l of this.listeners) l.stateChanged?.(t.id, d.show);
    }
    if (!d.reread || t.changed) return;
    t.changed = true;
    if (t.inflight) {
      t.nudged = true;
      return;
    }
    t.nextDueAt = Math.min(t.nextDueAt, this.now());
    t.account.queue.schedule(t);
  }

  /** How far the complete AWS view is (see the class comment). */
  progress(): AwsViewProgress {
    let existenceKnown = 0;
    let stateKnown = 0;
    for (const t of this.targets.values()) {
      const listedMissing = t.state?.via === "ListFunctions" && !t.state.exists;
      if (t.readAt !== null || listedMissing) stateKnown++;
      if (t.readAt !== null || listedMissing || t.listedAt !== null) existenceKnown++;
    }
    return { targets: this.targets.size, existenceKnown, stateKnown };
  }

  private async read(t: TargetEntry, acct: AccountEntry, slot: BudgetSlot): Promise<void> {
    t.inflight = true;
    t.nudged = false;
    acct.queue.inflight++;
    acct.requests++;
    let outcome: GetFunctionOutcome;
    try {
      outcome = await this.api.getFunction(t.loc);
    } catch (err) {
      outcome = { kind: "error", code: "Error", message: (err as Error).message };
    } finally {
      t.inflight = false;
      acct.queue.inflight--;
      acct.queue.budget.answered(slot);
      this.wakeWhenFree();
    }
    (this.opts.telemetry ?? NO_TELEMETRY).awsRequest(t.loc.accountId, t.loc.region, outcome.kind === "error" ? { kind: "error", code: outcome.code } : { kind: outcome.kind });
    if (outcome.kind === "throttled") acct.queue.budget.throttled(slot.sentAt, outcome.retryAfterMs);
    else acct.queue.budget.succeeded();
    // The target may have been removed while the request was in flight.
    if (this.targets.get(t.id) !== t) return;
    this.apply(t, acct, outcome);
    if (t.nudged) {
      t.nextDueAt = Math.min(t.nextDueAt, this.now());
      t.prompted = true;
    }
    t.nudged = false;
    t.account.queue.schedule(t);
  }

  private apply(t: TargetEntry, acct: AccountEntry, outcome: GetFunctionOutcome): void {
    const now = this.now();
    const at = new Date(now).toISOString();
    const refresh = t.urgent ? this.opts.refreshUnhealthyMs : this.opts.refreshHealthyMs;
    const accountErrorBefore = acct.error?.code ?? null;
    let next: AwsState;
    if (outcome.kind === "found" || outcome.kind === "not-found") {
      acct.error = null;
      next =
        outcome.kind === "found"
          ? { exists: true, ...withoutKind(outcome), observedAt: at, error: null }
          : { exists: false, state: null, stateReason: null, stateReasonCode: null, lastUpdateStatus: null, observedAt: at, error: null };
      t.nextDueAt = now + refresh;
      t.readAt = now;
      t.changed = false;
    } else if (outcome.kind === "throttled") {
      // Throttled by AWS: the account's budget slowed down (./budget.ts); this one is retried
      // after a pause, in its queue, before the Functions due later.
      const pause = Math.max(outcome.retryAfterMs ?? 0, Math.ceil(1000 / acct.queue.budget.rate));
      acct.throttledUntil = Math.max(now + (outcome.retryAfterMs ?? 0), acct.queue.budget.pausedUntilMs);
      // Shown on the account's badge until a read succeeds again.
      acct.error = { code: "TooManyRequestsException", message: `throttled by AWS, slowed to ${formatRate(acct.queue.budget.rate)}/s: ${outcome.message}`, at };
      t.nextDueAt = now + pause;
      next = failed(t.state, { code: "TooManyRequestsException", message: `throttled by AWS: ${outcome.message}`, at });
    } else {
      acct.error = { code: outcome.code, message: outcome.message, at };
      t.nextDueAt = now + Math.min(refresh, this.opts.refreshUnhealthyMs * 2);
      next = failed(t.state, { code: outcome.code, message: outcome.message, at });
    }
    const changed = !sameState(t.state, next);
    t.state = next;
    // A throttled request learnt nothing: a never-read Function stays in the first-read queue.
    t.known ||= outcome.kind !== "throttled";
    // An answer (or an error) is what the prompt asked for; a throttled request is retried as it was.
    if (outcome.kind !== "throttled") t.prompted = false;
    if (changed) for (const l of this.listeners) l.stateChanged?.(t.id, next);
    if ((acct.error?.code ?? null) !== accountErrorBefore) for (const l of this.listeners) l.accountsChanged?.();
  }
}

function formatRate(r: number): string {
  return r >= 10 ? String(Math.round(r)) : r.toFixed(1);
}

function withoutKind<T extends { kind: string }>(o: T): Omit<T, "kind"> {
  const { kind: _kind, ...rest } = o;
  void _kind;
  return rest;
}
