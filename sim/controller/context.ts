/**
 * What one reconcile needs, and the helpers the create/update and delete paths share:
 * writing status only when it changed, moving the finalizer, mapping errors to outcomes.
 */
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import { conditionsChanged, type SyncOutcome } from "./conditions";
import { describeKubeError, httpStatusOf, statusPatch, type EventInput, type KubeIO } from "./kube-io";
import { AwsCallError, type LambdaOps } from "./lambda-ops";
import { MIRRORED_STATUS_KEYS } from "./mapping";
import type { ControllerDefaults } from "./resolve";
import type { FunctionObject, FunctionStatus } from "./types";
import type { VersionGates } from "./versions";

export interface ControllerTiming {
  /** Requeue of a Synced=True Function (runtime resyncPeriod; Helm default 10 h). */
  resyncMs: number;
  /** Requeue while not synced or Pending (runtime DefaultRequeueAfterDuration, 30 s). */
  requeueMs: number;
  /** Requeue while waiting for DeleteFunction to finish (v1.12.0+, 5 s). */
  deletingRequeueMs: number;
}

export interface ReconcileContext {
  kube: KubeIO;
  lambda: LambdaOps;
  gates: VersionGates;
  defaults: ControllerDefaults;
  timing: ControllerTiming;
  now(): number;
  emit(fn: FunctionObject, ev: EventInput): void;
}

/** done: requeue after that many ms (null: only on a generation change); error: back off exponentially. */
export type ReconcileResult = { kind: "done"; requeueAfterMs: number | null } | { kind: "error"; message: string };

export const done = (requeueAfterMs: number | null): ReconcileResult => ({ kind: "done", requeueAfterMs });
export const failed = (message: string): ReconcileResult => ({ kind: "error", message });

export function nowIso(ctx: ReconcileContext): string {
  return new Date(ctx.now()).toISOString();
}

/** An error from AWS (or anything else) as the outcome the runtime records for it. */
export function outcomeOf(err: unknown): Extract<SyncOutcome, { kind: "recoverable" | "terminal" }> {
  if (err instanceof AwsCallError && err.terminal) return { kind: "terminal", message: err.message };
  return { kind: "recoverable", message: err instanceof Error ? err.message : String(err) };
}

/**
 * ownerAccountID and region are set as soon as the runtime knows them (setStatusDefaults),
 * even when create failed; the ARN only once the function exists.
 */
export function withMetadata(status: FunctionStatus | undefined, account: string, region: string, arn?: string): FunctionStatus {
  const before = status?.ackResourceMetadata;
  return {
    ...(status ?? {}),
    ackResourceMetadata: {
      ...(before ?? {}),
      ownerAccountID: before?.ownerAccountID ?? account,
      region: before?.region ?? region,
      // partition is left alone: the runtime's setStatusDefaults fills account and region only.
      ...(arn ? { arn } : {}),
    },
  };
}

/** Writes status through the subresource when it differs; emits an Event when conditions changed. */
export async function writeStatus(ctx: ReconcileContext, fn: FunctionObject, next: FunctionStatus): Promise<void> {
  const before = fn.status;
  const patch = statusPatch(before, next, MIRRORED_STATUS_KEYS);
  const unchanged = Object.entries(patch).every(([k, v]) => JSON.stringify(before?.[k] ?? null) === JSON.stringify(v));
  if (unchanged) return;
  await ctx.kube.patchStatus(fn.metadata.namespace, fn.metadata.name, patch);
  if (next.conditions && conditionsChanged(before?.conditions, next.conditions)) {
    const problem = next.conditions.find((c) => (c.type === "ACK.Terminal" || c.type === "ACK.Recoverable") && c.status === "True");
    const synced = next.conditions.find((c) => c.type === "ACK.ResourceSynced");
    if (problem) ctx.emit(fn, { type: "Warning", reason: problem.type === "ACK.Terminal" ? "Terminal" : "Recoverable", message: problem.message ?? "" });
    else if (synced?.status === "True") ctx.emit(fn, { type: "Normal", reason: "Synced", message: synced.message ?? "" });
  }
}

export function hasAckFinalizer(fn: FunctionObject): boolean {
  return (fn.metadata.finalizers ?? []).includes(ACK_FUNCTION_FINALIZER);
}

/**
 * Adds or removes the ACK finalizer. Returns the updated object, null if it is gone, or throws a
 * FinalizerConflict when the object changed since it was read (another writer came first).
 */
export async function moveFinalizer(ctx: ReconcileContext, fn: FunctionObject, present: boolean): Promise<FunctionObject | null> {
  const others = (fn.metadata.finalizers ?? []).filter((f) => f !== ACK_FUNCTION_FINALIZER);
  const finalizers = present ? [...others, ACK_FUNCTION_FINALIZER] : others;
  try {
    return await ctx.kube.setFinalizers(fn, finalizers);
  } catch (err) {
    const status = httpStatusOf(err);
    if (status === 404) return null;
    if (status === 409) throw new FinalizerConflict(describeKubeError(err));
    throw err;
  }
}

export class FinalizerConflict extends Error {}
