/**
 * The cold start without Next.js: the server app built in this process against a simulated
 * fleet already running (`tsx bench/fleet/sim-host.ts --size N --dir DIR`), timed from start()
 * to every row with a verdict and every cluster connected (what `bench:fleet` waits for), with
 * the CPU time this process spent meanwhile (less sensitive than wall time on a shared machine)
 * and when each cluster's list completed. Profile it with `node --cpu-prof --import tsx`.
 *   tsx --conditions react-server bench/fleet/cold-start-in-process.ts DIR
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createServerApp } from "@/lib/server/app";
import { processConfig } from "@/lib/server/holder";
import { monotonicUs } from "./cpu-profile";
import type { SimHostInfo } from "./sim-host";

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: cold-start-in-process.ts DIR (of a running sim-host.ts)");
  const host = JSON.parse(fs.readFileSync(path.join(dir, "host.json"), "utf8")) as SimHostInfo;
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "cold-start-"));
  Object.assign(process.env, {
    KUBECONFIG: host.kubeconfig,
    ACK_FLEET_AWS_ENDPOINT: host.awsEndpoint,
    ACK_FLEET_AWS_CREDENTIALS_FILE: host.credentialsFile,
    ACK_FLEET_AWS_RPS: "10",
    ACK_FLEET_STORE: `sqlite:${path.join(storeDir, "history.db")}`,
    AWS_REGION: "us-east-1",
    AWS_PROFILE: "",
  });
  const t0 = performance.now();
  const cpu0 = cpuMs();
  // What loading the modules cost (not in the figures below, which start at start()).
  console.log(`modules loaded ${Math.round(t0)} ms after the process started (CPU ${Math.round(cpu0)} ms)`);
  // The cold start's window on the profile's clock: tsx bench/fleet/cpu-profile.ts FILE --window FROM-TO
  const fromUs = monotonicUs();
  const at = () => `${Math.round(performance.now() - t0)} ms (CPU ${Math.round(cpuMs() - cpu0)} ms)`;
  const app = createServerApp(processConfig(), { log: () => {} });
  app.fleet.subscribe((e) => {
    if (e.type === "listed") console.log(`${at()}: ${e.cluster} listed, ${e.ids.length} Functions`);
  });
  await app.start();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      // The index's counts, kept one change at a time (what the list answers with): counting
      // every row here each 10 ms cost this process seconds at 50,000.
      const clusters = app.fleet.clusterSummaries();
      const counted = clusters.reduce((sum, c) => sum + Object.values(c.healthCounts ?? {}).reduce((a, b) => a + (b ?? 0), 0), 0);
      if (app.fleet.index.size === host.size && counted === host.size && clusters.every((c) => c.connected)) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  console.log(`${at()}: every row with a verdict, every cluster connected (profile window ${fromUs}-${monotonicUs()})`);
  await app.stop();
  fs.rmSync(storeDir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
