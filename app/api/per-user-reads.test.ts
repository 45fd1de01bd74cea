/**
 * Per-user reads in proxy mode, against the real kube-apiserver of the test suite (realstack:
 * RBAC, static tokens, the real ACK CRDs): the dashboard reads every Function with its own
 * identity, and each signed-in person sees only what Kubernetes lets that person list, decided
 * by SubjectAccessReviews. Three people:
 * - victor (ack-fleet:viewers): list on Functions cluster-wide (realstack/rbac.ts);
 * - carol (team-a-devs): list on Functions in team-a only, by a RoleBinding made here;
 * - mallory (guests): nothing.
 * Through the route handlers: the list and its counts, needs-action, the health summary, the
 * detail and the timeline (404, not 403, for what is hidden), /api/me, the audit log, the
 * live stream, and the exports (tables, audit, manifests archive).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACK_GROUP, ACK_VERSION, FUNCTION_KIND, FUNCTION_PLURAL } from "@/lib/domain/ack";
import { FunctionListResponseSchema } from "@/lib/domain/wire/fleet";
import type { ServerApp } from "@/lib/server/app";
import { findBinaries } from "@/realstack/bins";
import { startRealStack, type RealStack } from "@/realstack/start";
import { get, PROXY_SECRET, proxyHeaders, read, until, type As } from "@/test/http-requests";
import { startServerApp, stopServerApp } from "@/test/server-app";

const bins = findBinaries();
const runnable = bins.missing.length === 0;
if (!runnable) {
  if (process.env.CI) {
    it("has the real-stack binaries (required in CI)", () => {
      throw new Error(`real-stack binaries missing (${bins.missing.join(", ")}); run scripts/realstack-build.sh`);
    });
  } else {
    console.warn("[per-user reads] skipped: real-stack binaries missing; run scripts/realstack-build.sh");
  }
}

const CLUSTER = "realstack-dashboard";
const VICTOR: As = { user: "victor@ops.example", groups: ["ack-fleet:viewers"] };
const CAROL: As = { user: "carol@ops.example", groups: ["team-a-devs"] };
const MALLORY: As = { user: "mallory@ops.example", groups: ["guests"] };

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes = {} as Record<"list" | "detail" | "timeline" | "me" | "audit" | "needsAction" | "healthz" | "stream" | "exportFunctions" | "exportAudit" | "exportManifests", Handler>;
const call = async (route: keyof typeof routes, url: string, as: As, params: Record<string, string> = {}) =>
  read(await routes[route](get(url, proxyHeaders(as)), { params: Promise.resolve(params) }));
const fnParams = (namespace: string, name: string) => ({ cluster: CLUSTER, namespace, name });

function manifest(namespace: string, name: string) {
  return {
    apiVersion: `${ACK_GROUP}/${ACK_VERSION}`,
    kind: FUNCTION_KIND,
    metadata: { name, namespace },
    spec: {
      name: `aws-${name}`,
      role: "arn:aws:iam::123456789012:role/per-user-reads",
      code: { s3Bucket: "artifacts", s3Key: `${name}.zip` },
      runtime: "python3.12",
      handler: "index.handler",
    },
  };
}

/** An open GET /api/stream of one person: the raw text as it arrives. */
function openStream(as: As) {
  const ac = new AbortController();
  const state = { text: "" };
  const req = new Request(`http://127.0.0.1:3000/api/stream`, { headers: { host: "127.0.0.1:3000", ...proxyHeaders(as) }, signal: ac.signal });
  const done = routes.stream(req, { params: Promise.resolve({}) }).then(async (res) => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        state.text += decoder.decode(value, { stream: true });
      }
    } catch {
      /* aborted */
    }
  });
  return { state, close: () => (ac.abort(), done) };
}

/** The data of every `clusters` event in a stream's text. */
function clustersEvents(text: string): Array<{ clusters: Array<{ name: string; functionCount: number }> }> {
  return [...text.matchAll(/event: clusters\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]) as { clusters: Array<{ name: string; functionCount: number }> });
}

