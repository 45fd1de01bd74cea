/**
 * The Prometheus metrics the dashboard exposes on /metrics: names, types, labels and help, in
 * one place. The alert rules (deploy/prometheus/alerts.yml), their promtool tests and the
 * README table are checked against this list, and the /metrics endpoint registers exactly
 * these, so a name cannot drift between the three. Naming follows the Prometheus conventions
 * (https://prometheus.io/docs/practices/naming/): one `ack_fleet_` prefix, base units in the
 * name (`_seconds`), `_total` on counters, an `_info` gauge of value 1 for text facts.
 */
import { ACTION_VALUES } from "./remediation/actions";
import { HEALTH_VALUES } from "./health";

export type MetricType = "gauge" | "counter" | "histogram";

export interface MetricDefinition {
  name: string;
  type: MetricType;
  help: string;
  labels: readonly string[];
  /** Histograms only: upper bounds in seconds. */
  buckets?: readonly number[];
}

/** Verdicts other than healthy: the only ones with a per-Function series (cardinality). */
export const NOT_HEALTHY_VERDICTS = HEALTH_VALUES.filter((h) => h !== "healthy");

/** Closed sets of label values, for the README and the implementation. */
export const LABEL_VALUES = {
  verdict: HEALTH_VALUES,
  action: ACTION_VALUES,
  resource: ["functions", "namespaces", "events"],
  outcome: ["succeeded", "failed", "refused", "pending-approval", "dry-run"],
  operation: ["timeline-write", "audit-write", "read", "prune"],
  format: ["slack", "json"],
  result: ["delivered", "failed", "dropped"],
} as const;

