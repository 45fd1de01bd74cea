import "server-only";
import { redact } from "../../redact";
import { randomUUID } from "node:crypto";
import { confirmationFor, confirmationProblem, countItems, describeCounts, isBatchOver } from "@/lib/domain/remediation/batch";
import { functionId } from "@/lib/domain/function-ref";
import type { BatchView } from "@/lib/domain/wire/batch";
import type { Identity } from "../../auth/identity";
import type { AuditEntry } from "../../store/audit";
import type { RemediationBody } from "../body";
import { RemediationError, refuse } from "../errors";
import type { RemediationService } from "../service";
import type { BatchApproveBody, BatchPreviewBody, BatchRunBody } from "./body";
import { batchView, isRequester, paceKey, type Batch, type BatchItem, type BatchLimits } from "./model";
import { BatchPacer } from "./pacer";
import { MemoryBatchStore, type BatchStore } from "./store";

/**
 * Fleet-wide remediation, as guarded as one (README "Batch remediation"). A batch is a preview
 * first: every item checked and dry-run on the server, each found eligible or not and why.
 * Its eligible items then run, once the operator typed their number and each cluster's name
 * and one reason: item by item, each with exactly a single request's guards and audit entries
 * (RemediationService.runItem: the resourceVersion the preview saw, so a changed object is
 * refused with 409 and skipped), paced (pacer.ts) and at most `concurrency` at a time, in this
 * process whether or not a browser follows it. The batch writes its own audit entries before
 * and after; it counts as one request against the person's rate limit; with the two-person
 * rule a second operator approves the batch once, and every item is checked again for both.
 * A stop lets the items in flight finish and runs no other.
 */
export interface BatchOptions extends BatchLimits {
  twoPersonRule: boolean;
  approvalTtlMs: number;
  /** How long a finished preview may be run. */
  previewTtlMs: number;
}

/** Who asks, per cluster of the items (local mode: each context's kubeconfig user). */
export interface Requesters {
  byCluster: Record<string, Identity>;
  /** The one named in the batch's own audit entries and its view. */
  main: Identity;
}

type Phase = AuditEntry["phase"];

export class BatchService {
  readonly store: BatchStore;
  private readonly pacer: BatchPacer;

  constructor(
    private readonly remediation: RemediationService,
    readonly options: BatchOptions,
    deps: { store?: BatchStore; pacer?: BatchPacer } = {},
  ) {
    this.store = deps.store ?? new MemoryBatchStore();
    this.pacer = deps.pacer ?? new BatchPacer(options.itemsPerSecond, () => remediation.world.now());
  }

  get limits(): BatchLimits {
    return { maxItems: this.options.maxItems, concurrency: this.options.concurrency, itemsPerSecond: this.options.itemsPerSecond };
  }

  private now(): number {
    return this.remediation.world.now();
  }

  /** POST /api/remediations/batches {action, items, dryRun: true}. */
  async preview(who: Requesters, body: BatchPreviewBody): Promise<BatchView> {
    if (body.items.length > this.options.maxItems) {
      throw new RemediationError(413, "too_many_items", `a batch holds at most ${this.options.maxItems} Functions (ACK_FLEET_BATCH_MAX); you sent ${body.items.length}: narrow the selection`);
    }
    const seen = new Set<string>();
    for (const i of body.items) {
      const key = `${functionId(i)}|${i.aws ? `${i.aws.accountId}/${i.aws.region}/${i.aws.functionName}` : ""}`;
      if (seen.has(key)) throw refuse.badRequest(`${functionId(i).slice(0, 300)} is in the batch twice`);
      seen.add(key);
    }
    const batch = this.newBatch("preview", who, body.action, "", body.items.map((i) => newItem(i, i.aws ?? null, null, null)));
    await this.takeToken(who.main, batch);
    this.admit(batch);
    void this.drive(batch);
    return this.view(batch, who.main);
  }

