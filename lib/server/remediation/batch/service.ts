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
import type { BatchStore } from "./store";

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
 *
 * Batches live in the store (./store.ts): previewed on one replica, run, approved, stopped and
 * followed from any. The process that starts driving a batch runs it (its runner: `local`),
 * writing it after every item and every few seconds; it reads the stop, which anyone may write,
 * before each item. A batch whose runner stopped writing (the replica died) is closed by the
 * leader (reconcileOrphans): its items not started are not run, and an item that was running
 * is left to the attempt reconciler (../reconcile.ts), never run a second time.
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

const HEARTBEAT_MS = 5_000;
/** A running batch not written for this long has lost its runner. */
export const ORPHANED_AFTER_MS = 30_000;

export class BatchService {
  readonly store: BatchStore;
  private readonly pacer: BatchPacer;
  /** The batches this process drives (their freshest copy). */
  private readonly local = new Map<string, Batch>();
  /** The runner's writes of each batch, one after the other (a heartbeat never lands after the end). */
  private readonly writes = new Map<string, Promise<unknown>>();
  private readonly runner: string;

  constructor(
    private readonly remediation: RemediationService,
    readonly options: BatchOptions,
    deps: { store: BatchStore; pacer?: BatchPacer; runner: string },
  ) {
    this.store = deps.store;
    this.runner = deps.runner;
    this.pacer = deps.pacer ?? new BatchPacer(options.itemsPerSecond, () => remediation.world.now());
  }

  /** A batch as the store (or, while this process drives it, this process) has it. */
  async lookup(id: string): Promise<Batch | null> {
    return this.local.get(id) ?? (await this.store.get(id));
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
    await this.admit(batch, this.runner);
    void this.drive(batch);
    return this.view(batch, who.main);
  }

  /** POST /api/remediations/batches {previewId, confirm, reason}: the eligible items of a preview. */
  async run(who: Requesters, body: BatchRunBody): Promise<BatchView> {
    const preview = await this.lookup(body.previewId);
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
    // Once, whichever replica asks: of two runs of one preview, one gets it.
    if (!(await this.store.claimPreview(preview.id, batch.id))) throw refuse.conflict("this preview was already run: preview again", "preview_used");
    preview.usedBy = batch.id;
    if (this.options.twoPersonRule) {
      batch.status = "pending-approval";
      batch.expiresAt = this.now() + this.options.approvalTtlMs;
      await this.admit(batch, null);
      await this.audit(batch, "approval-requested", { outcome: "pending", status: 202 });
    } else {
      await this.admit(batch, this.runner);
      await this.start(batch);
    }
    return this.view(batch, who.main);
  }

  /** POST /api/remediations/batches/{id}/approve: a second operator, the count and the clusters typed again. */
  async approve(who: Requesters, id: string, body: BatchApproveBody): Promise<BatchView> {
    const batch = await this.find(id);
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
    batch.status = "running";
    // Of two approvers (on two replicas), one starts it.
    if (!(await this.store.save(batch, { from: ["pending-approval"], runner: this.runner }))) throw refuse.conflict("this batch was approved, stopped or expired meanwhile: reload it");
    await this.audit(batch, "approved", { actor: who.main });
    await this.start(batch);
    return this.view(batch, who.main);
  }

  /** POST /api/remediations/batches/{id}/stop: no item starts any more; those in flight finish. */
  async stop(who: Identity, id: string): Promise<BatchView> {
    const batch = await this.find(id);
    if (isBatchOver(batch.status)) throw refuse.conflict(`this batch is already ${batch.status}`, "already_finished");
    // Its runner, here or on another replica, reads the stop before each item.
    await this.store.requestStop(id, who.user);
    batch.stopRequested = true;
    batch.stoppedBy ??= who.user;
    // Who stopped it, when, on its own line of the audit log (the outcome entry comes at the end).
    this.auditLater(batch, "stopped", { status: 200, actor: who });
    if (batch.status === "pending-approval") {
      await this.finish(batch, ["pending-approval"]);
    } else if (batch.status !== "stopping") {
      batch.status = "stopping";
    }
    return this.view(batch, who);
  }

  async get(id: string, caller: Identity | null): Promise<BatchView> {
    return this.view(await this.find(id), caller);
  }

  async list(caller: Identity | null): Promise<BatchView[]> {
    await this.sweep();
    return (await this.store.list()).map((b) => this.view(this.local.get(b.id) ?? b, caller));
  }

