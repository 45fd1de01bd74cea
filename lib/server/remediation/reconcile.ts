import "server-only";
import { ACK_FUNCTION_FINALIZER, ANNOTATION } from "@/lib/domain/ack";
import type { AuditEntry, AuditLog } from "../store/audit";
import { deleteFunction, getFunctionObject, type ActAs } from "../kube/writes";
import type { FunctionLocator } from "../aws/lambda-api";
import { summariseObject } from "./operations";
import type { RemediationWorld } from "./world";

/**
 * An attempt is stored before anything is sent; its outcome after (./service.ts). A process that
 * dies between the two (a SIGKILL, a node lost) leaves an attempt without an outcome. The leader
 * finds those older than a grace period (longer than any request takes) and appends the outcome
 * the world shows, never updating the attempt (the log is append-only):
 * - `reconciled: done`: the object is as the action leaves it (deleting or gone; the ACK
 *   finalizer gone; the AWS function gone);
 * - `reconciled: not done`: it is not, so nothing took effect (every step is guarded by the
 *   object's uid and resourceVersion: a later retry cannot act on a changed object either).
 * retain-and-delete is two requests (the annotation, then the DELETE: Kubernetes has no single
 * call for both). When only the first took effect, the reconciler completes the second, as the
 * requester and guarded by the object's uid, so the action ends done, never half.
 * An attempt whose state cannot be read now (cluster unreachable, AWS error) waits for the next
 * sweep.
 */
export interface ReconcileSources {
  world: RemediationWorld;
  audit: AuditLog & { unfinishedAttempts(before: number, limit: number): Promise<AuditEntry[]> };
  /** Who a completed step acts as (the requester in proxy mode; the dashboard's own user otherwise). */
  actAs(actor: AuditEntry["actor"]): ActAs | null;
  log(line: string): void;
  /** More to close at each sweep (the batches whose runner died). */
  also?(): Promise<void>;
}

export interface Finding {
  done: boolean;
  detail: string;
}

const BATCH = 100;

export async function reconcileAttempts(src: ReconcileSources, graceMs: number): Promise<number> {
  const attempts = await src.audit.unfinishedAttempts(src.world.now() - graceMs, BATCH);
  let reconciled = 0;
  for (const a of attempts) {
    let finding: Finding | null;
    try {
      finding = await findState(src, a);
    } catch (err) {
      finding = null;
      src.log(`[remediation] could not reconcile the attempt ${a.requestId} (${a.action} ${a.namespace}/${a.name}): ${(err as Error).message}`);
    }
    if (!finding) continue;
    await src.audit.append({
      requestId: a.requestId, phase: "outcome", actor: a.actor, cluster: a.cluster, namespace: a.namespace, name: a.name, uid: a.uid,
      action: a.action, reason: a.reason, preconditions: { ...a.preconditions, reconciled: finding.done ? "done" : "not done" }, dryRun: null,
      outcome: finding.done ? "succeeded" : "failed", error: `reconciled: ${finding.done ? "done" : "not done"} (${finding.detail})`, status: null,
    });
    src.log(`[remediation] attempt ${a.requestId} (${a.action} ${a.cluster}/${a.namespace}/${a.name}) had no outcome: reconciled ${finding.done ? "done" : "not done"}: ${finding.detail}`);
    reconciled++;
  }
  return reconciled;
}

async function findState(src: ReconcileSources, a: AuditEntry): Promise<Finding | null> {
  if (a.action === "delete-aws-function") {
    const loc = (a.preconditions.aws ?? null) as FunctionLocator | null;
    if (!loc) return { done: false, detail: "the attempt names no AWS function" };
    const live = await src.world.lambda.readFunction(loc);
    if (live.kind === "error") return null;
    return live.kind === "not-found" ? { done: true, detail: `${loc.functionName} no longer exists in AWS` } : { done: false, detail: `${loc.functionName} still exists in AWS` };
  }
  const handle = src.world.cluster(a.cluster);
  if (!handle) return null;
  const key = { namespace: a.namespace, name: a.name };
  const got = await getFunctionObject(handle.ctx.kc, key);
  if (!got.ok && got.failure !== "not-found") return null;
  const meta = got.ok ? ((got.body as { metadata?: { uid?: string; resourceVersion?: string } }).metadata ?? {}) : {};
  // Gone (or another object of the same name: the attempt's is gone): what every object action leads to.
  if (!got.ok || (a.uid && meta.uid !== a.uid)) return { done: true, detail: "the object is gone" };
  const o = summariseObject(got.body);
  if (a.action === "request-deletion") return o.deletionTimestamp ? { done: true, detail: "deletion is requested" } : { done: false, detail: "no deletion was requested" };
  if (a.action === "remove-finalizer") {
    return o.finalizers.includes(ACK_FUNCTION_FINALIZER) ? { done: false, detail: `${ACK_FUNCTION_FINALIZER} is still set` } : { done: true, detail: `${ACK_FUNCTION_FINALIZER} is removed` };
  }
  // retain-and-delete
  if (o.deletionPolicy !== "retain") return { done: false, detail: `${ANNOTATION.deletionPolicy} is not retain and no deletion was requested` };
  if (o.deletionTimestamp) return { done: true, detail: `${ANNOTATION.deletionPolicy}: retain is set and deletion is requested` };
  // Guarded by the object as just read: a change since then is a 409 and nothing is done.
  const del = await deleteFunction(handle.ctx.kc, key, { uid: a.uid ?? String(meta.uid), resourceVersion: String(meta.resourceVersion) }, { as: src.actAs(a.actor) });
  if (!del.ok) return del.failure === "not-found" ? { done: true, detail: "the object is gone" } : { done: false, detail: `${ANNOTATION.deletionPolicy}: retain is set; completing the deletion failed: ${del.message}` };
  return { done: true, detail: `${ANNOTATION.deletionPolicy}: retain was set; the deletion (its second step) was completed by the reconciler` };
}

/** The sweep while this process leads (or runs alone): at once, then every `everyMs`. */
export class AttemptReconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly src: ReconcileSources,
    private readonly opts: { graceMs: number; everyMs: number },
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = () => {
      this.running = reconcileAttempts(this.src, this.opts.graceMs)
        .then(() => this.src.also?.())
        .catch((err: Error) => this.src.log(`[remediation] reconciling attempts failed (retried): ${err.message}`));
      this.timer = setTimeout(() => void this.running.then(() => this.timer && tick()), this.opts.everyMs);
    };
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
