/**
 * `npm run bench:sim`: how fast the simulated fleet itself is at a large size, so that the
 * fleet benchmark measures the dashboard and not the simulator. In one fresh process:
 * start-up (plan, seeding, servers) and its memory, one cluster's Functions listed over HTTPS
 * whole and in pages of 500 (as the dashboard lists), the real kubectl on the same cluster,
 * status patches with three watchers open, and GetFunction throughput on the Lambda API.
 *   --size N (default 50000)   --json PATH (also write the figures there)
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { startSimFleet } from "../../sim/fleet";
import { percentile } from "./stats";
import { lambdaAuthorization, simFetch } from "./sim-http";

const FUNCTIONS_PATH = "/apis/lambda.services.k8s.aws/v1alpha1/functions";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function main(): Promise<void> {
  const size = Number(arg("size") ?? 50_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-speed-"));
  const out: Record<string, unknown> = { size, node: process.version };

  const t0 = performance.now();
  const fleet = await startSimFleet({ dir, scenario: { large: size }, seed: 7 });
  out.startMs = Math.round(performance.now() - t0);
  out.rssAfterStartMB = mb(process.memoryUsage().rss);
  out.heapAfterStartMB = mb(process.memoryUsage().heapUsed);
  console.log(`start ${out.startMs} ms, RSS ${out.rssAfterStartMB} MB`);
  try {
    const cluster = fleet.clusters[0];
    const auth = { ca: cluster.kube.caPem, token: fleet.tokens.dashboard };

    let t = performance.now();
    const whole = await simFetch(`${cluster.kube.url}${FUNCTIONS_PATH}`, auth);
    out.listWholeMs = Math.round(performance.now() - t);
    out.listWholeMB = +(whole.body.length / 1e6).toFixed(1);
    console.log(`list one cluster whole: ${out.listWholeMs} ms (${out.listWholeMB} MB)`);

    t = performance.now();
    let cont: string | undefined;
    let items = 0;
    let pages = 0;
    do {
      const q = new URLSearchParams({ limit: "500" });
      if (cont) q.set("continue", cont);
      const page = JSON.parse((await simFetch(`${cluster.kube.url}${FUNCTIONS_PATH}?${q}`, auth)).body.toString("utf8")) as {
        items: unknown[];
        metadata: { continue?: string };
      };
      items += page.items.length;
      pages++;
      cont = page.metadata.continue || undefined;
    } while (cont);
    out.listPagedMs = Math.round(performance.now() - t);
    console.log(`list one cluster in ${pages} pages of 500: ${out.listPagedMs} ms (${items} items)`);

    const kubectl = process.env.KUBECTL;
    if (kubectl && fs.existsSync(kubectl)) {
      t = performance.now();
      await promisify(execFile)(kubectl, ["--kubeconfig", fleet.kubeconfigPath, "--context", cluster.name, "get", "functions", "-A", "-o", "json"], {
        maxBuffer: 1 << 30,
      });
      out.kubectlMs = Math.round(performance.now() - t);
      console.log(`kubectl get functions -A -o json, one cluster: ${out.kubectlMs} ms`);
    }

    // Three watchers (the dashboard's shape), then status patches one after another.
    const watchers = [0, 1, 2].map(() => new AbortController());
    let seen = 0;
    for (const w of watchers) {
      void simFetch(`${cluster.kube.url}${FUNCTIONS_PATH}?watch=true&resourceVersion=${cluster.kube.store.currentResourceVersion()}`, { ...auth, signal: w.signal, onData: () => seen++ }).catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 200));
    const fns = fleet.plan.clusters[0].functions.slice(0, 200);
    const patchMs: number[] = [];
    t = performance.now();
    for (const [i, f] of fns.entries()) {
      const p0 = performance.now();
      const md = f.object.metadata as { namespace: string; name: string };
      await simFetch(`${cluster.kube.url}${FUNCTIONS_PATH.replace("/functions", `/namespaces/${md.namespace}/functions/${md.name}/status`)}`, {
        ca: auth.ca,
        token: fleet.tokens.admin,
        method: "PATCH",
        contentType: "application/merge-patch+json",
        body: JSON.stringify({ status: { ackResourceMetadata: { ownerAccountID: "000000000000", region: "us-east-1" }, bench: i } }),
      });
      patchMs.push(performance.now() - p0);
    }
    out.patch = { count: fns.length, totalMs: Math.round(performance.now() - t), p50Ms: +percentile(patchMs, 50).toFixed(1), p99Ms: +percentile(patchMs, 99).toFixed(1) };
    watchers.forEach((w) => w.abort());
    console.log(`status patch with 3 watchers: p50 ${(out.patch as { p50Ms: number }).p50Ms} ms, p99 ${(out.patch as { p99Ms: number }).p99Ms} ms (${seen} watch chunks)`);

    // GetFunction throughput, 32 in flight, the rate limit off.
    fleet.lambda.setRateLimits({ getFunctionPerSec: 0 });
    const targets = fleet.plan.clusters.flatMap((c) => c.functions.flatMap((f) => (f.aws ? [f.aws] : []))).slice(0, 4000);
    const account = (id: string) => fleet.plan.accounts.find((a) => a.accountId === id);
    let next = 0;
    const getMs: number[] = [];
    t = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < targets.length) {
          const a = targets[next++];
          const key = account(a.accountId)?.accessKeyId;
          if (!key) continue;
          const g0 = performance.now();
          await simFetch(`${fleet.lambda.url}/2015-03-31/functions/${encodeURIComponent(a.config.FunctionName)}`, { authorization: lambdaAuthorization(key, a.region) });
          getMs.push(performance.now() - g0);
        }
      }),
    );
    const secs = (performance.now() - t) / 1000;
    out.getFunction = { count: getMs.length, perSec: Math.round(getMs.length / secs), p50Ms: +percentile(getMs, 50).toFixed(1), p99Ms: +percentile(getMs, 99).toFixed(1) };
    console.log(`GetFunction, 32 in flight: ${(out.getFunction as { perSec: number }).perSec}/s`);
    out.rssAtEndMB = mb(process.memoryUsage().rss);
  } finally {
    await fleet.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(out));
  const json = arg("json");
  if (json) {
    fs.mkdirSync(path.dirname(json), { recursive: true });
    fs.writeFileSync(json, JSON.stringify(out, null, 2) + "\n");
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
