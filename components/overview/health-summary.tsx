/**
 * Health counts per cluster, each count a one-click filter; a disconnected cluster shows its
 * error and the age of its data, a controller with the Pending bug is called out, and AWS
 * accounts that cannot be read show their error.
 */
import { HEALTH_VALUES, type Health } from "@/lib/domain/health";
import type { AwsAccountStatus, ClusterSummary } from "@/lib/domain/wire/fleet";
import { hasPendingBug, controllerVersionOf } from "@/lib/domain/controller-version";
import type { HealthCounts } from "@/lib/domain/fleet-summary";
import { PENDING_BUG_FIXED_IN } from "@/lib/domain/ack";
import { formatAgo, formatCount } from "@/lib/client/format";
import type { OverviewFilters } from "@/lib/client/overview-filters";
import { useNow } from "@/lib/client/use-now";
import { Badge } from "../badge";
import { ClusterBadge } from "../cluster-badge";
import { HEALTH_LABEL, HEALTH_STYLE } from "../health-badge";

function CountButton({
  health,
  count,
  pressed,
  onClick,
  scope,
}: {
  health: Health;
  count: number;
  pressed: boolean;
  onClick: () => void;
  scope: string;
}) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      aria-label={`${HEALTH_LABEL[health]}: ${count} in ${scope}`}
      title={`Show only ${HEALTH_LABEL[health].toLowerCase()} Functions in ${scope}`}
      onClick={onClick}
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset hover:brightness-95 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 ${HEALTH_STYLE[health]} ${
        pressed ? "outline-2 outline-offset-1 outline-slate-900 dark:outline-slate-100" : ""
      }`}
    >
      <span>{HEALTH_LABEL[health]}</span>
      <span className="tabular font-bold">{formatCount(count)}</span>
    </button>
  );
}

function Counts({
  counts,
  cluster,
  filters,
  onSelect,
}: {
  counts: HealthCounts;
  cluster: string | null;
  filters: OverviewFilters;
  onSelect: (cluster: string | null, health: Health) => void;
}) {
  const present = HEALTH_VALUES.filter((h) => (counts[h] ?? 0) > 0);
  if (!present.length) return <p className="text-xs text-slate-500 dark:text-slate-400">No Functions</p>;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Health counts">
      {present.map((h) => (
        <li key={h}>
          <CountButton
            health={h}
            count={counts[h] ?? 0}
            scope={cluster ?? "all clusters"}
            pressed={filters.cluster === cluster && filters.health.length === 1 && filters.health[0] === h}
            onClick={() => onSelect(cluster, h)}
          />
        </li>
      ))}
    </ul>
  );
}

function ControllerLine({ cluster }: { cluster: ClusterSummary }) {
  const controller = cluster.controller;
  if (!controller) return null;
  if (!controller.found) return <Badge tone="warn">No ACK Lambda controller found</Badge>;
  const version = controllerVersionOf(controller) ?? controller.version;
  const buggy = hasPendingBug(version);
  return (
    <span className="flex flex-wrap items-center gap-1 text-xs text-slate-600 dark:text-slate-400">
      controller {version ?? "version unknown"}
      {controller.replicas !== null ? (
        <span>
          · {controller.readyReplicas ?? 0}/{controller.replicas} ready
        </span>
      ) : null}
      {buggy ? (
        <Badge tone="warn" title={`Controllers before ${PENDING_BUG_FIXED_IN} keep a stale Pending state (community#2433)`}>
          Pending bug (fixed in {PENDING_BUG_FIXED_IN})
        </Badge>
      ) : null}
    </span>
  );
}

export function HealthSummary({
  clusters,
  awsAccounts,
  filters,
  onSelect,
}: {
  /** Each with its health counts, as the server counts them (pushed whenever one moves). */
  clusters: readonly ClusterSummary[];
  awsAccounts: readonly AwsAccountStatus[];
  filters: OverviewFilters;
  onSelect: (cluster: string | null, health: Health) => void;
}) {
  const now = useNow();
  const unreadable = awsAccounts.filter((a) => a.error);
  return (
    <section aria-labelledby="health-summary-title" className="space-y-2">
      <h2 id="health-summary-title" className="sr-only">
        Health by cluster
      </h2>
      <ul className="grid grid-cols-[repeat(auto-fill,minmax(22rem,1fr))] gap-2">
        {clusters.map((c) => (
          <li
            key={c.name}
            className={`rounded-lg border bg-white p-3 dark:bg-slate-900 ${
              c.connected ? "border-slate-200 dark:border-slate-800" : "border-red-300 dark:border-red-800"
            }`}
          >
            <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="text-sm font-semibold">{c.name}</h3>
              <span className="text-xs text-slate-600 tabular dark:text-slate-400">
                {formatCount(c.functionCount)} Functions · synced {formatAgo(c.lastSyncAt, now, "never")}
              </span>
            </div>
            {!c.connected ? (
              <p role="status" className="mb-1 text-xs text-red-800 dark:text-red-200">
                <ClusterBadge cluster={c} now={now} />{" "}
                <span className="break-words">{c.error ?? "no error given"}</span>. Its rows are the last known state, from{" "}
                {formatAgo(c.lastSyncAt, now, "an unknown time")}.
              </p>
            ) : null}
            {c.missingPermissions?.length ? (
              <p role="status" aria-label={`Permissions missing in ${c.name}`} className="mb-1 text-xs text-amber-950 dark:text-amber-100">
                <Badge tone="warn">
                  <span aria-hidden="true">⚠</span> missing permissions
                </Badge>{" "}
                The dashboard&apos;s identity may not <span className="font-mono break-words">{c.missingPermissions.join(", ")}</span> here: what needs them is
                incomplete or fails. Grant them in its ClusterRole (the Helm chart&apos;s, see the README &quot;Install in a cluster&quot;).
              </p>
            ) : null}
            <div className="mb-2">
              <ControllerLine cluster={c} />
            </div>
            <Counts counts={c.healthCounts ?? {}} cluster={c.name} filters={filters} onSelect={onSelect} />
          </li>
        ))}
      </ul>
      {unreadable.length ? (
        <ul aria-label="AWS accounts that cannot be read" className="space-y-0.5">
          {unreadable.map((a) => {
            const detail = `${a.error?.code}: ${a.error?.message} (${formatAgo(a.error?.at, now)}). Rows of this account show their last known AWS state.`;
            return (
              <li key={`${a.accountId}/${a.region}`} className="flex min-w-0 items-center gap-2 text-xs text-amber-950 dark:text-amber-100">
                <Badge tone="warn">
                  <span aria-hidden="true">⚠</span> AWS {a.accountId} / {a.region}{" "}
                  {a.error?.code === "TooManyRequestsException" ? "throttled" : "unreadable"}
                </Badge>
                {/* One line each; the whole message is in the title and read by screen readers. */}
                <span className="min-w-0 truncate" title={detail}>
                  {detail}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
