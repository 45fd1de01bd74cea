/**
 * The process settings the Helm chart gives the dashboard (deploy/helm/ack-lambda-fleet,
 * templates/deployment.yaml), read from the chart's own values.yaml:
 * - `nodeHeapMb` becomes NODE_OPTIONS=--max-old-space-size=N: V8's default heap limit on a 24 GB
 *   machine lets the old space grow up to four times what is live before it collects (V8's heap
 *   growing factor is scaled down for heap limits under about 2 GB), so a server without the
 *   chart's limit holds far more garbage than a pod does;
 * - `mallocArenaMax` becomes MALLOC_ARENA_MAX: glibc's malloc gives threads that allocate at once
 *   arenas of their own (64 MiB regions, up to 8 per core), and memory freed in them stays
 *   resident (README, "Round 7: memory": malloc held ~97 MiB after the list load at 10,000, ~80 with 2,
 *   but the list served a third fewer answers a second, so the chart leaves it unset by default).
 * Every benchmark that starts the standalone server runs it with them (./run-size.ts
 * dashboardEnv), so that its RSS and GC pauses are those of the shipped configuration;
 * deploy/helm/chart.test.ts checks that the chart renders exactly this.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export const CHART_VALUES = path.join("deploy", "helm", "ack-lambda-fleet", "values.yaml");

function wholeOrNull(values: Record<string, unknown>, key: string, min: number): number | null {
  const v = values[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new Error(`${CHART_VALUES}: ${key} must be a whole number >= ${min} or null, not ${JSON.stringify(v)}`);
  return v;
}

function chartValues(root: string): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(root, CHART_VALUES), "utf8")) as Record<string, unknown>;
}

/** `--max-old-space-size=N` as the chart renders it, or "" when the chart leaves V8's default (nodeHeapMb: null). */
export function chartNodeOptions(root: string): string {
  const mb = wholeOrNull(chartValues(root), "nodeHeapMb", 1);
  return mb === null ? "" : `--max-old-space-size=${mb}`;
}

/** The environment the chart gives the dashboard's process: NODE_OPTIONS and MALLOC_ARENA_MAX, each only when set. */
export function chartProcessEnv(root: string): { NODE_OPTIONS?: string; MALLOC_ARENA_MAX?: string } {
  const nodeOptions = chartNodeOptions(root);
  const arenas = wholeOrNull(chartValues(root), "mallocArenaMax", 1);
  return { ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}), ...(arenas === null ? {} : { MALLOC_ARENA_MAX: String(arenas) }) };
}
