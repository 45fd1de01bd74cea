/**
 * A Function's configuration as AWS holds it (the compact part of GetFunction's Configuration
 * the comparison needs) and the field-by-field comparison with the spec, as the API sends them.
 * Environment variables are names only: their values never leave the server. Pure.
 */
import { z } from "zod";

/** What GetFunction says of the configuration; read by lib/domain/function-config/read-aws.ts. */
export const AwsFunctionConfigSchema = z.object({
  runtime: z.string().nullable(),
  handler: z.string().nullable(),
  memorySize: z.number().int().nullable(),
  timeout: z.number().int().nullable(),
  role: z.string().nullable(),
  architectures: z.array(z.string()),
  /** Layer version ARNs, in the order Lambda applies them. */
  layers: z.array(z.string()),
  /** Environment variable names, sorted; never their values. */
  environmentNames: z.array(z.string()),
  subnetIds: z.array(z.string()),
  securityGroupIds: z.array(z.string()),
  ephemeralStorage: z.number().int().nullable(),
  tracingMode: z.string().nullable(),
  packageType: z.string().nullable(),
  /** GetFunction's Code.ImageUri, for container image functions. */
  imageUri: z.string().nullable(),
});
export type AwsFunctionConfig = z.infer<typeof AwsFunctionConfigSchema>;

export const CONFIG_FIELD_VALUES = [
  "runtime",
  "handler",
  "memorySize",
  "timeout",
  "role",
  "architectures",
  "layers",
  "environment",
  "vpcSubnets",
  "vpcSecurityGroups",
  "ephemeralStorage",
  "tracingMode",
  "code",
  "tags",
] as const;
export const ConfigFieldSchema = z.enum(CONFIG_FIELD_VALUES);
export type ConfigField = z.infer<typeof ConfigFieldSchema>;

/**
 * same: AWS has what the spec asks (or the default AWS fills in when the spec is silent);
 * differs: both have a value and they disagree; only-in-aws / only-in-spec: one side has
 * something (a value or list entries) the other lacks; not-readable: one side cannot be known
 * here (a *Ref the controller resolves, a malformed spec field, AWS not read).
 */
export const FIELD_STATUS_VALUES = ["same", "differs", "only-in-aws", "only-in-spec", "not-readable"] as const;
export const FieldStatusSchema = z.enum(FIELD_STATUS_VALUES);
export type FieldStatus = z.infer<typeof FieldStatusSchema>;

export const FieldComparisonSchema = z.object({
  field: ConfigFieldSchema,
  label: z.string(),
  /** What the spec asks, as text (with "(default)" when AWS's default stands in); null: nothing. */
  spec: z.string().nullable(),
  aws: z.string().nullable(),
  status: FieldStatusSchema,
  /** Why, for a list (which entries) or a field that cannot be compared. */
  note: z.string().optional(),
});
export type FieldComparison = z.infer<typeof FieldComparisonSchema>;

/** The fields whose status counts as drift. */
export function isDrift(status: FieldStatus): boolean {
  return status === "differs" || status === "only-in-aws" || status === "only-in-spec";
}
