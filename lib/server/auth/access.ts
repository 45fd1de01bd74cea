import "server-only";
import type { ClusterContext } from "../kube/kubeconfig";
import { selfSubjectAccessReview, subjectAccessReview, type FunctionKey } from "../kube/writes";
import { describeIdentity, type Identity } from "./identity";

/**
 * Authorisation by Kubernetes itself (remediation guard 3, docs/architecture.md): before anything runs, the
 * cluster is asked whether this person may do `verb` on this Function. Proxy mode: a
 * SubjectAccessReview for the user and groups (the dashboard's own identity needs create on
 * subjectaccessreviews); local mode: a SelfSubjectAccessReview for the kubeconfig user.
 */
export type AccessVerb = "patch" | "delete";

export type AccessResult =
  | { allowed: true; verb: AccessVerb; reason: string }
  | { allowed: false; verb: AccessVerb; reason: string; unavailable: boolean };

/** The wording kube-apiserver uses for a 403 (pkg/endpoints/handlers/responsewriters/errors.go). */
function deniedText(identity: Identity, verb: AccessVerb, key: FunctionKey, extra: string): string {
  const base = `Kubernetes denied: ${describeIdentity(identity)} cannot ${verb} functions.lambda.services.k8s.aws "${key.name}" in the namespace "${key.namespace}"`;
  return extra ? `${base} (${extra})` : base;
}

export async function reviewAccess(ctx: ClusterContext, identity: Identity, verb: AccessVerb, key: FunctionKey): Promise<AccessResult> {
  const attrs = { verb, namespace: key.namespace, name: key.name };
  const d = identity.mode === "proxy"
    ? await subjectAccessReview(ctx.kc, { user: identity.user, groups: identity.groups }, attrs)
    : await selfSubjectAccessReview(ctx.kc, attrs);
  if (!d.ok) return { allowed: false, verb, reason: `could not ask the cluster (${d.message})`, unavailable: true };
  if (d.allowed) return { allowed: true, verb, reason: d.reason };
  return { allowed: false, verb, reason: deniedText(identity, verb, key, d.reason), unavailable: false };
}

