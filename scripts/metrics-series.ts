/**
 * Measures what GET /metrics costs on a large simulated fleet: the series (samples) of the
 * exposition per metric, its size in bytes and the time to render it, for the README's
 * cardinality table. The fleet is the benchmark's large scenario (3 clusters, 23 namespaces
 * each, about 11.5 % of Functions not healthy); the dashboard watches it and reads every
 * function in the simulated Lambda API once (a high AWS budget, so that this takes a minute, not
 * an hour), then the exposition is rendered and counted.
 *   tsx --conditions react-server scripts/metrics-series.ts 10000 50000
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { METRIC_LIST, seriesNames } from "@/lib/domain/metric-catalog";
import { startSimFleet } from "@/sim/fleet";
import { parsePromText } from "@/test/prom-text";
import { startServerApp, stopServerApp } from "@/test/server-app";

async function measure(size: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "metrics-series-"));
  const sim = await startSimFleet({ dir, scenario: { large: size }, seed: 7 });
  const creds = path.join(dir, "aws-credentials.json");
  fs.writeFileSync(creds, JSON.stringify(sim.aws.credentials), { mode: 0o600 });
  const app = await startServerApp(
    {
      KUBECONFIG: sim.kubeconfigPath,
      ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}`,
      ACK_FLEET_AWS_ENDPOINT: sim.aws.endpoint,
      ACK_FLEET_AWS_CREDENTIALS_FILE: creds,
      ACK_FLEET_AWS_RPS: "2000",
      ACK_FLEET_AWS_CONCURRENCY: "64",
      ACK_FLEET_AWS_REFRESH_HEALTHY: "1h",
      ACK_FLEET_AWS_REFRESH_UNHEALTHY: "1h",
    },
    { roles: { recordTimeline: false } },
  );
  try {
    const deadline = Date.now() + 600_000;
    while (app.fleet.rows().length < size) {
      if (Date.now() > deadline) throw new Error(`only ${app.fleet.rows().length} of ${size} Functions listed in 10 minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // Until 99 % of the Functions with an AWS function have its state, or the reads stopped
    // adding states for a minute (some accounts are unreachable by design).
    const targets = app.fleet.rows().filter((r) => r.awsName).length;
    let read = -1;
    let stableSince = Date.now();
    while (read < targets * 0.99 && Date.now() - stableSince < 60_000 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = app.fleet.rows().filter((r) => r.aws).length;
      if (now !== read) {
        read = now;
        stableSince = Date.now();
        console.error(`${size}: AWS state for ${now} Functions`);
      }
    }
    await app.metrics.render(); // the first render builds the label maps
    const t0 = performance.now();
    const text = await app.metrics.render();
    const renderMs = performance.now() - t0;
    const parsed = parsePromText(text);
    const per = new Map<string, number>();
    for (const m of METRIC_LIST) for (const s of seriesNames(m)) per.set(m.name, (per.get(m.name) ?? 0) + parsed.samples.filter((x) => x.name === s).length);
    const unhealthy = app.fleet.rows().filter((r) => r.verdict.health !== "healthy").length;
    console.log(JSON.stringify({ functions: size, withAwsState: read, unhealthy, series: parsed.samples.length, bytes: Buffer.byteLength(text), renderMs: Math.round(renderMs), perMetric: Object.fromEntries([...per].filter(([, n]) => n > 0)) }));
  } finally {
    await stopServerApp(app);
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("usage: metrics-series.ts N [N...]");
  for (const n of sizes) await measure(n);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`metrics-series failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
