/**
 * The timeline recorder end to end : a Function driven through
 * Pending, Active, an update failure, a deletion request and a finalizer removal on a simulated
 * cluster, with the real watches, the real recorder and SQLite. The recorded timeline has
 * exactly those transitions, in order, and neither a dashboard restart (new Fleet, same
 * database) nor a watch relist (410 Gone after compaction) duplicates anything.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER, CONDITION, SYNCED_MESSAGES } from "@/lib/domain/ack";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import { buildTimeline, currentValue } from "@/lib/domain/timeline/lanes";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { FN_RESOURCE, TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import { LambdaApiSim } from "@/sim/lambda";
import { createServerApp, type ServerApp } from "../app";
import { parseConfig } from "../config";
import { until } from "@/test/until";

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const KEY = { accessKeyId: "AKIDHISTORYTEST01", secretAccessKey: "history-secret-not-real" };
const NS = "team-a";

let kube: KubeApiSim;
let lambda: LambdaApiSim;
let kubeconfig: string;
let dbFile: string;
let credentialsFile: string;
let dashboard: ServerApp | null = null;


/** Starts "the dashboard": the server app on the simulated cluster and Lambda API, the store on dbFile. */
async function startDashboard(): Promise<ServerApp> {
  const config = parseConfig({
    KUBECONFIG: kubeconfig,
    ACK_FLEET_STORE: `sqlite:${dbFile}`,
    ACK_FLEET_AWS_ENDPOINT: lambda.url,
    ACK_FLEET_AWS_CREDENTIALS_FILE: credentialsFile,
    ACK_FLEET_AWS_RPS: "50",
    ACK_FLEET_AWS_REFRESH_HEALTHY: "200ms",
    ACK_FLEET_AWS_REFRESH_UNHEALTHY: "200ms",
  });
  dashboard = createServerApp(config, { clusterProbeMs: 500, log: () => {} });
  await dashboard.start();
  return dashboard;
}

async function stopDashboard(): Promise<void> {
  await dashboard?.stop();
  dashboard = null;
}

async function timeline(name: string): Promise<TimelineEntry[]> {
  await dashboard!.recording.recorder.flush();
  return (await dashboard!.stores.timeline.timeline({ cluster: "hist", namespace: NS, name })).entries;
}

const brief = (entries: TimelineEntry[]) => entries.map((e) => `${e.kind} ${e.lane} ${e.value ?? "-"}`);

function current(name: string): Record<string, unknown> {
  return kube.store.get(FN_RESOURCE, NS, name) as unknown as Record<string, unknown>;
}
function putStatus(name: string, status: Record<string, unknown>, metadata: Record<string, unknown> = {}): void {
  const obj = current(name);
  kube.store.put({ ...obj, metadata: { ...(obj.metadata as object), ...metadata }, status } as never);
}
const cond = (type: string, status: string, message?: string, reason?: string) => ({
  type,
  status,
  message,
  reason,
  lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
});

beforeAll(async () => {
  kube = new KubeApiSim(testSimOptions({ name: "hist" }));
  await kube.start();
  lambda = new LambdaApiSim({ accounts: { [KEY.accessKeyId]: ACCOUNT }, rateLimits: { getFunctionPerSec: 0, controlPlanePerSec: 0 } });
  await lambda.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "history-int-"));
  kubeconfig = path.join(dir, "kubeconfig");
  dbFile = path.join(dir, "db", "history.db");
  credentialsFile = path.join(dir, "aws-credentials.json");
  fs.writeFileSync(credentialsFile, JSON.stringify({ [ACCOUNT]: KEY }));
  writeKubeconfig(kubeconfig, [{ name: "hist", url: kube.url, token: TOKENS.dashboard }]);
  kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  await startDashboard();
});

afterAll(async () => {
  await stopDashboard();
  await Promise.all([kube?.stop(), lambda?.stop()]);
});

