/**
 * The fleet service end to end over HTTP: two simulated clusters (KubeApiSim) and the
 * simulated Lambda API, with the real adapters (kube list/watch, AWS SDK reader).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER, ANNOTATION, PENDING_MESSAGE, SYNCED_MESSAGES } from "@/lib/domain/ack";
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/diagnose-settings";
import type { FunctionRow } from "@/lib/domain/wire/fleet";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { FN_RESOURCE, TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import { LambdaApiSim } from "@/sim/lambda";
import { controllerDeployment } from "@/sim/controller/deployment";
import { loadClusterContexts } from "../kube/kubeconfig";
import { SdkLambdaReadApi } from "../aws/lambda-api";
import { AwsStateReader } from "../aws/reader";
import { Fleet } from "./fleet";
import { until } from "@/test/until";

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const KEY = { accessKeyId: "AKIDSIMFLEET0001", secretAccessKey: "sim-secret-not-real" };

let a: KubeApiSim;
let b: KubeApiSim;
let lambda: LambdaApiSim;
let fleet: Fleet;

function functionObject(name: string, ns: string, status: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const m = functionManifest(name, ns, { finalizers: [ACK_FUNCTION_FINALIZER] });
  return {
    ...m,
    metadata: { ...m.metadata, creationTimestamp: new Date(Date.now() - 3 * 3600_000).toISOString(), ...extra },
    status: {
      ackResourceMetadata: { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:aws-${name}`, ownerAccountID: ACCOUNT, region: REGION },
      ...status,
    },
  };
}

const pendingBugStatus = {
  state: "Pending",
  lastModified: new Date(Date.now() - 3 * 3600_000).toISOString(),
  conditions: [
    { type: "ACK.Recoverable", status: "True", message: PENDING_MESSAGE, lastTransitionTime: new Date(Date.now() - 40_000).toISOString() },
    { type: "ACK.ResourceSynced", status: "Unknown", message: SYNCED_MESSAGES.unknown, reason: PENDING_MESSAGE, lastTransitionTime: new Date(Date.now() - 40_000).toISOString() },
  ],
};
const healthyStatus = {
  state: "Active",
  lastUpdateStatus: "Successful",
  conditions: [{ type: "ACK.ResourceSynced", status: "True", message: SYNCED_MESSAGES.synced }],
};

const row = (id: string): FunctionRow | null => fleet.row(id);

beforeAll(async () => {
  a = new KubeApiSim(testSimOptions({ name: "alpha" }));
  b = new KubeApiSim(testSimOptions({ name: "beta" }));
  await a.start();
  await b.start();
  lambda = new LambdaApiSim({ accounts: { [KEY.accessKeyId]: ACCOUNT }, rateLimits: { getFunctionPerSec: 0, controlPlanePerSec: 0 } });
  await lambda.start();

  // A running controller: its Deployment reports a ready replica.
  const running = (version: string) => ({ ...controllerDeployment({ version, region: REGION, replicas: 1, deletionPolicy: "delete" }), status: { replicas: 1, readyReplicas: 1 } });
  a.store.put(running("1.7.3") as never);
  b.store.put(running("1.14.1") as never);
  for (const ns of ["team-a"]) {
    a.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    b.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  }
  a.store.put(functionObject("stuck", "team-a", pendingBugStatus) as never);
  b.store.put(functionObject("fine", "team-a", healthyStatus) as never);
  // Hostile and malformed input must not break anything else.
  const weird = functionObject("weird", "team-a", { conditions: "not-a-list", state: 42 });
  a.store.put({ ...weird, metadata: { ...weird.metadata, finalizers: [] } } as never);
  lambda.putFunction(ACCOUNT, REGION, { FunctionName: "aws-stuck", State: "Active", LastUpdateStatus: "Successful" }, {});
  // What the controller would have created from the spec (sim/kube/testkit.ts functionManifest), with its tags.
  lambda.putFunction(
    ACCOUNT,
    REGION,
    { FunctionName: "aws-fine", Runtime: "python3.12", Role: "arn:aws:iam::111122223333:role/lambda", Handler: "index.handler", State: "Active", LastUpdateStatus: "Successful" },
    { "services.k8s.aws/controller-version": "lambda-1.14.1", "services.k8s.aws/namespace": "team-a" },
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-int-"));
  const kubeconfig = path.join(dir, "kubeconfig");
  writeKubeconfig(kubeconfig, [
    { name: "alpha", url: a.url, token: TOKENS.dashboard },
    { name: "beta", url: b.url, token: TOKENS.dashboard },
  ]);
  const aws = new AwsStateReader(new SdkLambdaReadApi({ endpoint: lambda.url, credentials: { [ACCOUNT]: KEY } }), {
    requestsPerSecond: 50,
    concurrency: 4,
    refreshHealthyMs: 500,
    refreshUnhealthyMs: 200,
  });
  fleet = new Fleet(loadClusterContexts([kubeconfig], []), aws, { settings: DEFAULT_DIAGNOSE_SETTINGS, clusterProbeMs: 500 });
  fleet.start();
  aws.start();
});

afterAll(async () => {
  fleet?.stop();
  fleet?.aws.stop();
  await Promise.all([a?.stop(), b?.stop(), lambda?.stop()]);
});

describe("Fleet over the simulated clusters", () => {
  it("lists every Function of every cluster with a verdict from Kubernetes and AWS", async () => {
    const stuck = await until("the stuck row with its AWS state", () => {
      const r = row("alpha/team-a/stuck");
      return r?.aws?.state === "Active" && r.verdict.health === "stuck" ? r : null;
    });
    expect(stuck.statusState).toBe("Pending");
    expect(stuck.verdict.summary).toMatch(/1\.7\.3/);
    const fine = await until("the healthy row", () => (row("beta/team-a/fine")?.aws?.state === "Active" ? row("beta/team-a/fine") : null));
    expect(fine!.verdict, JSON.stringify(fine!.verdict)).toMatchObject({ health: "healthy" });
    const summaries = fleet.clusterSummaries();
    expect(summaries.map((c) => [c.name, c.connected, c.controller?.version])).toEqual([
      ["alpha", true, "1.7.3"],
      ["beta", true, "1.14.1"],
    ]);
  });

  it("keeps a malformed object from breaking the others", async () => {
    const weird = await until("the malformed row", () => row("alpha/team-a/weird") ?? fleet.rejected.get("alpha/team-a/weird"));
    expect(weird).toBeTruthy();
    expect(row("alpha/team-a/stuck")).not.toBeNull();
  });

  it("follows changes through the watch", async () => {
    const obj = a.store.get(FN_RESOURCE, "team-a", "stuck") as Record<string, unknown>;
    a.store.put({ ...obj, metadata: { ...(obj.metadata as object), deletionTimestamp: new Date(Date.now() - 30 * 60_000).toISOString() } } as never);
    const r = await until("the deletion to show", () => (row("alpha/team-a/stuck")?.deletionTimestamp ? row("alpha/team-a/stuck") : null));
    expect(r!.verdict.health).toBe("deletion-blocked");
    a.store.delete(FN_RESOURCE, "team-a", "weird");
    await until("the deleted object to go", () => row("alpha/team-a/weird") === null && !fleet.rejected.has("alpha/team-a/weird"));
  });

  it("applies a namespace's new annotations to its Functions when the namespace changes, without a relist", async () => {
    a.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-ns" } });
    a.store.put(functionManifest("follows-namespace", "team-ns") as never);
    const id = "alpha/team-ns/follows-namespace";
    await until("the Function", () => fleet.facts(id));
    expect(fleet.facts(id)).toMatchObject({ region: null, accountId: null, deletionPolicy: null });
    const annotations = { [ANNOTATION.namespaceDefaultRegion]: REGION, [ANNOTATION.ownerAccountId]: ACCOUNT, [ANNOTATION.namespaceDeletionPolicy]: "retain" };
    a.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-ns", annotations } });
    const facts = await until("the namespace's annotations on the Function", () => (fleet.facts(id)?.deletionPolicy === "retain" ? fleet.facts(id) : null));
    expect(facts).toMatchObject({ region: REGION, regionSource: "namespace", accountId: ACCOUNT, deletionPolicySource: "namespace" });
    expect(fleet.row(id)).toMatchObject({ region: REGION, accountId: ACCOUNT });
  });

  it("marks a stopped cluster's rows stale within seconds, leaves the other alone, and recovers", async () => {
    await b.stop();
    await until("beta disconnected", () => fleet.clusterSummaries().find((c) => c.name === "beta")?.connected === false, 10_000);
    expect(row("beta/team-a/fine")?.stale).toBe(true); // still listed, marked stale
    expect(row("alpha/team-a/stuck")?.stale).toBe(false);
    expect(fleet.clusterSummaries().find((c) => c.name === "beta")?.error).toBeTruthy();
    b.store.put(functionObject("added-during-outage", "team-a", healthyStatus) as never);
    await b.start();
    await until("beta reconnected", () => fleet.clusterSummaries().find((c) => c.name === "beta")?.connected === true, 15_000);
    await until("the change made during the outage", () => row("beta/team-a/added-during-outage"), 15_000);
    expect(row("beta/team-a/fine")?.stale).toBe(false);
  });

  it("shows AWS throttling and access errors as data on the rows", async () => {
    lambda.setAccessDenied(ACCOUNT, true);
    const r = await until("the access error", () => (row("alpha/team-a/stuck")?.aws?.error?.code === "AccessDeniedException" ? row("alpha/team-a/stuck") : null));
    expect(r!.aws!.state).toBe("Active"); // last known value kept
    expect(fleet.awsAccounts().find((x) => x.accountId === ACCOUNT)?.error?.code).toBe("AccessDeniedException");
    lambda.setAccessDenied(ACCOUNT, false);
    await until("recovery", () => row("alpha/team-a/stuck")?.aws?.error === null);
  });
});
