/**
 * One Function's comparison: its facts (the spec read by toFunctionFacts) against the AWS state
 * the reader keeps, and its spec's environment values hidden before the object is shown.
 */
import type { FunctionFacts } from "../function-object";
import { field, isRecord } from "../safe-values";
import type { AwsState } from "../wire/fleet";
import type { FieldComparison } from "../wire/function-config";
import { compareFunctionConfig } from "./compare";

/** Null when there is nothing to compare: AWS not read, the function missing, or its configuration unknown. */
export function compareFunctionWithAws(fn: FunctionFacts, live: AwsState | null, controllerVersion: string | null): FieldComparison[] | null {
  if (!fn.spec || !live || !live.exists || !live.config) return null;
  return compareFunctionConfig(
    fn.spec,
    { config: live.config, codeSha256: live.codeSha256 ?? null, tags: live.tags ?? {} },
    { namespace: fn.namespace, controllerVersion, recordedCodeSha256: fn.codeSHA256 },
  );
}

export const HIDDEN_VALUE = "(hidden by the dashboard)";

/**
 * The object with every spec.environment.variables value replaced: values may hold secrets,
 * and the dashboard shows environment variables by name only. Everything else is the same
 * object (shared, not copied); the input is never changed.
 */
export function withoutEnvironmentValues(obj: unknown): unknown {
  const spec = field(obj, "spec");
  const env = field(spec, "environment");
  const vars = field(env, "variables");
  if (!isRecord(obj) || !isRecord(spec) || !isRecord(env) || vars === undefined || vars === null) return obj;
  const hidden = isRecord(vars) ? Object.fromEntries(Object.keys(vars).map((k) => [k, HIDDEN_VALUE])) : HIDDEN_VALUE;
  return { ...obj, spec: { ...spec, environment: { ...env, variables: hidden } } };
}
