/** The detail page's title block: where the Function lives, its verdict, and for how long. */
import Link from "next/link";
import { formatAge, formatAgo } from "@/lib/client/format";
import { useFormatTimestamp } from "@/lib/client/time-zone";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import { Badge } from "../badge";
import { HealthBadge } from "../health-badge";

export function DetailHeader({ detail, now }: { detail: FunctionDetail; now: number }) {
  const formatTimestamp = useFormatTimestamp();
  const age = formatAge(detail.verdict.since, now);
  const cluster = detail.clusterSummary;
  return (
    <div className="space-y-2">
      <nav aria-label="Breadcrumb">
        <ol className="flex flex-wrap items-center gap-1 text-xs text-slate-600 dark:text-slate-400">
          <li>
            <Link href="/" className="text-sky-800 underline-offset-2 hover:underline dark:text-sky-300">
              Fleet
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <Link href={`/?cluster=${encodeURIComponent(detail.cluster)}`} className="text-sky-800 underline-offset-2 hover:underline dark:text-sky-300">
              {detail.cluster}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li>
            <Link
              href={`/?cluster=${encodeURIComponent(detail.cluster)}&namespace=${encodeURIComponent(detail.namespace)}`}
              className="text-sky-800 underline-offset-2 hover:underline dark:text-sky-300"
            >
              {detail.namespace}
            </Link>
          </li>
          <li aria-hidden="true">/</li>
          <li aria-current="page" className="font-medium text-slate-900 dark:text-slate-100">
            {detail.name}
          </li>
        </ol>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="break-all text-xl font-semibold text-slate-900 dark:text-slate-50">{detail.name}</h1>
        <HealthBadge health={detail.verdict.health} className="text-sm" />
        {age ? (
          <span className="text-sm text-slate-700 tabular dark:text-slate-300" title={formatTimestamp(detail.verdict.since) ?? undefined}>
            for {age}
          </span>
        ) : null}
        {detail.stale ? (
          <Badge tone="warn" title="The cluster is disconnected: this is the last known state">
            stale, last confirmed {formatAgo(detail.observedAt, now)}
          </Badge>
        ) : null}
      </div>
      <p className="text-base text-slate-800 dark:text-slate-200">{detail.verdict.summary}</p>
      {cluster && !cluster.connected ? (
        <p role="status" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          Cluster {cluster.name} is disconnected{cluster.error ? `: ${cluster.error}` : ""}. What you see is its last known state, from{" "}
          {formatAgo(cluster.lastSyncAt, now)}.
        </p>
      ) : null}
    </div>
  );
}
