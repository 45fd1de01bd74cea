/**
 * Test rows for the UI. Every row goes through FunctionRowSchema.parse, so the fixtures stay
 * true to the wire type when it changes (a test then fails here, not silently later).
 * Used by tests only.
 */
import { ClusterSummarySchema, FunctionRowSchema, type ClusterSummary, type FunctionRow } from "@/lib/domain/wire/fleet";
import type { Health } from "@/lib/domain/health";
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";

export const FIXED_NOW = Date.parse("2025-11-26T15:00:00Z");

export interface RowInput {
  cluster?: string;
  namespace?: string;
  name?: string;
  health?: Health;
  summary?: string;
  since?: string | null;
  statusState?: string | null;
  awsState?: string | null;
  awsExists?: boolean;
  awsError?: { code: string; message: string } | null;
  noAws?: boolean;
  accountId?: string | null;
  region?: string | null;
  stale?: boolean;
  observedAt?: string;
  conditionMessage?: string;
  deletionTimestamp?: string | null;
}

export function makeRow(input: RowInput = {}): FunctionRow {
  const cluster = input.cluster ?? "prod-eu";
  const namespace = input.namespace ?? "payments";
  const name = input.name ?? "checkout";
  const accountId = input.accountId === undefined ? "123456789012" : input.accountId;
  const region = input.region === undefined ? "eu-west-1" : input.region;
  const awsName = `${namespace}-${name}`;
  return FunctionRowSchema.parse({
    id: `${cluster}/${namespace}/${name}`,
    cluster,
    namespace,
    name,
    uid: `uid-${cluster}-${namespace}-${name}`,
    resourceVersion: "42",
    awsName,
    region,
    accountId,
    arn: accountId && region ? `arn:aws:lambda:${region}:${accountId}:function:${awsName}` : null,
    statusState: input.statusState === undefined ? "Active" : input.statusState,
    conditions: [
      {
        type: "ACK.ResourceSynced",
        status: "True",
        lastTransitionTime: "2025-11-26T12:00:00Z",
        reason: null,
        message: input.conditionMessage ?? "Resource synced successfully",
      },
    ],
    deletionTimestamp: input.deletionTimestamp ?? null,
    finalizers: [ACK_FUNCTION_FINALIZER],
    aws: input.noAws
      ? null
      : {
          exists: input.awsExists ?? true,
          state: input.awsState === undefined ? "Active" : input.awsState,
          stateReasonCode: null,
          stateReason: null,
          lastUpdateStatus: "Successful",
          observedAt: "2025-11-26T14:59:50Z",
          error: input.awsError ? { ...input.awsError, at: "2025-11-26T14:59:00Z" } : null,
        },
    verdict: {
      health: input.health ?? "healthy",
      summary: input.summary ?? "In sync with AWS",
      since: input.since === undefined ? "2025-11-26T12:00:00Z" : input.since,
      reasons: [],
      actions: [],
    },
    stale: input.stale ?? false,
    observedAt: input.observedAt ?? "2025-11-26T14:59:58Z",
  });
}

export function makeCluster(input: Partial<ClusterSummary> & { name: string }): ClusterSummary {
  return ClusterSummarySchema.parse({
    connected: true,
    lastSyncAt: "2025-11-26T14:59:58Z",
    functionCount: 0,
    ...input,
  });
}
