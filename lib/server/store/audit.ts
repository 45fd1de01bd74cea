import "server-only";
import type { RemediationAction } from "@/lib/domain/schemas";

/**
 * The append-only audit log of remediation (remediation issue, guard 5): the attempt is
 * written before anything runs and the outcome after. Entries are never edited or deleted
 * through the product. Implemented by the timeline store (SQLite by default).
 */
export type AuditPhase =
  | "attempt" // checks passed, about to execute
  | "outcome" // executed (or failed while executing)
  | "refused" // a guard said no (401/403/409/429…): recorded too
  | "dry-run"
  | "approval-requested"
  | "approved"
  | "expired";

export interface AuditEntry {
  id: string;
  at: string; // ISO
  requestId: string; // ties attempt, outcome and approvals of one request together
  phase: AuditPhase;
  actor: { user: string; groups: string[] };
  cluster: string;
  namespace: string;
  name: string;
  uid: string | null;
  action: RemediationAction;
  reason: string;
  preconditions: { resourceVersion?: string | null; uid?: string | null; [k: string]: unknown };
  dryRun: unknown | null;
  outcome: "succeeded" | "failed" | "refused" | "pending" | null;
  error: string | null;
  /** HTTP status the API answered with, when the entry closes a request. */
  status: number | null;
}

export interface AuditFilter {
  cluster?: string;
  namespace?: string;
  name?: string;
  user?: string;
  action?: RemediationAction;
  outcome?: AuditEntry["outcome"];
  since?: string;
  until?: string;
  limit?: number;
}

export interface AuditLog {
  append(entry: Omit<AuditEntry, "id" | "at"> & { at?: string }): AuditEntry;
  list(filter: AuditFilter): AuditEntry[];
}