describe.skipIf(!runnable)("per-user reads in proxy mode, on a real kube-apiserver", () => {
  let stack: RealStack;
  let app: ServerApp;
  let dir: string;
  const kubectl = (args: string[], input?: string) => {
    const r = spawnSync(stack.kubectl, ["--kubeconfig", stack.kubeconfigs.admin, ...args], { encoding: "utf8", input, timeout: 60_000 });
    if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  const apply = (objs: unknown[]) => kubectl(["apply", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items: objs }));

  beforeAll(async () => {
    stack = await startRealStack();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "per-user-reads-"));
    for (const ns of ["team-a", "team-b"]) kubectl(["create", "namespace", ns]);
    apply([
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "function-reader" },
        rules: [{ apiGroups: [ACK_GROUP], resources: [FUNCTION_PLURAL], verbs: ["get", "list", "watch"] }],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "team-a-devs-read-functions", namespace: "team-a" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "function-reader" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "team-a-devs" }],
      },
      manifest("team-a", "orders"),
      manifest("team-b", "billing"),
      manifest("team-b", "payroll"),
    ]);
    app = await startServerApp(
      {
        KUBECONFIG: stack.kubeconfigs.dashboard,
        ACK_FLEET_AUTH_MODE: "proxy",
        ACK_FLEET_PROXY_SECRET: PROXY_SECRET,
        ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}`,
        ACK_FLEET_AWS_ENDPOINT: stack.motoUrl,
      },
      { roles: { readAws: false } },
    );
    routes.list = (await import("./functions/route")).GET as Handler;
    routes.detail = (await import("./functions/[cluster]/[namespace]/[name]/route")).GET as unknown as Handler;
    routes.timeline = (await import("./functions/[cluster]/[namespace]/[name]/timeline/route")).GET as unknown as Handler;
    routes.me = (await import("./me/route")).GET as Handler;
    routes.audit = (await import("./audit/route")).GET as Handler;
    routes.needsAction = (await import("./remediations/needs-action/route")).GET as Handler;
    routes.healthz = (await import("./healthz/route")).GET as Handler;
    routes.stream = (await import("./stream/route")).GET as Handler;
    routes.exportFunctions = (await import("./export/functions/route")).GET as Handler;
    routes.exportAudit = (await import("./export/audit/route")).GET as Handler;
    routes.exportManifests = (await import("./export/manifests/route")).GET as Handler;
    await until("the three Functions listed", () => (app.fleet.rows().length === 3 ? true : null), 30_000);
  }, 120_000);

  afterAll(async () => {
    await stopServerApp(app);
    await stack?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists for each person only the Functions of the namespaces they may list, and counts only those", async () => {
    const ids = async (as: As) => {
      const r = await call("list", "/api/functions", as);
      expect(r.status).toBe(200);
      const body = FunctionListResponseSchema.parse(r.body);
      const counted = Object.values(body.clusters[0].healthCounts ?? {}).reduce((a, b) => a + (b ?? 0), 0);
      return { ids: body.items.map((i) => i.id).sort(), total: body.total, count: body.clusters[0].functionCount, counted };
    };
    expect(await ids(VICTOR)).toEqual({ ids: [`${CLUSTER}/team-a/orders`, `${CLUSTER}/team-b/billing`, `${CLUSTER}/team-b/payroll`], total: 3, count: 3, counted: 3 });
    expect(await ids(CAROL)).toEqual({ ids: [`${CLUSTER}/team-a/orders`], total: 1, count: 1, counted: 1 });
    expect(await ids(MALLORY)).toEqual({ ids: [], total: 0, count: 0, counted: 0 });
    // A namespace asked for by name does not get around it.
    const asked = await call("list", "/api/functions?namespace=team-b", CAROL);
    expect(asked.body).toMatchObject({ items: [], total: 0 });
  });

  it("answers 404 (never 403) for the detail, timeline and permissions of a Function the person may not list", async () => {
    for (const [route, url] of [
      ["detail", "/api/functions/x/team-b/billing"],
      ["timeline", "/api/functions/x/team-b/billing/timeline"],
    ] as const) {
      const hidden = await call(route, url, CAROL, fnParams("team-b", "billing"));
      const absent = await call(route, url, CAROL, fnParams("team-b", "no-such-function"));
      expect(hidden.status, route).toBe(404);
      // The same answer as for a Function that does not exist: nothing tells them apart.
      expect(hidden.body.error!.message.replace("billing", "X"), route).toBe(absent.body.error!.message.replace("no-such-function", "X"));
      expect((await call(route, url, VICTOR, fnParams("team-b", "billing"))).status, route).toBe(200);
    }
    const detail = await call("detail", "/api/functions/x/team-a/orders", CAROL, fnParams("team-a", "orders"));
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: `${CLUSTER}/team-a/orders`, object: { spec: { name: "aws-orders" } } });
    expect((await call("detail", "/api/functions/x/team-a/orders", MALLORY, fnParams("team-a", "orders"))).status).toBe(404);
    expect((await call("me", `/api/me?function=${CLUSTER}/team-b/billing`, CAROL)).status).toBe(404);
    expect((await call("me", `/api/me?function=${CLUSTER}/team-a/orders`, CAROL)).status).toBe(200);
  });

  it("filters needs-action and the health summary the same way", async () => {
    const healthz = async (as: As) => ((await call("healthz", "/api/healthz", as)).body as { clusters: Array<{ functionCount: number }> }).clusters[0].functionCount;
    expect([await healthz(VICTOR), await healthz(CAROL), await healthz(MALLORY)]).toEqual([3, 1, 0]);
    const needs = async (as: As) => ((await call("needsAction", "/api/remediations/needs-action", as)).body as { items: Array<{ namespace: string }> }).items;
    const all = await needs(VICTOR);
    expect((await needs(CAROL)).map((i) => i.namespace)).toEqual(all.filter((i) => i.namespace === "team-a").map((i) => i.namespace));
    expect(await needs(MALLORY)).toEqual([]);
  });

  it("leaves audit entries of hidden Functions out of the audit log", async () => {
    const entry = async (namespace: string, name: string) =>
      await app.stores.audit.append({
        requestId: `req-${namespace}-${name}`,
        phase: "refused",
        actor: { user: "someone@ops.example", groups: [] },
        cluster: CLUSTER,
        namespace,
        name,
        uid: null,
        action: "remove-finalizer",
        reason: `secret plans for ${name}`,
        preconditions: {},
        dryRun: null,
        outcome: "refused",
        error: "denied",
        status: 403,
      });
    await entry("team-a", "orders");
    await entry("team-b", "billing");
    const names = async (as: As) => ((await call("audit", "/api/audit", as)).body as { items: Array<{ name: string }> }).items.map((i) => i.name).sort();
    expect(await names(VICTOR)).toEqual(["billing", "orders"]);
    expect(await names(CAROL)).toEqual(["orders"]);
    expect(await names(MALLORY)).toEqual([]);
    // Filtered while paging: the newest entry (billing) is hidden from carol, the next is hers.
    const first = async (as: As) => ((await call("audit", "/api/audit?limit=1", as)).body as { items: Array<{ name: string }> }).items.map((i) => i.name);
    expect(await first(VICTOR)).toEqual(["billing"]);
    expect(await first(CAROL)).toEqual(["orders"]);
  });

  it("leaves hidden Functions out of every export: the tables, the audit log and the manifests archive", async () => {
    const text = async (route: "exportFunctions" | "exportAudit" | "exportManifests", url: string, as: As) => {
      const res = await routes[route](get(url, proxyHeaders(as)), { params: Promise.resolve({}) });
      expect(res.status, `${route} ${url}`).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      return route === "exportManifests" ? gunzipSync(bytes).toString("utf8") : bytes.toString("utf8");
    };
    for (const format of ["csv", "json"]) {
      const victor = await text("exportFunctions", `/api/export/functions?format=${format}`, VICTOR);
      const carol = await text("exportFunctions", `/api/export/functions?format=${format}`, CAROL);
      expect(victor, format).toContain("billing");
      expect(carol, format).toContain("orders");
      expect(carol, format).not.toContain("team-b");
      expect(await text("exportFunctions", `/api/export/functions?format=${format}`, MALLORY), format).not.toMatch(/orders|billing|payroll/);
    }
    expect(await text("exportAudit", "/api/export/audit?format=json", VICTOR)).toContain("secret plans for billing");
    const carolAudit = await text("exportAudit", "/api/export/audit?format=csv", CAROL);
    expect(carolAudit).toContain("secret plans for orders");
    expect(carolAudit).not.toContain("billing");
    // The archive holds one file per object and namespace: carol's has team-a only.
    const victorTar = await text("exportManifests", "/api/export/manifests", VICTOR);
    expect(victorTar).toContain(`${CLUSTER}/team-b/`);
    expect(victorTar).toContain("aws-billing");
    const carolTar = await text("exportManifests", "/api/export/manifests", CAROL);
    expect(carolTar).toContain("aws-orders");
    expect(carolTar).not.toContain("aws-billing");
    expect(carolTar).not.toContain(`${CLUSTER}/team-b/`);
    expect(await text("exportManifests", "/api/export/manifests", MALLORY)).not.toMatch(/aws-orders|aws-billing/);
  });

  it("streams to each person only the rows and summaries of what they may list", async () => {
    const victor = openStream(VICTOR);
    const carol = openStream(CAROL);
    try {
      await until("both streams open", () => (victor.state.text.includes("event: hello") && carol.state.text.includes("event: hello") ? true : null));
      apply([manifest("team-b", "invoices")]);
      await until("victor sees the team-b Function", () => (victor.state.text.includes("team-b/invoices") ? true : null), 20_000);
      apply([manifest("team-a", "carts")]);
      // Events reach a stream in the hub's order: once carol has the later one, the earlier was decided.
      await until("carol sees the team-a Function", () => (carol.state.text.includes("team-a/carts") ? true : null), 20_000);
      await until("victor's summaries count 5", () => (clustersEvents(victor.state.text).some((e) => e.clusters[0].functionCount === 5) ? true : null), 20_000);
      await until("carol's summaries count 2", () => (clustersEvents(carol.state.text).some((e) => e.clusters[0].functionCount === 2) ? true : null), 20_000);
      expect(carol.state.text).not.toContain("team-b");
      expect(Math.max(...clustersEvents(carol.state.text).map((e) => e.clusters[0].functionCount))).toBe(2);
    } finally {
      await Promise.all([victor.close(), carol.close()]);
    }
  });
});
