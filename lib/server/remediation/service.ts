import "server-only";
import { randomUUID } from "node:crypto";
import type { RemediationAction } from "@/lib/domain/remediation/actions";
import type { RemediationAnswer } from "@/lib/domain/wire/remediation";
import type { Identity } from "../auth/identity";
import type { ActAs } from "../kube/writes";
import type { AuditEntry, AuditLog } from "../store/audit";
import type { ApprovalStore } from "../store/approval-store";
import type { RateLimitStore } from "../store/rate-limit-store";
import { Approvals, type PendingRemediation } from "./approvals";
import type { ApproveBody, RemediationBody } from "./body";
import { RemediationError, refuse } from "./errors";
import { runSteps, type RunResult } from "./execute";
import { functionId, type FunctionRef } from "@/lib/domain/function-ref";
import { preparePlan, type Plan } from "./prepare";
import { WriteRateLimiter } from "./rate-limit";
import { ResidualFinder } from "./residuals";
import type { RemediationWorld } from "./world";

/**
 * The remediation service: every request is checked (prepare.ts),
 * previewed with a server-side dry run, written to the audit log before it runs and after,
 * executed with impersonation of the operator, and, with the two-person rule, held until a
 * different operator approves it, when every check runs again against the current object.
 */
export interface RemediationOptions {
  twoPersonRule: boolean;
  approvalTtlMs: number;
  writesPerMinute: number;
  /** Fault points for the crash tests: awaited after the attempt is stored, and between two steps. */
  pauseAt?: (point: FaultPoint) => Promise<void>;
}

export type FaultPoint = "after-attempt" | "between-steps";

export type ServiceAnswer = { status: 200 | 202; body: RemediationAnswer };

type AuditBase = Pick<AuditEntry, "requestId" | "actor" | "cluster" | "namespace" | "name" | "action" | "reason">;

/** Refusals before anyone is known (401): at most this many a minute reach the audit log. */
const ANONYMOUS_AUDITS_PER_MINUTE = 30;

/** Where pending approvals and rate limits are kept (the store: shared by every replica). */
export interface RemediationStores {
  audit: AuditLog;
  approvals: ApprovalStore;
  rateLimits: RateLimitStore;
}

export class RemediationService {
  readonly approvals: Approvals;
  readonly audit: AuditLog;
  /** What remediation left behind in AWS (the runbook's last step). */
  readonly residuals: ResidualFinder;
  private readonly limiter: WriteRateLimiter;
  private readonly anonymous: WriteRateLimiter;

  constructor(
    readonly world: RemediationWorld,
    stores: RemediationStores,
    readonly options: RemediationOptions,
  ) {
    this.audit = stores.audit;
    this.approvals = new Approvals(stores.approvals, options.approvalTtlMs);
    this.residuals = new ResidualFinder(world, stores.audit);
    this.limiter = new WriteRateLimiter(stores.rateLimits, "writes", options.writesPerMinute, () => world.now());
    this.anonymous = new WriteRateLimiter(stores.rateLimits, "unauthenticated-audits", ANONYMOUS_AUDITS_PER_MINUTE, () => world.now());
  }

  /** POST /api/functions/{c}/{ns}/{name}/remediations. Throws RemediationError (already audited). */
  async submit(identity: Identity, target: FunctionRef, body: RemediationBody): Promise<ServiceAnswer> {
    const base = this.base(randomUUID(), identity, target, body.action, body.reason);
    return this.audited(base, async () => {
      await this.rateLimit(identity);
      const plan = await preparePlan(this.world, [identity], target, body);
      if (body.dryRun) return this.dryRun(plan, identity, base);
      if (this.options.twoPersonRule) return this.requestApproval(plan, identity, body, base);
      return this.execute(plan, identity, base, null);
    });
  }

