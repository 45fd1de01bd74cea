/** The ACK Lambda controller of this Function's cluster, and whether it has the Pending bug. */
import { PENDING_BUG_FIXED_IN } from "@/lib/domain/ack";
import { controllerVersionOf, hasPendingBug } from "@/lib/domain/controller-version";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import { formatAgo } from "@/lib/client/format";
import { Badge } from "../badge";
import { ClusterBadge } from "../cluster-badge";
import { Panel } from "../panel";

export function ControllerPanel({ detail, now }: { detail: FunctionDetail; now: number }) {
  const c = detail.controller;
  const version = c ? (controllerVersionOf(c) ?? c.version) : null;
  const buggy = hasPendingBug(version);
  const cluster = detail.clusterSummary;
  return (
    <Panel title="Cluster and controller">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-sm">
        <dt className="text-slate-600 dark:text-slate-400">Cluster</dt>
        <dd className="flex flex-wrap items-center gap-1.5">
          {cluster ? <ClusterBadge cluster={cluster} now={now} showError /> : detail.cluster}
          {cluster ? <span className="text-xs text-slate-600 dark:text-slate-400">synced {formatAgo(cluster.lastSyncAt, now, "never")}</span> : null}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Controller</dt>
        <dd className="flex flex-wrap items-center gap-1.5">
          {!c ? (
            "unknown"
          ) : !c.found ? (
            <Badge tone="warn">not found in the cluster</Badge>
          ) : (
            <>
              <span className="font-semibold">{version ?? "version unknown"}</span>
              {buggy === true ? (
                <Badge tone="danger" title="aws-controllers-k8s/community#2433, fixed by lambda-controller PR 174">
                  has the Pending bug (fixed in {PENDING_BUG_FIXED_IN})
                </Badge>
              ) : buggy === false ? (
                <Badge tone="ok">Pending bug fixed</Badge>
              ) : null}
            </>
          )}
        </dd>
        {c?.found ? (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Deployment</dt>
            <dd className="break-all font-mono text-xs">
              {c.namespace}/{c.name}
            </dd>
            <dt className="text-slate-600 dark:text-slate-400">Image</dt>
            <dd className="break-all font-mono text-xs">{c.image ?? "unknown"}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Replicas</dt>
            <dd className="tabular">
              {c.readyReplicas ?? 0} ready of {c.replicas ?? "?"}
            </dd>
          </>
        ) : null}
      </dl>
    </Panel>
  );
}
