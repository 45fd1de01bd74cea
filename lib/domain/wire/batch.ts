/**
 * The batch remediation API's messages: POST /api/remediations/batches (a preview or a run),
 * GET /api/remediations/batches and /batches/{id}, POST /batches/{id}/approve and /stop all
 * answer a BatchView or a list of them. Pure.
 */
import { z } from "zod";
import { BATCH_ITEM_STATUSES, BATCH_STATUSES } from "../remediation/batch";
import { RemediationActionSchema } from "../remediation/actions";

const TargetSchema = z.object({ cluster: z.string(), namespace: z.string(), name: z.string() });
const AwsSchema = z.object({ accountId: z.string(), region: z.string(), functionName: z.string(), arn: z.string().nullish() });

export const BatchItemViewSchema = z.object({
  target: TargetSchema,
  /** delete-aws-function: the AWS function. */
  aws: AwsSchema.nullable(),
  status: z.enum(BATCH_ITEM_STATUSES),
  /** What happened or why not, in one sentence (a blocker, the 409, the step that failed). */
  message: z.string().nullable(),
  httpStatus: z.number().nullable(),
  /** What the preview saw and the run requires: the resourceVersion (or the AWS RevisionId). */
  expectedResourceVersion: z.string().nullable(),
  expectedRevisionId: z.string().nullable(),
  warnings: z.array(z.string()),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type BatchItemView = z.infer<typeof BatchItemViewSchema>;

const CountsSchema = z.record(z.string(), z.number());

export const BatchViewSchema = z.object({
  id: z.string(),
  kind: z.enum(["preview", "run"]),
  /** For a run: the preview it was made from. */
  previewId: z.string().nullable(),
  action: RemediationActionSchema,
  status: z.enum(BATCH_STATUSES),
  requester: z.object({ user: z.string(), groups: z.array(z.string()) }),
  reason: z.string(),
  /** What must be typed to run (or approve) it: the number of Functions and each cluster's name. */
  confirmation: z.object({ count: z.number(), clusters: z.array(z.string()) }),
  counts: CountsSchema,
  items: z.array(BatchItemViewSchema),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Two-person rule: until when it waits, and who approved it. */
  expiresAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
  stoppedBy: z.string().nullable(),
  /** The caller asked for it (and so cannot approve it). */
  mine: z.boolean(),
  /** The limits it runs within (README "Batch remediation"). */
  limits: z.object({ maxItems: z.number(), concurrency: z.number(), itemsPerSecond: z.number() }),
});
export type BatchView = z.infer<typeof BatchViewSchema>;

export const BatchListSchema = z.object({ twoPersonRule: z.boolean(), items: z.array(BatchViewSchema) });
export type BatchList = z.infer<typeof BatchListSchema>;
