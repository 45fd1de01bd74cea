import "server-only";
import { z } from "zod";
import { ACTION_VALUES } from "@/lib/domain/remediation/actions";
import { DNS_LABEL, DNS_SUBDOMAIN } from "@/lib/domain/function-object";
import { refuse } from "../errors";

/**
 * The request bodies of the batch API (README "Batch remediation"), strict like the single
 * ones (remediation/body.ts): unknown fields refused. A batch names up to a few hundred
 * Functions, so its body may be larger than a single request's 8 KiB.
 */
export const MAX_BATCH_BODY_BYTES = 96 * 1024;
/** A hard ceiling whatever ACK_FLEET_BATCH_MAX says, so a body is always bounded. */
export const BATCH_ITEMS_CEILING = 500;

const REASON_MAX = 500;

const ItemSchema = z.strictObject({
  cluster: z.string().min(1).max(253).refine((c) => !/[\u0000-\u001f]/.test(c), "cluster: control characters"),
  namespace: z.string().max(63).regex(DNS_LABEL, "namespace must be a Kubernetes namespace name"),
  name: z.string().max(253).regex(DNS_SUBDOMAIN, "name must be a Kubernetes object name"),
  /** delete-aws-function only: the AWS function left behind. */
  aws: z
    .strictObject({
      accountId: z.string().regex(/^\d{12}$/, "aws.accountId must be 12 digits"),
      region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, "aws.region must look like eu-west-1"),
      functionName: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "aws.functionName must be a Lambda function name"),
    })
    .optional(),
});
export type BatchItemInput = z.infer<typeof ItemSchema>;

const ConfirmSchema = z.strictObject({
  count: z.number({ error: "confirm.count is required: type the number of Functions" }).int().min(0).max(BATCH_ITEMS_CEILING),
  clusters: z.array(z.string().max(253)).max(100),
});

/** Step one: check and dry-run every item; nothing changes. */
export const BatchPreviewBodySchema = z
  .strictObject({
    action: z.enum(ACTION_VALUES, { error: `action must be one of ${ACTION_VALUES.join(", ")}` }),
    items: z.array(ItemSchema).min(1, "items must name at least one Function").max(BATCH_ITEMS_CEILING, `a batch holds at most ${BATCH_ITEMS_CEILING} items`),
    dryRun: z.literal(true, { error: "a batch starts with a preview: send dryRun: true with the items, then run it by previewId" }),
  })
  .superRefine((b, ctx) => {
    b.items.forEach((item, i) => {
      if ((b.action === "delete-aws-function") !== Boolean(item.aws)) {
        ctx.addIssue({ code: "custom", path: ["items", i, "aws"], message: b.action === "delete-aws-function" ? "delete-aws-function items need aws {accountId, region, functionName}" : `aws is only for delete-aws-function` });
      }
    });
  });
export type BatchPreviewBody = z.infer<typeof BatchPreviewBodySchema>;

/** Step two: run the eligible items of a preview, with the count, the cluster names and one reason typed. */
export const BatchRunBodySchema = z.strictObject({
  previewId: z.string().uuid("previewId must be the id of a preview"),
  confirm: ConfirmSchema,
  reason: z.string({ error: "reason is required: say why you are doing this" }).trim().min(3, "reason must say why (at least 3 characters)").max(REASON_MAX),
});
export type BatchRunBody = z.infer<typeof BatchRunBodySchema>;

export const BatchApproveBodySchema = z.strictObject({ confirm: ConfirmSchema, comment: z.string().trim().max(REASON_MAX).optional() });
export type BatchApproveBody = z.infer<typeof BatchApproveBodySchema>;

export const BatchStopBodySchema = z.strictObject({});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A batch id from a URL: anything but a UUID is unknown (404), never echoed back. */
export function batchIdOf(id: string): string {
  if (!UUID.test(id)) throw refuse.notFound("no batch with that id");
  return id;
}
