/**
 * Turns a raw `Function` object (lambda.services.k8s.aws/v1alpha1, as the API server returns
 * it) into `FunctionFacts`: the typed, bounded subset the verdict rules and the UI use.
 * The input may be malformed or hostile (the CRD schema checks types only, and anyone allowed
 * to write the status subresource can write anything): this never throws.
 */
import { ACK_GROUP, ANNOTATION, FUNCTION_KIND } from "./ack";
import type { Condition } from "./wire/fleet";
import { readSpecConfig, type FunctionSpecConfig } from "./function-config/read";
import {
  TEXT_LIMIT,
  field,
  isRecord,
  safeInteger,
  safeText,
  safeTimestamp,
  safeToken,
} from "./safe-values";

export type DeletionPolicy = "retain" | "delete";

export interface FunctionFacts {
  id: string; // "cluster/namespace/name"
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  generation: number | null;
  creationTimestamp: string | null;
  /** spec.name: the function's name in AWS. */
  awsName: string | null;
  region: string | null;
  /** Where the region came from, in the controller's order; "default": the dashboard's AWS_REGION, the last resort. */
  regionSource: "status" | "annotation" | "namespace" | "default" | null;
  accountId: string | null;
  arn: string | null;
  /** False until the controller has written anything into status. */
  hasStatus: boolean;
  /** Lambda-mirrored status: what the controller last saw, possibly stale (docs/ack-lambda-controller.md). */
  statusState: string | null;
  stateReason: string | null;
  stateReasonCode: string | null;
  lastUpdateStatus: string | null;
  lastUpdateStatusReason: string | null;
  lastUpdateStatusReasonCode: string | null;
  codeSHA256: string | null;
  lastModified: string | null;
  conditions: Condition[];
  deletionTimestamp: string | null;
  finalizers: string[];
  annotations: Record<string, string>;
  deletionPolicy: DeletionPolicy | null;
  deletionPolicySource: "resource" | "namespace" | null;
  /**
   * Optional, filled by the timeline recorder (not by toFunctionFacts): when the dashboard first
   * saw each condition type with its current status. The ACK runtime stamps lastTransitionTime
   * on every Set call (runtime pkg/condition SetSynced), so for a condition the controller keeps
   * re-setting, lastTransitionTime is the last reconcile, not the start.
   */
  conditionsFirstSeen?: Record<string, string>;
  /**
   * The spec's configuration, for the field-by-field comparison with AWS (environment variables
   * by name only). Optional so that facts made by hand in tests need not carry it.
   */
  spec?: FunctionSpecConfig;
  /** What was wrong with the object and ignored (for the detail view; never thrown). */
  problems: string[];
}

export type FunctionFactsResult = { ok: true; facts: FunctionFacts } | { ok: false; error: string };

/** What a Function's facts depend on besides the object itself. */
export interface FunctionContext {
  /** The annotations of its namespace (default region, owner account, deletion policy). */
  annotations?: Record<string, string>;
  /** The region of last resort (AWS_REGION), for a Function nothing else gives a region. */
  defaultRegion?: string | null;
}

export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes qualified names with optional DNS prefix (annotation and finalizer keys). */
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** e.g. us-east-1, us-gov-west-1, eu-central-2: the AWS adapter builds endpoints from this. */
export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
export const AWS_ACCOUNT = /^\d{12}$/;
/** Lambda FunctionName and function ARN (AWS Lambda API reference, FunctionConfiguration). */
export const LAMBDA_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const LAMBDA_ARN = /^arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-[a-z]+)+-\d{1,2}:\d{12}:function:[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]+))?$/;
const MAX_CONDITIONS = 32;
const MAX_FINALIZERS = 64;
const MAX_ANNOTATIONS = 256;
/** Duplicates the whole spec and can reach 256 KiB: never worth sending to a browser. */
const DROPPED_ANNOTATIONS = new Set(["kubectl.kubernetes.io/last-applied-configuration"]);

export function toFunctionFacts(obj: unknown, cluster: string, ns?: FunctionContext): FunctionFactsResult {
  try {
    return parseFunction(obj, cluster, ns);
  } catch {
    // A Proxy or getter could still throw; the contract is "never throws".
    return { ok: false, error: "object could not be read" };
  }
}

