/**
 * The audit log's filters in a query string (GET /api/audit and GET /api/export/audit). Pure.
 */
import { z } from "zod";
import { ACTION_VALUES } from "./remediation/actions";
import { AUDIT_OUTCOMES } from "./wire/audit";

const time = z.string().max(40).refine((v) => Number.isFinite(Date.parse(v)), "must be an ISO timestamp");

export const AuditFilterQuerySchema = z.strictObject({
  cluster: z.string().max(253).optional(),
  namespace: z.string().max(63).optional(),
  name: z.string().max(253).optional(),
  user: z.string().max(256).optional(),
  action: z.enum(ACTION_VALUES).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  since: time.optional(),
  until: time.optional(),
});
