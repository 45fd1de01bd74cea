import "server-only";

/**
 * What the parts of the server report as they work, for the counters of GET /metrics
 * (lib/server/metrics/). Data flows one way: a part calls these when something happened and
 * never gets anything back; the metrics never call a part for data. Every part takes one in
 * its options and defaults to NO_TELEMETRY, so tests and the CLI need none.
 */
export type WatchedResource = "functions" | "namespaces" | "events";

export type AwsRequestResult = { kind: "found" | "not-found" | "throttled" } | { kind: "error"; code: string };

/** One ListFunctions page: `complete` when it was the sweep's last (every function of the account and region listed). */
export type AwsListResult = { kind: "listed" | "complete" | "throttled" } | { kind: "error"; code: string };

export type StoreOperation = "timeline-write" | "audit-write" | "read" | "prune";

export interface Telemetry {
  /** A full list of a watched collection (the first one included): a watch could not resume. */
  watchListed(cluster: string, resource: WatchedResource): void;
  /** A watch opened again after the previous one of the same watcher ended or failed. */
  watchRestarted(cluster: string, resource: WatchedResource): void;
  /** One GetFunction request and how it ended. */
  awsRequest(accountId: string, region: string, result: AwsRequestResult): void;
  /** One ListFunctions page request and how it ended. */
  awsListPage(accountId: string, region: string, result: AwsListResult): void;
  /** Timeline entries that were new when written. */
  timelineWritten(count: number): void;
  storeError(operation: StoreOperation): void;
}

export const NO_TELEMETRY: Telemetry = {
  watchListed() {},
  watchRestarted() {},
  awsRequest() {},
  awsListPage() {},
  timelineWritten() {},
  storeError() {},
};

/** The watcher hook (lib/server/kube/watcher.ts) that counts one cluster's lists and restarts of one resource. */
export function watchObserver(telemetry: Telemetry, cluster: string, resource: WatchedResource): { listed(): void; restarted(): void } {
  return { listed: () => telemetry.watchListed(cluster, resource), restarted: () => telemetry.watchRestarted(cluster, resource) };
}
