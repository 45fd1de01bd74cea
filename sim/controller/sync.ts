/**
 * The create/update path of one reconcile (runtime Sync: ReadOne, then createResource or
 * updateResource, then ensureConditions), with the lambda-controller hooks that matter here:
 * the Pending guard of the update path (buggy before v1.7.4) and state-based IsSynced.
 */
import { syncConditions, type SyncOutcome } from "./conditions";
import {
  done,
  failed,
  FinalizerConflict,
  hasAckFinalizer,
  moveFinalizer,
  nowIso,
  outcomeOf,
  withMetadata,
  writeStatus,
  type ReconcileContext,
  type ReconcileResult,
} from "./context";
import type { LambdaFunctionView } from "./lambda-ops";
import { configurationDelta, controllerTags, createInput, isSynced, statusFromConfiguration } from "./mapping";
import type { FunctionObject, FunctionStatus } from "./types";

/** runtime pkg/condition: the Terminal condition of an existing AWS resource ACK does not manage. */
export const NOT_MANAGED_MESSAGE = "Resource already exists";
export const NOT_MANAGED_REASON =
  "This resource already exists but is not managed by ACK. To bring the resource under ACK management, you should explicitly adopt the resource by enabling the ResourceAdoption feature gate and populating the `services.k8s.aws/adoption-policy` and `services.k8s.aws/adoption-fields` annotations.";

interface Where {
  account: string;
  region: string;
}

/** Writes the conditions of `outcome` on top of `status` and says when to come back. */
async function finish(ctx: ReconcileContext, fn: FunctionObject, status: FunctionStatus, outcome: SyncOutcome, pendingGuard = false): Promise<ReconcileResult> {
  const conditions = syncConditions(fn.status?.conditions, outcome, { ready: ctx.gates.readyCondition, nowIso: nowIso(ctx) });
  await writeStatus(ctx, fn, { ...status, conditions });
  switch (outcome.kind) {
    case "synced":
      return done(ctx.timing.resyncMs);
    case "notSynced":
      return done(ctx.timing.requeueMs);
    case "terminal":
      // ackerr.Terminal: no requeue; only a spec change (new generation) retries.
      return done(null);
    case "recoverable":
      // The Pending guard is a RequeueNeededAfter; other errors go to the rate-limited queue.
      return pendingGuard ? done(ctx.timing.requeueMs) : failed(outcome.message);
  }
}

/** Status as read from AWS: mirrored fields plus ackResourceMetadata with the ARN. */
function observedStatus(fn: FunctionObject, aws: LambdaFunctionView, where: Where): FunctionStatus {
  const base = withMetadata(fn.status, where.account, where.region, aws.configuration.FunctionArn);
  return { ...base, ...statusFromConfiguration(aws.configuration) };
}

function syncedOutcome(ctx: ReconcileContext, state: string | undefined): SyncOutcome {
  return isSynced(state, ctx.gates.inactiveIsSynced) ? { kind: "synced" } : { kind: "notSynced" };
}

export async function syncFunction(ctx: ReconcileContext, fn: FunctionObject, where: Where): Promise<ReconcileResult> {
  const desiredStatus = withMetadata(fn.status, where.account, where.region);
  let latest: LambdaFunctionView | null;
  try {
    latest = await ctx.lambda.getFunction(where.account, where.region, fn.spec.name);
  } catch (err) {
    return finish(ctx, fn, desiredStatus, outcomeOf(err));
  }
  return latest ? updatePath(ctx, fn, latest, where) : createPath(ctx, fn, where);
}

async function createPath(ctx: ReconcileContext, fn: FunctionObject, where: Where): Promise<ReconcileResult> {
  let current = fn;
  if (!hasAckFinalizer(fn)) {
    // setResourceManaged: the finalizer goes on before anything exists in AWS.
    try {
      const updated = await moveFinalizer(ctx, fn, true);
      if (!updated) return done(null);
      current = { ...updated, status: fn.status };
    } catch (err) {
      if (err instanceof FinalizerConflict) return failed(err.message);
      throw err;
    }
  }
  const tags = controllerTags(ctx.gates.version, fn.metadata.namespace);
  try {
    await ctx.lambda.createFunction(where.account, where.region, createInput(fn.spec, tags));
  } catch (err) {
    return finish(ctx, current, withMetadata(fn.status, where.account, where.region), outcomeOf(err));
  }
  ctx.emit(current, { type: "Normal", reason: "Created", message: `created function ${fn.spec.name} in ${where.region} (account ${where.account})` });
  let observed: LambdaFunctionView | null = null;
  try {
    observed = await ctx.lambda.getFunction(where.account, where.region, fn.spec.name);
  } catch (err) {
    return finish(ctx, current, withMetadata(fn.status, where.account, where.region), outcomeOf(err));
  }
  if (!observed) return finish(ctx, current, withMetadata(fn.status, where.account, where.region), { kind: "recoverable", message: "function not found right after CreateFunction" });
  return finish(ctx, current, observedStatus(current, observed, where), syncedOutcome(ctx, observed.configuration.State));
}

async function updatePath(ctx: ReconcileContext, fn: FunctionObject, latest: LambdaFunctionView, where: Where): Promise<ReconcileResult> {
  const desiredStatus = withMetadata(fn.status, where.account, where.region);
  if (!hasAckFinalizer(fn)) {
    // failOnResourceUnmanaged: a function of that name exists but this object never created it.
    return finish(ctx, fn, desiredStatus, { kind: "terminal", message: NOT_MANAGED_MESSAGE, reason: NOT_MANAGED_REASON });
  }
  if (!ctx.gates.pendingBugFixed) {
    // Before v1.7.4 the update guard read the *desired* object's status.state (community#2433).
    // Reports show it right after creation with no spec change, i.e. the delta was never empty,
    // so the model applies the guard on every update pass. On error the runtime patches the
    // desired copy back: status.state stays "Pending" for ever, whatever AWS says.
    if (fn.status?.state === "Pending") {
      return finish(ctx, fn, desiredStatus, { kind: "recoverable", message: ctx.gates.pendingMessage }, true);
    }
  }
  const delta = configurationDelta(fn.spec, latest.configuration);
  if (delta) {
    // v1.7.4+: the guard reads the state just fetched from AWS.
    if (latest.configuration.State === "Pending") {
      return finish(ctx, fn, desiredStatus, { kind: "recoverable", message: ctx.gates.pendingMessage }, true);
    }
    try {
      await ctx.lambda.updateFunctionConfiguration(where.account, where.region, delta);
      const reread = await ctx.lambda.getFunction(where.account, where.region, fn.spec.name);
      if (reread) latest = reread;
    } catch (err) {
      return finish(ctx, fn, desiredStatus, outcomeOf(err));
    }
    ctx.emit(fn, { type: "Normal", reason: "Updated", message: `updated configuration of function ${fn.spec.name}` });
  }
  return finish(ctx, fn, observedStatus(fn, latest, where), syncedOutcome(ctx, latest.configuration.State));
}
