/**
 * Wire types of the dashboard, in one place (design.md "HTTP API").
 * Pure: no I/O, no clock. Shared by server, client and tests.
 */
import { z } from "zod";

export const HEALTH_VALUES = [
  "deletion-blocked",
  "stuck",
  "terminal",
  "failed",
  "drift",
  "degraded",
  "progressing",
  "healthy",
  "unknown",
] as const;
/** Worst first: the index is the severity rank used for sorting. */
export const HealthSchema = z.enum(HEALTH_VALUES);
export type Health = z.infer<typeof HealthSchema>;

export const ACTION_VALUES = [
  "request-deletion",
  "retain-and-delete",
  "remove-finalizer",
  "delete-aws-function",
] as const;
export const RemediationActionSchema = z.enum(ACTION_VALUES);
export type RemediationAction = z.infer<typeof RemediationActionSchema>;

/** One entry of status.conditions[] (ackv1alpha1.Condition). */
export const ConditionSchema = z.object({
  type: z.string(),
  status: z.string(), // "True" | "False" | "Unknown", kept open: clusters may hold anything
  lastTransitionTime: z.string().nullish(),
  reason: z.string().nullish(),
  message: z.string().nullish(),
});
export type Condition = z.infer<typeof ConditionSchema>;

/** What GetFunction said, and when; or why it could not be read. */
export const AwsStateSchema = z.object({
  exists: z.boolean(),
  state: z.string().nullable(),
  stateReasonCode: z.string().nullable(),
  stateReason: z.string().nullable(),
  lastUpdateStatus: z.string().nullable(),
  lastUpdateStatusReason: z.string().nullable().optional(),
  lastUpdateStatusReasonCode: z.string().nullable().optional(),
  codeSha256: z.string().nullable().optional(),
  revisionId: z.string().nullable().optional(),
  lastModified: z.string().nullable().optional(),
  /** ACK tags (services.k8s.aws/*) when known. */
  tags: z.record(z.string(), z.string()).optional(),
  observedAt: z.string(),
  /** Set when the last read failed; the other fields are then the last known values. */
  error: z
    .object({ code: z.string(), message: z.string(), at: z.string() })
    .nullable()
    .optional(),
});
export type AwsState = z.infer<typeof AwsStateSchema>;

/** The ACK Lambda controller found in a cluster (by label or image, never by name). */
export const ControllerInfoSchema = z.object({
  found: z.boolean(),
  namespace: z.string().nullable(),
  name: z.string().nullable(),
  version: z.string().nullable(),
  image: z.string().nullable(),
  replicas: z.number().int().nullable(),
  readyReplicas: z.number().int().nullable(),
});
export type ControllerInfo = z.infer<typeof ControllerInfoSchema>;

export const ReasonSchema = z.object({
  code: z.string(),
  text: z.string(),
  /** Where the rule comes from (controller version, AWS doc section). */
  source: z.string().optional(),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const VerdictSchema = z.object({
  health: HealthSchema,
  summary: z.string(),
  /** ISO time since when this verdict holds, when known. */
  since: z.string().nullable(),
  reasons: z.array(ReasonSchema),
  actions: z.array(RemediationActionSchema),
});
export type Verdict = z.infer<typeof VerdictSchema>;

export const FunctionRowSchema = z.object({
  id: z.string(), // "cluster/namespace/name"
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  uid: z.string(),
  resourceVersion: z.string(),
  generation: z.number().int().nullable().optional(),
  creationTimestamp: z.string().nullable().optional(),
  awsName: z.string().nullable(),
  region: z.string().nullable(),
  accountId: z.string().nullable(),
  arn: z.string().nullable(),
  statusState: z.string().nullable(),
  conditions: z.array(ConditionSchema),
  deletionTimestamp: z.string().nullable(),
  finalizers: z.array(z.string()),
  annotations: z.record(z.string(), z.string()).optional(),
  aws: AwsStateSchema.nullable(),
  verdict: VerdictSchema,
  /** True when the cluster is disconnected: the row is the last known state. */
  stale: z.boolean().optional(),
  /** When the row was last confirmed by the cluster's watch. */
  observedAt: z.string().optional(),
});
export type FunctionRow = z.infer<typeof FunctionRowSchema>;

export const ClusterSummarySchema = z.object({
  name: z.string(),
  connected: z.boolean(),
  lastSyncAt: z.string().nullable(),
  error: z.string().optional(),
  functionCount: z.number().int(),
  controller: ControllerInfoSchema.optional(),
  healthCounts: z.record(z.string(), z.number().int()).optional(),
});
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>;

/** One AWS account and region the reader talks to, with its last error (a badge in the UI). */
export const AwsAccountStatusSchema = z.object({
  accountId: z.string(),
  region: z.string(),
  error: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
  throttledUntil: z.string().nullable(),
  requests: z.number().int(),
});
export type AwsAccountStatus = z.infer<typeof AwsAccountStatusSchema>;

export const FunctionListResponseSchema = z.object({
  generatedAt: z.string(),
  clusters: z.array(ClusterSummarySchema),
  awsAccounts: z.array(AwsAccountStatusSchema).optional(),
  items: z.array(FunctionRowSchema),
  nextCursor: z.string().optional(),
  total: z.number().int().optional(),
});
export type FunctionListResponse = z.infer<typeof FunctionListResponseSchema>;

export const ApiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** Thresholds the verdict rules use (design.md "Verdicts"). */
export const DiagnoseSettingsSchema = z.object({
  pendingTimeoutMs: z.number().int().positive(),
  deletionTimeoutMs: z.number().int().positive(),
  /** AWS observations older than this are treated as unknown. */
  awsStaleAfterMs: z.number().int().positive(),
});
export type DiagnoseSettings = z.infer<typeof DiagnoseSettingsSchema>;

export const DEFAULT_DIAGNOSE_SETTINGS: DiagnoseSettings = {
  pendingTimeoutMs: 10 * 60_000,
  deletionTimeoutMs: 5 * 60_000,
  awsStaleAfterMs: 30 * 60_000,
};