  /** POST /api/remediations/{id}/approve. */
  async approve(approver: Identity, id: string, body: ApproveBody): Promise<ServiceAnswer> {
    const p = await this.findPending(id);
    const base = { ...this.base(p.requestId, approver, p.target, p.body.action, p.body.reason) };
    return this.audited(base, async () => {
      await this.rateLimit(approver);
      if (approver.user === p.requester.user) {
        throw refuse.forbidden(`the two-person rule needs a different operator: ${approver.user} asked for this and cannot approve it`, "self_approval");
      }
      const expected = confirmNameOf(p);
      if (body.confirm !== expected) throw refuse.badRequest(`confirm must be "${expected}"`);
      let plan: Plan;
      try {
        // Both people must still be allowed, and the object must still be the one requested.
        plan = await preparePlan(this.world, [approver, p.requester], p.target, p.body);
      } catch (err) {
        // A request that no longer fits the object can never succeed: it is used up.
        if (err instanceof RemediationError && err.status === 409) await this.approvals.take(p.id, this.world.now());
        throw err;
      }
      // Atomic in the store: of two approvers (on any replicas), one gets it; past its expiry, nobody.
      if (!(await this.approvals.take(p.id, this.world.now()))) throw refuse.conflict("this request was just approved by someone else, or expired");
      await this.write({ ...base, phase: "approved", uid: plan.uid, preconditions: plan.preconditions, dryRun: null, outcome: null, error: null, status: null });
      // Executed as the requester (their request, their reason); the approver is in the audit log.
      return this.execute(plan, p.requester, { ...base, actor: actorOf(p.requester) }, approver);
    });
  }

  /**
   * An item of a batch preview: every check of a request and its server-side dry run, against
   * the object as it is now (its resourceVersion is recorded in the plan's preconditions). Not
   * audited one by one (the batch writes one dry-run entry) and not rate-limited (the batch
   * took one token; batch/pacer.ts paces its items). Throws RemediationError.
   */
  async previewItem(identity: Identity, target: FunctionRef, body: RemediationBody): Promise<{ plan: Plan; run: RunResult }> {
    const plan = await preparePlan(this.world, [identity], target, body, { atCurrentVersion: body.action !== "delete-aws-function" });
    const run = await this.run(plan, identity, true);
    if (!run.ok) throw failureError(run, "the dry run");
    return { plan, run };
  }

  /**
   * An item of a batch run: exactly a single request's guards, audit entries and execution
   * (the resourceVersion the preview saw, so a changed object is refused with 409 and nothing
   * done), without its rate limit and two-person hold: the batch took one token and, with the
   * two-person rule, one approval for all its items; the approver is checked again here.
   */
  async runItem(requester: Identity, approver: Identity | null, target: FunctionRef, body: RemediationBody, ids: { requestId: string; batchId: string }): Promise<ServiceAnswer> {
    const base = this.base(ids.requestId, requester, target, body.action, body.reason);
    return this.audited(base, async () => {
      const plan = await preparePlan(this.world, approver ? [approver, requester] : [requester], target, body);
      plan.preconditions.batchId = ids.batchId;
      return this.execute(plan, requester, base, approver);
    });
  }

  /** A pending request by id: 410 once it expired (audited then), 404 when unknown. */
  async findPending(id: string): Promise<PendingRemediation> {
    await this.sweep();
    const found = await this.approvals.find(id, this.world.now());
    if (found?.state === "pending") return found.pending;
    if (found?.state === "expired") throw refuse.gone("this request expired before anyone approved it: nothing was done; ask again");
    throw refuse.notFound("no pending remediation with that id");
  }

  /** Pending requests, after auditing the ones that expired. */
  async pending(): Promise<PendingRemediation[]> {
    await this.sweep();
    return this.approvals.list(this.world.now());
  }

  /** A request refused before its sender was known (401); rate-limited so floods do not fill the log. */
  async recordUnauthenticated(target: FunctionRef, action: RemediationAction, claimedUser: string | null, message: string, status: number): Promise<void> {
    if (!(await this.anonymous.take("anonymous")).ok) return;
    const user = claimedUser ? `unauthenticated (claimed ${claimedUser})` : "unauthenticated";
    await this.write({ ...this.base(randomUUID(), { user, groups: [] }, target, action, ""), phase: "refused", uid: null, preconditions: {}, dryRun: null, outcome: "refused", error: message, status });
  }

