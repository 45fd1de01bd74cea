import "server-only";
import type { LABEL_VALUES } from "@/lib/domain/metric-catalog";
import type { AuditEntry } from "@/lib/domain/wire/audit";

/**
 * The `outcome` label of ack_fleet_remediation_attempts_total for an audit log entry, or null
 * for the entries that do not end a request (the attempt written before a change runs, an
 * approval, which the change's outcome then counts). One request counts once:
 * - dry-run: a preview, whatever it found;
 * - outcome: the change ran, succeeded or failed;
 * - refused: a guard said no (before or at execution, or an expired approval request);
 * - approval-requested: waiting for a second operator.
 */
type RemediationOutcome = (typeof LABEL_VALUES.outcome)[number];

export function remediationOutcome(entry: Pick<AuditEntry, "phase" | "outcome">): RemediationOutcome | null {
  switch (entry.phase) {
    case "dry-run":
      return "dry-run";
    case "outcome":
      return entry.outcome === "succeeded" ? "succeeded" : "failed";
    case "refused":
    case "expired":
      return "refused";
    case "approval-requested":
      return "pending-approval";
    default:
      return null;
  }
}