  /** POST /api/remediations/batches {previewId, confirm, reason}: the eligible items of a preview. */
  async run(who: Requesters, body: BatchRunBody): Promise<BatchView> {
    const preview = this.store.get(body.previewId);
    if (!preview || preview.kind !== "preview") throw refuse.notFound("no batch preview with that id: preview the selection first");
    if (!isRequester(preview, who.main.user)) throw refuse.forbidden("run your own preview: this one was made by someone else");
    if (preview.status !== "previewed") throw refuse.conflict(`the preview is ${preview.status}, not finished: wait for it, or preview again`, "preview_not_ready");
    if (preview.usedBy) throw refuse.conflict(`this preview was already run (batch ${preview.usedBy}): preview again`, "preview_used");
    if (this.now() - (preview.finishedAt ?? 0) > this.options.previewTtlMs) {
      throw refuse.gone(`the preview is older than ${Math.round(this.options.previewTtlMs / 60_000)} min: preview again, the Functions may have changed`);
    }
    const eligible = preview.items.filter((i) => i.status === "eligible");
    if (eligible.length === 0) throw refuse.conflict("no item of the preview is eligible: nothing to run", "not_eligible");
    const problem = confirmationProblem(confirmationFor(eligible.map((i) => i.target)), body.confirm);
    if (problem) throw refuse.badRequest(`confirm: ${problem}`);
    const items = eligible.map((i) => newItem(i.target, i.aws, i.expectedResourceVersion, i.expectedRevisionId, i.warnings));
    const batch = this.newBatch("run", who, preview.action, body.reason, items);
    batch.previewId = preview.id;
    await this.takeToken(who.main, batch);
    this.admit(batch);
    preview.usedBy = batch.id;
    if (this.options.twoPersonRule) {
      batch.status = "pending-approval";
      batch.expiresAt = this.now() + this.options.approvalTtlMs;
      await this.audit(batch, "approval-requested", { outcome: "pending", status: 202 });
    } else {
      await this.start(batch);
    }
    return this.view(batch, who.main);
  }

  /** POST /api/remediations/batches/{id}/approve: a second operator, the count and the clusters typed again. */
  async approve(who: Requesters, id: string, body: BatchApproveBody): Promise<BatchView> {
    const batch = this.find(id);
    if (batch.status === "expired") throw refuse.gone("this batch expired before anyone approved it: nothing was done; ask again");
    if (batch.status !== "pending-approval") throw refuse.conflict(`this batch is ${batch.status}: there is nothing to approve`);
    const fail = async (err: RemediationError) => {
      await this.audit(batch, "refused", { outcome: "refused", error: err.message, status: err.status, actor: who.main });
      return err;
    };
    if (isRequester(batch, who.main.user)) {
      throw await fail(refuse.forbidden(`the two-person rule needs a different operator: ${who.main.user} asked for this batch and cannot approve it`, "self_approval"));
    }
    const problem = confirmationProblem(batch.confirmation, body.confirm);
    if (problem) throw refuse.badRequest(`confirm: ${problem}`);
    await this.takeToken(who.main, batch);
    batch.approvers = who.byCluster;
    await this.audit(batch, "approved", { actor: who.main });
    await this.start(batch);
    return this.view(batch, who.main);
  }

  /** POST /api/remediations/batches/{id}/stop: no item starts any more; those in flight finish. */
  stop(who: Identity, id: string): BatchView {
    const batch = this.find(id);
    if (isBatchOver(batch.status)) throw refuse.conflict(`this batch is already ${batch.status}`, "already_finished");
    batch.stopRequested = true;
    batch.stoppedBy ??= who.user;
    // Who stopped it, when, on its own line of the audit log (the outcome entry comes at the end).
    this.auditLater(batch, "stopped", { status: 200, actor: who });
    if (batch.status === "pending-approval") {
      this.finish(batch);
    } else if (batch.status !== "stopping") {
      batch.status = "stopping";
    }
    return this.view(batch, who);
  }

  get(id: string, caller: Identity | null): BatchView {
    return this.view(this.find(id), caller);
  }

  list(caller: Identity | null): BatchView[] {
    this.sweep();
    return this.store.list().map((b) => this.view(b, caller));
  }

  /** A refusal the route decides (a cross-site write) for a known user: one batch-level entry. */
  async recordRefusal(who: Identity, what: { action: BatchView["action"]; count: number; clusters: string[] }, err: RemediationError): Promise<void> {
    await this.remediation.audit.append({
      at: new Date(this.now()).toISOString(),
      requestId: randomUUID(),
      phase: "refused",
      actor: { user: who.user, groups: [...who.groups] },
      cluster: what.clusters.join(", "),
      namespace: "",
      name: `batch of ${what.count}`,
      uid: null,
      action: what.action,
      reason: "",
      preconditions: { batch: { count: what.count, clusters: what.clusters } },
      dryRun: null,
      outcome: "refused",
      error: err.message,
      status: err.status,
    });
  }

  // ------------------------------------------------------------------------------------
  private view(b: Batch, caller: Identity | null): BatchView {
    return batchView(b, caller, this.limits);
  }

  private find(id: string): Batch {
    this.sweep();
    const b = this.store.get(id);
    if (!b) throw refuse.notFound("no batch with that id (batches are kept in memory by the process that ran them)");
    return b;
  }

