/**
 * The fleet export through the real route handler on the simulated fleet, and its restore: the
 * archive is unpacked with GNU tar, its files hold no server-written fields, and `kubectl apply
 * -R` (the real kubectl) of each cluster's folder into an empty simulated cluster gives back
 * every object with the same spec, labels and annotations; the same into a real kube-apiserver
 * with the ACK Lambda controller's CRDs (realstack/), which validates what it is given.
 */
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerApp } from "@/lib/server/app";
import { kubeRequest } from "@/lib/server/kube/http";
import { findBinaries } from "@/realstack/bins";
import { adminClient } from "@/realstack/kube-setup";
import { startRealStack, type RealStack } from "@/realstack/start";
import { runnableOrReport } from "@/deploy/test-support";
import { startSimFleet, type SimFleet } from "@/sim/fleet";
import { SEED_CASE } from "@/sim/scenarios/catalog";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { until } from "@/test/until";

const KUBECTL = process.env.KUBECTL || "kubectl";
const kubectlFound = spawnSync(KUBECTL, ["version", "--client"], { timeout: 20_000 }).status === 0;
if (!kubectlFound && process.env.CI) throw new Error(`${KUBECTL} is not runnable: the restore test needs kubectl under CI (source scripts/realstack-env.sh)`);
if (!kubectlFound) console.warn(`[export] ${KUBECTL} not runnable (set KUBECTL): skipping the restore test`);
const ALIAS = { apiVersion: "lambda.services.k8s.aws/v1alpha1", kind: "Alias", metadata: { name: "live", namespace: SEED_CASE.namespace, annotations: { "example.com/owner": "checkout-team" } }, spec: { name: "live", functionName: "order-events-processor", functionVersion: "$LATEST" } };

let sim: SimFleet;
let target: SimFleet;
let dir: string;
let app: ServerApp;
let exportRoute: (req: Request) => Promise<Response>;

const adminOf = (fleet: SimFleet, cluster: string) => {
  const kc = new KubeConfig();
  kc.loadFromFile(fleet.adminKubeconfigPath);
  kc.setCurrentContext(cluster);
  return kc;
};

type Obj = { metadata: { name: string; namespace: string; labels?: object; annotations?: object }; spec: unknown };
async function objectsOf(fleet: SimFleet | KubeConfig, cluster: string, plural: string): Promise<Map<string, Obj>> {
  const kc = fleet instanceof KubeConfig ? fleet : adminOf(fleet, cluster);
  const r = await kubeRequest(kc, { path: `/apis/lambda.services.k8s.aws/v1alpha1/${plural}` });
  expect(r.status).toBe(200);
  return new Map(((r.body as { items: Obj[] }).items).map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o]));
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 120_000, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

async function download(query = ""): Promise<{ res: Response; file: string; out: string }> {
  const res = await exportRoute(new Request(`http://127.0.0.1:3000/api/export/manifests${query}`, { headers: { host: "127.0.0.1:3000" } }));
  const file = path.join(dir, `export-${Date.now()}.tar.gz`);
  if (res.status === 200) fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const out = fs.mkdtempSync(path.join(dir, "unpacked-"));
  return { res, file, out };
}

/** Every Function and Alias of the simulated cluster is in `into` with the same spec, labels and annotations. */
async function expectRestored(cluster: string, into: SimFleet | KubeConfig): Promise<void> {
  for (const plural of ["functions", "aliases"]) {
    const before = await objectsOf(sim, cluster, plural);
    const after = await objectsOf(into, cluster, plural);
    expect([...after.keys()].sort(), `${cluster} ${plural}`).toEqual([...before.keys()].sort());
    for (const [key, o] of before) {
      const restored = after.get(key)!;
      expect(restored.spec, key).toEqual(o.spec);
      expect(restored.metadata.labels ?? {}, key).toEqual(o.metadata.labels ?? {});
      const { "kubectl.kubernetes.io/last-applied-configuration": _applied, ...annotations } = (restored.metadata.annotations ?? {}) as Record<string, string>;
      expect(annotations, key).toEqual(o.metadata.annotations ?? {});
    }
  }
}

beforeAll(async () => {
  ({ sim, dir, app } = await startDashboardOnSim({ prefix: "export-manifests", env: {} }));
  const created = await kubeRequest(adminOf(sim, SEED_CASE.cluster), { method: "POST", path: `/apis/lambda.services.k8s.aws/v1alpha1/namespaces/${SEED_CASE.namespace}/aliases`, body: ALIAS });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  target = await startSimFleet({ dir: path.join(dir, "target"), scenario: "empty", runControllers: false });
  ({ GET: exportRoute } = await import("./route"));
  await until("the fleet listed", () => app.fleet.rows().length === 150, 60_000);
}, 120_000);

afterAll(async () => {
  await target?.stop();
  await stopDashboardOnSim(app, sim, dir);
});

