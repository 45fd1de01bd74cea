/**
 * Where a Function lives in AWS and what happens to it on delete, resolved the way the ACK
 * runtime does (docs/ack-lambda-controller.md; runtime pkg/runtime/reconciler.go getRegion, getOwnerAccountID,
 * getDeletionPolicy). Pure.
 */
import { ANNOTATION } from "@/lib/domain/ack";
import type { FunctionObject, NamespaceAnnotations } from "./types";

export interface ControllerDefaults {
  region: string;
  accountId: string;
  /** The controller's --deletion-policy flag. */
  deletionPolicy: "delete" | "retain";
}

/** status.ackResourceMetadata.region, then the resource annotation, then the namespace default, then the controller. */
export function resolveRegion(fn: FunctionObject, ns: NamespaceAnnotations, defaults: ControllerDefaults): string {
  return (
    fn.status?.ackResourceMetadata?.region ||
    fn.metadata.annotations?.[ANNOTATION.region] ||
    ns[ANNOTATION.namespaceDefaultRegion] ||
    defaults.region
  );
}

/** The namespace's owner-account-id (CARM), then status.ackResourceMetadata, then the controller's own account. */
export function resolveAccount(fn: FunctionObject, ns: NamespaceAnnotations, defaults: ControllerDefaults): string {
  return ns[ANNOTATION.ownerAccountId] || fn.status?.ackResourceMetadata?.ownerAccountID || defaults.accountId;
}

/** Resource annotation, then `lambda.services.k8s.aws/deletion-policy` on the namespace, then the flag. */
export function resolveDeletionPolicy(fn: FunctionObject, ns: NamespaceAnnotations, defaults: ControllerDefaults): string {
  return (
    fn.metadata.annotations?.[ANNOTATION.deletionPolicy] ||
    ns[ANNOTATION.namespaceDeletionPolicy] ||
    defaults.deletionPolicy
  ).toLowerCase();
}