  private newBatch(kind: Batch["kind"], who: Requesters, action: Batch["action"], reason: string, items: BatchItem[]): Batch {
    return {
      id: randomUUID(),
      kind,
      previewId: null,
      action,
      status: kind === "preview" ? "previewing" : "running",
      requesters: who.byCluster,
      requester: who.main,
      reason,
      confirmation: confirmationFor(items.map((i) => i.target)),
      items,
      createdAt: this.now(),
      startedAt: null,
      finishedAt: null,
      expiresAt: null,
      approvers: null,
      stoppedBy: null,
      stopRequested: false,
      usedBy: null,
    };
  }

  private admit(batch: Batch): void {
    if (!this.store.add(batch)) throw new RemediationError(429, "too_many_batches", "too many batches are running or waiting: wait for one to finish", { retryAfterSeconds: 10 });
  }

  /** One request against the rate limit; its first refusal in a burst is audited once, for the batch. */
  private async takeToken(who: Identity, batch: Batch): Promise<void> {
    try {
      await this.remediation.rateLimit(who);
    } catch (err) {
      if (err instanceof RemediationError && err.extra.audited !== false) {
        await this.audit(batch, "refused", { outcome: "refused", error: err.message, status: err.status, actor: who });
      }
      throw err;
    }
  }

  private sweep(): void {
    const now = this.now();
    for (const b of this.store.list()) {
      if (b.status === "pending-approval" && b.expiresAt !== null && b.expiresAt <= now) {
        b.status = "expired";
        for (const i of b.items) if (i.status === "queued") Object.assign(i, { status: "not-run", message: "the batch expired before a second operator approved it" });
        b.finishedAt = now;
        this.auditLater(b, "expired", { outcome: "refused", error: `no second operator approved it within ${Math.round(this.options.approvalTtlMs / 60_000)} min`, status: 410 });
      }
    }
  }

  private async start(batch: Batch): Promise<void> {
    batch.status = "running";
    // Written before any item runs, as a single action's attempt is.
    await this.audit(batch, "attempt", {});
    void this.drive(batch);
  }

