/**
 * Reads the configuration fields the comparison needs, from a Function's spec (as the API
 * server returns it; the CRD checks types only) and from GetFunction's Configuration and Code
 * (AWS Lambda API reference, FunctionConfiguration and FunctionCodeLocation). Both may be
 * malformed or hostile: nothing here throws, lists and strings are bounded, and environment
 * variables are reduced to their names at once, so their values go no further than this call.
 */
import type { AwsFunctionConfig, ConfigField } from "../wire/function-config";
import { TEXT_LIMIT, field, isRecord, safeInteger, safeToken } from "../safe-values";

/** Above any Lambda limit (5 layers, 16 subnets, 5 security groups, 4 KB of environment). */
const MAX_ENTRIES = 256;

export interface FunctionSpecConfig {
  runtime: string | null;
  handler: string | null;
  memorySize: number | null;
  timeout: number | null;
  role: string | null;
  /** spec.roleRef: the controller resolves it into a role ARN that is not written back. */
  roleRef: boolean;
  architectures: string[] | null;
  layers: string[] | null;
  environmentNames: string[] | null;
  subnetIds: string[] | null;
  subnetRefs: boolean;
  securityGroupIds: string[] | null;
  securityGroupRefs: boolean;
  ephemeralStorage: number | null;
  tracingMode: string | null;
  packageType: string | null;
  code: { sha256: string | null; imageUri: string | null; s3: boolean };
  tags: Record<string, string> | null;
  /** Fields present in the spec with a type or content that could not be read. */
  unreadable: ConfigField[];
}

const token = (v: unknown) => safeToken(v, TEXT_LIMIT.arn);

/** A list of strings; null when absent, and the field marked unreadable when malformed. */
function stringList(value: unknown, fieldName: ConfigField, unreadable: Set<ConfigField>): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length > MAX_ENTRIES) {
    unreadable.add(fieldName);
    return null;
  }
  const out: string[] = [];
  for (const entry of value) {
    const t = token(entry);
    if (t === null) {
      unreadable.add(fieldName);
      return null;
    }
    out.push(t);
  }
  return out;
}

/** Only the keys of a string map, sorted; null when absent. */
function mapKeys(value: unknown, fieldName: ConfigField, unreadable: Set<ConfigField>): string[] | null {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) {
    unreadable.add(fieldName);
    return null;
  }
  const keys = Object.keys(value);
  if (keys.length > MAX_ENTRIES) {
    unreadable.add(fieldName);
    return null;
  }
  const out: string[] = [];
  for (const k of keys) {
    const t = token(k);
    if (t !== null) out.push(t);
  }
  return out.sort();
}

function scalar<T>(value: unknown, read: (v: unknown) => T | null, fieldName: ConfigField, unreadable: Set<ConfigField>): T | null {
  if (value === undefined || value === null) return null;
  const out = read(value);
  if (out === null) unreadable.add(fieldName);
  return out;
}

function stringMap(value: unknown, unreadable: Set<ConfigField>): Record<string, string> | null {
  if (value === undefined || value === null) return null;
  if (!isRecord(value) || Object.keys(value).length > MAX_ENTRIES) {
    unreadable.add("tags");
    return null;
  }
  const entries: Array<[string, string]> = [];
  for (const k of Object.keys(value)) {
    const key = token(k);
    const v = field(value, k);
    if (key === null || typeof v !== "string") {
      unreadable.add("tags");
      return null;
    }
    entries.push([key, safeToken(v, TEXT_LIMIT.arn) ?? ""]);
  }
  // fromEntries defines own properties: a "__proto__" key cannot reach the prototype.
  return Object.fromEntries(entries);
}

