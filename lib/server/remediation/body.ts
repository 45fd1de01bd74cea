import "server-only";
import { z } from "zod";
import { MAX_BODY_BYTES } from "../http/body-limit";
import { RemediationError } from "./errors";

/**
 * The request bodies of the remediation API, validated with zod (remediation guard 7, docs/architecture.md):
 * JSON only (415 otherwise), at most MAX_BODY_BYTES (413), unknown fields refused (400).
 */
const REASON_MAX = 500;

const reason = z
  .string({ error: "reason is required: say why you are doing this" })
  .trim()
  .min(3, "reason must say why (at least 3 characters)")
  .max(REASON_MAX, `reason must be at most ${REASON_MAX} characters`);
const confirm = z.string({ error: "confirm is required: type the name of what is being changed" }).max(300, "confirm is too long");
const resourceVersion = z
  .string({ error: "expectedResourceVersion is required: the resourceVersion you saw" })
  .min(1, "expectedResourceVersion must not be empty")
  .max(64, "expectedResourceVersion is too long")
  .regex(/^[0-9A-Za-z._-]+$/, "expectedResourceVersion has characters a resourceVersion never has");

/** AWS coordinates of a residual function (Lambda API reference: FunctionName 1..64 of [a-zA-Z0-9-_]). */
const AwsCoordinatesSchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, "aws.accountId must be 12 digits"),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, "aws.region must look like eu-west-1"),
  functionName: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "aws.functionName must be a Lambda function name (1-64 of a-z A-Z 0-9 - _)"),
});

const ObjectActionSchema = z.strictObject({
  action: z.enum(["request-deletion", "retain-and-delete", "remove-finalizer"]),
  expectedResourceVersion: resourceVersion,
  confirm,
  reason,
  dryRun: z.boolean().optional(),
});

const AwsActionSchema = z.strictObject({
  action: z.literal("delete-aws-function"),
  aws: AwsCoordinatesSchema,
  /** RevisionId the operator saw in the preview; if AWS now reports another, 409. */
  expectedRevisionId: z.string().min(1).max(128).optional(),
  /** The Function object is gone, so there is usually none; accepted and ignored when sent. */
  expectedResourceVersion: z.string().max(64).optional(),
  confirm,
  reason,
  dryRun: z.boolean().optional(),
});

export const RemediationBodySchema = z.discriminatedUnion("action", [ObjectActionSchema, AwsActionSchema], {
  error: (issue) =>
    issue.code === "invalid_union" ? "action must be one of request-deletion, retain-and-delete, remove-finalizer, delete-aws-function" : undefined,
});
export type RemediationBody = z.infer<typeof RemediationBodySchema>;
export type ObjectActionBody = z.infer<typeof ObjectActionSchema>;
export type AwsActionBody = z.infer<typeof AwsActionSchema>;

export const ApproveBodySchema = z.strictObject({
  confirm,
  comment: z.string().trim().max(REASON_MAX).optional(),
});
export type ApproveBody = z.infer<typeof ApproveBodySchema>;

/** Reads a JSON body with a size bound; 415 / 413 / 400 as RemediationError (not audited). */
export async function readJsonBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw new RemediationError(415, "unsupported_media_type", "send the body as JSON (Content-Type: application/json)", { audited: false });
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readBounded(req, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RemediationError(400, "bad_request", "the body is not valid JSON", { audited: false });
  }
}

function tooLarge(max: number): RemediationError {
  return new RemediationError(413, "too_large", `the body is larger than ${max} bytes`, { audited: false });
}

async function readBounded(req: Request, max: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(max);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** zod's first issue as one sentence ("reason: reason must say why …"). */
export function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  const message = issue?.code === "unrecognized_keys" ? `unknown field(s) ${issue.keys.join(", ")}` : (issue?.message ?? "invalid body");
  throw new RemediationError(400, "bad_request", `${where}${message}`.slice(0, 300), { audited: false });
}
