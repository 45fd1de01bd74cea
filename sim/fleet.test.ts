/**
 * The demo fleet end to end: 3 clusters over HTTPS, read with the kubeconfig the fleet wrote
 * (client-node, and kubectl when installed), the live controller models keeping the seeded
 * situations, data surviving a cluster outage.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { AppsV1Api, CustomObjectsApi, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER, CONDITION, CONTROLLER_NAMESPACE, CONTROLLER_VERSION_LABEL, PENDING_MESSAGE } from "@/lib/domain/ack";
import type { FunctionObject } from "./controller/types";
import { startSimFleet, type SimFleet } from "./fleet";
import { SEED_CASE, XSS_PROBE } from "./scenarios/catalog";

const FN = { group: "lambda.services.k8s.aws", version: "v1alpha1", plural: "functions" } as const;
const run = promisify(execFile);

async function kubectlAvailable(): Promise<boolean> {
  try {
    await run("kubectl", ["version", "--client"], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

function clientFor(fleet: SimFleet, context: string) {
  const kc = new KubeConfig();
  kc.loadFromFile(fleet.kubeconfigPath);
  kc.setCurrentContext(context);
  return { custom: kc.makeApiClient(CustomObjectsApi), apps: kc.makeApiClient(AppsV1Api) };
}

async function listFunctions(fleet: SimFleet, context: string): Promise<FunctionObject[]> {
  const res = (await clientFor(fleet, context).custom.listClusterCustomObject(FN)) as { items: FunctionObject[] };
  return res.items;
}

describe("startSimFleet (demo)", () => {
  let fleet: SimFleet;
  let dir: string;
  const hasKubectl = kubectlAvailable();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sim-fleet-"));
    fleet = await startSimFleet({
      dir,
      seed: 11,
      scenario: "demo",
      timing: { requeueMs: 150, deletingRequeueMs: 100, lambdaPendingMs: 300, lambdaDeletingMs: 0 },
    });
  });
  afterAll(async () => {
    await fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves about 150 Functions on 3 clusters with controllers 1.14.1, 1.7.3, 1.14.1", async () => {
    expect(fleet.clusters.map((c) => [c.name, c.controllerVersion])).toEqual([
      ["prod-eu", "1.14.1"],
      ["prod-us", "1.7.3"],
      ["staging", "1.14.1"],
    ]);
    let total = 0;
    for (const c of fleet.clusters) {
      const items = await listFunctions(fleet, c.name);
      total += items.length;
      const deployments = await clientFor(fleet, c.name).apps.listNamespacedDeployment({ namespace: CONTROLLER_NAMESPACE });
      expect(deployments.items.map((d) => d.metadata?.labels?.[CONTROLLER_VERSION_LABEL])).toEqual([c.controllerVersion]);
    }
    expect(total).toBe(150);
  });

  it("is the plan of the seed: same names as a second plan with that seed", async () => {
    const listed = (await Promise.all(fleet.clusters.map(async (c) => (await listFunctions(fleet, c.name)).map((f) => `${c.name}/${f.metadata.namespace}/${f.metadata.name}`)))).flat();
    const planned = fleet.plan.clusters.flatMap((c) => c.functions.map((f) => `${c.name}/${f.object.metadata.namespace}/${f.object.metadata.name}`));
    expect(listed.sort()).toEqual(planned.sort());
  });

  it("keeps the seed case stuck under the live 1.7.3 controller", async () => {
    await new Promise((r) => setTimeout(r, 800)); // several requeues of 150 ms
    const items = await listFunctions(fleet, SEED_CASE.cluster);
    const seed = items.find((f) => f.metadata.namespace === SEED_CASE.namespace && f.metadata.name === SEED_CASE.name);
    expect(seed?.metadata.deletionTimestamp).toBeTruthy();
    expect(seed?.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
    expect(seed?.status?.state).toBe("Pending");
    expect(seed?.status?.conditions?.find((c) => c.type === CONDITION.recoverable)?.message).toBe(PENDING_MESSAGE);
    const aws = fleet.lambda.getFunction(seed!.status!.ackResourceMetadata!.ownerAccountID, seed!.status!.ackResourceMetadata!.region, seed!.spec.name);
    expect(aws?.State).toBe("Active");
  });

  it("seeds exactly the status the live controllers write: nothing seeded with a status moves", async () => {
    await new Promise((r) => setTimeout(r, 500));
    const moved: string[] = [];
    fleet.clusters.forEach((c, i) => {
      for (const f of fleet.plan.clusters[i].functions) {
        if (!f.object.status) continue; // fresh ones are created by the controller, unmapped ones never get one
        const live = c.kube.store.get("functions.lambda.services.k8s.aws", f.object.metadata.namespace, f.object.metadata.name);
        if (JSON.stringify(live?.status) !== JSON.stringify(f.object.status)) moved.push(`${c.name}/${f.object.metadata.namespace}/${f.object.metadata.name} (${f.intent})`);
      }
    });
    expect(moved).toEqual([]);
  });

  it("lets the 1.14.1 controllers create the freshly applied Functions", async () => {
    const fresh = fleet.plan.clusters.find((c) => c.name === "prod-eu")!.functions.find((f) => f.intent === "progressing" && !f.object.status)!;
    await expect
      .poll(async () => (await listFunctions(fleet, "prod-eu")).find((f) => f.metadata.name === fresh.object.metadata.name)?.status?.state, { timeout: 8_000, interval: 100 })
      .toBe("Active");
  });

  it("shows the XSS probe as data in a condition message", async () => {
    const items = await listFunctions(fleet, "staging");
    expect(items.some((f) => f.status?.conditions?.some((c) => c.message?.includes(XSS_PROBE)))).toBe(true);
  });

  it("keeps the data of a cluster across stopCluster / startCluster", async () => {
    const before = (await listFunctions(fleet, "staging")).map((f) => `${f.metadata.uid}`).sort();
    await fleet.stopCluster("staging");
    await expect(listFunctions(fleet, "staging")).rejects.toThrow();
    await fleet.startCluster("staging");
    const after = (await listFunctions(fleet, "staging")).map((f) => `${f.metadata.uid}`).sort();
    expect(after).toEqual(before);
    expect(fleet.clusters.find((c) => c.name === "staging")?.controller?.running).toBe(true);
  });

  it("works with kubectl get functions -A at once", async () => {
    if (!(await hasKubectl)) {
      console.warn("kubectl not installed: skipping the kubectl check");
      return;
    }
    const { stdout } = await run("kubectl", ["--kubeconfig", fleet.kubeconfigPath, "--context", "prod-us", "get", "functions", "-A", "-o", "name"], { timeout: 20_000 });
    const names = stdout.trim().split("\n");
    expect(names).toContain(`function.lambda.services.k8s.aws/${SEED_CASE.name}`);
    expect(names.length).toBe(fleet.plan.clusters.find((c) => c.name === "prod-us")!.functions.length);
  });
});
