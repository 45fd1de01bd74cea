/**
 * `check --dashboard URL`: the dashboard's real GET /api/functions handler, on its real fleet
 * over the simulated demo fleet, served over HTTP on loopback; the CLI pages through it with
 * `cursor`. Also what a CI job meets in front of a dashboard: a bearer token, a login redirect,
 * a dashboard that is down, an error answer.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_CASE } from "@/sim/scenarios/catalog";
import type { ServerApp } from "@/lib/server/app";
import type { SimFleet } from "@/sim/fleet";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { main } from "../main";
import { dashboardSnapshot } from "./dashboard-snapshot";

let sim: SimFleet | undefined;
let dir: string | undefined;
let app: ServerApp | undefined;
let server: http.Server;
let base: string;
/** A loopback address nobody listens on. */
let closedPort: string;
const seen: Array<{ path: string; authorization: string | undefined }> = [];

async function cli(args: string[], env: NodeJS.ProcessEnv = {} as NodeJS.ProcessEnv) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, readStdin: () => "", version: "test" });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  // The AWS SDK's own setting (not the dashboard's): no instance-metadata lookups on this machine.
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  ({ sim, dir, app } = await startDashboardOnSim({ prefix: "cli-dashboard", env: {} }));
  const { GET } = await import("@/app/api/functions/route");
  server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? "", authorization: req.headers.authorization });
    if (req.url?.startsWith("/sso/")) {
      res.writeHead(302, { Location: "https://login.example.com/oauth2/start" }).end();
      return;
    }
    if (!req.url?.startsWith("/api/functions")) {
      res.writeHead(404).end();
      return;
    }
    void GET(new Request(`http://127.0.0.1${req.url}`)).then(async (answer) => {
      res.writeHead(answer.status, { "Content-Type": answer.headers.get("Content-Type") ?? "application/json" });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((r) => probe.close(r));
  // Wait until every cluster is listed.
  for (let i = 0; i < 200; i++) {
    const body = (await (await fetch(`${base}/api/functions?limit=1`)).json()) as { clusters?: Array<{ connected: boolean }>; total?: number };
    if (body.clusters?.length === 3 && body.clusters.every((c) => c.connected) && (body.total ?? 0) > 100) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await stopDashboardOnSim(app, sim, dir);
});

describe("check --dashboard", () => {
  it("pages through every row with the cursor", async () => {
    const whole = await dashboardSnapshot({ url: base, token: null, contexts: [], namespaces: [] });
    seen.length = 0;
    const paged = await dashboardSnapshot({ url: base, token: null, contexts: [], namespaces: [], pageSize: 7 });
    expect(seen.filter((s) => s.path.includes("cursor=")).length).toBeGreaterThanOrEqual(Math.floor(whole.functions.length / 7) - 1);
    expect(paged.functions.map((f) => f.id).sort()).toEqual(whole.functions.map((f) => f.id).sort());
    expect(new Set(paged.functions.map((f) => f.id)).size).toBe(paged.functions.length);
    expect(whole.functions.length).toBe(sim!.plan.clusters.reduce((n, c) => n + c.functions.length, 0));
  });

  it("fails (exit 1) on the seed case with the dashboard's verdict, a link to its page, and the 1.7.3 controller", async () => {
    const r = await cli(["check", "--dashboard", `${base}/`, "--context", "prod-us", "--min-controller-version", "1.7.4", "--format", "json"]);
    const body = JSON.parse(r.stdout) as { findings: Array<{ subject: string; code: string; link?: string }>; problems: unknown[] };
    expect(body.findings.find((f) => f.subject === `${SEED_CASE.cluster}/${SEED_CASE.namespace}/${SEED_CASE.name}`)).toMatchObject({
      code: "verdict-deletion-blocked",
      link: `${base}/functions/${SEED_CASE.cluster}/${SEED_CASE.namespace}/${SEED_CASE.name}`,
    });
    expect(body.findings.find((f) => f.subject === "cluster prod-us")?.code).toBe("controller-below-minimum");
    expect(body.findings.every((f) => f.subject === "cluster prod-us" || f.subject.startsWith("prod-us/"))).toBe(true);
    expect(body.problems).toEqual([]);
    expect(r.code).toBe(1);
  });

  it("sends ACK_FLEET_DASHBOARD_TOKEN as a bearer token and never prints it", async () => {
    seen.length = 0;
    const token = "ci-token-value-that-must-not-leak";
    const r = await cli(["check", "--dashboard", base, "--context", "prod-eu", "--fail-on", "deletion-blocked"], { ACK_FLEET_DASHBOARD_TOKEN: token } as unknown as NodeJS.ProcessEnv);
    expect(seen.map((s) => s.authorization)).toEqual([`Bearer ${token}`]);
    expect(r.stdout + r.stderr).not.toContain(token);
    expect(r.code).toBe(0);
  });

  it.each([
    ["a login redirect", () => `${base}/sso`, /answered 302: redirected to https:\/\/login\.example\.com\/oauth2\/start \(a login page\?\)/],
    ["an error answer", () => base, /answered 400: bad_request: unknown cluster nope/],
    ["a dashboard that is down", () => closedPort, /did not answer: ECONNREFUSED/],
  ])("could not check (exit 2): %s", async (_what, url, message) => {
    const r = await cli(["check", "--dashboard", url(), "--context", "nope", "--format", "json"]);
    const body = JSON.parse(r.stdout) as { problems: Array<{ message: string }> };
    expect(body.problems.map((p) => p.message)).toEqual([expect.stringMatching(message)]);
    expect(r.code).toBe(2);
  });
});
