/**
 * The remediation audit log: each entry as stored (append-only) and as GET /api/audit answers
 * it, newest first. Pure.
 */
import { z } from "zod";
import { RemediationActionSchema } from "../remediation/actions";

const AUDIT_PHASES = [
  "attempt", // checks passed, about to execute
  "outcome", // executed (or failed while executing)
  "refused", // a guard said no (401/403/409/429…): recorded too
  "dry-run",
  "approval-requested",
  "approved",
  "expired",
  "stopped", // a batch stopped by a person: items in flight finish, no other starts
] as const;
export type AuditPhase = (typeof AUDIT_PHASES)[number];

export const AUDIT_OUTCOMES = ["succeeded", "failed", "refused", "pending"] as const;

const AuditEntrySchema = z.object({
  id: z.string(),
  /** ISO time. */
  at: z.string(),
  /** Ties attempt, outcome and approvals of one request together. */
  requestId: z.string(),
  phase: z.enum(AUDIT_PHASES),
  actor: z.object({ user: z.string(), groups: z.array(z.string()) }),
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  uid: z.string().nullable(),
  action: RemediationActionSchema,
  reason: z.string(),
  /** What the request was checked against: resourceVersion, uid, finalizers, the AWS function… */
  preconditions: z.record(z.string(), z.unknown()),
  dryRun: z.unknown(),
  outcome: z.enum(AUDIT_OUTCOMES).nullable(),
  error: z.string().nullable(),
  /** HTTP status the API answered with, when the entry closes a request. */
  status: z.number().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditListSchema = z.object({ items: z.array(AuditEntrySchema) });
export type AuditList = z.infer<typeof AuditListSchema>;
