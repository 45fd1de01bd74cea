/**
 * The remediation API's answers as the browser reads them (zod), in one place:
 * GET /api/me, POST .../remediations, GET /api/remediations (pending), GET
 * /api/remediations/residuals, GET /api/remediations/needs-action, GET /api/audit.
 */
import { z } from "zod";
import { HealthSchema, RemediationActionSchema } from "@/lib/domain/schemas";

const Permission = z.object({ allowed: z.boolean(), reason: z.string() });

export const MeSchema = z.object({
  mode: z.enum(["local", "proxy"]),
  twoPersonRule: z.boolean(),
  approvalTtlMs: z.number(),
  identity: z.object({ user: z.string(), groups: z.array(z.string()), email: z.string().nullable() }),
  function: z
    .object({
      id: z.string(),
      permissions: z.record(z.string(), Permission),
      actions: z.record(z.string(), Permission),
    })
    .optional(),
});
export type Me = z.infer<typeof MeSchema>;

export const CheckSchema = z.object({ label: z.string(), state: z.enum(["passed", "warning", "blocked"]), detail: z.string() });
export type Check = z.infer<typeof CheckSchema>;

export const StepResultSchema = z.object({
  title: z.string(),
  kind: z.string(),
  dryRun: z.boolean(),
  ran: z.boolean(),
  ok: z.boolean(),
  httpStatus: z.number().nullable(),
  message: z.string(),
});
export type StepResult = z.infer<typeof StepResultSchema>;

export const AwsRefSchema = z.object({
  accountId: z.string(),
  region: z.string(),
  functionName: z.string(),
  arn: z.string().nullish(),
});
export type AwsRef = z.infer<typeof AwsRefSchema>;

export const RemediationAnswerSchema = z.object({
  requestId: z.string(),
  status: z.enum(["dry-run", "done", "pending-approval"]),
  action: RemediationActionSchema,
  target: z.object({ cluster: z.string(), namespace: z.string(), name: z.string() }),
  uid: z.string().nullable(),
  preconditions: z.record(z.string(), z.unknown()),
  warnings: z.array(z.string()),
  checks: z.array(CheckSchema),
  steps: z.array(StepResultSchema),
  residual: AwsRefSchema.extend({ retained: z.boolean() }).nullable(),
  approvalId: z.string().optional(),
  expiresAt: z.string().optional(),
});
export type RemediationAnswer = z.infer<typeof RemediationAnswerSchema>;

export const PendingSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  action: RemediationActionSchema,
  target: z.object({ cluster: z.string(), namespace: z.string(), name: z.string() }),
  requester: z.object({ user: z.string(), groups: z.array(z.string()) }),
  reason: z.string(),
  expectedResourceVersion: z.string().nullable(),
  aws: AwsRefSchema.nullable(),
  confirmName: z.string(),
  warnings: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  mine: z.boolean(),
});
export type Pending = z.infer<typeof PendingSchema>;
export const PendingListSchema = z.object({ twoPersonRule: z.boolean(), approvalTtlMs: z.number(), items: z.array(PendingSchema) });

export const EligibilitySchema = z.object({ allowed: z.boolean(), blockers: z.array(z.string()), warnings: z.array(z.string()) });

export const ResidualSchema = z.object({
  target: z.object({ cluster: z.string(), namespace: z.string(), name: z.string() }),
  aws: AwsRefSchema,
  retained: z.boolean(),
  leftBy: z.object({ user: z.string(), at: z.string(), action: z.string(), requestId: z.string() }),
  live: z.object({ state: z.string().nullable(), revisionId: z.string().nullable(), tags: z.record(z.string(), z.string()) }),
  eligibility: EligibilitySchema,
});
export type Residual = z.infer<typeof ResidualSchema>;
export const ResidualListSchema = z.object({ items: z.array(ResidualSchema) });

export const NeedsActionSchema = z.object({
  generatedAt: z.string(),
  items: z.array(
    z.object({
      id: z.string(),
      cluster: z.string(),
      namespace: z.string(),
      name: z.string(),
      health: HealthSchema,
      summary: z.string(),
      since: z.string().nullable(),
      deletionTimestamp: z.string().nullable(),
      actions: z.array(z.object({ action: RemediationActionSchema, warnings: z.array(z.string()) })),
    }),
  ),
});
export type NeedsAction = z.infer<typeof NeedsActionSchema>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  requestId: z.string(),
  phase: z.string(),
  actor: z.object({ user: z.string(), groups: z.array(z.string()) }),
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  uid: z.string().nullable(),
  action: z.string(),
  reason: z.string(),
  preconditions: z.record(z.string(), z.unknown()),
  dryRun: z.unknown(),
  outcome: z.string().nullable(),
  error: z.string().nullable(),
  status: z.number().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditListSchema = z.object({ items: z.array(AuditEntrySchema) });

export const ACTION_LABEL: Record<string, string> = {
  "request-deletion": "Request deletion",
  "retain-and-delete": "Retain in AWS, then delete",
  "remove-finalizer": "Remove the ACK finalizer",
  "delete-aws-function": "Delete the residual AWS function",
};