function parseFunction(obj: unknown, cluster: string, ns?: FunctionContext): FunctionFactsResult {
  if (!isRecord(obj)) return { ok: false, error: "not an object" };
  const kind = field(obj, "kind");
  if (kind !== undefined && kind !== FUNCTION_KIND) return { ok: false, error: "kind is not Function" };
  const apiVersion = field(obj, "apiVersion");
  if (apiVersion !== undefined && (typeof apiVersion !== "string" || !apiVersion.startsWith(`${ACK_GROUP}/`))) {
    return { ok: false, error: `apiVersion is not ${ACK_GROUP}/*` };
  }
  const metadata = field(obj, "metadata");
  if (!isRecord(metadata)) return { ok: false, error: "metadata missing" };
  const name = field(metadata, "name");
  if (typeof name !== "string" || name.length > TEXT_LIMIT.name || !DNS_SUBDOMAIN.test(name)) {
    return { ok: false, error: "metadata.name missing or not a DNS subdomain" };
  }
  const namespace = field(metadata, "namespace");
  if (typeof namespace !== "string" || namespace.length > 63 || !DNS_LABEL.test(namespace)) {
    return { ok: false, error: "metadata.namespace missing or not a DNS label" };
  }

  const problems: string[] = [];
  const spec = field(obj, "spec");
  const status = field(obj, "status");
  if (status !== undefined && !isRecord(status)) problems.push("status is not an object; ignored");
  const meta = field(status, "ackResourceMetadata");
  const annotations = readAnnotations(field(metadata, "annotations"), problems);
  const nsAnnotations = readAnnotations(ns?.annotations, []);

  const region = pickRegion(meta, annotations, nsAnnotations, ns?.defaultRegion ?? null, problems);
  const policy = pickDeletionPolicy(annotations, nsAnnotations, problems);
  const str = (v: unknown) => safeToken(v, TEXT_LIMIT.token);

  const facts: FunctionFacts = {
    id: `${cluster}/${namespace}/${name}`,
    cluster,
    namespace,
    name,
    uid: str(field(metadata, "uid")) ?? "",
    resourceVersion: str(field(metadata, "resourceVersion")) ?? "",
    generation: safeInteger(field(metadata, "generation")),
    creationTimestamp: safeTimestamp(field(metadata, "creationTimestamp")),
    awsName: validated(field(spec, "name"), LAMBDA_NAME, "spec.name is not a Lambda function name", problems),
    region: region.value,
    regionSource: region.source,
    accountId: pickAccount(meta, nsAnnotations),
    arn: validated(field(meta, "arn"), LAMBDA_ARN, "status.ackResourceMetadata.arn is not a Lambda function ARN", problems),
    hasStatus: hasAnyStatus(status),
    statusState: str(field(status, "state")),
    stateReason: safeToken(field(status, "stateReason"), TEXT_LIMIT.message),
    stateReasonCode: str(field(status, "stateReasonCode")),
    lastUpdateStatus: str(field(status, "lastUpdateStatus")),
    lastUpdateStatusReason: safeToken(field(status, "lastUpdateStatusReason"), TEXT_LIMIT.message),
    lastUpdateStatusReasonCode: str(field(status, "lastUpdateStatusReasonCode")),
    codeSHA256: str(field(status, "codeSHA256")),
    lastModified: safeTimestamp(field(status, "lastModified")),
    conditions: readConditions(field(status, "conditions"), problems),
    deletionTimestamp: safeTimestamp(field(metadata, "deletionTimestamp")),
    finalizers: readFinalizers(field(metadata, "finalizers"), problems),
    annotations,
    deletionPolicy: policy.value,
    deletionPolicySource: policy.source,
    spec: readSpecConfig(spec),
    problems,
  };
  if (field(metadata, "deletionTimestamp") !== undefined && facts.deletionTimestamp === null) {
    problems.push("metadata.deletionTimestamp is not a timestamp; treated as not deleting");
  }
  return { ok: true, facts };
}

/**
 * Name and ARN are handed to the AWS adapter as GetFunction's FunctionName: only values Lambda
 * itself would accept get through.
 */
function validated(value: unknown, pattern: RegExp, problem: string, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" && value.length <= TEXT_LIMIT.arn && pattern.test(value)) return value;
  problems.push(`${problem}; ignored`);
  return null;
}

function hasAnyStatus(status: unknown): boolean {
  if (!isRecord(status)) return false;
  const conditions = field(status, "conditions");
  return (
    (Array.isArray(conditions) && conditions.length > 0) ||
    typeof field(status, "state") === "string" ||
    isRecord(field(status, "ackResourceMetadata"))
  );
}

/**
 * Only entries with string type and status survive; the first entry of a type wins, as in the
 * ACK runtime's condition.FirstOfType.
 */
function readConditions(value: unknown, problems: string[]): Condition[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push("status.conditions is not an array; ignored");
    return [];
  }
  const out: Condition[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const entry of value.slice(0, MAX_CONDITIONS * 4)) {
    const type = safeToken(field(entry, "type"));
    const status = safeToken(field(entry, "status"));
    if (type === null || status === null || seen.has(type) || out.length >= MAX_CONDITIONS) {
      dropped++;
      continue;
    }
    seen.add(type);
    out.push({
      type,
      status,
      lastTransitionTime: safeTimestamp(field(entry, "lastTransitionTime")),
      reason: safeText(field(entry, "reason"), TEXT_LIMIT.reason),
      message: safeText(field(entry, "message"), TEXT_LIMIT.message),
    });
  }
  dropped += Math.max(0, value.length - MAX_CONDITIONS * 4);
  if (dropped > 0) problems.push(`${dropped} malformed or duplicate condition(s) ignored`);
  return out;
}

