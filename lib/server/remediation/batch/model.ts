import "server-only";
import { countItems, type BatchConfirmation, type BatchItemStatus, type BatchStatus } from "@/lib/domain/remediation/batch";
import type { FunctionRef } from "@/lib/domain/function-ref";
import type { RemediationAction } from "@/lib/domain/remediation/actions";
import type { BatchView } from "@/lib/domain/wire/batch";
import type { Identity } from "../../auth/identity";
import type { AwsFunctionRef } from "../world";

/**
 * A batch as the server keeps it while it runs and for a while after (store.ts), and its view
 * for the API (lib/domain/wire/batch.ts). Identities stay on the server; the view names users.
 */
export interface BatchItem {
  target: FunctionRef;
  aws: AwsFunctionRef | null;
  status: BatchItemStatus;
  message: string | null;
  httpStatus: number | null;
  expectedResourceVersion: string | null;
  expectedRevisionId: string | null;
  warnings: string[];
  startedAt: number | null;
  finishedAt: number | null;
}

export interface BatchLimits {
  maxItems: number;
  concurrency: number;
  itemsPerSecond: number;
}

export interface Batch {
  id: string;
  kind: "preview" | "run";
  previewId: string | null;
  action: RemediationAction;
  status: BatchStatus;
  /** Who asked, per cluster (in local mode each context's kubeconfig user acts as itself). */
  requesters: Record<string, Identity>;
  /** The identity the batch's own audit entries and its view name. */
  requester: Identity;
  reason: string;
  confirmation: BatchConfirmation;
  items: BatchItem[];
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  expiresAt: number | null;
  approvers: Record<string, Identity> | null;
  stoppedBy: string | null;
  stopRequested: boolean;
  /** A preview is run once: the id of the run made from it. */
  usedBy: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function batchView(b: Batch, caller: Pick<Identity, "user"> | null, limits: BatchLimits): BatchView {
  const approver = b.approvers ? Object.values(b.approvers)[0] : null;
  return {
    id: b.id,
    kind: b.kind,
    previewId: b.previewId,
    action: b.action,
    status: b.status,
    requester: { user: b.requester.user, groups: [...b.requester.groups] },
    reason: b.reason,
    confirmation: { count: b.confirmation.count, clusters: [...b.confirmation.clusters] },
    counts: countItems(b.items),
    items: b.items.map((i) => ({
      target: { ...i.target },
      aws: i.aws ? { accountId: i.aws.accountId, region: i.aws.region, functionName: i.aws.functionName, arn: i.aws.arn ?? null } : null,
      status: i.status,
      message: i.message,
      httpStatus: i.httpStatus,
      expectedResourceVersion: i.expectedResourceVersion,
      expectedRevisionId: i.expectedRevisionId,
      warnings: [...i.warnings],
      startedAt: iso(i.startedAt),
      finishedAt: iso(i.finishedAt),
    })),
    createdAt: new Date(b.createdAt).toISOString(),
    startedAt: iso(b.startedAt),
    finishedAt: iso(b.finishedAt),
    expiresAt: iso(b.expiresAt),
    approvedBy: approver?.user ?? null,
    stoppedBy: b.stoppedBy,
    mine: caller !== null && isRequester(b, caller.user),
    limits: { ...limits },
  };
}

export function isRequester(b: Batch, user: string): boolean {
  return b.requester.user === user || Object.values(b.requesters).some((r) => r.user === user);
}

/** Where an item's pace is counted: its cluster's API server, or its AWS account and region. */
export function paceKey(action: RemediationAction, item: BatchItem): string {
  return action === "delete-aws-function" && item.aws ? `aws:${item.aws.accountId}/${item.aws.region}` : `cluster:${item.target.cluster}`;
}
