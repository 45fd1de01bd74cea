import "server-only";
import { ACK_FUNCTION_FINALIZER, ANNOTATION } from "@/lib/domain/ack";
import type { FunctionFacts } from "@/lib/domain/function-object";
import type { ObjectSummary } from "@/lib/domain/wire/remediation";
import type { JsonPatchOp } from "../kube/writes";

/**
 * The Kubernetes operations of each action, built from the object as it is now (pure).
 * Every JSON patch starts with `test` operations on uid and resourceVersion (RFC 6902 §4.6), so
 * the API server applies it only to the very object the operator looked at; anything else is a
 * 422 from the server and nothing changes (k8s.io/apiserver handlers/patch.go: JSON patch apply
 * errors are 422 Unprocessable Entity).
 */

/** RFC 6901: "~" → "~0", "/" → "~1". */
export function pointerToken(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function identityTests(fn: Pick<FunctionFacts, "uid" | "resourceVersion">): JsonPatchOp[] {
  return [
    { op: "test", path: "/metadata/uid", value: fn.uid },
    { op: "test", path: "/metadata/resourceVersion", value: fn.resourceVersion },
  ];
}

/**
 * Removes exactly finalizers.lambda.services.k8s.aws/Function, by index, after testing that the
 * index still holds it: any other finalizer (and its position) is left alone. Null when the
 * finalizer is not there.
 */
export function removeAckFinalizerPatch(fn: Pick<FunctionFacts, "uid" | "resourceVersion" | "finalizers">): JsonPatchOp[] | null {
  const index = fn.finalizers.indexOf(ACK_FUNCTION_FINALIZER);
  if (index < 0) return null;
  return [
    ...identityTests(fn),
    { op: "test", path: `/metadata/finalizers/${index}`, value: ACK_FUNCTION_FINALIZER },
    { op: "remove", path: `/metadata/finalizers/${index}` },
  ];
}

/**
 * Sets services.k8s.aws/deletion-policy: retain. `add` replaces an existing member (RFC 6902
 * §4.1), but needs the annotations map to exist, so an object without annotations gets the map.
 */
export function retainPolicyPatch(fn: Pick<FunctionFacts, "uid" | "resourceVersion">, hasAnnotations: boolean): JsonPatchOp[] {
  const add: JsonPatchOp = hasAnnotations
    ? { op: "add", path: `/metadata/annotations/${pointerToken(ANNOTATION.deletionPolicy)}`, value: "retain" }
    : { op: "add", path: "/metadata/annotations", value: { [ANNOTATION.deletionPolicy]: "retain" } };
  return [...identityTests(fn), add];
}

/** True when the raw object carries a metadata.annotations map (FunctionFacts drops some keys). */
export function rawHasAnnotations(raw: unknown): boolean {
  const a = (raw as { metadata?: { annotations?: unknown } } | null)?.metadata?.annotations;
  return typeof a === "object" && a !== null && !Array.isArray(a);
}

export type { ObjectSummary };

export function summariseObject(body: unknown): ObjectSummary {
  const b = body as { kind?: unknown; metadata?: { resourceVersion?: unknown; deletionTimestamp?: unknown; finalizers?: unknown; annotations?: Record<string, unknown> } } | null;
  if (!b || b.kind === "Status") return { resourceVersion: null, deletionTimestamp: null, finalizers: [], deletionPolicy: null, removed: true };
  const m = b.metadata ?? {};
  const finalizers = Array.isArray(m.finalizers) ? m.finalizers.filter((f): f is string => typeof f === "string").slice(0, 64) : [];
  const policy = m.annotations?.[ANNOTATION.deletionPolicy];
  return {
    resourceVersion: typeof m.resourceVersion === "string" ? m.resourceVersion : null,
    deletionTimestamp: typeof m.deletionTimestamp === "string" ? m.deletionTimestamp : null,
    finalizers,
    deletionPolicy: typeof policy === "string" ? policy.slice(0, 40) : null,
    // Deletion requested and no finalizer left: the API server removes the object now.
    removed: typeof m.deletionTimestamp === "string" && finalizers.length === 0,
  };
}
