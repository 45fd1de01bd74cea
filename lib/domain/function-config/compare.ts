/**
 * The Function's spec next to the live AWS configuration, field by field. When the spec is
 * silent on a field, AWS's own default stands in for it (the defaults of CreateFunction, AWS
 * Lambda API reference), so an omitted memory size agrees with 128 but not with 1024 set in the
 * console. Pure: no I/O, no clock.
 */
import { ACK_TAG } from "../ack";
import { isDrift, type AwsFunctionConfig, type ConfigField, type FieldComparison, type FieldStatus } from "../wire/function-config";
import type { FunctionSpecConfig } from "./read";

/**
 * What AWS fills in when CreateFunction does not say (AWS Lambda API reference, CreateFunction,
 * request parameters).
 */
export const AWS_DEFAULTS = {
  /** MemorySize: "The default value is 128 MB." */
  memorySize: 128,
  /** Timeout: "The default is 3 seconds." */
  timeout: 3,
  /** Architectures: "The default value is x86_64." */
  architectures: ["x86_64"],
  /** EphemeralStorage.Size: "The default value is 512" (MB) (EphemeralStorage data type). */
  ephemeralStorage: 512,
  /**
   * TracingConfig.Mode: Active or PassThrough (TracingConfig data type); a function created
   * without TracingConfig reports PassThrough in FunctionConfiguration.TracingConfig.
   */
  tracingMode: "PassThrough",
} as const;

export const CONFIG_FIELD_LABELS: Record<ConfigField, string> = {
  runtime: "Runtime",
  handler: "Handler",
  memorySize: "Memory (MB)",
  timeout: "Timeout (s)",
  role: "Execution role",
  architectures: "Architectures",
  layers: "Layers",
  environment: "Environment variable names",
  vpcSubnets: "VPC subnets",
  vpcSecurityGroups: "VPC security groups",
  ephemeralStorage: "Ephemeral storage (MB)",
  tracingMode: "Tracing mode",
  code: "Code",
  tags: "Tags",
};

/** How a verdict's summary names a drifted field. */
export const CONFIG_FIELD_NAMES: Record<ConfigField, string> = {
  runtime: "runtime",
  handler: "handler",
  memorySize: "memory size",
  timeout: "timeout",
  role: "execution role",
  architectures: "architectures",
  layers: "layers",
  environment: "environment variables",
  vpcSubnets: "VPC subnets",
  vpcSecurityGroups: "VPC security groups",
  ephemeralStorage: "ephemeral storage",
  tracingMode: "tracing mode",
  code: "code",
  tags: "tags",
};

/** What the comparison knows of AWS: GetFunction's answer as the reader keeps it. */
export interface AwsSide {
  config: AwsFunctionConfig;
  codeSha256: string | null;
  tags: Record<string, string>;
}

export interface CompareContext {
  namespace: string;
  /** The cluster's controller version, for the controller-version tag; null when unknown. */
  controllerVersion: string | null;
  /** status.codeSHA256: the hash the controller recorded after its last code update. */
  recordedCodeSha256: string | null;
}

const NONE = "none";
const DEFAULT = " (default)";

function row(field: ConfigField, spec: string | null, aws: string | null, status: FieldStatus, note?: string): FieldComparison {
  return { field, label: CONFIG_FIELD_LABELS[field], spec, aws, status, ...(note ? { note } : {}) };
}

function scalarStatus(expected: string | number | null, aws: string | number | null): FieldStatus {
  if (expected === null) return aws === null ? "same" : "only-in-aws";
  if (aws === null) return "only-in-spec";
  return expected === aws ? "same" : "differs";
}

function scalar(field: ConfigField, spec: string | number | null, fallback: string | number | null, aws: string | number | null): FieldComparison {
  const expected = spec ?? fallback;
  const specText = spec !== null ? String(spec) : fallback !== null ? `${fallback}${DEFAULT}` : null;
  return row(field, specText, aws === null ? null : String(aws), scalarStatus(expected, aws));
}

/** Entries named in a note; the rest are counted, so a hostile list cannot bloat a verdict. */
const NAMED_ENTRIES = 10;

function named(entries: string[]): string {
  const shown = entries.slice(0, NAMED_ENTRIES).join(", ");
  return entries.length > NAMED_ENTRIES ? `${shown} and ${entries.length - NAMED_ENTRIES} more` : shown;
}

