/**
 * Shared by the Lambda operations (reads.ts, writes.ts, tags.ts): the caller's context, the
 * operation result, and FunctionName resolution with AWS's errors. The operations are free of
 * HTTP: server.ts does transport, auth, throttling and latency.
 */
import { assertInScope, parseFunctionName, type CallerScope, type FunctionRef } from "./arn";
import { functionNotFound, invalidParameter } from "./errors";
import type { FunctionConfig, FunctionRecord, FunctionStore } from "./store";

export interface OpContext {
  store: FunctionStore;
  scope: CallerScope;
}

export interface OpResult {
  status: number;
  body?: unknown;
}

export function findFunction(ctx: OpContext, ref: FunctionRef): FunctionRecord {
  const { accountId, region } = ctx.scope;
  const rec = ref.qualifier && ref.qualifier !== "$LATEST" ? undefined : ctx.store.get(accountId, region, ref.name);
  if (!rec) throw functionNotFound(region, accountId, ref.name, ref.qualifier);
  return rec;
}

/**
 * FunctionName (name, partial or full ARN) plus the optional Qualifier query parameter → the
 * caller's function, or the AWS error.
 */
export function resolveFunction(ctx: OpContext, rawName: string, operation: string, query?: URLSearchParams): FunctionRecord {
  const ref = parseFunctionName(rawName);
  assertInScope(ref, ctx.scope, operation, rawName);
  const qualifier = query?.get("Qualifier") ?? undefined;
  if (qualifier !== undefined) {
    if (ref.qualifier !== undefined && ref.qualifier !== qualifier) {
      throw invalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
    }
    ref.qualifier = qualifier;
  }
  return findFunction(ctx, ref);
}

/**
 * Settings every function reports, with these values unless configured otherwise (Lambda API
 * reference, FunctionConfiguration: TracingConfig, EphemeralStorage, SnapStart). The simulator
 * cannot configure them, so they are constant. Missing until conformance/aws/functions.ts
 * compared GetFunction with moto, which reports the same defaults.
 */
const REPORTED_DEFAULTS = {
  TracingConfig: { Mode: "PassThrough" },
  EphemeralStorage: { Size: 512 },
  SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
} as const;

export type ConfigView = FunctionConfig & { TracingConfig: { Mode: string }; EphemeralStorage: { Size: number }; SnapStart: { ApplyOn: string; OptimizationStatus: string } };

export function configView(rec: FunctionRecord): ConfigView {
  // A function seeded with its own TracingConfig or EphemeralStorage reports those.
  return { ...structuredClone(REPORTED_DEFAULTS), ...structuredClone(rec.config) } as ConfigView;
}
