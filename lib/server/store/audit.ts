import "server-only";
import type { RemediationAction } from "@/lib/domain/remediation/actions";
import type { AuditEntry } from "@/lib/domain/wire/audit";

/**
 * The append-only audit log of remediation: the attempt is written before anything runs and
 * the outcome after. Entries are never edited or deleted through the product, and the
 * database refuses it too (triggers, on SQLite and PostgreSQL). Asynchronous: PostgreSQL
 * answers over the network. `append` resolves once the entry is durably stored, so a caller
 * that awaits it before acting knows the attempt is on record (remediation guard 5).
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

export type NewAuditEntry = Omit<AuditEntry, "id" | "at"> & { at?: string };

export interface AuditLog {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first; `limit` defaults to 1,000 and is capped at 10,000. */
  list(filter: AuditFilter): Promise<AuditEntry[]>;
}

export type AuditListener = (entry: AuditEntry) => void;

/** An audit entry with its position in the log (seq: commit order, lib/server/store/sql-db.ts lockFeedOrder). */
export interface SequencedAuditEntry {
  seq: number;
  entry: AuditEntry;
}

/** The audit log of this process, with who hears the entries appended through it. */
export interface AuditLogWithListeners extends AuditLog {
  subscribe(listener: AuditListener): () => void;
}

export const DEFAULT_AUDIT_LIMIT = 1_000;
export const MAX_AUDIT_LIMIT = 10_000;