  /** Runs the queued items, paced and `concurrency` at a time, then closes the batch. Never rejects. */
  private async drive(b: Batch): Promise<void> {
    b.startedAt = this.now();
    const queue = b.items.map((item, index) => ({ item, index })).filter((q) => q.item.status === "queued");
    let next = 0;
    const worker = async () => {
      while (!b.stopRequested && next < queue.length) {
        const q = queue[next++];
        if (!(await this.pacer.take(paceKey(b.action, q.item), () => b.stopRequested))) return;
        await (b.kind === "preview" ? this.previewOne(b, q.item) : this.runOne(b, q.item, q.index));
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency, queue.length) }, worker));
    } catch (err) {
      console.error(`[batch] ${b.id} stopped on an unexpected error: ${(err as Error).message}`);
      b.stopRequested = true;
    }
    this.finish(b);
  }

  private async previewOne(b: Batch, item: BatchItem): Promise<void> {
    Object.assign(item, { status: "checking", startedAt: this.now() });
    const who = b.requesters[item.target.cluster];
    try {
      if (!who) throw refuse.notFound(`no cluster named ${item.target.cluster.slice(0, 100)}`);
      const { plan, run } = await this.remediation.previewItem(who, item.target, this.itemBody(b, item, true));
      const pre = plan.preconditions as { resourceVersion?: unknown; revisionId?: unknown; aws?: { arn?: unknown } };
      item.expectedResourceVersion = typeof pre.resourceVersion === "string" ? pre.resourceVersion : null;
      item.expectedRevisionId = typeof pre.revisionId === "string" ? pre.revisionId : null;
      if (item.aws && typeof pre.aws?.arn === "string") item.aws = { ...item.aws, arn: pre.aws.arn };
      Object.assign(item, { status: "eligible", warnings: plan.warnings, httpStatus: 200, message: run.steps.map((s) => s.message).join("; ") });
    } catch (err) {
      Object.assign(item, { status: "ineligible", ...failure(err) });
    }
    item.finishedAt = this.now();
  }

  private async runOne(b: Batch, item: BatchItem, index: number): Promise<void> {
    Object.assign(item, { status: "running", startedAt: this.now() });
    const who = b.requesters[item.target.cluster];
    const approver = b.approvers ? (b.approvers[item.target.cluster] ?? null) : null;
    try {
      if (!who || (b.approvers && !approver)) throw refuse.notFound(`no cluster named ${item.target.cluster.slice(0, 100)}`);
      const answer = await this.remediation.runItem(who, approver, item.target, this.itemBody(b, item, false), { requestId: `${b.id}/${index}`, batchId: b.id });
      Object.assign(item, { status: "succeeded", httpStatus: answer.status, message: answer.body.steps.map((s) => s.message).join("; ") });
    } catch (err) {
      const f = failure(err);
      // A guard that refused (4xx) left the object untouched: skipped. The change itself failing upstream: failed.
      Object.assign(item, { status: f.httpStatus !== null && f.httpStatus < 500 && !/^partly done/.test(f.message ?? "") ? "skipped" : "failed", ...f });
    }
    item.finishedAt = this.now();
  }

  private itemBody(b: Batch, item: BatchItem, dryRun: boolean): RemediationBody {
    const reason = b.reason || "batch preview";
    if (b.action === "delete-aws-function" && item.aws) {
      const aws = { accountId: item.aws.accountId, region: item.aws.region, functionName: item.aws.functionName };
      return { action: b.action, aws, expectedRevisionId: item.expectedRevisionId ?? undefined, confirm: aws.functionName, reason, dryRun };
    }
    if (b.action === "delete-aws-function") throw refuse.badRequest("delete-aws-function items need the AWS function");
    return { action: b.action, expectedResourceVersion: item.expectedResourceVersion ?? "0", confirm: item.target.name, reason, dryRun };
  }

  private finish(b: Batch): void {
    for (const i of b.items) {
      if (i.status === "queued" || i.status === "checking" || i.status === "running") {
        Object.assign(i, { status: "not-run", message: b.stoppedBy ? `stopped by ${b.stoppedBy} before this item started` : "not started" });
      }
    }
    b.finishedAt = this.now();
    if (b.kind === "preview") {
      b.status = b.stopRequested ? "stopped" : "previewed";
      const summary = b.items.map((i) => ({ function: functionId(i.target), status: i.status, message: i.message?.slice(0, 300) ?? null }));
      this.auditLater(b, "dry-run", { outcome: "succeeded", error: describeCounts(countItems(b.items)), status: 200, dryRun: summary });
      return;
    }
    b.status = b.stopRequested ? "stopped" : "done";
    const c = countItems(b.items);
    const allDone = c.succeeded === c.total;
    const stopped = b.stoppedBy ? `; stopped by ${b.stoppedBy}` : "";
    // Failed when a change failed; refused when nothing was done (all skipped, or stopped first).
    const outcome = c.failed > 0 ? "failed" : c.succeeded > 0 ? "succeeded" : "refused";
    this.auditLater(b, "outcome", { outcome, error: allDone ? null : `${describeCounts(c)}${stopped}`, status: 200 });
  }

  /**
   * One batch-level audit entry. Awaited where it must precede what follows (the attempt before
   * any item runs); where a step cannot wait (the expiry sweep, the end of a run) a failed write
   * is logged, never thrown into the route that happened to notice it.
   */
  private async audit(b: Batch, phase: Phase, extra: Partial<Pick<AuditEntry, "outcome" | "error" | "status" | "dryRun">> & { actor?: Identity }): Promise<void> {
    const actor = extra.actor ?? b.requester;
    const approver = b.approvers ? Object.values(b.approvers)[0] : null;
    const written = this.remediation.audit.append({
      at: new Date(this.now()).toISOString(),
      requestId: b.id,
      phase,
      actor: { user: actor.user, groups: [...actor.groups] },
      cluster: b.confirmation.clusters.join(", "),
      namespace: "",
      name: `batch of ${b.confirmation.count}`,
      uid: null,
      action: b.action,
      reason: b.reason,
      preconditions: {
        batch: { id: b.id, kind: b.kind, previewId: b.previewId, count: b.confirmation.count, clusters: b.confirmation.clusters, functions: b.items.map((i) => functionId(i.target)) },
        ...(approver ? { approvedBy: { user: approver.user, groups: [...approver.groups] } } : {}),
      },
      dryRun: extra.dryRun ?? null,
      outcome: extra.outcome ?? null,
      error: extra.error ?? null,
      status: extra.status ?? null,
    });
    await written;
  }

  private auditLater(b: Batch, phase: Phase, extra: Parameters<BatchService["audit"]>[2]): void {
    this.audit(b, phase, extra).catch((err: unknown) => console.error(`[batch] the audit log did not take the batch's ${phase} entry: ${redact(err instanceof Error ? err.message : String(err))}`));
  }
}

function newItem(target: BatchItem["target"], aws: BatchItem["aws"], rv: string | null, revision: string | null, warnings: string[] = []): BatchItem {
  return {
    target: { cluster: target.cluster, namespace: target.namespace, name: target.name },
    aws: aws ? { ...aws } : null,
    status: "queued",
    message: null,
    httpStatus: null,
    expectedResourceVersion: rv,
    expectedRevisionId: revision,
    warnings: [...warnings],
    startedAt: null,
    finishedAt: null,
  };
}

function failure(err: unknown): { message: string; httpStatus: number | null } {
  if (err instanceof RemediationError) return { message: err.message, httpStatus: err.status };
  return { message: `unexpected error: ${(err as Error)?.message ?? String(err)}`.slice(0, 300), httpStatus: null };
}
