/**
 * Leader election on a real PostgreSQL (test/postgres.ts): two server apps share one store and
 * one simulated cluster. Exactly one records and reads AWS; when the leader's lock connection
 * is killed on the server (pg_terminate_backend), it steps down and the other takes over, and
 * the time that takes is measured. The Lambda API is a plain fake that counts calls per app.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { functionManifest, testSimOptions } from "@/sim/kube/testkit";
import { describeWithPostgres, type TestDatabase } from "@/test/postgres";
import { until } from "@/test/until";
import type { LambdaDeleteApi } from "../aws/delete";
import type { LambdaReadApi } from "../aws/lambda-api";
import { createServerApp, type ServerApp } from "../app";
import { parseConfig } from "../config";

const NS = "team-a";
const ACCOUNT = "111122223333";

function countingLambda(): { read: LambdaReadApi; delete: LambdaDeleteApi; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    read: {
      async getFunction() {
        calls++;
        return { kind: "found", state: "Active", stateReason: null, stateReasonCode: null, lastUpdateStatus: "Successful", lastUpdateStatusReason: null, lastUpdateStatusReasonCode: null, codeSha256: null, revisionId: "r1", lastModified: null, tags: {} };
      },
    },
    delete: { readFunction: async () => ({ kind: "not-found" }), deleteFunction: async () => ({ kind: "not-found" }) },
  };
}

describeWithPostgres("leader election by a PostgreSQL advisory lock", (server) => {
  it("elects one leader of two replicas; killing its lock connection hands the roles to the other", async () => {
    const kube = new KubeApiSim(testSimOptions({ name: "elect" }));
    await kube.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "leader-"));
    const apps: ServerApp[] = [];
    let db: TestDatabase | null = null;
    const put = (name: string) =>
      kube.store.put({ ...functionManifest(name, NS), status: { ackResourceMetadata: { ownerAccountID: ACCOUNT, region: "eu-west-1" }, state: "Active", conditions: [] } } as never);
    try {
      kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
      put("first");
      db = await server().createDatabase();
      const kubeconfig = path.join(dir, "kubeconfig");
      writeKubeconfig(kubeconfig, [{ name: "elect", url: kube.url, token: "dashboard-token" }]);
      const config = parseConfig({ KUBECONFIG: kubeconfig, ACK_FLEET_STORE: db.url, ACK_FLEET_AWS_REFRESH_HEALTHY: "200ms" });
      const lambdas = [countingLambda(), countingLambda()];
      for (const [i, name] of ["a", "b"].entries()) {
        const app = createServerApp(config, { lambda: lambdas[i], log: () => {}, election: { identity: name } });
        apps.push(app);
        await app.start();
        if (i === 0) await until("a leads", () => app.roles().recordTimeline && app.roles().readAws);
      }
      const [a, b] = apps;
      await until("b sees the Function", () => b.fleet.rows().length === 1);
      await new Promise((r) => setTimeout(r, 2_500));
      expect(a.election?.isLeader).toBe(true);
      expect(b.election?.isLeader).toBe(false);
      expect(b.roles()).toEqual({ recordTimeline: false, readAws: false });
      expect(lambdas[0].calls()).toBeGreaterThan(0);
      expect(lambdas[1].calls()).toBe(0);

      // Kill the leader's lock connection on the server side.
      const killedAt = Date.now();
      const client = await b.stores.shared!.session("test: kill");
      const killed = await client.query("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1", [a.election!.sessionName]);
      await client.end();
      expect(killed.rowCount).toBe(1);
      await until("b takes over", () => b.roles().recordTimeline && b.roles().readAws, 15_000);
      const takeoverMs = Date.now() - killedAt;
      console.log(`[leader] takeover after the leader's lock connection was killed: ${takeoverMs} ms`);
      await until("a stepped down", () => !a.roles().recordTimeline && !a.roles().readAws);
      expect(a.election?.isLeader).toBe(false);

      // The new leader records; the old one comes back as a follower and stays one.
      put("second");
      await until("b records the new Function", async () => {
        await b.recording.recorder.flush();
        return (await b.stores.timeline.timeline({ cluster: "elect", namespace: NS, name: "second" })).entries.some((e) => e.kind === "created");
      });
      const aCalls = lambdas[0].calls();
      await new Promise((r) => setTimeout(r, 2_500));
      expect(a.election?.isLeader).toBe(false);
      expect(b.election?.isLeader).toBe(true);
      expect(lambdas[0].calls()).toBe(aCalls);

      // A clean stop hands over too.
      await b.stop();
      await until("a leads again", () => a.roles().recordTimeline && a.roles().readAws, 15_000);
    } finally {
      for (const app of apps) await app.stop().catch(() => {});
      await kube.stop();
      await db?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