function entriesNote(onlyInSpec: string[], onlyInAws: string[]): string | undefined {
  const parts = [];
  if (onlyInSpec.length) parts.push(`only in the spec: ${named(onlyInSpec)}`);
  if (onlyInAws.length) parts.push(`only in AWS: ${named(onlyInAws)}`);
  return parts.length ? parts.join("; ") : undefined;
}

/** Lists compared as sets, or in order where order matters to Lambda (layers). */
function list(field: ConfigField, spec: readonly string[] | null, fallback: readonly string[], aws: readonly string[], ordered: boolean): FieldComparison {
  const expected = spec ?? fallback;
  const specText = (expected.length ? expected.join(", ") : NONE) + (spec === null ? DEFAULT : "");
  const awsText = aws.length ? aws.join(", ") : NONE;
  const inAws = new Set(aws);
  const inSpec = new Set(expected);
  const onlyInSpec = expected.filter((e) => !inAws.has(e));
  const onlyInAws = aws.filter((e) => !inSpec.has(e));
  let status: FieldStatus;
  if (onlyInSpec.length && onlyInAws.length) status = "differs";
  else if (onlyInSpec.length) status = "only-in-spec";
  else if (onlyInAws.length) status = "only-in-aws";
  else if (ordered && expected.join("\n") !== aws.join("\n")) status = "differs";
  else status = "same";
  const note = entriesNote(onlyInSpec, onlyInAws) ?? (status === "differs" ? "same entries in another order" : undefined);
  return row(field, specText, awsText, status, note);
}

function notReadable(field: ConfigField, aws: string | null, note: string): FieldComparison {
  return row(field, null, aws, "not-readable", note);
}

function compareCode(spec: FunctionSpecConfig, aws: AwsSide, ctx: CompareContext): FieldComparison {
  if (spec.code.imageUri !== null) {
    return row("code", `image ${spec.code.imageUri}`, aws.config.imageUri === null ? null : `image ${aws.config.imageUri}`, scalarStatus(spec.code.imageUri, aws.config.imageUri));
  }
  const awsText = aws.codeSha256 === null ? null : `CodeSha256 ${aws.codeSha256}`;
  // spec.code.sha256 is what the controller compares with status.codeSHA256 to decide on an
  // UpdateFunctionCode (lambda-controller pkg/resource/function/hooks.go, customPreCompare).
  if (spec.code.sha256 !== null) return row("code", `sha256 ${spec.code.sha256}`, awsText, scalarStatus(spec.code.sha256, aws.codeSha256));
  if (ctx.recordedCodeSha256 !== null) {
    return row("code", `CodeSha256 ${ctx.recordedCodeSha256}`, awsText, scalarStatus(ctx.recordedCodeSha256, aws.codeSha256), "the spec names an S3 object; compared with the hash the controller recorded (status.codeSHA256)");
  }
  return notReadable("code", awsText, "the spec names an S3 object whose hash is not known here");
}

const tagText = (tags: Record<string, string>) => {
  const keys = Object.keys(tags).sort();
  return keys.length ? keys.map((k) => `${k}=${tags[k]}`).join(", ") : NONE;
};

/**
 * The spec's tags plus the two the ACK runtime adds to what it creates (docs/ack-lambda-controller.md,
 * "services.k8s.aws/controller-version" and "services.k8s.aws/namespace"). The controller-version
 * tag names the version that last wrote the tags: only its presence is compared, since an
 * upgraded controller rewrites it at its next update, not at once.
 */
function compareTags(spec: FunctionSpecConfig, aws: AwsSide, ctx: CompareContext): FieldComparison {
  const expected: Record<string, string> = { ...(spec.tags ?? {}), [ACK_TAG.namespace]: ctx.namespace };
  const versionTag = ctx.controllerVersion ? `lambda-${ctx.controllerVersion.replace(/^v/, "")}` : "lambda-…";
  expected[ACK_TAG.controllerVersion] = versionTag;
  const onlyInSpec: string[] = [];
  const onlyInAws: string[] = [];
  const differing: string[] = [];
  for (const key of Object.keys(expected).sort()) {
    if (!Object.prototype.hasOwnProperty.call(aws.tags, key)) onlyInSpec.push(key);
    else if (key !== ACK_TAG.controllerVersion && aws.tags[key] !== expected[key]) differing.push(key);
  }
  for (const key of Object.keys(aws.tags).sort()) if (!Object.prototype.hasOwnProperty.call(expected, key)) onlyInAws.push(key);
  let status: FieldStatus = "same";
  if (differing.length || (onlyInSpec.length && onlyInAws.length)) status = "differs";
  else if (onlyInSpec.length) status = "only-in-spec";
  else if (onlyInAws.length) status = "only-in-aws";
  const note = [differing.length ? `values differ: ${named(differing)}` : "", entriesNote(onlyInSpec, onlyInAws) ?? ""].filter(Boolean).join("; ");
  return row("tags", tagText(expected), tagText(aws.tags), status, note || undefined);
}

