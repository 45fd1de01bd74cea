/**
 * The HTTP contract of /api/functions, /api/functions/{c}/{ns}/{name} and /api/healthz,
 * through the real route handlers, the real fleet and a simulated cluster and Lambda API.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import { FunctionListResponseSchema } from "@/lib/domain/wire/fleet";
import { HealthzSchema } from "@/lib/domain/wire/healthz";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { FN_RESOURCE, TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import { LambdaApiSim } from "@/sim/lambda";
import type { ServerApp } from "@/lib/server/app";
import { startServerApp, stopServerApp } from "@/test/server-app";

const ACCOUNT = "111122223333";
const KEY = { accessKeyId: "AKIDROUTETEST0001", secretAccessKey: "route-secret-value-123" };
let kube: KubeApiSim;
let lambda: LambdaApiSim;
let app: ServerApp;
let list: (req: Request) => Promise<Response>;
let detail: (req: Request, ctx: { params: Promise<{ cluster: string; namespace: string; name: string }> }) => Promise<Response>;
let healthz: (req: Request) => Promise<Response>;

const get = async (qs: string) => {
  const res = await list(new Request(`http://127.0.0.1/api/functions${qs}`));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
};

beforeAll(async () => {
  kube = new KubeApiSim(testSimOptions({ name: "route-test" }));
  await kube.start();
  lambda = new LambdaApiSim({ accounts: { [KEY.accessKeyId]: ACCOUNT } });
  await lambda.start();
  kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
  for (let i = 0; i < 12; i++) {
    const m = functionManifest(`fn-${i}`, "team-a", { finalizers: [ACK_FUNCTION_FINALIZER] });
    kube.store.put({
      ...m,
      status: {
        ackResourceMetadata: { ownerAccountID: ACCOUNT, region: "eu-west-1" },
        state: "Active",
        conditions: [{ type: "ACK.ResourceSynced", status: "True", message: i === 3 ? '<img src=x onerror="alert(1)">' : "Resource synced successfully" }],
      },
    } as never);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "route-test-"));
  const creds = path.join(dir, "creds.json");
  fs.writeFileSync(creds, JSON.stringify({ [ACCOUNT]: KEY }));
  writeKubeconfig(path.join(dir, "kubeconfig"), [{ name: "route-test", url: kube.url, token: TOKENS.dashboard }]);
  app = await startServerApp({
    KUBECONFIG: path.join(dir, "kubeconfig"),
    ACK_FLEET_AWS_ENDPOINT: lambda.url,
    ACK_FLEET_AWS_CREDENTIALS_FILE: creds,
    ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}`,
  });
  ({ GET: list } = await import("./route"));
  ({ GET: detail } = await import("./[cluster]/[namespace]/[name]/route"));
  ({ GET: healthz } = await import("../healthz/route"));
  // Wait for the list to arrive.
  for (let i = 0; i < 100; i++) {
    const r = await get("");
    if ((r.body.items as unknown[] | undefined)?.length === 12) break;
    await new Promise((res) => setTimeout(res, 100));
  }
});

afterAll(async () => {
  await stopServerApp(app);
  await Promise.all([kube?.stop(), lambda?.stop()]);
});

describe("GET /api/functions", () => {
  it("returns every row in the documented shape", async () => {
    const r = await get("");
    expect(r.status).toBe(200);
    const parsed = FunctionListResponseSchema.parse(r.body);
    expect(parsed.items).toHaveLength(12);
    expect(parsed.clusters[0]).toMatchObject({ name: "route-test", connected: true, functionCount: 12 });
  });

  it("pages with a cursor", async () => {
    const first = await get("?sort=name&limit=5");
    const page1 = FunctionListResponseSchema.parse(first.body);
    expect(page1.items).toHaveLength(5);
    const second = FunctionListResponseSchema.parse((await get(`?sort=name&limit=5&cursor=${page1.nextCursor}`)).body);
    expect(second.items[0].name > page1.items[4].name).toBe(true);
  });

  it.each([
    ["?bogus=1", /unknown query parameter/],
    ["?health=nope", /invalid health/],
    ["?limit=-3", /at least 1/],
    ["?cluster=elsewhere", /unknown cluster elsewhere/],
    ["?cursor=%00%01", /cursor/],
  ])("answers 400 with a clear message for %s", async (qs, re) => {
    const r = await get(qs);
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe("bad_request");
    expect(r.body.error?.message).toMatch(re);
  });

  it("answers 304 to If-None-Match until the fleet changes", async () => {
    const plain = await list(new Request("http://127.0.0.1/api/functions?sort=name"));
    const etag = plain.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    expect(plain.headers.get("cache-control")).toBe("private, no-cache");
    expect(FunctionListResponseSchema.parse(await plain.json()).items.map((r) => r.name)).toEqual(Array.from({ length: 12 }, (_, i) => `fn-${i}`).sort());

    const notModified = await list(new Request("http://127.0.0.1/api/functions?sort=name", { headers: { "if-none-match": `"other", ${etag}` } }));
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    // Another query has another tag.
    const other = await list(new Request("http://127.0.0.1/api/functions?sort=name&limit=3"));
    expect(other.headers.get("etag")).not.toBe(etag);

    // A change in the cluster: a new version, a new tag, the new row in the body.
    kube.store.put({ ...functionManifest("fn-new", "team-a"), status: { ackResourceMetadata: { ownerAccountID: ACCOUNT, region: "eu-west-1" } } } as never);
    let changed: Response | null = null;
    for (let i = 0; i < 100 && !changed; i++) {
      const r = await list(new Request("http://127.0.0.1/api/functions?sort=name", { headers: { "if-none-match": etag } }));
      if (r.status === 200) changed = r;
      else await new Promise((res) => setTimeout(res, 50));
    }
    expect(changed?.headers.get("etag")).not.toBe(etag);
    expect(FunctionListResponseSchema.parse(await changed!.json()).items.map((r) => r.name)).toContain("fn-new");
    kube.store.delete(FN_RESOURCE, "team-a", "fn-new", { force: true });
    for (let i = 0; i < 100 && (FunctionListResponseSchema.parse((await get("")).body).items.length !== 12); i++) await new Promise((res) => setTimeout(res, 50));
  });

  it("never puts a credential in a response", async () => {
    const r = await get("");
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(KEY.secretAccessKey);
    expect(text).not.toContain(TOKENS.dashboard);
  });
});

describe("GET /api/functions/{cluster}/{namespace}/{name}", () => {
  const call = async (cluster: string, namespace: string, name: string) => {
    const res = await detail(new Request("http://127.0.0.1/x"), { params: Promise.resolve({ cluster, namespace, name }) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("returns the row, the object, events and eligibility", async () => {
    const r = await call("route-test", "team-a", "fn-3");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: "route-test/team-a/fn-3", events: expect.any(Array) });
    expect((r.body.object as { metadata: { name: string } }).metadata.name).toBe("fn-3");
    expect(Object.keys(r.body.eligibility as object).sort()).toEqual(["delete-aws-function", "remove-finalizer", "request-deletion", "retain-and-delete"]);
    // A hostile message is data, returned as the same string (the UI renders it as text).
    expect(JSON.stringify(r.body.conditions)).toContain("<img src=x onerror=");
  });

  it("answers 404 for an unknown cluster or Function", async () => {
    expect((await call("nope", "team-a", "fn-3")).status).toBe(404);
    const r = await call("route-test", "team-a", "missing");
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: { code: "not_found" } });
  });
});

describe("GET /api/healthz", () => {
  it("reports each cluster", async () => {
    const res = await healthz(new Request("http://127.0.0.1/api/healthz"));
    expect(res.status).toBe(200);
    const body = HealthzSchema.parse(await res.json());
    expect(body).toMatchObject({ status: "ok", roles: { recordTimeline: true, readAws: true }, clusters: [{ name: "route-test", connected: true }] });
  });
});