describe("the history of a Function driven through its life", () => {
  it("records exactly its transitions, once, across a restart and a relist", async () => {
    const name = "lifecycle";
    kube.store.put(functionManifest(name, NS, { finalizers: [ACK_FUNCTION_FINALIZER] }) as never);
    await until("first sight", async () => (await timeline(name)).length === 1);

    // Pending, then Active (the controller's writes, as the ACK runtime makes them).
    putStatus(name, { state: "Pending", conditions: [cond(CONDITION.synced, "False", SYNCED_MESSAGES.notSynced)] });
    await until("Pending", async () => (await timeline(name)).some((e) => e.value === "Pending"));
    putStatus(name, { state: "Active", lastUpdateStatus: "Successful", conditions: [cond(CONDITION.synced, "True", SYNCED_MESSAGES.synced)] });
    await until("Active", async () => (await timeline(name)).some((e) => e.value === "Active"));

    // A dashboard restart: new Fleet, same database. The current values are not written again.
    const beforeRestart = await timeline(name);
    await stopDashboard();
    await startDashboard();
    await until("the restarted fleet to list", () => dashboard!.fleet.row(`hist/${NS}/${name}`));
    expect(brief(await timeline(name))).toEqual(brief(beforeRestart));

    // An update that fails: a spec change, then LastUpdateStatus Failed.
    const obj = current(name);
    kube.store.put({ ...obj, spec: { ...(obj.spec as object), memorySize: 512 } } as never);
    await until("the spec change", async () => (await timeline(name)).some((e) => e.kind === "spec-change"));
    putStatus(name, {
      state: "Active",
      lastUpdateStatus: "Failed",
      lastUpdateStatusReasonCode: "EniLimitExceeded",
      lastUpdateStatusReason: "Lambda was unable to create a network interface.",
      conditions: [cond(CONDITION.synced, "False", SYNCED_MESSAGES.notSynced)],
    });
    await until("the failed update", async () => (await timeline(name)).some((e) => e.value === "Failed"));

    // A watch relist: the cluster goes away, its history is compacted, the resume gets 410.
    const beforeRelist = await timeline(name);
    await kube.stop();
    kube.store.compact();
    await kube.start();
    await until("the relisted cluster", () => dashboard!.fleet.clusterSummaries()[0]?.connected);
    await new Promise((r) => setTimeout(r, 500));
    expect(brief(await timeline(name))).toEqual(brief(beforeRelist));

    // Deletion requested, then the controller removes its finalizer and the object goes.
    kube.store.delete(FN_RESOURCE, NS, name);
    await until("the deletion request", async () => (await timeline(name)).some((e) => e.kind === "deletion-requested"));
    const deleting = current(name);
    kube.store.put({ ...deleting, metadata: { ...(deleting.metadata as object), finalizers: [] } } as never);
    await until("the deletion", async () => (await timeline(name)).some((e) => e.kind === "deleted"));

    const entries = await timeline(name);
    expect(brief(entries)).toEqual([
      "created marker:lifecycle -",
      "condition condition:ACK.ResourceSynced False",
      "state k8s:state Pending",
      "condition condition:ACK.ResourceSynced True",
      "state k8s:state Active",
      "last-update-status k8s:lastUpdateStatus Successful",
      "spec-change marker:generation 2",
      "condition condition:ACK.ResourceSynced False",
      "last-update-status k8s:lastUpdateStatus Failed",
      "deletion-requested marker:deletion " + entries.find((e) => e.kind === "deletion-requested")!.value,
      `finalizer-removed marker:finalizer:${ACK_FUNCTION_FINALIZER} ${ACK_FUNCTION_FINALIZER}`,
      "deleted marker:lifecycle -",
    ]);
    expect(entries.every((e) => e.source === "observed")).toBe(true);
    const times = entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Once more after the end: a restart does not bring the gone Function back.
    await stopDashboard();
    await startDashboard();
    await until("the restarted fleet to list", () => dashboard!.fleet.clusterSummaries()[0]?.connected);
    await new Promise((r) => setTimeout(r, 300));
    expect(brief(await timeline(name))).toEqual(brief(entries));
  });

  it("notices a Function deleted while the dashboard was down", async () => {
    const name = "deleted-while-down";
    kube.store.put(functionManifest(name, NS) as never);
    await until("first sight", async () => (await timeline(name)).length === 1);
    await stopDashboard();
    kube.store.delete(FN_RESOURCE, NS, name);
    await startDashboard();
    const entries = await until("the disappearance", async () => {
      const t = await timeline(name);
      return t.some((e) => e.kind === "deleted") ? t : null;
    });
    expect(brief(entries)).toEqual(["created marker:lifecycle -", "deleted marker:lifecycle -"]);
  });

  it("treats a uid that comes back with another creation as another object (a cluster made anew)", async () => {
    const name = "made-anew";
    const m = functionManifest(name, NS);
    const old = { ...m, metadata: { ...m.metadata, uid: "fixed-uid-1", creationTimestamp: "2025-01-01T00:00:00Z" }, status: { state: "Pending" } };
    kube.store.put(old as never);
    await until("first sight", async () => (await timeline(name)).some((e) => e.kind === "state"));
    await stopDashboard();
    kube.store.delete(FN_RESOURCE, NS, name, { force: true });
    const recreated = new Date(Date.now() - 3 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    kube.store.put({ ...old, metadata: { ...old.metadata, creationTimestamp: recreated } } as never);
    await startDashboard();
    const entries = await until("the new object", async () => {
      const t = await timeline(name);
      return t.filter((e) => e.kind === "created").length === 2 ? t : null;
    });
    expect(entries.filter((e) => e.kind === "deleted")).toHaveLength(1);
    const model = buildTimeline(entries, Date.now());
    expect(currentValue(model, "k8s:state")?.since).toBe(Date.parse(recreated));
  });

  it("records the live AWS state, the Events about the Function, and feeds conditionsFirstSeen", async () => {
    const name = "with-aws";
    const awsName = `aws-${name}`;
    lambda.putFunction(ACCOUNT, REGION, { FunctionName: awsName, State: "Pending", StateReasonCode: "Creating", LastUpdateStatus: "InProgress" });
    const m = functionManifest(name, NS, { finalizers: [ACK_FUNCTION_FINALIZER] });
    kube.store.put({
      ...m,
      status: {
        ackResourceMetadata: { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${awsName}`, ownerAccountID: ACCOUNT, region: REGION },
        state: "Pending",
        conditions: [cond(CONDITION.synced, "False", SYNCED_MESSAGES.notSynced)],
      },
    } as never);
    await until("AWS Pending", async () => (await timeline(name)).some((e) => e.kind === "aws-state" && e.value === "Pending"));
    lambda.setState(ACCOUNT, REGION, awsName, { State: "Active", StateReasonCode: null, LastUpdateStatus: "Successful" });
    await until("AWS Active", async () => (await timeline(name)).some((e) => e.kind === "aws-state" && e.value === "Active"));

    const fn = current(name) as { metadata: { uid: string } };
    kube.store.put({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${name}.1`, namespace: NS },
      involvedObject: { apiVersion: "lambda.services.k8s.aws/v1alpha1", kind: "Function", name, namespace: NS, uid: fn.metadata.uid },
      type: "Warning",
      reason: "Recoverable",
      message: "<b>throttled</b> by AWS",
      count: 1,
      lastTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      source: { component: "ack-lambda-controller" },
    } as never);
    const event = await until("the Event", async () => (await timeline(name)).find((e) => e.kind === "event"));
    expect(event).toMatchObject({ value: "Warning", reason: "Recoverable", message: "<b>throttled</b> by AWS", uid: fn.metadata.uid });

    const aws = (await timeline(name)).filter((e) => e.lane === "aws:state").map((e) => e.value);
    expect(aws).toEqual(["Pending", "Active"]);

    // The runtime re-stamps lastTransitionTime on every reconcile; the recorder still knows
    // since when the condition has held, and the verdict rules get that time.
    const firstSynced = (await timeline(name)).find((e) => e.lane === "condition:ACK.ResourceSynced")!;
    await new Promise((r) => setTimeout(r, 1100));
    const obj = current(name) as { status: Record<string, unknown> };
    const restamped = cond(CONDITION.synced, "False", SYNCED_MESSAGES.notSynced);
    kube.store.put({ ...obj, status: { ...obj.status, conditions: [restamped] } } as never);
    const facts = await until("the re-stamped object", () => {
      const f = dashboard!.fleet.facts(`hist/${NS}/${name}`);
      return f?.conditions[0]?.lastTransitionTime === new Date(restamped.lastTransitionTime).toISOString() ? f : null;
    });
    expect(facts.conditionsFirstSeen?.[CONDITION.synced]).toBe(firstSynced.at);
    expect(Date.parse(firstSynced.at)).toBeLessThan(Date.parse(restamped.lastTransitionTime));
  });
});
