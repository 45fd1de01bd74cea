import "server-only";
import type { Registry } from "prom-client";
import { knownBugLabel } from "@/lib/domain/controller-bugs";
import type { ControllerDeployment } from "@/lib/domain/wire/controllers";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import type { AuditEntry } from "@/lib/domain/wire/audit";
import type { AwsListResult, AwsRequestResult, StoreOperation, Telemetry, WatchedResource } from "../telemetry";
import type { DeliveryResult, WebhookFormat, WebhookTelemetry } from "../notify/webhook-sender";
import { catalogueRegistry, type CatalogueMetrics } from "./registry";
import { remediationOutcome } from "./remediation-outcome";

/**
 * GET /metrics (Prometheus text exposition): exactly the metrics of lib/domain/metric-catalog.ts.
 *
 * Counters are fed as things happen, through the Telemetry hooks the server's parts call (AWS
 * reads and listings, watch lists and restarts, store writes and errors), the audit log's entries
 * (remediation attempts) and handle() (HTTP durations). The fleet's gauges are computed when
 * Prometheus scrapes, from what the fleet already holds (`MetricSources`): nothing is kept
 * twice, and a Function that went has no series left. Healthy Functions have no per-Function
 * series, so 50,000 of them cost a few series per cluster, namespace and verdict.
 */
export interface MetricSources {
  rows(): readonly FunctionRow[];
  clusters(): Iterable<{ name: string; state: { connected: boolean; lastSyncAt: number | null }; controllers: ControllerDeployment[] | null }>;
  sseClients(): number;
  pendingApprovals(): number | Promise<number>;
}

export interface FleetMetricsOptions {
  /** ACK_FLEET_PUBLIC_URL without a trailing slash, or "" (the alert rules' links). */
  publicUrl: string;
  version: string;
  now?: () => number;
}

export class FleetMetrics implements Telemetry, WebhookTelemetry {
  readonly registry: Registry;
  private readonly m: CatalogueMetrics;
  private readonly now: () => number;
  private sources: MetricSources | null = null;
  /** Per Function, the verdict last scraped and since when the dashboard has given it (for verdicts without a since). */
  private readonly verdictSeen = new Map<string, { health: string; at: number }>();
  /** The last answer per account and region: readable until an error other than throttling. */
  private readonly accounts = new Map<string, { accountId: string; region: string; readable: boolean }>();

  constructor(private readonly opts: FleetMetricsOptions) {
    const { registry, metrics } = catalogueRegistry();
    this.registry = registry;
    this.m = metrics;
    this.now = opts.now ?? Date.now;
  }

