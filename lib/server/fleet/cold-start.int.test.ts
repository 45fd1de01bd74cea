/**
 * Cold start over HTTP against a slow cluster: a simulated cluster (KubeApiSim) behind a proxy
 * that holds every list page after the first until the test lets it through, next to a quick
 * cluster. The fleet serves the rows of the pages that came, with their verdicts, before the
 * slow cluster finished listing; what a relist no longer names goes only at the list's end.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/diagnose-settings";
import type { FleetEvent } from "./events";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import { loadClusterContexts } from "../kube/kubeconfig";
import { AwsStateReader } from "../aws/reader";
import { Fleet } from "./fleet";
import { until } from "@/test/until";

const PAGE = 500;
const SLOW_COUNT = 2 * PAGE + 100;
let slow: KubeApiSim;
let quick: KubeApiSim;
let proxy: http.Server;
let dir: string;
let fleet: Fleet;
const listedEvents: string[] = [];
/** Continue requests held by the proxy, each let through by calling it. */
const held: Array<() => void> = [];

function fillNamespace(sim: KubeApiSim, count: number, prefix: string): void {
  sim.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
  for (let i = 0; i < count; i++) {
    sim.store.put({ ...functionManifest(`${prefix}-${String(i).padStart(4, "0")}`, "team-a"), status: { state: "Active", conditions: [{ type: "ACK.ResourceSynced", status: "True" }] } } as never);
  }
}

/** Forwards everything to `target`; a list page asked for with a continue token waits in `held`. */
function slowProxy(target: URL): http.Server {
  return http.createServer((req, res) => {
    const forward = () => {
      const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      up.on("error", () => res.destroy());
      req.pipe(up);
    };
    if (req.url?.includes("continue=")) held.push(forward);
    else forward();
  });
}

beforeAll(async () => {
  slow = new KubeApiSim(testSimOptions({ name: "slow" }));
  quick = new KubeApiSim(testSimOptions({ name: "quick" }));
  await Promise.all([slow.start(), quick.start()]);
  fillNamespace(slow, SLOW_COUNT, "fn");
  fillNamespace(quick, 3, "q");
  expect(new URL(slow.url).protocol).toBe("http:");
  proxy = slowProxy(new URL(slow.url));
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cold-start-"));
  writeKubeconfig(path.join(dir, "kubeconfig"), [
    { name: "slow", url: proxyUrl, token: TOKENS.dashboard },
    { name: "quick", url: quick.url, token: TOKENS.dashboard },
  ]);
  const aws = new AwsStateReader({ getFunction: async () => ({ kind: "not-found" }) }, { requestsPerSecond: 10, concurrency: 1, refreshHealthyMs: 1e9, refreshUnhealthyMs: 1e9 });
  fleet = new Fleet(loadClusterContexts([path.join(dir, "kubeconfig")], []), aws, { settings: DEFAULT_DIAGNOSE_SETTINGS, clusterProbeMs: 200 });
  fleet.subscribe((e: FleetEvent) => void (e.type === "listed" && listedEvents.push(e.cluster)));
  fleet.start();
}, 60_000);

afterAll(async () => {
  fleet?.stop();
  while (held.length) held.shift()!();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  proxy?.closeAllConnections();
  await Promise.all([slow?.stop(), quick?.stop()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const slowRows = () => fleet.rows().filter((r) => r.cluster === "slow");

describe("a cold start with a slow cluster", () => {
  it("serves each page's rows with verdicts while the rest of that cluster is still being listed", async () => {
    // The quick cluster is listed, and the slow one's first page is in, its second held.
    await until("the first page of the slow cluster", () => (slowRows().length === PAGE && held.length === 1 ? true : null), 20_000);
    await until("the quick cluster listed", () => (listedEvents.includes("quick") ? true : null), 20_000);
    expect(listedEvents).toEqual(["quick"]);
    expect(fleet.clusters.get("slow")!.state.connected).toBe(false);
    // Every row has its verdict already (the same as once the list is complete), and counts.
    const early = new Map(slowRows().map((r) => [r.id, r.verdict.health]));
    const health = slowRows()[0].verdict.health;
    expect(health).toBeTruthy();
    expect(fleet.clusterSummaries(fleet.rows()).find((c) => c.name === "slow")?.healthCounts).toMatchObject({ [health]: PAGE });

    held.shift()!();
    await until("the second page", () => (slowRows().length === 2 * PAGE && held.length === 1 ? true : null), 20_000);
    expect(listedEvents).toEqual(["quick"]);
    held.shift()!();
    await until("the slow cluster listed and connected", () => (listedEvents.includes("slow") && fleet.clusters.get("slow")!.state.connected ? true : null), 20_000);
    expect(slowRows()).toHaveLength(SLOW_COUNT);
    expect(slowRows().filter((r) => early.has(r.id)).every((r) => r.verdict.health === early.get(r.id))).toBe(true);
  });
});
