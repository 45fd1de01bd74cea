/**
 * authorization.k8s.io/v1 SelfSubjectAccessReview, SubjectAccessReview and
 * LocalSubjectAccessReview, and authentication.k8s.io/v1 SelfSubjectReview, answered from the
 * same policy the server enforces
 * (https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access).
 */
import { isObject } from "./patch";
import { type AccessAttributes, type RbacPolicy, type SimIdentity, authorize } from "./rbac";
import { errors } from "./status";

export type ReviewKind = "SelfSubjectAccessReview" | "SubjectAccessReview" | "LocalSubjectAccessReview" | "SelfSubjectReview";

export const REVIEW_PLURALS: Record<string, { group: string; kind: ReviewKind; namespaced: boolean }> = {
  selfsubjectaccessreviews: { group: "authorization.k8s.io", kind: "SelfSubjectAccessReview", namespaced: false },
  subjectaccessreviews: { group: "authorization.k8s.io", kind: "SubjectAccessReview", namespaced: false },
  localsubjectaccessreviews: { group: "authorization.k8s.io", kind: "LocalSubjectAccessReview", namespaced: true },
  selfsubjectreviews: { group: "authentication.k8s.io", kind: "SelfSubjectReview", namespaced: false },
};

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function invalid(kind: string, field: string, message: string) {
  return errors.invalid(kind, "authorization.k8s.io", "", [{ reason: "FieldValueRequired", message, field }]);
}

/** Attributes from spec.resourceAttributes or spec.nonResourceAttributes. */
function attributesOf(kind: string, spec: Record<string, unknown>): AccessAttributes | { nonResource: true; verb: string; path: string } {
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  if (isObject(ra) && isObject(nra)) throw invalid(kind, "spec.nonResourceAttributes", "Invalid value: \"\": cannot be specified in combination with resourceAttributes");
  if (isObject(ra)) {
    return {
      verb: str(ra.verb),
      apiGroup: str(ra.group),
      resource: str(ra.resource),
      subresource: str(ra.subresource) || undefined,
      namespace: str(ra.namespace) || undefined,
      name: str(ra.name) || undefined,
    };
  }
  if (isObject(nra)) return { nonResource: true, verb: str(nra.verb), path: str(nra.path) };
  throw invalid(kind, "spec.resourceAttributes", "Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified");
}

/**
 * Evaluates the review posted by `caller` and returns the object to send back (201).
 * Non-resource requests (discovery, /version, /healthz) are allowed for any authenticated user,
 * like the system:discovery and system:public-info-viewer roles.
 */
export function answerReview(kind: ReviewKind, body: unknown, caller: SimIdentity, policy: RbacPolicy, urlNamespace?: string): Record<string, unknown> {
  if (!isObject(body)) throw errors.badRequest(`the object provided is unrecognized (must be of type ${kind})`);
  const group = kind === "SelfSubjectReview" ? "authentication.k8s.io" : "authorization.k8s.io";
  if (body.kind !== undefined && body.kind !== kind) throw errors.badRequest(`the object provided is unrecognized (must be of type ${kind}): ${String(body.kind)}`);
  if (kind === "SelfSubjectReview") {
    return { kind, apiVersion: `${group}/v1`, metadata: { creationTimestamp: null }, status: { userInfo: { username: caller.user, groups: caller.groups } } };
  }
  const spec = isObject(body.spec) ? body.spec : {};
  let subject = caller;
  if (kind !== "SelfSubjectAccessReview") {
    const user = str(spec.user);
    const groups = Array.isArray(spec.groups) ? spec.groups.filter((g): g is string => typeof g === "string") : [];
    if (!user && groups.length === 0) throw invalid(kind, "spec.user", "Invalid value: \"\": at least one of user or group must be specified");
    subject = { user, groups };
  }
  const attrs = attributesOf(kind, spec);
  if (kind === "LocalSubjectAccessReview" && !("nonResource" in attrs) && attrs.namespace !== urlNamespace) {
    throw invalid(kind, "spec.resourceAttributes.namespace", `Invalid value: "${attrs.namespace ?? ""}": must match metadata.namespace`);
  }
  let status: { allowed: boolean; denied?: boolean; reason?: string };
  if ("nonResource" in attrs) {
    status = subject.groups.includes("system:authenticated") || subject.user ? { allowed: true, reason: "non-resource URLs are readable by authenticated users" } : { allowed: false };
  } else {
    const d = authorize(policy, subject, attrs);
    status = d.allowed ? { allowed: true, reason: d.reason } : { allowed: false };
  }
  return {
    kind,
    apiVersion: `${group}/v1`,
    metadata: { creationTimestamp: null, ...(urlNamespace ? { namespace: urlNamespace } : {}) },
    spec,
    status,
  };
}
