/**
 * The server app's roles: a follower (neither recording nor reading AWS) serves the fleet from
 * its watches; recording and reading AWS start and stop while it runs, each on its own, and a
 * recorder started late learns what exists (and what went) from the fleet, not from a relist.
 * Webhook notifications run with the recording role (only the role's holder sends).
 * A simulated cluster; the Lambda API a plain fake that counts its calls.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { FN_RESOURCE, TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import type { LambdaDeleteApi } from "./aws/delete";
import type { LambdaReadApi } from "./aws/lambda-api";
import { createServerApp, type ServerApp } from "./app";
import { parseConfig } from "./config";
import { until } from "@/test/until";
import { webhookReceiver, type WebhookReceiver } from "@/test/webhook-receiver";

const NS = "team-a";
const ACCOUNT = "111122223333";
let kube: KubeApiSim;
let dir: string;
let app: ServerApp;
let getFunctionCalls = 0;
let rx: WebhookReceiver;

const read: LambdaReadApi = {
  async getFunction() {
    getFunctionCalls++;
    return { kind: "found", state: "Active", stateReason: null, stateReasonCode: null, lastUpdateStatus: "Successful", lastUpdateStatusReason: null, lastUpdateStatusReasonCode: null, codeSha256: null, revisionId: "r1", lastModified: null, tags: {} };
  },
};
const del: LambdaDeleteApi = { readFunction: async () => ({ kind: "not-found" }), deleteFunction: async () => ({ kind: "not-found" }) };


function put(name: string): void {
  const m = functionManifest(name, NS);
  kube.store.put({ ...m, status: { ackResourceMetadata: { ownerAccountID: ACCOUNT, region: "eu-west-1" }, state: "Active", conditions: [] } } as never);
}

async function recorded(name: string): Promise<string[]> {
  await app.recording.recorder.flush();
  return (await app.stores.timeline.timeline({ cluster: "roles", namespace: NS, name })).entries.map((e) => e.kind);
}

beforeAll(async () => {
  kube = new KubeApiSim(testSimOptions({ name: "roles" }));
  await kube.start();
  kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  put("early");
  put("goes-while-not-recording");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "app-roles-"));
  const kubeconfig = path.join(dir, "kubeconfig");
  writeKubeconfig(kubeconfig, [{ name: "roles", url: kube.url, token: TOKENS.dashboard }]);
  rx = await webhookReceiver();
  const config = parseConfig({
    KUBECONFIG: kubeconfig,
    ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}`,
    ACK_FLEET_AWS_REFRESH_HEALTHY: "200ms",
    ACK_FLEET_WEBHOOKS: JSON.stringify([{ url: rx.url, format: "json" }]),
  });
  app = createServerApp(config, { roles: { recordTimeline: false, readAws: false }, lambda: { read, delete: del }, log: () => {} });
  await app.start();
});

afterAll(async () => {
  await app?.stop();
  await kube?.stop();
  await rx?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("server roles", () => {
  it("a follower serves the fleet but records nothing and reads nothing in AWS", async () => {
    expect(app.roles()).toEqual({ recordTimeline: false, readAws: false });
    expect(app.notifier.running).toBe(false);
    await until("the rows", () => app.fleet.rows().length === 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(getFunctionCalls).toBe(0);
    expect(app.fleet.row(`roles/${NS}/early`)?.aws).toBeNull();
    expect(await recorded("early")).toEqual([]);
  });

  it("starts recording while running: what exists is recorded, what went while nobody recorded is not invented", async () => {
    kube.store.delete(FN_RESOURCE, NS, "goes-while-not-recording", { force: true });
    await until("the deletion seen by the fleet", () => app.fleet.rows().length === 1);
    await app.startRecording();
    expect(app.roles().recordTimeline).toBe(true);
    expect(app.notifier.running).toBe(true);
    expect(await until("the existing Function recorded", async () => ((await recorded("early")).length ? recorded("early") : null))).toContain("created");
    expect(await recorded("goes-while-not-recording")).toEqual([]);
    put("while-recording");
    await until("the new Function recorded", async () => (await recorded("while-recording")).includes("created"));
  });

  it("stops recording while running: later changes are not written; the timeline stays readable", async () => {
    await app.stopRecording();
    expect(app.roles().recordTimeline).toBe(false);
    expect(app.notifier.running).toBe(false);
    kube.store.delete(FN_RESOURCE, NS, "while-recording", { force: true });
    await until("the deletion seen by the fleet", () => !app.fleet.row(`roles/${NS}/while-recording`));
    await new Promise((r) => setTimeout(r, 300));
    expect(await recorded("while-recording")).not.toContain("deleted");
  });

  it("a recorder that starts again learns from the fleet what went while it was off", async () => {
    await app.startRecording();
    expect(app.notifier.running).toBe(true);
    await until("the deletion recorded on restart", async () => (await recorded("while-recording")).includes("deleted"));
  });

  it("reads AWS only while it has that role", async () => {
    app.startReadingAws();
    expect(app.roles().readAws).toBe(true);
    await until("the AWS state on the row", () => app.fleet.row(`roles/${NS}/early`)?.aws?.state === "Active");
    app.stopReadingAws();
    const calls = getFunctionCalls;
    await new Promise((r) => setTimeout(r, 600));
    expect(getFunctionCalls).toBe(calls);
    expect(app.roles()).toEqual({ recordTimeline: true, readAws: false });
  });
});