  /** Where the gauges are read from at scrape time (the server app's fleet, live hub, remediation). */
  attach(sources: MetricSources): void {
    this.sources = sources;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text, with the fleet's gauges as they are now. */
  async render(): Promise<string> {
    await this.refreshGauges();
    return this.registry.metrics();
  }

  // Telemetry ---------------------------------------------------------------------------
  watchListed(cluster: string, resource: WatchedResource): void {
    this.m.watchRelists.inc({ cluster, resource });
  }

  watchRestarted(cluster: string, resource: WatchedResource): void {
    this.m.watchRestarts.inc({ cluster, resource });
  }

  awsRequest(account: string, region: string, result: AwsRequestResult): void {
    this.m.awsGetFunctionRequests.inc({ account, region });
    const key = `${account}/${region}`;
    if (result.kind === "throttled") {
      this.m.awsGetFunctionThrottles.inc({ account, region });
      return;
    }
    if (result.kind === "error") this.m.awsGetFunctionErrors.inc({ account, region, code: result.code });
    this.accounts.set(key, { accountId: account, region, readable: result.kind !== "error" });
  }

  awsListPage(account: string, region: string, result: AwsListResult): void {
    this.m.awsListFunctionsRequests.inc({ account, region });
    if (result.kind === "throttled") this.m.awsListFunctionsThrottles.inc({ account, region });
    else if (result.kind === "error") this.m.awsListFunctionsErrors.inc({ account, region, code: result.code });
    else if (result.kind === "complete") this.m.awsListSweepCompleted.set({ account, region }, this.now() / 1000);
  }

  timelineWritten(count: number): void {
    this.m.timelineEntriesWritten.inc(count);
  }

  storeError(operation: StoreOperation): void {
    this.m.storeErrors.inc({ operation });
  }

  /** An audit log entry: the remediation attempts counter counts each request's end once. */
  auditEntry(entry: Pick<AuditEntry, "phase" | "action" | "outcome">): void {
    const outcome = remediationOutcome(entry);
    if (outcome) this.m.remediationAttempts.inc({ action: entry.action, outcome });
  }

  /** One HTTP request answered by handle(): its route pattern, never the raw path. */
  httpRequest(route: string, method: string, status: number, seconds: number): void {
    this.m.httpRequestDuration.observe({ route, method, status: String(status) }, seconds);
  }

  /** One webhook notification message and how it ended (lib/server/notify/webhook-sender.ts). */
  webhookMessage(format: WebhookFormat, result: DeliveryResult): void {
    this.m.webhookMessages.inc({ format, result });
  }

  // -------------------------------------------------------------------------------------
  private async refreshGauges(): Promise<void> {
    const now = this.now();
    this.m.dashboardInfo.reset();
    this.m.dashboardInfo.set({ url: this.opts.publicUrl, version: this.opts.version }, 1);
    this.m.awsAccountReadable.reset();
    for (const a of this.accounts.values()) this.m.awsAccountReadable.set({ account: a.accountId, region: a.region }, a.readable ? 1 : 0);
    const s = this.sources;
    if (!s) return;
    this.functionGauges(s.rows(), now);
    this.clusterGauges(s.clusters(), now);
    this.m.sseClients.set(s.sseClients());
    this.m.remediationPendingApprovals.set(await s.pendingApprovals());
  }

  private functionGauges(rows: readonly FunctionRow[], now: number): void {
    const counts = new Map<string, { cluster: string; namespace: string; verdict: string; n: number }>();
    this.m.functions.reset();
    this.m.functionNotHealthySeconds.reset();
    const seen = new Set<string>();
    for (const row of rows) {
      const verdict = row.verdict.health;
      const key = `${row.cluster}\u0000${row.namespace}\u0000${verdict}`;
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { cluster: row.cluster, namespace: row.namespace, verdict, n: 1 });
      if (verdict === "healthy") continue;
      seen.add(row.id);
      let first = this.verdictSeen.get(row.id);
      if (!first || first.health !== verdict) {
        first = { health: verdict, at: now };
        this.verdictSeen.set(row.id, first);
      }
      const since = row.verdict.since ? Date.parse(row.verdict.since) : NaN;
      const heldMs = now - (Number.isFinite(since) ? since : first.at);
      this.m.functionNotHealthySeconds.set({ cluster: row.cluster, namespace: row.namespace, name: row.name, verdict }, Math.max(0, heldMs) / 1000);
    }
    for (const id of this.verdictSeen.keys()) if (!seen.has(id)) this.verdictSeen.delete(id);
    for (const c of counts.values()) this.m.functions.set({ cluster: c.cluster, namespace: c.namespace, verdict: c.verdict }, c.n);
  }

  private clusterGauges(
    clusters: Iterable<{ name: string; state: { connected: boolean; lastSyncAt: number | null }; controllers: ControllerDeployment[] | null; permissions?: { missing: string[] } | null }>,
    now: number,
  ): void {
    this.m.clusterConnected.reset();
    this.m.clusterPermissionMissing.reset();
    this.m.clusterLastSyncAge.reset();
    this.m.controllerInfo.reset();
    for (const c of clusters) {
      this.m.clusterConnected.set({ cluster: c.name }, c.state.connected ? 1 : 0);
      if (c.state.lastSyncAt !== null) this.m.clusterLastSyncAge.set({ cluster: c.name }, Math.max(0, now - c.state.lastSyncAt) / 1000);
      for (const permission of c.permissions?.missing ?? []) this.m.clusterPermissionMissing.set({ cluster: c.name, permission }, 1);
      for (const d of c.controllers ?? []) {
        this.m.controllerInfo.set(
          { cluster: c.name, namespace: d.namespace ?? "", deployment: d.name ?? "", version: d.version ?? "unknown", known_bug: knownBugLabel(d.version) },
          1,
        );
      }
    }
  }
}
