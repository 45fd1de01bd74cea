/**
 * The simulated fleet in its own process for `bench:fleet`, so that the load the benchmark
 * generates and the dashboard's work do not share its event loop. Starts the large scenario
 * (no controllers) and the control API, writes what the benchmark needs to `<dir>/host.json`
 * (mode 0600: it holds the simulator's tokens) and prints `SIM-READY <ms>`. SIGTERM stops it.
 *   tsx bench/fleet/sim-host.ts --size N --dir PATH [--seed N]
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startSimFleet } from "../../sim/fleet";
import { startControlServer } from "../../scripts/sim-control";

export interface SimHostInfo {
  size: number;
  startMs: number;
  pid: number;
  kubeconfig: string;
  credentialsFile: string;
  awsEndpoint: string;
  controlUrl: string;
  adminToken: string;
  clusters: Array<{ name: string; url: string; caPem: string }>;
  /** Functions whose status the push measurement patches: spread over the clusters. */
  patchTargets: Array<{ cluster: string; namespace: string; name: string; conditions: unknown[] }>;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const size = Number(arg("size"));
  const dir = path.resolve(arg("dir") ?? "");
  if (!Number.isInteger(size) || size < 1 || !arg("dir")) throw new Error("usage: sim-host.ts --size N --dir PATH [--seed N]");
  fs.mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const fleet = await startSimFleet({ dir, scenario: { large: size }, seed: Number(arg("seed") ?? 7) });
  const startMs = Math.round(performance.now() - t0);
  const control = await startControlServer(fleet, 0);
  const credentialsFile = path.join(dir, "aws-credentials.json");
  fs.writeFileSync(credentialsFile, JSON.stringify(fleet.aws.credentials, null, 2), { mode: 0o600 });
  const patchTargets = fleet.plan.clusters.flatMap((c) =>
    c.functions.slice(0, 400).map((f) => ({
      cluster: c.name,
      namespace: f.object.metadata.namespace as string,
      name: f.object.metadata.name as string,
      conditions: (f.object.status?.conditions ?? []) as unknown[],
    })),
  );
  const info: SimHostInfo = {
    size,
    startMs,
    pid: process.pid,
    kubeconfig: fleet.operatorKubeconfigPath ?? fleet.kubeconfigPath,
    credentialsFile,
    awsEndpoint: fleet.aws.endpoint,
    controlUrl: control.url,
    adminToken: fleet.tokens.admin,
    clusters: fleet.clusters.map((c) => ({ name: c.name, url: c.kube.url, caPem: c.kube.caPem ?? "" })),
    patchTargets,
  };
  fs.writeFileSync(path.join(dir, "host.json"), JSON.stringify(info), { mode: 0o600 });
  console.log(`SIM-READY ${startMs}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void control
      .close()
      .then(() => fleet.stop())
      .finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error(`sim-host failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