  /** A refusal the route decides (e.g. a cross-site request) for a known user. */
  async recordRefusal(identity: Identity, target: FunctionRef, body: Pick<RemediationBody, "action" | "reason">, err: RemediationError): Promise<void> {
    const base = this.base(randomUUID(), identity, target, body.action, body.reason);
    await this.write({ ...base, phase: "refused", uid: null, preconditions: {}, dryRun: null, outcome: "refused", error: err.message, status: err.status });
  }

  // ------------------------------------------------------------------------------------
  private base(requestId: string, who: Pick<Identity, "user" | "groups">, t: FunctionRef, action: RemediationAction, reason: string): AuditBase {
    return { requestId, actor: actorOf(who), cluster: t.cluster, namespace: t.namespace, name: t.name, action, reason };
  }

  /** Resolves once the entry is stored: nothing runs before its attempt is on record. */
  private async write(entry: Omit<AuditEntry, "id" | "at">): Promise<void> {
    await this.audit.append({ ...entry, at: new Date(this.world.now()).toISOString() });
  }

  /** Runs fn; a RemediationError it throws is written to the audit log as refused, once. */
  private async audited(base: AuditBase, fn: () => Promise<ServiceAnswer>): Promise<ServiceAnswer> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof RemediationError && err.extra.audited !== true && err.extra.audited !== false) {
        await this.write({ ...base, phase: "refused", uid: null, preconditions: {}, dryRun: null, outcome: "refused", error: err.message, status: err.status });
      }
      throw err instanceof RemediationError ? markAudited(err) : err;
    }
  }

  /**
   * One request against the person's write budget (429 with Retry-After when spent). A batch
   * takes one for its preview, one for its run and one for an approval (batch/service.ts).
   */
  async rateLimit(identity: Identity): Promise<void> {
    const d = await this.limiter.take(identity.user);
    if (d.ok) return;
    const err = new RemediationError(429, "rate_limited", `too many remediation requests from ${identity.user}: try again in ${d.retryAfterSeconds} s`, {
      retryAfterSeconds: d.retryAfterSeconds,
      // Only the first refusal of a burst is audited.
      audited: d.firstRefusal ? undefined : false,
    });
    throw err;
  }

  private async sweep(): Promise<void> {
    for (const p of await this.approvals.sweep(this.world.now())) {
      await this.write({
        ...this.base(p.requestId, p.requester, p.target, p.body.action, p.body.reason),
        phase: "expired",
        uid: p.uid,
        preconditions: preconditionsOfBody(p.body),
        dryRun: null,
        outcome: "refused",
        error: `no second operator approved it within ${Math.round(this.options.approvalTtlMs / 60_000)} min`,
        status: 410,
      });
    }
  }

  private actAs(identity: Identity): ActAs | null {
    return identity.mode === "proxy" ? { user: identity.user, groups: identity.groups } : null;
  }

  private async run(plan: Plan, identity: Identity, dryRun: boolean): Promise<RunResult> {
    const handle = this.world.cluster(plan.target.cluster);
    if (!handle) throw refuse.notFound(`no cluster named ${plan.target.cluster}`);
    const pause = this.options.pauseAt;
    return runSteps(plan.steps, { kc: handle.ctx.kc, key: plan.target, as: this.actAs(identity), dryRun, lambda: this.world.lambda, between: pause && !dryRun ? () => pause("between-steps") : undefined });
  }

  private async dryRun(plan: Plan, identity: Identity, base: AuditBase): Promise<ServiceAnswer> {
    const run = await this.run(plan, identity, true);
    await this.write({ ...base, phase: "dry-run", uid: plan.uid, preconditions: plan.preconditions, dryRun: run, outcome: run.ok ? "succeeded" : "failed", error: run.failure?.message ?? null, status: run.ok ? 200 : statusOf(run) });
    if (!run.ok) throw markAudited(failureError(run, "the dry run"));
    return { status: 200, body: answer(base, plan, run, "dry-run") };
  }

  private async requestApproval(plan: Plan, identity: Identity, body: RemediationBody, base: AuditBase): Promise<ServiceAnswer> {
    // The preview runs now, so a request that cannot work is refused at once, not at approval.
    const preview = await this.run(plan, identity, true);
    if (!preview.ok) throw failureError(preview, "the dry run");
    const p = await this.approvals.add({ requestId: base.requestId, requester: identity, target: plan.target, body, uid: plan.uid, warnings: plan.warnings, createdAt: this.world.now() });
    if (!p) throw new RemediationError(429, "too_many_pending", "too many requests are waiting for approval; approve or let some expire first");
    await this.write({ ...base, phase: "approval-requested", uid: plan.uid, preconditions: plan.preconditions, dryRun: preview, outcome: "pending", error: null, status: 202 });
    return { status: 202, body: { ...answer(base, plan, preview, "pending-approval"), approvalId: p.id, expiresAt: new Date(p.expiresAt).toISOString() } };
  }

  private async execute(plan: Plan, identity: Identity, base: AuditBase, approver: Identity | null): Promise<ServiceAnswer> {
    const preview = await this.run(plan, identity, true);
    const preconditions = approver ? { ...plan.preconditions, approvedBy: actorOf(approver) } : plan.preconditions;
    if (!preview.ok) {
      await this.write({ ...base, phase: "refused", uid: plan.uid, preconditions, dryRun: preview, outcome: "refused", error: preview.failure?.message ?? null, status: statusOf(preview) });
      throw markAudited(failureError(preview, "the dry run"));
    }
    await this.write({ ...base, phase: "attempt", uid: plan.uid, preconditions, dryRun: preview, outcome: null, error: null, status: null });
    await this.options.pauseAt?.("after-attempt");
    const run = await this.run(plan, identity, false);
    await this.write({ ...base, phase: "outcome", uid: plan.uid, preconditions, dryRun: preview, outcome: run.ok ? "succeeded" : "failed", error: run.failure?.message ?? null, status: run.ok ? 200 : statusOf(run) });
    this.world.nudge(functionId(plan.target));
    this.residuals.forget();
    if (!run.ok) throw markAudited(failureError(run, "the change"));
    return { status: 200, body: answer(base, plan, run, "done") };
  }
}

