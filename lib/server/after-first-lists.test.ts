/**
 * At boot the AWS reads wait for the first cluster lists (./after-first-lists.ts): the server
 * app on a simulated cluster that answers and a second "cluster" that accepts connections and
 * never answers (a hung API server). The role is held throughout; GetFunction (a plain fake
 * that counts its calls) starts once the hung cluster's list fails, or at the cap.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import type { LambdaReadApi } from "./aws/lambda-api";
import { createServerApp, type ServerApp } from "./app";
import { parseConfig } from "./config";
import { until } from "@/test/until";

const NS = "team-a";
let kube: KubeApiSim;
let hung: net.Server;
const hungSockets = new Set<net.Socket>();
let dir: string;
let app: ServerApp | undefined;
let getFunctionCalls = 0;

const read: LambdaReadApi = {
  async getFunction() {
    getFunctionCalls++;
    return { kind: "found", state: "Active", stateReason: null, stateReasonCode: null, lastUpdateStatus: "Successful", lastUpdateStatusReason: null, lastUpdateStatusReasonCode: null, codeSha256: null, revisionId: "r1", lastModified: null, tags: {} };
  },
};
const del = { readFunction: async () => ({ kind: "not-found" as const }), deleteFunction: async () => ({ kind: "not-found" as const }) };

beforeAll(async () => {
  kube = new KubeApiSim(testSimOptions({ name: "answers" }));
  await kube.start();
  kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  for (const name of ["one", "two"]) {
    const m = functionManifest(name, NS);
    kube.store.put({ ...m, status: { ackResourceMetadata: { ownerAccountID: "111122223333", region: "eu-west-1" }, state: "Active", conditions: [] } } as never);
  }
  hung = net.createServer((s) => {
    hungSockets.add(s);
    s.on("close", () => hungSockets.delete(s));
  });
  await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-after-lists-"));
  writeKubeconfig(path.join(dir, "kubeconfig"), [
    { name: "answers", url: kube.url, token: TOKENS.dashboard },
    { name: "hung", url: `http://127.0.0.1:${(hung.address() as net.AddressInfo).port}`, token: TOKENS.dashboard },
  ]);
});

afterEach(async () => {
  await app?.stop();
  app = undefined;
  getFunctionCalls = 0;
});

afterAll(async () => {
  for (const s of hungSockets) s.destroy();
  await new Promise((r) => hung.close(r));
  await kube?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function startApp(capMs: number, store: string): Promise<ServerApp> {
  const config = parseConfig({ KUBECONFIG: path.join(dir, "kubeconfig"), ACK_FLEET_STORE: `sqlite:${path.join(dir, store)}` });
  app = createServerApp(config, { lambda: { read, delete: del }, log: () => {}, awsAfterListsCapMs: capMs });
  return app.start().then(() => app!);
}

describe("AWS reads at boot", () => {
  it("wait until every cluster's first list has answered or failed, with the role held meanwhile", async () => {
    const a = await startApp(60_000, "wait.db");
    expect(a.roles()).toEqual({ recordTimeline: true, readAws: true });
    await until("the answering cluster's rows", () => a.fleet.rows().length === 2);
    // Reading at once, the reader would have asked for both within a few 100 ms ticks.
    await new Promise((r) => setTimeout(r, 800));
    expect(getFunctionCalls).toBe(0);
    for (const s of hungSockets) s.destroy();
    await until("the AWS state read once the hung cluster's list failed", () => a.fleet.row(`answers/${NS}/one`)?.aws?.state === "Active");
    expect(getFunctionCalls).toBeGreaterThan(0);
  });

  it("start at the cap when a cluster neither answers nor fails", async () => {
    const t0 = Date.now();
    const a = await startApp(1_500, "cap.db");
    await until("the answering cluster's rows", () => a.fleet.rows().length === 2);
    await until("a GetFunction", () => getFunctionCalls > 0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_400);
    expect(hungSockets.size).toBeGreaterThan(0);
  });

  it("a role given up while waiting does not start reading later", async () => {
    const a = await startApp(800, "given-up.db");
    a.stopReadingAws();
    expect(a.roles().readAws).toBe(false);
    await new Promise((r) => setTimeout(r, 1_200));
    expect(getFunctionCalls).toBe(0);
  });
});
