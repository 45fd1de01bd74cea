import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { missingPermissions, permissionText, permissionsToCheck, type PermissionSettings } from "@/lib/domain/cluster-permissions";
import { selfAccessReviewOf, type AccessDecision } from "./writes";

/**
 * The permission self-check of one cluster: every permission the dashboard needs
 * (lib/domain/cluster-permissions.ts) asked as a SelfSubjectAccessReview with its own
 * identity (every authenticated identity may ask about itself: system:basic-user). A review
 * that fails (the cluster unreachable) makes the answer unknown rather than "missing".
 */
export interface PermissionStatus {
  checkedAt: number;
  /** permissionText() of each permission lacking, in the order of the needs. */
  missing: string[];
}

export type PermissionCheck = { ok: true; status: PermissionStatus } | { ok: false; message: string };

export async function checkPermissions(kc: KubeConfig, settings: PermissionSettings, now: number): Promise<PermissionCheck> {
  const asked = permissionsToCheck(settings);
  // One review after another, on one kept-alive connection: asked all at once (8 at least),
  // each opened a TLS connection of its own to the API server, at start while the first list
  // pages were coming in (24 of the 39 handshakes of a cold start over 3 clusters, on both sides).
  // The first that fails (the cluster unreachable) ends the check, as it did the answer.
  const answers: AccessDecision[] = [];
  for (const p of asked) {
    const answer = await selfAccessReviewOf(kc, p);
    if (!answer.ok) return { ok: false, message: answer.message };
    answers.push(answer);
  }
  const allowed = new Map(asked.map((p, i) => [permissionText(p), answers[i].ok && answers[i].allowed]));
  return { ok: true, status: { checkedAt: now, missing: missingPermissions(settings, allowed) } };
}