function actorOf(who: Pick<Identity, "user" | "groups">): AuditEntry["actor"] {
  return { user: who.user, groups: [...who.groups] };
}

function markAudited(err: RemediationError): RemediationError {
  return new RemediationError(err.status, err.code, err.message, { ...err.extra, audited: true });
}

function statusOf(run: RunResult): number {
  return failureError(run, "").status;
}

/** A failed run as the API's answer: nothing-changed conflicts are 409, the rest 403 / 502. */
function failureError(run: RunResult, what: string): RemediationError {
  const f = run.failure;
  const partial = run.steps.some((s) => s.ran && s.ok && !s.dryRun);
  const prefix = partial ? "partly done: " : "";
  const m = f?.message ?? "failed";
  switch (f?.failure) {
    case "conflict":
      return refuse.conflict(`${prefix}the cluster refused ${what}: the object changed since you looked (${m})${partial ? "" : "; nothing was changed"}`);
    case "not-found":
      return refuse.conflict(`${prefix}the object disappeared before ${what} (${m})`);
    case "forbidden":
      return refuse.forbidden(`${prefix}Kubernetes refused ${what} for this user: ${m}`);
    default:
      return refuse.upstream(`${prefix}${what} failed upstream: ${m}`);
  }
}

function answer(base: AuditBase, plan: Plan, run: RunResult, status: RemediationAnswer["status"]): RemediationAnswer {
  return {
    requestId: base.requestId,
    status,
    action: plan.action,
    target: plan.target,
    uid: plan.uid,
    preconditions: plan.preconditions,
    warnings: plan.warnings,
    checks: plan.checks,
    steps: run.steps,
    residual: status === "done" ? plan.residual : null,
  };
}

function confirmNameOf(p: PendingRemediation): string {
  return p.body.action === "delete-aws-function" ? p.body.aws.functionName : p.target.name;
}

function preconditionsOfBody(body: RemediationBody): Record<string, unknown> {
  return body.action === "delete-aws-function" ? { aws: body.aws, revisionId: body.expectedRevisionId ?? null } : { resourceVersion: body.expectedResourceVersion };
}