/** The spec's configuration (lambda.services.k8s.aws/v1alpha1 Function, controller v1.14.1 CRD). */
export function readSpecConfig(spec: unknown): FunctionSpecConfig {
  const unreadable = new Set<ConfigField>();
  const s = isRecord(spec) ? spec : {};
  const vpc = field(s, "vpcConfig");
  const code = field(s, "code");
  const out: FunctionSpecConfig = {
    runtime: scalar(field(s, "runtime"), token, "runtime", unreadable),
    handler: scalar(field(s, "handler"), token, "handler", unreadable),
    memorySize: scalar(field(s, "memorySize"), safeInteger, "memorySize", unreadable),
    timeout: scalar(field(s, "timeout"), safeInteger, "timeout", unreadable),
    role: scalar(field(s, "role"), token, "role", unreadable),
    roleRef: field(s, "roleRef") !== undefined && field(s, "roleRef") !== null,
    architectures: stringList(field(s, "architectures"), "architectures", unreadable),
    layers: stringList(field(s, "layers"), "layers", unreadable),
    environmentNames: mapKeys(field(field(s, "environment"), "variables"), "environment", unreadable),
    subnetIds: stringList(field(vpc, "subnetIDs"), "vpcSubnets", unreadable),
    subnetRefs: Array.isArray(field(vpc, "subnetRefs")) && (field(vpc, "subnetRefs") as unknown[]).length > 0,
    securityGroupIds: stringList(field(vpc, "securityGroupIDs"), "vpcSecurityGroups", unreadable),
    securityGroupRefs: Array.isArray(field(vpc, "securityGroupRefs")) && (field(vpc, "securityGroupRefs") as unknown[]).length > 0,
    ephemeralStorage: scalar(field(field(s, "ephemeralStorage"), "size"), safeInteger, "ephemeralStorage", unreadable),
    tracingMode: scalar(field(field(s, "tracingConfig"), "mode"), token, "tracingMode", unreadable),
    packageType: token(field(s, "packageType")),
    code: {
      sha256: token(field(code, "sha256")),
      imageUri: token(field(code, "imageURI")),
      s3: token(field(code, "s3Key")) !== null || isRecord(field(code, "s3BucketRef")) || token(field(code, "s3Bucket")) !== null,
    },
    tags: stringMap(field(s, "tags"), unreadable),
    unreadable: [],
  };
  if (field(s, "environment") !== undefined && field(s, "environment") !== null && !isRecord(field(s, "environment"))) unreadable.add("environment");
  if (vpc !== undefined && vpc !== null && !isRecord(vpc)) {
    unreadable.add("vpcSubnets");
    unreadable.add("vpcSecurityGroups");
  }
  out.unreadable = [...unreadable];
  return out;
}

/** A list the AWS side sends: strings kept, anything else dropped (AWS sends only strings). */
function awsList(value: unknown, pick: (entry: unknown) => unknown = (e) => e): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const entry of value.slice(0, MAX_ENTRIES)) {
    const t = token(pick(entry));
    if (t !== null) out.push(t);
  }
  return out;
}

/**
 * GetFunction's Configuration and Code reduced to what the comparison needs. Environment
 * variables: the names only (the values are dropped here, at the adapter boundary).
 */
export function readAwsConfig(configuration: unknown, code?: unknown): AwsFunctionConfig {
  const c = isRecord(configuration) ? configuration : {};
  const vpc = field(c, "VpcConfig");
  return {
    runtime: token(field(c, "Runtime")),
    handler: token(field(c, "Handler")),
    memorySize: safeInteger(field(c, "MemorySize")),
    timeout: safeInteger(field(c, "Timeout")),
    role: token(field(c, "Role")),
    architectures: awsList(field(c, "Architectures")),
    layers: awsList(field(c, "Layers"), (l) => field(l, "Arn")),
    environmentNames: mapKeys(field(field(c, "Environment"), "Variables"), "environment", new Set()) ?? [],
    subnetIds: awsList(field(vpc, "SubnetIds")),
    securityGroupIds: awsList(field(vpc, "SecurityGroupIds")),
    ephemeralStorage: safeInteger(field(field(c, "EphemeralStorage"), "Size")),
    tracingMode: token(field(field(c, "TracingConfig"), "Mode")),
    packageType: token(field(c, "PackageType")),
    imageUri: token(field(code, "ImageUri")),
  };
}
