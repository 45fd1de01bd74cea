/**
 * The stores a RemediationService needs, for tests: the given audit log (a MemoryAuditLog to
 * look at), and pending approvals and rate limits in a real SQLite database in memory.
 */
import type { AuditLog } from "@/lib/server/store/audit";
import { SqlApprovalStore } from "@/lib/server/store/sql-approvals";
import { SqlRateLimitStore } from "@/lib/server/store/sql-rate-limits";
import { openSqlite, SqliteDb } from "@/lib/server/store/sqlite-db";
import type { RemediationStores } from "@/lib/server/remediation/service";

export function remediationStores(audit: AuditLog): RemediationStores {
  const db = new SqliteDb(openSqlite(":memory:"));
  return { audit, approvals: new SqlApprovalStore(db), rateLimits: new SqlRateLimitStore(db) };
}