  /** The leader's sweep: batches whose runner stopped writing are closed, nothing run twice. */
  async reconcileOrphans(): Promise<number> {
    let closed = 0;
    for (const b of await this.store.orphans(ORPHANED_AFTER_MS)) {
      if (this.local.has(b.id)) continue;
      const from = [b.status];
      b.stopRequested = true;
      b.stoppedBy ??= "nobody: the replica running it stopped";
      for (const [index, i] of b.items.entries()) {
        if (i.status === "running") Object.assign(i, { status: "not-run", message: `its replica stopped while it ran: the audit log's request ${b.id}/${index} says whether it was done` });
      }
      if (await this.finish(b, from)) closed++;
    }
    return closed;
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

  private async find(id: string): Promise<Batch> {
    await this.sweep();
    const b = await this.lookup(id);
    if (!b) throw refuse.notFound("no batch with that id");
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

  private async admit(batch: Batch, runner: string | null): Promise<void> {
    if (!(await this.store.add(batch, runner))) throw new RemediationError(429, "too_many_batches", "too many batches are running or waiting: wait for one to finish", { retryAfterSeconds: 10 });
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

  private async sweep(): Promise<void> {
    const now = this.now();
    for (const b of await this.store.list()) {
      if (b.status === "pending-approval" && b.expiresAt !== null && b.expiresAt <= now) {
        b.status = "expired";
        for (const i of b.items) if (i.status === "queued") Object.assign(i, { status: "not-run", message: "the batch expired before a second operator approved it" });
        b.finishedAt = now;
        // One replica expires it and audits it.
        if (await this.store.save(b, { from: ["pending-approval"] })) {
          this.auditLater(b, "expired", { outcome: "refused", error: `no second operator approved it within ${Math.round(this.options.approvalTtlMs / 60_000)} min`, status: 410 });
        }
      }
    }
  }

  private async start(batch: Batch): Promise<void> {
    batch.status = "running";
    this.local.set(batch.id, batch);
    // Written before any item runs, as a single action's attempt is.
    await this.audit(batch, "attempt", {});
    void this.drive(batch);
  }

  /** Runs the queued items, paced and `concurrency` at a time, then closes the batch. Never rejects. */
  private async drive(b: Batch): Promise<void> {
    this.local.set(b.id, b);
    b.startedAt = this.now();
    const queue = b.items.map((item, index) => ({ item, index })).filter((q) => q.item.status === "queued");
    let next = 0;
    const heartbeat = setInterval(() => void this.persist(b), HEARTBEAT_MS);
    const worker = async () => {
      while (!(await this.stopAsked(b)) && next < queue.length) {
        const q = queue[next++];
        if (!(await this.pacer.take(paceKey(b.action, q.item), () => b.stopRequested))) return;
        await (b.kind === "preview" ? this.previewOne(b, q.item) : this.runOne(b, q.item, q.index));
        await this.persist(b);
      }
    };
    try {
      await this.persist(b);
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency, queue.length) }, worker));
    } catch (err) {
      console.error(`[batch] ${b.id} stopped on an unexpected error: ${(err as Error).message}`);
      b.stopRequested = true;
    } finally {
      clearInterval(heartbeat);
    }
    await this.finish(b);
    this.local.delete(b.id);
  }

  /** The stop, as anyone on any replica wrote it. */
  private async stopAsked(b: Batch): Promise<boolean> {
    if (!b.stopRequested) {
      const stored = await this.store.get(b.id).catch(() => null);
      if (stored?.stopRequested) {
        b.stopRequested = true;
        b.stoppedBy ??= stored.stoppedBy;
        if (b.status === "running") b.status = "stopping";
      }
    }
    return b.stopRequested;
  }

  /** The runner's write: progress for every replica, and the sign that its runner lives. */
  private async persist(b: Batch): Promise<void> {
    await this.inOrder(b, () => this.store.save(b)).catch((err: Error) => console.error(`[batch] could not write ${b.id} to the store (retried at the next item): ${redact(err.message)}`));
  }

  private inOrder<T>(b: Batch, write: () => Promise<T>): Promise<T> {
    const next = (this.writes.get(b.id) ?? Promise.resolve()).catch(() => {}).then(write);
    this.writes.set(b.id, next);
    void next
      .finally(() => {
        if (this.writes.get(b.id) === next) this.writes.delete(b.id);
      })
      .catch(() => {});
    return next;
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

  /** Closes the batch and writes it (with `from`: only if its stored status is still one of those). */
  private async finish(b: Batch, from?: readonly Batch["status"][]): Promise<boolean> {
    for (const i of b.items) {
      if (i.status === "queued" || i.status === "checking" || i.status === "running") {
        Object.assign(i, { status: "not-run", message: b.stoppedBy ? `stopped by ${b.stoppedBy} before this item started` : "not started" });
      }
    }
    b.finishedAt = this.now();
    if (b.kind === "preview") {
      b.status = b.stopRequested ? "stopped" : "previewed";
      const summary = b.items.map((i) => ({ function: functionId(i.target), status: i.status, message: i.message?.slice(0, 300) ?? null }));
      if (!(await this.closed(b, from))) return false;
      this.auditLater(b, "dry-run", { outcome: "succeeded", error: describeCounts(countItems(b.items)), status: 200, dryRun: summary });
      return true;
    }
    b.status = b.stopRequested ? "stopped" : "done";
    const c = countItems(b.items);
    const allDone = c.succeeded === c.total;
    const stopped = b.stoppedBy ? `; stopped by ${b.stoppedBy}` : "";
    // Failed when a change failed; refused when nothing was done (all skipped, or stopped first).
    const outcome = c.failed > 0 ? "failed" : c.succeeded > 0 ? "succeeded" : "refused";
    if (!(await this.closed(b, from))) return false;
    this.auditLater(b, "outcome", { outcome, error: allDone ? null : `${describeCounts(c)}${stopped}`, status: 200 });
    return true;
  }

  private async closed(b: Batch, from?: readonly Batch["status"][]): Promise<boolean> {
    try {
      return await this.inOrder(b, () => this.store.save(b, { from, runner: null }));
    } catch (err) {
      console.error(`[batch] could not write the end of ${b.id} to the store: ${redact((err as Error).message)}`);
      return !from;
    }
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