export const METRICS = {
  dashboardInfo: {
    name: "ack_fleet_dashboard_info",
    type: "gauge",
    help: "1, with the dashboard's public base URL (ACK_FLEET_PUBLIC_URL without a trailing slash, \"\" when unset) and version; the alert rules build their links from url.",
    labels: ["url", "version"],
  },
  functions: {
    name: "ack_fleet_functions",
    type: "gauge",
    help: "Functions per cluster, namespace and verdict.",
    labels: ["cluster", "namespace", "verdict"],
  },
  functionNotHealthySeconds: {
    name: "ack_fleet_function_not_healthy_seconds",
    type: "gauge",
    help: "For each Function whose verdict is not healthy: seconds its current verdict has held. Healthy Functions have no series.",
    labels: ["cluster", "namespace", "name", "verdict"],
  },
  clusterConnected: {
    name: "ack_fleet_cluster_connected",
    type: "gauge",
    help: "1 while the cluster's watch is open and its API server answers, else 0.",
    labels: ["cluster"],
  },
  clusterLastSyncAge: {
    name: "ack_fleet_cluster_last_sync_age_seconds",
    type: "gauge",
    help: "Seconds since the cluster's Functions were last confirmed current; no series before the first sync.",
    labels: ["cluster"],
  },
  clusterPermissionMissing: {
    name: "ack_fleet_cluster_permission_missing",
    type: "gauge",
    help: "1 for each permission the dashboard's own identity needs in the cluster and lacks (its periodic SelfSubjectAccessReview self-check); no series when nothing lacks.",
    labels: ["cluster", "permission"],
  },
  controllerInfo: {
    name: "ack_fleet_controller_info",
    type: "gauge",
    help: "1 for each ACK Lambda controller Deployment found; known_bug lists the ids of its known bugs (\"\" none, \"unknown\" when the version is unknown).",
    labels: ["cluster", "namespace", "deployment", "version", "known_bug"],
  },
  awsAccountReadable: {
    name: "ack_fleet_aws_account_readable",
    type: "gauge",
    help: "1 when the last GetFunction in this account and region got an answer (found or not found), 0 when it failed for another reason than throttling.",
    labels: ["account", "region"],
  },
  awsGetFunctionRequests: {
    name: "ack_fleet_aws_get_function_requests_total",
    type: "counter",
    help: "GetFunction requests sent, whatever their outcome.",
    labels: ["account", "region"],
  },
  awsGetFunctionThrottles: {
    name: "ack_fleet_aws_get_function_throttles_total",
    type: "counter",
    help: "GetFunction requests AWS throttled (TooManyRequestsException).",
    labels: ["account", "region"],
  },
  awsGetFunctionErrors: {
    name: "ack_fleet_aws_get_function_errors_total",
    type: "counter",
    help: "GetFunction requests that failed for another reason than throttling or not found, by error code.",
    labels: ["account", "region", "code"],
  },
  awsListFunctionsRequests: {
    name: "ack_fleet_aws_list_functions_requests_total",
    type: "counter",
    help: "ListFunctions page requests sent (the sweep that learns which functions exist), whatever their outcome.",
    labels: ["account", "region"],
  },
  awsListFunctionsThrottles: {
    name: "ack_fleet_aws_list_functions_throttles_total",
    type: "counter",
    help: "ListFunctions page requests AWS throttled (TooManyRequestsException).",
    labels: ["account", "region"],
  },
  awsListFunctionsErrors: {
    name: "ack_fleet_aws_list_functions_errors_total",
    type: "counter",
    help: "ListFunctions page requests that failed for another reason than throttling, by error code; the sweep is abandoned and says nothing of missing functions.",
    labels: ["account", "region", "code"],
  },
  awsListSweepCompleted: {
    name: "ack_fleet_aws_list_sweep_completed_timestamp_seconds",
    type: "gauge",
    help: "Unix time when a ListFunctions sweep of the account and region last reached its last page; no series before the first.",
    labels: ["account", "region"],
  },
  watchRestarts: {
    name: "ack_fleet_watch_restarts_total",
    type: "counter",
    help: "Watches re-opened after they ended or failed.",
    labels: ["cluster", "resource"],
  },
  watchRelists: {
    name: "ack_fleet_watch_relists_total",
    type: "counter",
    help: "Full lists made because a watch could not resume (first list included).",
    labels: ["cluster", "resource"],
  },
  httpRequestDuration: {
    name: "ack_fleet_http_request_duration_seconds",
    type: "histogram",
    help: "Time to answer HTTP requests, by route pattern, method and status (the event stream is not timed).",
    labels: ["route", "method", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
  sseClients: {
    name: "ack_fleet_sse_clients",
    type: "gauge",
    help: "Browsers connected to the live event stream.",
    labels: [],
  },
  timelineEntriesWritten: {
    name: "ack_fleet_timeline_entries_written_total",
    type: "counter",
    help: "Timeline entries written to the store.",
    labels: [],
  },
  storeErrors: {
    name: "ack_fleet_store_errors_total",
    type: "counter",
    help: "Failed store operations, by operation.",
    labels: ["operation"],
  },
  remediationAttempts: {
    name: "ack_fleet_remediation_attempts_total",
    type: "counter",
    help: "Remediation requests, by action and outcome.",
    labels: ["action", "outcome"],
  },
  remediationPendingApprovals: {
    name: "ack_fleet_remediation_pending_approvals",
    type: "gauge",
    help: "Remediation requests waiting for a second operator's approval.",
    labels: [],
  },
  webhookMessages: {
    name: "ack_fleet_webhook_messages_total",
    type: "counter",
    help: "Webhook notification messages by format and how each ended: delivered, failed (after its retries, or refused), dropped (queue full).",
    labels: ["format", "result"],
  },
} as const satisfies Record<string, MetricDefinition>;

export const METRIC_LIST: readonly MetricDefinition[] = Object.values(METRICS);

/** The series names a metric produces (a histogram has _bucket, _sum and _count). */
export function seriesNames(m: MetricDefinition): string[] {
  return m.type === "histogram" ? [`${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`] : [m.name];
}