function readFinalizers(value: unknown, problems: string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push("metadata.finalizers is not an array; ignored");
    return [];
  }
  const out = value
    .filter((f): f is string => typeof f === "string" && f.length <= 316 && QUALIFIED_NAME.test(f))
    .slice(0, MAX_FINALIZERS);
  if (out.length < value.length) problems.push(`${value.length - out.length} malformed finalizer(s) ignored`);
  return out;
}

function readAnnotations(value: unknown, problems: string[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    problems.push("metadata.annotations is not an object; ignored");
    return {};
  }
  const entries: Array<[string, string]> = [];
  for (const key of Object.keys(value)) {
    if (entries.length >= MAX_ANNOTATIONS) break;
    const raw = value[key];
    if (DROPPED_ANNOTATIONS.has(key) || key.length > 316 || !QUALIFIED_NAME.test(key) || typeof raw !== "string") continue;
    entries.push([key, safeText(raw, TEXT_LIMIT.annotation) ?? ""]);
  }
  // fromEntries defines own properties: a "__proto__" key could not change the prototype.
  return Object.fromEntries(entries);
}

/**
 * The ACK runtime's precedence (aws-controllers-k8s/runtime, pkg/runtime/reconciler.go,
 * getRegion): status metadata, the resource's region annotation, the namespace's default
 * region, then the controller's own --aws-region; the dashboard's AWS_REGION stands in for that
 * last one, which it cannot see.
 */
function pickRegion(
  meta: unknown,
  annotations: Record<string, string>,
  nsAnnotations: Record<string, string>,
  defaultRegion: string | null,
  problems: string[],
): { value: string | null; source: FunctionFacts["regionSource"] } {
  const candidates: Array<[unknown, NonNullable<FunctionFacts["regionSource"]>, string]> = [
    [field(meta, "region"), "status", "status.ackResourceMetadata.region"],
    [annotations[ANNOTATION.region], "annotation", `annotation ${ANNOTATION.region}`],
    [nsAnnotations[ANNOTATION.namespaceDefaultRegion], "namespace", `namespace annotation ${ANNOTATION.namespaceDefaultRegion}`],
    [defaultRegion ?? undefined, "default", "AWS_REGION"],
  ];
  for (const [value, source, where] of candidates) {
    if (value === undefined || value === null) continue;
    if (typeof value === "string" && AWS_REGION.test(value)) return { value, source };
    problems.push(`${where} is not an AWS region; ignored`);
  }
  return { value: null, source: null };
}

/** ownerAccountID, then the CARM namespace annotation (docs/ack-lambda-controller.md "Finalizer and deletion"). */
function pickAccount(meta: unknown, nsAnnotations: Record<string, string>): string | null {
  for (const value of [field(meta, "ownerAccountID"), nsAnnotations[ANNOTATION.ownerAccountId]]) {
    if (typeof value === "string" && AWS_ACCOUNT.test(value)) return value;
  }
  return null;
}

/**
 * What the controller will do on deletion, as the ACK runtime decides it
 * (pkg/runtime/reconciler.go): getDeletionPolicy takes the resource's annotation
 * services.k8s.aws/deletion-policy verbatim when it is present, else the namespace's
 * lambda.services.k8s.aws/deletion-policy, else the controller flag (invisible from here:
 * null); reconcile() then deletes only for exactly "delete" (apis/core/v1alpha1
 * deletion_policy.go) and takes the retain path for every other value, typos included.
 */
function pickDeletionPolicy(
  annotations: Record<string, string>,
  nsAnnotations: Record<string, string>,
  problems: string[],
): { value: DeletionPolicy | null; source: FunctionFacts["deletionPolicySource"] } {
  const own = annotations[ANNOTATION.deletionPolicy];
  if (own !== undefined) {
    const effect = deletionPolicyEffect(own);
    if (effect.problem) problems.push(`annotation ${ANNOTATION.deletionPolicy} ${effect.problem}`);
    return { value: effect.policy, source: "resource" };
  }
  const inherited = nsAnnotations[ANNOTATION.namespaceDeletionPolicy];
  if (inherited !== undefined) {
    const effect = deletionPolicyEffect(inherited);
    if (effect.problem) problems.push(`namespace annotation ${ANNOTATION.namespaceDeletionPolicy} ${effect.problem}`);
    return { value: effect.policy, source: "namespace" };
  }
  return { value: null, source: null };
}

/** The policy a deletion-policy annotation value has in effect, and what is wrong with it. */
export function deletionPolicyEffect(value: string): { policy: DeletionPolicy; problem: string | null } {
  if (value === "delete" || value === "retain") return { policy: value, problem: null };
  return {
    policy: "retain",
    problem: `is ${JSON.stringify(value)}, not "retain" or "delete": the controller deletes only for exactly "delete", so it retains`,
  };
}