/**
 * Every compared field, in a fixed order. AWS unknown (never read, or the function is
 * missing): no comparison at all, the caller says why.
 */
export function compareFunctionConfig(spec: FunctionSpecConfig, aws: AwsSide, ctx: CompareContext): FieldComparison[] {
  const c = aws.config;
  const bad = new Set(spec.unreadable);
  const malformed = (field: ConfigField, path: string, awsText: string | null) => notReadable(field, awsText, `${path} in the spec is malformed`);
  const listText = (l: readonly string[]) => (l.length ? l.join(", ") : NONE);
  const out: FieldComparison[] = [
    bad.has("runtime") ? malformed("runtime", "runtime", c.runtime) : scalar("runtime", spec.runtime, null, c.runtime),
    bad.has("handler") ? malformed("handler", "handler", c.handler) : scalar("handler", spec.handler, null, c.handler),
    bad.has("memorySize") ? malformed("memorySize", "memorySize", c.memorySize === null ? null : String(c.memorySize)) : scalar("memorySize", spec.memorySize, AWS_DEFAULTS.memorySize, c.memorySize),
    bad.has("timeout") ? malformed("timeout", "timeout", c.timeout === null ? null : String(c.timeout)) : scalar("timeout", spec.timeout, AWS_DEFAULTS.timeout, c.timeout),
    bad.has("role")
      ? malformed("role", "role", c.role)
      : spec.role === null && spec.roleRef
        ? notReadable("role", c.role, "the spec names its role through roleRef, which the controller resolves without writing it back")
        : scalar("role", spec.role, null, c.role),
    bad.has("architectures") ? malformed("architectures", "architectures", listText(c.architectures)) : list("architectures", spec.architectures, AWS_DEFAULTS.architectures, c.architectures, false),
    bad.has("layers") ? malformed("layers", "layers", listText(c.layers)) : list("layers", spec.layers, [], c.layers, true),
    bad.has("environment")
      ? malformed("environment", "environment.variables", listText(c.environmentNames))
      : list("environment", spec.environmentNames, [], c.environmentNames, false),
    bad.has("vpcSubnets")
      ? malformed("vpcSubnets", "vpcConfig.subnetIDs", listText(c.subnetIds))
      : spec.subnetIds === null && spec.subnetRefs
        ? notReadable("vpcSubnets", listText(c.subnetIds), "the spec names its subnets through subnetRefs, which the controller resolves")
        : list("vpcSubnets", spec.subnetIds, [], c.subnetIds, false),
    bad.has("vpcSecurityGroups")
      ? malformed("vpcSecurityGroups", "vpcConfig.securityGroupIDs", listText(c.securityGroupIds))
      : spec.securityGroupIds === null && spec.securityGroupRefs
        ? notReadable("vpcSecurityGroups", listText(c.securityGroupIds), "the spec names its security groups through securityGroupRefs, which the controller resolves")
        : list("vpcSecurityGroups", spec.securityGroupIds, [], c.securityGroupIds, false),
    bad.has("ephemeralStorage")
      ? malformed("ephemeralStorage", "ephemeralStorage.size", c.ephemeralStorage === null ? null : String(c.ephemeralStorage))
      : scalar("ephemeralStorage", spec.ephemeralStorage, AWS_DEFAULTS.ephemeralStorage, c.ephemeralStorage),
    bad.has("tracingMode") ? malformed("tracingMode", "tracingConfig.mode", c.tracingMode) : scalar("tracingMode", spec.tracingMode, AWS_DEFAULTS.tracingMode, c.tracingMode),
    compareCode(spec, aws, ctx),
    bad.has("tags") ? malformed("tags", "tags", tagText(aws.tags)) : compareTags(spec, aws, ctx),
  ];
  return out;
}

/** The fields that drifted, in the comparison's order. */
export function driftedFields(rows: readonly FieldComparison[]): FieldComparison[] {
  return rows.filter((r) => isDrift(r.status));
}
