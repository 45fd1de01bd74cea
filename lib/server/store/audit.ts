import "server-only";
import type { RemediationAction } from "@/lib/domain/remediation/actions";
import type { AuditEntry } from "@/lib/domain/wire/audit";

/**
 * The append-only audit log of remediation: the attempt is
 * written before anything runs and the outcome after. Entries are never edited or deleted
 * through the product. Implemented by the timeline store (SQLite by default).
 */
export type { AuditEntry, AuditPhase } from "@/lib/domain/wire/audit";

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
