/**
 * Rules about the fleet as a whole that the server and the browser both apply, written once:
 * when a row is stale, and how health is counted per cluster. Pure.
 */
import type { Health } from "./health";

/** A row is the last known state, not a live one, exactly while its cluster is not connected (or unknown). */
export function isStaleCluster(cluster: { connected: boolean } | undefined): boolean {
  return !cluster?.connected;
}

export type HealthCounts = Partial<Record<Health, number>>;

/** Health counts per cluster name. */
export function healthCountsByCluster(rows: Iterable<{ cluster: string; verdict: { health: Health } }>): Map<string, HealthCounts> {
  const counts = new Map<string, HealthCounts>();
  for (const r of rows) {
    const c = counts.get(r.cluster) ?? {};
    c[r.verdict.health] = (c[r.verdict.health] ?? 0) + 1;
    counts.set(r.cluster, c);
  }
  return counts;
}

/** Health counts of some rows, all clusters together. */
export function countByHealth(rows: Iterable<{ verdict: { health: Health } }>): HealthCounts {
  const counts: HealthCounts = {};
  for (const r of rows) counts[r.verdict.health] = (counts[r.verdict.health] ?? 0) + 1;
  return counts;
}
