/**
 * GET /metrics through the real route handler on the demo fleet (three simulated clusters, the
 * Lambda API, controller models): the exposition is exactly the metric catalogue (names,
 * types, help, labels, buckets, closed label values), the fleet's gauges say what the fleet
 * holds (the seed case's series, none for healthy Functions), the counters move with what
 * happens, the bearer token protects it, and promtool accepts the text.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LABEL_VALUES, METRIC_LIST, NOT_HEALTHY_VERDICTS, seriesNames } from "@/lib/domain/metric-catalog";
import type { ServerApp } from "@/lib/server/app";
import type { SimFleet } from "@/sim/fleet";
import { ACCOUNT_UNMAPPED, SEED_CASE } from "@/sim/scenarios/catalog";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { describeWithTool, findTool } from "@/test/external-tool";
import { parsePromText, type PromText } from "@/test/prom-text";
import { until } from "@/test/until";

const TOKEN = "metrics-token-0123456789abcdef";
let sim: SimFleet;
let dir: string;
let app: ServerApp;
let metricsRoute: (req: Request) => Promise<Response>;
let functionsRoute: (req: Request) => Promise<Response>;

const scrape = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => metricsRoute(new Request("http://127.0.0.1:3000/metrics", { headers }));

async function scrapeText(): Promise<{ text: string; parsed: PromText; res: Response }> {
  const res = await scrape();
  const text = await res.text();
  return { text, parsed: parsePromText(text), res };
}

beforeAll(async () => {
  ({ sim, dir, app } = await startDashboardOnSim({
    prefix: "metrics-route",
    env: { ACK_FLEET_METRICS_TOKEN: TOKEN, ACK_FLEET_PUBLIC_URL: "https://fleet.example.com/" },
  }));
  ({ GET: metricsRoute } = await import("./route"));
  ({ GET: functionsRoute } = await import("@/app/api/functions/route"));
  const seedId = `${SEED_CASE.cluster}/${SEED_CASE.namespace}/${SEED_CASE.name}`;
  await until("the demo fleet listed, the seed case read in AWS and every controller found", () => {
    const rows = app.fleet.rows();
    const clusters = [...app.fleet.clusters.values()];
    return rows.length === 150 && app.fleet.row(seedId)?.aws && clusters.every((c) => c.controllers !== null && c.state.connected);
  }, 60_000);
}, 90_000);

afterAll(async () => {
  await stopDashboardOnSim(app, sim, dir);
});

describe("GET /metrics: the catalogue, exactly", () => {
  it("has every catalogue metric with its type and help, and nothing else", async () => {
    const { parsed, res } = await scrapeText();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(Object.fromEntries(parsed.types)).toEqual(Object.fromEntries(METRIC_LIST.map((m) => [m.name, m.type])));
    expect(Object.fromEntries(parsed.helps)).toEqual(Object.fromEntries(METRIC_LIST.map((m) => [m.name, m.help])));
    const series = new Set(METRIC_LIST.flatMap(seriesNames));
    expect(parsed.samples.filter((s) => !series.has(s.name)).map((s) => s.name)).toEqual([]);
  });

  it("every sample carries exactly its metric's labels, with values from the closed sets", async () => {
    // Some traffic first, so the histogram and the counters have series.
    await functionsRoute(new Request("http://127.0.0.1:3000/api/functions?limit=1"));
    const { parsed } = await scrapeText();
    const byName = new Map(METRIC_LIST.flatMap((m) => seriesNames(m).map((s) => [s, m] as const)));
    const closed = LABEL_VALUES as Record<string, readonly string[]>;
    for (const s of parsed.samples) {
      const def = byName.get(s.name)!;
      expect(Object.keys(s.labels).sort(), s.name).toEqual([...def.labels, ...(s.name.endsWith("_bucket") ? ["le"] : [])].sort());
      for (const [label, value] of Object.entries(s.labels)) if (closed[label]) expect(closed[label], `${s.name} ${label}`).toContain(value);
    }
    const buckets = parsed.samples.filter((s) => s.name === "ack_fleet_http_request_duration_seconds_bucket" && s.labels.route === "/api/functions");
    const def = METRIC_LIST.find((m) => m.type === "histogram")!;
    expect(buckets.map((b) => b.labels.le)).toEqual([...def.buckets!.map(String), "+Inf"]);
  });
});

describe("GET /metrics: the fleet's gauges", () => {
  it("counts Functions per cluster, namespace and verdict as the fleet does", async () => {
    const { parsed } = await scrapeText();
    const rows = app.fleet.rows();
    const counted = parsed.samples.filter((s) => s.name === "ack_fleet_functions");
    expect(counted.reduce((a, s) => a + s.value, 0)).toBe(rows.length);
    const expected = new Map<string, number>();
    for (const r of rows) {
      const k = `${r.cluster}/${r.namespace}/${r.verdict.health}`;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    expect(new Map(counted.map((s) => [`${s.labels.cluster}/${s.labels.namespace}/${s.labels.verdict}`, s.value]))).toEqual(expected);
  });

  it("has one not-healthy series per Function that is not healthy, none for healthy ones; the seed case's value is how long it has held", async () => {
    const { parsed } = await scrapeText();
    const rows = app.fleet.rows();
    const series = parsed.samples.filter((s) => s.name === "ack_fleet_function_not_healthy_seconds");
    const unhealthy = rows.filter((r) => r.verdict.health !== "healthy");
    expect(unhealthy.length).toBeGreaterThan(20);
    expect(series.map((s) => `${s.labels.cluster}/${s.labels.namespace}/${s.labels.name}`).sort()).toEqual(unhealthy.map((r) => r.id).sort());
    for (const s of series) expect(NOT_HEALTHY_VERDICTS).toContain(s.labels.verdict);
    const seed = series.find((s) => s.labels.name === SEED_CASE.name && s.labels.cluster === SEED_CASE.cluster)!;
    expect(seed.labels.verdict).toBe("deletion-blocked");
    const since = Date.parse(app.fleet.row(`${SEED_CASE.cluster}/${SEED_CASE.namespace}/${SEED_CASE.name}`)!.verdict.since!);
    expect(seed.value).toBeGreaterThan((Date.now() - since) / 1000 - 60);
    expect(seed.value).toBeLessThanOrEqual((Date.now() - since) / 1000 + 1);
  });

  it("says which cluster is connected, how old its last sync is, and each controller with its known bugs", async () => {
    const { parsed } = await scrapeText();
    const of = (name: string) => parsed.samples.filter((s) => s.name === name);
    expect(of("ack_fleet_cluster_connected").map((s) => [s.labels.cluster, s.value]).sort()).toEqual([["prod-eu", 1], ["prod-us", 1], ["staging", 1]]);
    for (const s of of("ack_fleet_cluster_last_sync_age_seconds")) expect(s.value).toBeLessThan(30);
    const controllers = of("ack_fleet_controller_info").map((s) => [s.labels.cluster, s.labels.version, s.labels.known_bug]).sort();
    expect(controllers).toEqual([["prod-eu", "1.14.1", ""], ["prod-us", "1.7.3", "stale-pending"], ["staging", "1.14.1", ""]]);
    expect(of("ack_fleet_dashboard_info")).toEqual([{ name: "ack_fleet_dashboard_info", labels: { url: "https://fleet.example.com", version: expect.any(String) }, value: 1 }]);
  });

  it("counts the AWS reads and listings, the watches' lists, the timeline written", async () => {
    const { parsed } = await scrapeText();
    const sum = (name: string) => parsed.samples.filter((s) => s.name === name).reduce((a, s) => a + s.value, 0);
    expect(sum("ack_fleet_aws_get_function_requests_total")).toBeGreaterThan(0);
    // The ListFunctions sweep: pages asked, and a completed sweep in each account and region it can read.
    expect(sum("ack_fleet_aws_list_functions_requests_total")).toBeGreaterThan(0);
    const completed = parsed.samples.filter((s) => s.name === "ack_fleet_aws_list_sweep_completed_timestamp_seconds");
    expect(completed.length).toBeGreaterThan(0);
    for (const s of completed) {
      expect(s.labels.account, "no sweep completes without credentials").not.toBe(ACCOUNT_UNMAPPED);
      expect(s.value).toBeGreaterThan(Date.now() / 1000 - 120);
      expect(s.value).toBeLessThanOrEqual(Date.now() / 1000 + 1);
    }
    const unmapped = parsed.samples.filter((s) => s.name === "ack_fleet_aws_list_functions_errors_total" && s.labels.account === ACCOUNT_UNMAPPED);
    expect(unmapped.length).toBeGreaterThan(0);
    // Every account the simulated fleet has credentials for is readable; the one it has none for
    // (ACCOUNT_UNMAPPED) is not, once the reader has asked it.
    for (const s of parsed.samples.filter((s) => s.name === "ack_fleet_aws_account_readable")) {
      expect(s.value, `${s.labels.account}/${s.labels.region}`).toBe(s.labels.account === ACCOUNT_UNMAPPED ? 0 : 1);
    }
    const relists = parsed.samples.filter((s) => s.name === "ack_fleet_watch_relists_total");
    expect(new Set(relists.map((s) => s.labels.resource))).toEqual(new Set(["functions", "namespaces", "events"]));
    expect(sum("ack_fleet_timeline_entries_written_total")).toBeGreaterThan(150);
  });

  it("times requests by route pattern, never by raw path", async () => {
    const detail = (await import("@/app/api/functions/[cluster]/[namespace]/[name]/route")).GET;
    const params = { cluster: SEED_CASE.cluster, namespace: SEED_CASE.namespace, name: SEED_CASE.name };
    await detail(new Request(`http://127.0.0.1:3000/api/functions/${params.cluster}/${params.namespace}/${params.name}`), { params: Promise.resolve(params) });
    await detail(new Request("http://127.0.0.1:3000/api/functions/prod-us/checkout/no-such-function"), { params: Promise.resolve({ ...params, name: "no-such-function" }) });
    const { parsed } = await scrapeText();
    const counts = parsed.samples.filter((s) => s.name === "ack_fleet_http_request_duration_seconds_count" && s.labels.route.startsWith("/api/functions/"));
    expect(counts.map((s) => [s.labels.route, s.labels.method, s.labels.status, s.value]).sort()).toEqual([
      ["/api/functions/[cluster]/[namespace]/[name]", "GET", "200", 1],
      ["/api/functions/[cluster]/[namespace]/[name]", "GET", "404", 1],
    ]);
    expect(parsed.samples.some((s) => Object.values(s.labels).some((v) => v.includes(SEED_CASE.name) && s.name.startsWith("ack_fleet_http")))).toBe(false);
  });
});

describe("GET /metrics: the bearer token", () => {
  it.each([
    ["no Authorization", {}],
    ["a wrong token", { authorization: `Bearer ${TOKEN}x` }],
    ["a prefix of it", { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ["another scheme", { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}` }],
  ])("refuses %s with 401 and the error shape, saying nothing of the token", async (_what, headers) => {
    const res = await scrape(headers);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unauthenticated");
    expect(JSON.stringify(body)).not.toContain(TOKEN);
  });
});

const promtool = findTool("promtool", "PROMTOOL", "install the Debian package prometheus");

describeWithTool("promtool check metrics on the demo's /metrics", promtool, (bin) => {
  it("finds no problem", async () => {
    const { text } = await scrapeText();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "metrics-")), "metrics.txt");
    fs.writeFileSync(file, text);
    const r = spawnSync("sh", ["-c", `"${bin}" check metrics < "${file}"`], { encoding: "utf8", timeout: 60_000 });
    expect(`${r.stdout}${r.stderr}`).toBe("");
    expect(r.status).toBe(0);
  });
});
