import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { missingPermissions, permissionText, permissionsToCheck, type PermissionSettings } from "@/lib/domain/cluster-permissions";
import { selfAccessReviewOf } from "./writes";

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
  const answers = await Promise.all(asked.map((p) => selfAccessReviewOf(kc, p)));
  const failed = answers.find((a) => !a.ok);
  if (failed && !failed.ok) return { ok: false, message: failed.message };
  const allowed = new Map(asked.map((p, i) => [permissionText(p), answers[i].ok && answers[i].allowed]));
  return { ok: true, status: { checkedAt: now, missing: missingPermissions(settings, allowed) } };
}
