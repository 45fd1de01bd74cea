/**
 * The remediation API's messages: POST /api/functions/{c}/{ns}/{name}/remediations and
 * POST /api/remediations/{id}/approve (the answer), GET /api/remediations (pending approvals),
 * GET /api/remediations/residuals, GET /api/remediations/needs-action. Pure.
 */
import { z } from "zod";
import { HealthSchema } from "../health";
import { RemediationActionSchema } from "../remediation/actions";

/** What eligibility() says of one action now. */
export const EligibilitySchema = z.object({ allowed: z.boolean(), blockers: z.array(z.string()), warnings: z.array(z.string()) });
export type Eligibility = z.infer<typeof EligibilitySchema>;

const CheckSchema = z.object({ label: z.string(), state: z.enum(["passed", "warning", "blocked"]), detail: z.string() });
export type Check = z.infer<typeof CheckSchema>;

/** The object after a write (or a dry run), for the preview and the audit log. */
const ObjectSummarySchema = z.object({
  resourceVersion: z.string().nullable(),
  deletionTimestamp: z.string().nullable(),
  finalizers: z.array(z.string()),
  deletionPolicy: z.string().nullable(),
  /** The answer was a Status (the object is gone), not the object. */
  removed: z.boolean(),
});
export type ObjectSummary = z.infer<typeof ObjectSummarySchema>;

const StepResultSchema = z.object({
  title: z.string(),
  kind: z.enum(["patch", "delete", "aws-delete"]),
  dryRun: z.boolean(),
  ran: z.boolean(),
  ok: z.boolean(),
  httpStatus: z.number().nullable(),
  message: z.string(),
  object: ObjectSummarySchema.optional(),
});
export type StepResult = z.infer<typeof StepResultSchema>;

const TargetSchema = z.object({ cluster: z.string(), namespace: z.string(), name: z.string() });

/** An AWS function by account, region and name (and its ARN when known). */
const AwsRefSchema = z.object({
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
  target: TargetSchema,
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

const PendingApprovalSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  action: RemediationActionSchema,
  target: TargetSchema,
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
export type PendingApproval = z.infer<typeof PendingApprovalSchema>;
export const PendingListSchema = z.object({ twoPersonRule: z.boolean(), approvalTtlMs: z.number(), items: z.array(PendingApprovalSchema) });
export type PendingList = z.infer<typeof PendingListSchema>;

const ResidualSchema = z.object({
  target: TargetSchema,
  aws: AwsRefSchema,
  retained: z.boolean(),
  leftBy: z.object({ user: z.string(), at: z.string(), action: RemediationActionSchema, requestId: z.string() }),
  live: z.object({ state: z.string().nullable(), revisionId: z.string().nullable(), tags: z.record(z.string(), z.string()) }),
  eligibility: EligibilitySchema,
});
export type Residual = z.infer<typeof ResidualSchema>;
export const ResidualListSchema = z.object({ items: z.array(ResidualSchema) });
export type ResidualList = z.infer<typeof ResidualListSchema>;

const NeedsActionItemSchema = z.object({
  id: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  health: HealthSchema,
  summary: z.string(),
  since: z.string().nullable(),
  deletionTimestamp: z.string().nullable(),
  actions: z.array(z.object({ action: RemediationActionSchema, warnings: z.array(z.string()) })),
});
export const NeedsActionSchema = z.object({ generatedAt: z.string(), items: z.array(NeedsActionItemSchema) });
export type NeedsAction = z.infer<typeof NeedsActionSchema>;
