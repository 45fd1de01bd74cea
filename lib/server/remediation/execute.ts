import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import type { FunctionLocator } from "../aws/lambda-api";
import type { LambdaDeleteApi } from "../aws/delete";
import { deleteFunction, patchFunction, type ActAs, type FunctionKey, type JsonPatchOp, type WriteFailure } from "../kube/writes";
import type { StepResult } from "@/lib/domain/wire/remediation";
import { summariseObject, type ObjectSummary } from "./operations";

/**
 * Runs the steps of a plan, for real or as a server-side dry run (dryRun=All: the API server
 * runs admission and validation and answers with the object it would store, storing nothing).
 * Stops at the first failing step; later steps are reported as not run.
 */
export type Step =
  | { kind: "patch"; title: string; ops: JsonPatchOp[] }
  /**
   * afterPatch: a patch step runs first, so for real the precondition is the resourceVersion its
   * answer carried; in a dry run (which stores nothing) it stays the object's current one.
   */
  | { kind: "delete"; title: string; uid: string; resourceVersion: string; afterPatch?: boolean }
  | { kind: "aws-delete"; title: string; loc: FunctionLocator };

export type { StepResult };

export type RunFailure = { failure: WriteFailure; message: string };

export interface RunResult {
  ok: boolean;
  steps: StepResult[];
  failure: RunFailure | null;
}

export interface RunContext {
  kc: KubeConfig;
  key: FunctionKey;
  as: ActAs | null;
  dryRun: boolean;
  lambda: LambdaDeleteApi;
  /** Awaited between two steps that run for real (a fault point of the crash tests). */
  between?: () => Promise<void>;
}

export async function runSteps(steps: Step[], ctx: RunContext): Promise<RunResult> {
  const results: StepResult[] = [];
  let previousRv: string | null = null;
  let failure: RunFailure | null = null;
  for (const [i, step] of steps.entries()) {
    const base = { title: step.title, kind: step.kind, dryRun: ctx.dryRun };
    if (i > 0 && !failure) await ctx.between?.();
    if (failure) {
      results.push({ ...base, ran: false, ok: false, httpStatus: null, message: "not run: an earlier step failed" });
      continue;
    }
    if (step.kind === "aws-delete") {
      if (ctx.dryRun) {
        results.push({ ...base, ran: false, ok: true, httpStatus: null, message: "AWS Lambda has no dry run for DeleteFunction: the function and its tags were re-read just now instead" });
        continue;
      }
      const out = await ctx.lambda.deleteFunction(step.loc);
      if (out.kind === "deleted") {
        results.push({ ...base, ran: true, ok: true, httpStatus: 204, message: `DeleteFunction ${step.loc.functionName} accepted` });
      } else {
        const message = out.kind === "not-found" ? "the function no longer exists in AWS" : `${out.code}: ${out.message}`;
        failure = { failure: out.kind === "not-found" ? "conflict" : "upstream", message };
        results.push({ ...base, ran: true, ok: false, httpStatus: null, message });
      }
      continue;
    }
    const r =
      step.kind === "patch"
        ? await patchFunction(ctx.kc, ctx.key, step.ops, { dryRun: ctx.dryRun, as: ctx.as })
        : await deleteFunction(
            ctx.kc,
            ctx.key,
            { uid: step.uid, resourceVersion: step.afterPatch && !ctx.dryRun && previousRv ? previousRv : step.resourceVersion },
            { dryRun: ctx.dryRun, as: ctx.as },
          );
    if (!r.ok) {
      failure = { failure: r.failure, message: r.message };
      results.push({ ...base, ran: true, ok: false, httpStatus: r.status, message: r.message });
      continue;
    }
    const object = summariseObject(r.body);
    previousRv = object.resourceVersion ?? previousRv;
    results.push({ ...base, ran: true, ok: true, httpStatus: r.status, message: describe(step, object, ctx.dryRun), object });
  }
  return { ok: failure === null, steps: results, failure };
}

function describe(step: Step, o: ObjectSummary, dryRun: boolean): string {
  const would = dryRun ? "would be" : "is";
  if (o.removed) return `the object ${would} removed by the API server (no finalizer left)`;
  const fin = o.finalizers.length ? `finalizers: ${o.finalizers.join(", ")}` : "no finalizers";
  if (step.kind === "delete") return `deletion ${dryRun ? "would be" : "is"} requested (deletionTimestamp ${o.deletionTimestamp ?? "set"}); ${fin}`;
  return `the object ${would} updated: ${fin}${o.deletionPolicy ? `; deletion-policy ${o.deletionPolicy}` : ""}`;
}
