/**
 * The ListFunctions sweep of one AWS account and region: page after page (50 functions a page,
 * Lambda API reference "ListFunctions"), one page in flight, within a budget of its own.
 *
 * Why its own budget: Lambda's request-rate quotas (developer guide, "Lambda quotas", API
 * requests) are per account and region and per call: GetFunction has 100 requests/s, while
 * ListFunctions counts in "the remainder of the control plane API requests", 15 requests/s
 * for all of them together, shared with the ACK controller's CreateFunction/Update* calls.
 * So a page does not spend GetFunction's budget, and the sweep keeps well below 15/s (the
 * same hard cap in any one-second window and adaptive rate as GetFunction, ./budget.ts).
 *
 * A sweep tells which functions exist, their code hash, last modification, revision and
 * configuration in ⌈functions / 50⌉ / cap seconds (one page in flight: the next needs its
 * marker); not their State (ListFunctions leaves State, StateReason and
 * LastUpdateStatus out), which GetFunction reads. Only a sweep that reached its last page
 * without an error says that a function is missing: an abandoned sweep says nothing.
 */
import "server-only";
import { AccountBudget, type BudgetSlot } from "./budget";
import type { ListedFunction, ListFunctionsOutcome } from "./lambda-api";

/** After AccessDenied (no lambda:ListFunctions in the policy) GetFunction alone reads; asked again this much later. */
const DENIED_RETRY_MS = 15 * 60_000;

export interface PageRequest {
  marker: string | null;
  slot: BudgetSlot;
}

export type PageResult =
  | { kind: "listed"; functions: ListedFunction[] }
  /** The last page came: `seen` holds every function of the account and region listed since `startedAt`. */
  | { kind: "complete"; functions: ListedFunction[]; seen: ReadonlySet<string>; startedAt: number }
  | { kind: "retry" }
  | { kind: "abandoned"; code: string; message: string };

export class ListSweep {
  readonly budget: AccountBudget;
  private inflight = false;
  private marker: string | null = null;
  /** When the sweep under way asked its first page; null between sweeps. */
  private startedAt: number | null = null;
  private nextSweepAt: number;
  private seen = new Set<string>();
  /** When a sweep first reached its last page (existence of every function known); null before. */
  firstCompletedAt: number | null = null;
  lastError: { code: string; message: string } | null = null;

  constructor(
    cap: number,
    private readonly now: () => number,
    /** The pause between the end of one sweep and the start of the next. */
    private readonly everyMs: number,
  ) {
    this.budget = new AccountBudget(cap, now);
    this.nextSweepAt = now();
  }

  /** The page to ask now, within the budget; null when none is due or one is in flight. */
  take(): PageRequest | null {
    if (this.inflight) return null;
    const t = this.now();
    if (this.startedAt === null && t < this.nextSweepAt) return null;
    const slot = this.budget.tryTake();
    if (!slot) return null;
    if (this.startedAt === null) {
      this.startedAt = t;
      this.marker = null;
      this.seen = new Set();
    }
    this.inflight = true;
    return { marker: this.marker, slot };
  }

  /** The page's answer (or failure); the next page goes out when the budget allows. */
  answered(req: PageRequest, outcome: ListFunctionsOutcome): PageResult {
    this.inflight = false;
    this.budget.answered(req.slot);
    if (outcome.kind === "throttled") {
      this.budget.throttled(req.slot.sentAt, outcome.retryAfterMs);
      return { kind: "retry" };
    }
    const startedAt = this.startedAt ?? this.now();
    if (outcome.kind === "error") {
      this.lastError = { code: outcome.code, message: outcome.message };
      this.startedAt = null;
      this.seen = new Set();
      this.nextSweepAt = this.now() + (outcome.code === "AccessDeniedException" ? DENIED_RETRY_MS : this.everyMs);
      return { kind: "abandoned", code: outcome.code, message: outcome.message };
    }
    this.budget.succeeded();
    this.lastError = null;
    for (const f of outcome.functions) this.seen.add(f.functionName);
    if (outcome.nextMarker) {
      this.marker = outcome.nextMarker;
      return { kind: "listed", functions: outcome.functions };
    }
    const seen = this.seen;
    this.startedAt = null;
    this.seen = new Set();
    this.nextSweepAt = this.now() + this.everyMs;
    this.firstCompletedAt ??= this.now();
    return { kind: "complete", functions: outcome.functions, seen, startedAt };
  }
}

/**
 * The name a ListFunctions item carries for a locator: the name itself, or the name inside an
 * unqualified function ARN (arn:aws:lambda:<region>:<account>:function:<name>). A qualified ARN
 * (a version or alias) is not what ListFunctions lists by default: null, GetFunction alone reads it.
 */
export function listedName(functionName: string): string | null {
  if (!functionName.startsWith("arn:")) return functionName.includes(":") ? null : functionName;
  const parts = functionName.split(":");
  return parts.length === 7 && parts[5] === "function" && parts[6] !== "" ? parts[6] : null;
}
