/**
 * GET /api/functions/{cluster}/{namespace}/{name}/timeline and GET /api/stream through the real
 * route handlers, the real fleet, recorder and SQLite store, against a simulated cluster.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import { FunctionDetailSchema } from "@/lib/domain/wire/detail";
import { TimelineResponseSchema } from "@/lib/domain/wire/timeline";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import type { ServerApp } from "@/lib/server/app";
import { startServerApp, stopServerApp } from "@/test/server-app";

let kube: KubeApiSim;
let app: ServerApp;
type Ctx = { params: Promise<{ cluster: string; namespace: string; name: string }> };
let timelineGet: (req: Request, ctx: Ctx) => Promise<Response>;
let detailGet: (req: Request, ctx: Ctx) => Promise<Response>;
let streamGet: (req: Request) => Promise<Response>;

const call = async (name: string, qs = "", cluster = "tl-test") => {
  const res = await timelineGet(new Request(`http://127.0.0.1/api/functions/${cluster}/team-a/${name}/timeline${qs}`), {
    params: Promise.resolve({ cluster, namespace: "team-a", name }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
};

beforeAll(async () => {
  kube = new KubeApiSim(testSimOptions({ name: "tl-test" }));
  await kube.start();
  const m = functionManifest("fn-1", "team-a", { finalizers: [ACK_FUNCTION_FINALIZER] });
  kube.store.put({
    ...m,
    metadata: { ...m.metadata, creationTimestamp: "2025-01-01T00:00:00Z" },
    status: { state: "Pending", conditions: [{ type: "ACK.ResourceSynced", status: "False", lastTransitionTime: "2025-01-01T00:00:30Z", message: "<script>alert(1)</script>" }] },
  } as never);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "timeline-route-"));
  writeKubeconfig(path.join(dir, "kubeconfig"), [{ name: "tl-test", url: kube.url, token: TOKENS.dashboard }]);
  app = await startServerApp({ KUBECONFIG: path.join(dir, "kubeconfig"), ACK_FLEET_STORE: `sqlite:${path.join(dir, "data", "history.db")}` });
  ({ GET: timelineGet } = await import("./route"));
  ({ GET: detailGet } = await import("../route"));
  ({ GET: streamGet } = await import("@/app/api/stream/route"));
  for (let i = 0; i < 100; i++) {
    const r = await call("fn-1");
    if (r.status === 200 && (r.body.entries as unknown[]).length >= 3) break;
    await new Promise((res) => setTimeout(res, 100));
  }
});

afterAll(async () => {
  await stopServerApp(app);
  await kube?.stop();
});

describe("GET .../timeline", () => {
  it("returns the seeded history in the documented shape, hostile text as data", async () => {
    const r = await call("fn-1");
    expect(r.status).toBe(200);
    const body = TimelineResponseSchema.parse(r.body);
    expect(body.functionId).toBe("tl-test/team-a/fn-1");
    expect(body.entries.map((e) => [e.kind, e.value, e.source])).toEqual([
      ["created", null, "reconstructed"],
      // No status.lastModified: the state's start is bounded by the creation.
      ["state", "Pending", "reconstructed"],
      ["condition", "False", "reconstructed"],
    ]);
    expect(body.entries[2].message).toBe("<script>alert(1)</script>");
  });

  it("filters by range, keeping the value each lane had when the range starts", async () => {
    const r = TimelineResponseSchema.parse((await call("fn-1", "?since=2025-01-01T00:00:10Z&until=1735689700000")).body);
    expect(r.since).toBe("2025-01-01T00:00:10.000Z");
    // created and the state lie before the range: they say what held when it starts.
    expect(r.entries.map((e) => e.kind)).toEqual(["created", "state", "condition"]);
    const later = TimelineResponseSchema.parse((await call("fn-1", "?since=2025-01-01T00:01:00Z&until=2025-01-01T00:02:00Z")).body);
    expect(later.entries.map((e) => e.kind)).toEqual(["created", "state", "condition"]);
    expect(later.entries.every((e) => Date.parse(e.at) < Date.parse("2025-01-01T00:01:00Z"))).toBe(true);
  });

  it("shows remediation from the audit log as markers", async () => {
    app.stores.audit.append({
      requestId: "req-1",
      phase: "attempt",
      actor: { user: "alice", groups: [] },
      cluster: "tl-test",
      namespace: "team-a",
      name: "fn-1",
      uid: null,
      action: "request-deletion",
      reason: "decommissioned",
      preconditions: {},
      dryRun: null,
      outcome: null,
      error: null,
      status: null,
    });
    const r = TimelineResponseSchema.parse((await call("fn-1")).body);
    expect(r.entries.at(-1)).toMatchObject({ kind: "remediation", value: "request-deletion", message: "alice: decommissioned" });
  });

  it.each([
    ["?since=soon", 400, /since is not an ISO 8601 time/],
    ["?until=1&since=2", 400, /since must not be after until/],
    ["?page=2", 400, /unknown query parameter page/],
  ])("answers %s with %i", async (qs, status, message) => {
    const r = await call("fn-1", qs);
    expect(r.status).toBe(status);
    expect(r.body.error?.message).toMatch(message);
  });

  it("answers 404 for an unknown cluster and for a Function with no history", async () => {
    expect((await call("fn-1", "", "elsewhere")).status).toBe(404);
    const r = await call("never-existed");
    expect(r.status).toBe(404);
    expect(r.body.error?.code).toBe("not_found");
  });

  it("is the one place the timeline is served: the detail answer carries none, it carries the cluster's summary", async () => {
    const res = await detailGet(new Request("http://127.0.0.1/x"), { params: Promise.resolve({ cluster: "tl-test", namespace: "team-a", name: "fn-1" }) });
    const raw = (await res.json()) as Record<string, unknown>;
    expect(raw).not.toHaveProperty("timeline");
    const body = FunctionDetailSchema.parse(raw);
    expect(body.clusterSummary).toMatchObject({ name: "tl-test", connected: true });
  });
});

describe("GET /api/stream", () => {
  it("streams SSE with the no-buffering headers and ends when the client aborts", async () => {
    const ac = new AbortController();
    const res = await streamGet(new Request("http://127.0.0.1/api/stream", { signal: ac.signal, headers: { "Accept-Encoding": "gzip" } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    const reader = res.body!.getReader();
    let text = "";
    while (!text.includes("event: hello")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/id: [0-9a-z]+-\d+\nevent: hello/);
    ac.abort();
    expect((await reader.read()).done).toBe(true);
  });
});
