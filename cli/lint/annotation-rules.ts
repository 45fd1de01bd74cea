/**
 * Annotations the ACK runtime reads and takes verbatim, so a typo changes behaviour silently:
 * the deletion policy (anything but exactly "delete" retains; pkg/runtime/reconciler.go), the
 * adoption policy (GetAdoptionPolicy in pkg/runtime/util.go refuses other values), and, on
 * Namespace manifests, the default region, the owner account (CARM) and the namespace's
 * deletion policy (pkg/runtime/cache/namespace.go).
 */
import { ANNOTATION } from "@/lib/domain/ack";
import { AWS_ACCOUNT, AWS_REGION, deletionPolicyEffect } from "@/lib/domain/function-object";
import type { Emit } from "./function-rules";

const ADOPTION_POLICIES = ["adopt", "adopt-or-create"];
const at = (key: string) => ["metadata", "annotations", key];

export function checkResourceAnnotations(annotations: Record<string, string>, emit: Emit): void {
  const policy = annotations[ANNOTATION.deletionPolicy];
  if (policy !== undefined) {
    const effect = deletionPolicyEffect(policy);
    if (effect.problem) emit("error", "deletion-policy", `annotation ${ANNOTATION.deletionPolicy} ${effect.problem}`, at(ANNOTATION.deletionPolicy));
  }
  const adoption = annotations[ANNOTATION.adoptionPolicy];
  if (adoption !== undefined && !ADOPTION_POLICIES.includes(adoption)) {
    emit("error", "adoption-policy", `annotation ${ANNOTATION.adoptionPolicy} is ${JSON.stringify(adoption.slice(0, 60))}: the controller accepts only ${ADOPTION_POLICIES.join(" or ")} and otherwise refuses to reconcile`, at(ANNOTATION.adoptionPolicy));
  }
}

export function checkNamespaceAnnotations(annotations: Record<string, string>, emit: Emit): void {
  const region = annotations[ANNOTATION.namespaceDefaultRegion];
  if (region !== undefined && !AWS_REGION.test(region)) {
    emit("error", "region", `annotation ${ANNOTATION.namespaceDefaultRegion} is ${JSON.stringify(region.slice(0, 60))}, not an AWS region: Functions of this namespace would be created there as it is`, at(ANNOTATION.namespaceDefaultRegion));
  }
  const account = annotations[ANNOTATION.ownerAccountId];
  if (account !== undefined && !AWS_ACCOUNT.test(account)) {
    emit("error", "account", `annotation ${ANNOTATION.ownerAccountId} is ${JSON.stringify(account.slice(0, 60))}, not a 12-digit AWS account id: the controller finds no role for it in ack-role-account-map and never reconciles this namespace`, at(ANNOTATION.ownerAccountId));
  }
  const policy = annotations[ANNOTATION.namespaceDeletionPolicy];
  if (policy !== undefined) {
    const effect = deletionPolicyEffect(policy);
    if (effect.problem) emit("error", "deletion-policy", `annotation ${ANNOTATION.namespaceDeletionPolicy} ${effect.problem}`, at(ANNOTATION.namespaceDeletionPolicy));
  }
}
