/**
 * Building blocks of seeded Functions: the Kubernetes object, the AWS function behind it, and
 * the status the controller would have written, each backdated to a given time. The status
 * comes from the controller model's own condition and mapping code, so seeded objects look
 * exactly like the ones the live model writes.
 */
import { ACK_FUNCTION_FINALIZER, ACK_GROUP, ACK_VERSION, FUNCTION_KIND } from "@/lib/domain/ack";
import { syncConditions, type SyncOutcome } from "../controller/conditions";
import { controllerTags, statusFromConfiguration } from "../controller/mapping";
import type { FunctionObject, FunctionStatus } from "../controller/types";
import { versionGates } from "../controller/versions";
import { functionArn } from "../lambda/errors";
import { lambdaTimestamp } from "../lambda/store";
import { RUNTIMES, type ClusterCast } from "./catalog";
import { rngUuid, type Rng } from "./random";
import type { AwsFunctionPlan } from "./types";

export interface FnParams {
  cluster: ClusterCast;
  namespace: string;
  name: string;
  account: string;
  region: string;
  /** When the object was created (epoch ms). */
  createdAt: number;
  rng: Rng;
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** Lambda names: at most 64 of [A-Za-z0-9-_], unique per account and region. */
export function awsFunctionName(cluster: ClusterCast, namespace: string, name: string): string {
  return `${cluster.prefix}-${namespace}-${name}`.replace(/[^A-Za-z0-9-_]/g, "-").slice(0, 64);
}

function handlerFor(runtime: string): string {
  if (runtime.startsWith("python")) return "app.handler";
  if (runtime.startsWith("java")) return "com.example.Handler::handleRequest";
  if (runtime.startsWith("provided")) return "bootstrap";
  return "index.handler";
}

/** A managed Function as GitOps would apply it, after the controller added its finalizer. */
export function baseObject(p: FnParams): FunctionObject {
  const runtime = p.rng.pick(RUNTIMES);
  return {
    apiVersion: `${ACK_GROUP}/${ACK_VERSION}`,
    kind: FUNCTION_KIND,
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid: rngUuid(p.rng),
      creationTimestamp: iso(p.createdAt),
      generation: 1,
      finalizers: [ACK_FUNCTION_FINALIZER],
      labels: { "app.kubernetes.io/part-of": p.namespace, "app.kubernetes.io/managed-by": "argocd" },
    },
    spec: {
      name: awsFunctionName(p.cluster, p.namespace, p.name),
      role: `arn:aws:iam::${p.account}:role/${p.namespace}-lambda-exec`,
      runtime,
      handler: handlerFor(runtime),
      memorySize: p.rng.pick([128, 256, 512, 1024]),
      timeout: p.rng.pick([3, 10, 30, 60]),
      code: { s3Bucket: `${p.namespace}-artifacts-${p.account}`, s3Key: `${p.name}/${p.rng.hex(12)}.zip` },
      // Values are shown nowhere in the dashboard; the names are compared with AWS.
      environment: { variables: { LOG_LEVEL: "info", SERVICE_NAME: p.name } },
      tags: { team: p.namespace },
    },
  };
}

/** The AWS function the controller created for `obj`, with the ACK tags of that controller version. */
export function awsFor(p: FnParams, obj: FunctionObject, at = p.createdAt + 2_000): AwsFunctionPlan {
  const s = obj.spec;
  return {
    accountId: p.account,
    region: p.region,
    config: {
      FunctionName: s.name,
      Runtime: s.runtime,
      Role: s.role,
      Handler: s.handler,
      MemorySize: s.memorySize,
      Timeout: s.timeout,
      Environment: s.environment?.variables ? { Variables: { ...s.environment.variables } } : undefined,
      CodeSha256: Buffer.from(p.rng.hex(64), "hex").toString("base64"),
      CodeSize: p.rng.int(800, 30_000_000),
      LastModified: lambdaTimestamp(at),
      RevisionId: rngUuid(p.rng),
      Version: "$LATEST",
      State: "Active",
      LastUpdateStatus: "Successful",
    },
    tags: { ...(s.tags ?? {}), ...controllerTags(versionGates(p.cluster.controllerVersion).version, p.namespace) },
  };
}

/** Status as the controller writes it after reading `aws` (or the desired copy when aws is absent). */
export function statusFor(
  p: FnParams,
  aws: AwsFunctionPlan | undefined,
  outcome: SyncOutcome,
  transitionAt: number,
  previous?: FunctionStatus,
): FunctionStatus {
  const gates = versionGates(p.cluster.controllerVersion);
  const base: FunctionStatus = { ...(previous ?? {}) };
  base.ackResourceMetadata = { ...(previous?.ackResourceMetadata ?? {}), ownerAccountID: p.account, region: p.region };
  if (aws) {
    base.ackResourceMetadata.arn = functionArn(p.region, p.account, aws.config.FunctionName);
    const mirrored = statusFromConfiguration({ ...aws.config, ...(aws.force ?? {}) } as Parameters<typeof statusFromConfiguration>[0]);
    for (const [k, v] of Object.entries(mirrored)) if (v !== undefined && v !== null) base[k] = v;
  }
  base.conditions = syncConditions(previous?.conditions, outcome, { ready: gates.readyCondition, nowIso: iso(transitionAt) });
  return base;
}
