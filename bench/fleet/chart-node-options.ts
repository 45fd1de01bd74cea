/**
 * The V8 options the Helm chart gives the dashboard (deploy/helm/ack-lambda-fleet: `nodeHeapMb`
 * becomes NODE_OPTIONS=--max-old-space-size=N in templates/deployment.yaml), read from the
 * chart's own values.yaml. Every benchmark that starts the standalone server runs it with them
 * (./run-size.ts dashboardEnv), so that its RSS and GC pauses are those of the shipped
 * configuration: V8's default heap limit on a 24 GB machine lets the old space grow up to four
 * times what is live before it collects (V8's heap growing factor is scaled down for heap limits
 * under about 2 GB), so a server without the chart's limit holds far more garbage than a pod does.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export const CHART_VALUES = path.join("deploy", "helm", "ack-lambda-fleet", "values.yaml");

/** `--max-old-space-size=N` as the chart renders it, or "" when the chart leaves V8's default (nodeHeapMb: null). */
export function chartNodeOptions(root: string): string {
  const values = parse(fs.readFileSync(path.join(root, CHART_VALUES), "utf8")) as { nodeHeapMb?: unknown };
  const mb = values.nodeHeapMb;
  if (mb === null || mb === undefined) return "";
  if (typeof mb !== "number" || !Number.isInteger(mb) || mb <= 0) throw new Error(`${CHART_VALUES}: nodeHeapMb must be a whole number of MiB or null, not ${JSON.stringify(mb)}`);
  return `--max-old-space-size=${mb}`;
}
