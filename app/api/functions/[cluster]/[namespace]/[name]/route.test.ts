/**
 * GET /api/functions/{cluster}/{namespace}/{name} reads the object from its cluster when asked
 * (the fleet keeps facts, not objects): through the real route handler, the real fleet and a
 * simulated cluster. The cluster's watch is stopped for the cases below, so that what the
 * fleet holds and what the cluster holds differ, as between a list and a detail request.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FunctionDetailSchema } from "@/lib/domain/wire/detail";
import type { ServerApp } from "@/lib/server/app";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { KubeApiSim } from "@/sim/kube/server";
import { FN_RESOURCE, TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import { LambdaApiSim } from "@/sim/lambda";
import { startServerApp, stopServerApp } from "@/test/server-app";
import { until } from "@/test/until";

const ACCOUNT = "111122223333";
const KEY = { accessKeyId: "AKIDDETAILTEST001", secretAccessKey: "detail-secret-value-123" };
const ENV_VALUE = "detail-route-env-value-9f2c";
const CLUSTER = "detail-test";
let kube: KubeApiSim;
let lambda: LambdaApiSim;
let app: ServerApp;
let dir: string;
let detail: (req: Request, ctx: { params: Promise<{ cluster: string; namespace: string; name: string }> }) => Promise<Response>;

const get = async (namespace: string, name: string) => {
  const res = await detail(new Request(`http://127.0.0.1/api/functions/${CLUSTER}/${namespace}/${name}`), { params: Promise.resolve({ cluster: CLUSTER, namespace, name }) });
  return { status: res.status, text: await res.text() };
};

const put = (name: string, labels: Record<string, string> = {}) => {
  const m = functionManifest(name, "team-a", { labels });
  kube.store.put({
    ...m,
    spec: { ...m.spec, environment: { variables: { API_TOKEN: ENV_VALUE } } },
    status: { ackResourceMetadata: { ownerAccountID: ACCOUNT, region: "eu-west-1" }, state: "Active", conditions: [{ type: "ACK.ResourceSynced", status: "True" }] },
  } as never);
};

beforeAll(async () => {
  kube = new KubeApiSim(testSimOptions({ name: CLUSTER }));
  await kube.start();
  lambda = new LambdaApiSim({ accounts: { [KEY.accessKeyId]: ACCOUNT } });
  await lambda.start();
  kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
  put("changed");
  put("deleted");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "detail-route-"));
  fs.writeFileSync(path.join(dir, "creds.json"), JSON.stringify({ [ACCOUNT]: KEY }));
  writeKubeconfig(path.join(dir, "kubeconfig"), [{ name: CLUSTER, url: kube.url, token: TOKENS.dashboard }]);
  app = await startServerApp({
    KUBECONFIG: path.join(dir, "kubeconfig"),
    ACK_FLEET_AWS_ENDPOINT: lambda.url,
    ACK_FLEET_AWS_CREDENTIALS_FILE: path.join(dir, "creds.json"),
    ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}`,
  });
  ({ GET: detail } = await import("./route"));
  const conn = app.fleet.clusters.get(CLUSTER)!;
  await until("both Functions listed, the cluster connected", () => (app.fleet.rows().length === 2 && conn.state.connected ? true : null), 30_000);
  // From here on the fleet hears nothing more from the cluster (its state stays connected).
  conn.stop();
}, 60_000);

afterAll(async () => {
  await stopServerApp(app);
  await Promise.all([kube?.stop(), lambda?.stop()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the detail answer's object", () => {
  it("is the object as the cluster has it now, not as the fleet last heard it, environment values hidden", async () => {
    put("changed", { revision: "after-the-list" });
    const r = await get("team-a", "changed");
    expect(r.status).toBe(200);
    const body = FunctionDetailSchema.parse(JSON.parse(r.text));
    const object = body.object as { metadata: { labels?: Record<string, string>; uid?: string }; spec: { environment: { variables: Record<string, string> } }; status: { state: string } };
    expect(object.metadata.labels).toEqual({ revision: "after-the-list" });
    expect(object.metadata.uid).toBe(app.fleet.facts(`${CLUSTER}/team-a/changed`)?.uid);
    expect(object.status.state).toBe("Active");
    expect(Object.keys(object.spec.environment.variables)).toEqual(["API_TOKEN"]);
    expect(r.text).not.toContain(ENV_VALUE);
    // The row is the fleet's.
    expect(body.id).toBe(`${CLUSTER}/team-a/changed`);
  });

  it("answers 404 for a Function deleted between the list and the detail request", async () => {
    expect(app.fleet.row(`${CLUSTER}/team-a/deleted`)).not.toBeNull();
    kube.store.delete(FN_RESOURCE, "team-a", "deleted", { force: true });
    const r = await get("team-a", "deleted");
    expect(r.status).toBe(404);
    expect(JSON.parse(r.text)).toMatchObject({ error: { code: "not_found" } });
  });
});
