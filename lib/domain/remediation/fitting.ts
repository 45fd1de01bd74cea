/**
 * Which remediation fits which verdict (the seed runbook): a Function
 * stuck Pending is retired by deleting it (with retain if its AWS side must stay); a blocked
 * deletion is unblocked by removing the finalizer (or, where a controller still reconciles, by
 * retain). Terminal, failed and drifting Functions are fixed in their spec (GitOps), not here.
 * Pure; used by the runbook and by GET /api/remediations/needs-action.
 */
import type { Health } from "../health";
import type { RemediationAction } from "./actions";

const FITTING_ACTIONS: Record<Health, RemediationAction[]> = {
  "deletion-blocked": ["remove-finalizer", "retain-and-delete"],
  stuck: ["request-deletion", "retain-and-delete"],
  terminal: [],
  failed: [],
  drift: [],
  degraded: [],
  progressing: [],
  healthy: [],
  unknown: [],
};

export function fits(health: Health, action: RemediationAction): boolean {
  return FITTING_ACTIONS[health]?.includes(action) ?? false;
}
