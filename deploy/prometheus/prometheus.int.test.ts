/**
 * End to end with a real Prometheus (Debian's package): it scrapes GET /metrics of the dashboard
 * running on the simulated fleet (the app's route handlers served over loopback HTTP), evaluates
 * deploy/prometheus/alerts.yml, and /api/v1/alerts shows the seed case's alerts firing; after
 * its finalizer is removed through the dashboard's remediation API, its alert resolves.
 *
 * The rules are this repository's file with one change: every `for:` is shortened to 2 s so that
 * the test is bounded (scrape and evaluation every second); the real durations are held by the
 * promtool fixtures in deploy/prometheus/tests/. Under CI=true a missing prometheus fails.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ServerApp } from "@/lib/server/app";
import type { SimFleet } from "@/sim/fleet";
import { SEED_CASE } from "@/sim/scenarios/catalog";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { describeWithTool, findTool } from "@/test/external-tool";
import { until } from "@/test/until";

const PUBLIC_URL = "https://fleet.example.com";
const SEED = `${SEED_CASE.cluster}/${SEED_CASE.namespace}/${SEED_CASE.name}`;
const prometheus = findTool("prometheus", "PROMETHEUS", "install the Debian package prometheus");

interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: "pending" | "firing";
}

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The dashboard's routes this test needs, served over HTTP on loopback. */
async function serveDashboard(port: number): Promise<{ server: http.Server; base: string }> {
  const { GET: metrics } = await import("@/app/metrics/route");
  const { POST: remediate } = (await import("@/app/api/functions/[cluster]/[namespace]/[name]/remediations/route")) as unknown as { POST: Route };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = `http://${req.headers.host}${req.url}`;
      const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));
      const request = new Request(url, { method: req.method, headers, body: req.method === "POST" ? Buffer.concat(chunks) : undefined });
      const m = /^\/api\/functions\/([^/]+)\/([^/]+)\/([^/]+)\/remediations$/.exec(new URL(url).pathname);
      const answer =
        req.method === "GET" && new URL(url).pathname === "/metrics"
          ? metrics(request)
          : req.method === "POST" && m
            ? remediate(request, { params: Promise.resolve({ cluster: decodeURIComponent(m[1]), namespace: decodeURIComponent(m[2]), name: decodeURIComponent(m[3]) }) })
            : Promise.resolve(new Response("not found", { status: 404 }));
      void answer.then(async (r) => {
        res.writeHead(r.status, { "Content-Type": r.headers.get("Content-Type") ?? "text/plain" });
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  return port;
}

describeWithTool("a real Prometheus on the dashboard's /metrics and the alert rules", prometheus, (bin) => {
  let sim: SimFleet;
  let dir: string;
  let app: ServerApp;
  let server: http.Server;
  let base: string;
  let prom: ChildProcess | undefined;
  let promUrl: string;
  let promLog = "";

  const alerts = async (): Promise<PromAlert[]> => {
    const r = await fetch(`${promUrl}/api/v1/alerts`);
    return ((await r.json()) as { data: { alerts: PromAlert[] } }).data.alerts;
  };
  const seedAlert = (all: PromAlert[], name: string) =>
    all.find((a) => a.labels.alertname === name && a.labels.cluster === SEED_CASE.cluster && a.labels.namespace === SEED_CASE.namespace && a.labels.name === SEED_CASE.name);

  beforeAll(async () => {
    // The dashboard is told the port it is served on (PORT): writes are same-origin checked against it.
    const dashboardPort = await freePort();
    ({ sim, dir, app } = await startDashboardOnSim({ prefix: "prometheus-e2e", kubeconfig: "operator", env: { ACK_FLEET_AUTH_MODE: "local", ACK_FLEET_PUBLIC_URL: PUBLIC_URL, PORT: String(dashboardPort) } }));
    ({ server, base } = await serveDashboard(dashboardPort));
    await until("the seed case deletion-blocked, with its AWS state", () => {
      const row = app.fleet.row(SEED);
      return row?.aws && !row.aws.error && row.verdict.health === "deletion-blocked";
    }, 60_000);

    const rules = fs.readFileSync(path.join(__dirname, "alerts.yml"), "utf8").replace(/^(\s+)for: \S+$/gm, "$1for: 2s");
    fs.writeFileSync(path.join(dir, "alerts.yml"), rules);
    const target = new URL(base).host;
    fs.writeFileSync(
      path.join(dir, "prometheus.yml"),
      [
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "rule_files: [alerts.yml]",
        "scrape_configs:",
        "  - job_name: ack-lambda-fleet",
        `    static_configs: [{ targets: ["${target}"] }]`,
        "",
      ].join("\n"),
    );
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prom = spawn(bin, [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "tsdb")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    prom.stdout!.on("data", (c: Buffer) => (promLog += c.toString()));
    prom.stderr!.on("data", (c: Buffer) => (promLog += c.toString()));
    await until("Prometheus ready", () => fetch(`${promUrl}/-/ready`).then((r) => r.ok, () => false), 30_000, 200);
  }, 120_000);

  afterAll(async () => {
    if (prom && prom.exitCode === null) {
      prom.kill("SIGTERM");
      await new Promise((r) => prom!.once("exit", r));
    }
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await stopDashboardOnSim(app, sim, dir);
  });

  it("scrapes the dashboard: the target is up", async () => {
    const up = await until("the scrape target up", async () => {
      const r = (await (await fetch(`${promUrl}/api/v1/targets`)).json()) as { data: { activeTargets: Array<{ health: string; lastError: string }> } };
      return r.data.activeTargets[0]?.health === "up" ? r.data.activeTargets[0] : null;
    }, 30_000, 250).catch((err: Error) => {
      throw new Error(`${err.message}\n${promLog.slice(-2000)}`);
    });
    expect(up.lastError).toBe("");
  }, 40_000);

  it("fires the seed case's alerts: its deletion blocked with a link to its page, and the 1.7.3 controller's known bug", async () => {
    const all = await until("the seed case's AckLambdaFunctionDeletionBlocked firing", async () => {
      const a = await alerts();
      return seedAlert(a, "AckLambdaFunctionDeletionBlocked")?.state === "firing" && a.some((x) => x.labels.alertname === "AckLambdaControllerKnownBug" && x.labels.cluster === SEED_CASE.cluster && x.state === "firing") ? a : null;
    }, 45_000, 500);
    const blocked = seedAlert(all, "AckLambdaFunctionDeletionBlocked")!;
    expect(blocked.labels.severity).toBe("warning");
    expect(blocked.annotations.summary).toContain(`Function ${SEED_CASE.namespace}/${SEED_CASE.name} in cluster ${SEED_CASE.cluster}`);
    expect(blocked.annotations.runbook_url).toBe(`${PUBLIC_URL}/functions/${SEED_CASE.cluster}/${SEED_CASE.namespace}/${SEED_CASE.name}`);
    const bug = all.find((x) => x.labels.alertname === "AckLambdaControllerKnownBug" && x.labels.cluster === SEED_CASE.cluster)!;
    expect(bug.labels).toMatchObject({ version: "1.7.3", known_bug: "stale-pending" });
    // Healthy clusters raise nothing: no alert for a connected cluster, nor for the 1.14.1 controllers.
    expect(all.filter((x) => x.labels.alertname === "AckLambdaClusterDisconnected")).toEqual([]);
    expect(all.filter((x) => x.labels.alertname === "AckLambdaControllerKnownBug").map((x) => x.labels.cluster)).toEqual([SEED_CASE.cluster]);
  }, 60_000);

  it("resolves the seed case's alert after its finalizer is removed through the dashboard's API", async () => {
    const row = app.fleet.row(SEED)!;
    const origin = base;
    const res = await fetch(`${base}/api/functions/${SEED_CASE.cluster}/${SEED_CASE.namespace}/${SEED_CASE.name}/remediations`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ action: "remove-finalizer", expectedResourceVersion: row.resourceVersion, confirm: SEED_CASE.name, reason: "seed case: stuck on 1.7.3 (community#2433)" }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await until("the seed case gone from the fleet", () => !app.fleet.row(SEED), 20_000, 100);
    await until("the seed case's alert resolved", async () => !seedAlert(await alerts(), "AckLambdaFunctionDeletionBlocked"), 30_000, 500);
    // Other deletion-blocked Functions keep theirs: only the one fixed resolved.
    const stillBlocked = app.fleet.rows().filter((r) => r.verdict.health === "deletion-blocked").length;
    const firing = (await alerts()).filter((a) => a.labels.alertname === "AckLambdaFunctionDeletionBlocked");
    expect(firing.length).toBe(stillBlocked);
  }, 60_000);
});
