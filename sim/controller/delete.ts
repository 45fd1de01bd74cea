/**
 * The delete path of one reconcile (runtime deleteResource plus the lambda-controller delete
 * hooks; docs/ack-lambda-controller.md "Finalizer and deletion"):
 * - deletion policy retain: drop the finalizer without touching AWS;
 * - GetFunction NotFound: drop the finalizer;
 * - Pending: refuse (stale status.state before v1.7.4, the live state after);
 * - DeleteFunction, then (v1.12.0+) wait with a 5 s requeue until NotFound;
 * - any other error keeps the finalizer and requeues.
 */
import { DELETING_MESSAGE } from "@/lib/domain/ack";
import { deleteErrorConditions } from "./conditions";
import {
  done,
  failed,
  FinalizerConflict,
  hasAckFinalizer,
  moveFinalizer,
  nowIso,
  outcomeOf,
  writeStatus,
  type ReconcileContext,
  type ReconcileResult,
} from "./context";
import { AwsCallError, type LambdaFunctionView } from "./lambda-ops";
import { resolveDeletionPolicy } from "./resolve";
import type { FunctionObject, NamespaceAnnotations } from "./types";

interface Where {
  account: string;
  region: string;
}

/** Records a refused or failed delete as Recoverable (or Terminal) and keeps the finalizer. */
async function refuse(ctx: ReconcileContext, fn: FunctionObject, error: { message: string; terminal: boolean }): Promise<void> {
  const conditions = deleteErrorConditions(fn.status?.conditions, error, { ready: ctx.gates.readyCondition, nowIso: nowIso(ctx) });
  await writeStatus(ctx, fn, { ...(fn.status ?? {}), conditions });
}

async function letGo(ctx: ReconcileContext, fn: FunctionObject, why: string): Promise<ReconcileResult> {
  try {
    await moveFinalizer(ctx, fn, false);
  } catch (err) {
    if (err instanceof FinalizerConflict) return failed(err.message);
    throw err;
  }
  ctx.emit(fn, { type: "Normal", reason: "FinalizerRemoved", message: why });
  return done(null);
}

export async function deleteFunction(ctx: ReconcileContext, fn: FunctionObject, ns: NamespaceAnnotations, where: Where): Promise<ReconcileResult> {
  if (!hasAckFinalizer(fn)) return done(null);
  if (resolveDeletionPolicy(fn, ns, ctx.defaults) === "retain") {
    return letGo(ctx, fn, `deletion policy retain: function ${fn.spec.name} left in AWS`);
  }
  let observed: LambdaFunctionView | null;
  try {
    observed = await ctx.lambda.getFunction(where.account, where.region, fn.spec.name);
  } catch (err) {
    const o = outcomeOf(err);
    await refuse(ctx, fn, { message: o.message, terminal: o.kind === "terminal" });
    return failed(o.message);
  }
  if (!observed) return letGo(ctx, fn, `function ${fn.spec.name} not found in AWS`);

  const pendingNow = ctx.gates.pendingBugFixed ? observed.configuration.State === "Pending" : fn.status?.state === "Pending";
  if (pendingNow) {
    await refuse(ctx, fn, { message: ctx.gates.pendingMessage, terminal: false });
    return done(ctx.timing.requeueMs);
  }
  if (ctx.gates.waitsForDeletion && observed.configuration.State === "Deleting") {
    await refuse(ctx, fn, { message: DELETING_MESSAGE, terminal: false });
    return done(ctx.timing.deletingRequeueMs);
  }
  try {
    await ctx.lambda.deleteFunction(where.account, where.region, fn.spec.name);
  } catch (err) {
    // NotFound here means someone deleted it between the read and the delete: done all the same.
    if (!(err instanceof AwsCallError && err.notFound)) {
      const o = outcomeOf(err);
      await refuse(ctx, fn, { message: o.message, terminal: o.kind === "terminal" });
      return failed(o.message);
    }
  }
  ctx.emit(fn, { type: "Normal", reason: "Deleted", message: `deleted function ${fn.spec.name} in ${where.region}` });
  if (ctx.gates.waitsForDeletion) {
    await refuse(ctx, fn, { message: DELETING_MESSAGE, terminal: false });
    return done(ctx.timing.deletingRequeueMs);
  }
  return letGo(ctx, fn, `function ${fn.spec.name} deleted in AWS`);
}