describe("GET /api/export/manifests", () => {
  it("streams a .tar.gz of every ACK Lambda object per cluster and namespace, cleaned for re-apply, with an index", async () => {
    const { res, file, out } = await download();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/gzip");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="ack-lambda-manifests-\d{8}T\d{6}Z\.tar\.gz"$/);
    const untar = await run("tar", ["-xzf", file, "-C", out]);
    expect(untar.stderr).toBe("");
    const index = JSON.parse(fs.readFileSync(path.join(out, "export.json"), "utf8")) as { clusters: Array<{ cluster: string; objects: Record<string, number>; errors: string[] }> };
    expect(index.clusters.map((c) => c.cluster).sort()).toEqual(["prod-eu", "prod-us", "staging"]);
    for (const c of index.clusters) {
      expect(c.errors, c.cluster).toEqual([]);
      expect(c.objects.Function).toBe(sim.plan.clusters.find((p) => p.name === c.cluster)!.functions.length);
    }
    expect(index.clusters.find((c) => c.cluster === SEED_CASE.cluster)!.objects.Alias).toBe(1);

    const seed = parseYaml(fs.readFileSync(path.join(out, SEED_CASE.cluster, SEED_CASE.namespace, "functions", `${SEED_CASE.name}.yaml`), "utf8")) as Record<string, { [k: string]: unknown }>;
    expect(seed.apiVersion).toBe("lambda.services.k8s.aws/v1alpha1");
    expect(seed.kind).toBe("Function");
    expect(seed.status).toBeUndefined();
    for (const k of ["uid", "resourceVersion", "managedFields", "creationTimestamp", "deletionTimestamp", "generation"]) expect(seed.metadata[k], k).toBeUndefined();
    expect(seed.metadata.finalizers).toBeUndefined(); // the ACK finalizer: the controller adds it back
    const live = (await objectsOf(sim, SEED_CASE.cluster, "functions")).get(`${SEED_CASE.namespace}/${SEED_CASE.name}`)!;
    expect(seed.spec).toEqual(live.spec);
    expect(seed.metadata.annotations ?? {}).toEqual(live.metadata.annotations ?? {});
    const ns = parseYaml(fs.readFileSync(path.join(out, SEED_CASE.cluster, SEED_CASE.namespace, "_namespace.yaml"), "utf8")) as { kind: string; metadata: { name: string } };
    expect(ns).toMatchObject({ kind: "Namespace", metadata: { name: SEED_CASE.namespace } });
  });

  it.runIf(kubectlFound)("restores: kubectl apply -R of each cluster's folder into empty clusters gives every object back with its spec, labels and annotations", async () => {
    const { file, out } = await download();
    await run("tar", ["-xzf", file, "-C", out]);
    const env = { ...process.env, HOME: dir, KUBECONFIG: "" };
    for (const c of target.clusters) {
      const r = await run(KUBECTL, ["--kubeconfig", target.adminKubeconfigPath, "--context", c.name, "--cache-dir", path.join(dir, "kcache"), "apply", "-R", "-f", path.join(out, c.name)], env);
      expect(r.code, r.stderr).toBe(0);
    }
    for (const c of sim.clusters) await expectRestored(c.name, target);
  }, 120_000);

  it("exports one cluster's namespaces when asked, and refuses an unknown cluster or a bad query", async () => {
    const { res, file, out } = await download(`?cluster=${SEED_CASE.cluster}&namespace=${SEED_CASE.namespace}`);
    expect(res.status).toBe(200);
    await run("tar", ["-xzf", file, "-C", out]);
    expect(fs.readdirSync(out).sort()).toEqual(["export.json", SEED_CASE.cluster]);
    expect(fs.readdirSync(path.join(out, SEED_CASE.cluster))).toEqual([SEED_CASE.namespace]);
    const unknown = await exportRoute(new Request("http://127.0.0.1:3000/api/export/manifests?cluster=nope", { headers: { host: "127.0.0.1:3000" } }));
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain("unknown cluster nope");
    const bad = await exportRoute(new Request(`http://127.0.0.1:3000/api/export/manifests?namespace=${"x".repeat(64)}`, { headers: { host: "127.0.0.1:3000" } }));
    expect(bad.status).toBe(400);
  });
});

const realStackRunnable = runnableOrReport("restore into a real kube-apiserver", findBinaries().missing.length === 0 ? [] : ["the real-stack binaries are not built (scripts/realstack-build.sh)"]);

describe.runIf(realStackRunnable)("GET /api/export/manifests: restore into a real kube-apiserver", () => {
  let stack: RealStack | undefined;
  beforeAll(async () => {
    stack = await startRealStack();
  }, 180_000);
  afterAll(() => stack?.stop());

  it(`kubectl apply -R of ${SEED_CASE.cluster}'s folder into a real kube-apiserver with the ACK CRDs gives every Function and Alias back with its spec, labels and annotations`, async () => {
    const { file, out } = await download(`?cluster=${SEED_CASE.cluster}`);
    await run("tar", ["-xzf", file, "-C", out]);
    const env = { ...process.env, HOME: dir, KUBECONFIG: "" };
    const r = await run(stack!.kubectl, ["--kubeconfig", stack!.kubeconfigs.admin, "--cache-dir", path.join(dir, "kcache-real"), "apply", "-R", "-f", path.join(out, SEED_CASE.cluster)], env);
    expect(r.code, r.stderr).toBe(0);
    await expectRestored(SEED_CASE.cluster, adminClient(stack!.kubeconfigs.admin));
  }, 120_000);
});
