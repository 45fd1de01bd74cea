/**
 * Two replicas on a real PostgreSQL (test/postgres.ts): two server apps share one store and
 * one simulated cluster. Leader election: exactly one records and reads AWS; when the leader's
 * lock connection is killed on the server (pg_terminate_backend), it steps down and the other
 * takes over, and the time that takes is measured. Fan-out: the follower shows the leader's AWS
 * states and streams the same timeline and audit entries. The Lambda API is a plain fake that
 * counts calls per app. Notifications: only the leader sends, and a new leader sends nothing
 * that was already sent.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { FN_RESOURCE, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import { describeWithPostgres, type TestDatabase } from "@/test/postgres";
import { until } from "@/test/until";
import { webhookReceiver } from "@/test/webhook-receiver";
import { NotificationSchema } from "@/lib/domain/wire/notification";
import type { LambdaDeleteApi } from "../aws/delete";
import type { LambdaReadApi } from "../aws/lambda-api";
import { createServerApp, type ServerApp } from "../app";
import type { LiveEvent } from "../live/live-hub";
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

interface TwoReplicas {
  kube: KubeApiSim;
  apps: ServerApp[];
  lambdas: Array<ReturnType<typeof countingLambda>>;
  put(name: string): void;
  close(): Promise<void>;
}

/** Starts a on the store, waits until it leads, then b. */
async function twoReplicas(dbUrl: string, env: Record<string, string> = {}): Promise<TwoReplicas> {
  const kube = new KubeApiSim(testSimOptions({ name: "elect" }));
  await kube.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "replicas-"));
  const apps: ServerApp[] = [];
  const put = (name: string) =>
    kube.store.put({ ...functionManifest(name, NS), status: { ackResourceMetadata: { ownerAccountID: ACCOUNT, region: "eu-west-1" }, state: "Active", conditions: [] } } as never);
  const close = async () => {
    for (const app of apps) await app.stop().catch(() => {});
    await kube.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const lambdas = [countingLambda(), countingLambda()];
  try {
    kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
    put("first");
    const kubeconfig = path.join(dir, "kubeconfig");
    writeKubeconfig(kubeconfig, [{ name: "elect", url: kube.url, token: "dashboard-token" }]);
    const config = parseConfig({ KUBECONFIG: kubeconfig, ACK_FLEET_STORE: dbUrl, ACK_FLEET_AWS_REFRESH_HEALTHY: "200ms", ...env });
    for (const [i, name] of ["a", "b"].entries()) {
      const app = createServerApp(config, { lambda: lambdas[i], log: () => {}, election: { identity: name } });
      apps.push(app);
      await app.start();
      if (i === 0) await until("a leads", () => app.roles().recordTimeline && app.roles().readAws);
    }
    await until("b sees the Function", () => apps[1].fleet.rows().length === 1);
  } catch (err) {
    await close();
    throw err;
  }
  return { kube, apps, lambdas, put, close };
}

describeWithPostgres("several replicas on one PostgreSQL store", (server) => {
  let db: TestDatabase | null = null;
  let replicas: TwoReplicas | null = null;
  afterEach(async () => {
    await replicas?.close();
    await db?.drop();
    replicas = db = null;
  });

  it("elects one leader of two replicas; killing its lock connection hands the roles to the other", async () => {
    db = await server().createDatabase();
    replicas = await twoReplicas(db.url);
    const { apps, lambdas, put } = replicas;
    const [a, b] = apps;
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
  }, 90_000);

  it("brings the follower the leader's AWS states and the same timeline and audit entries on its live stream", async () => {
    db = await server().createDatabase();
    replicas = await twoReplicas(db.url);
    const [a, b] = replicas.apps;
    expect(replicas.lambdas[1].calls()).toBe(0);
    await until("the follower shows the AWS state the leader read", () => b.fleet.row(`elect/${NS}/first`)?.aws?.state === "Active");
    const accounts = (app: ServerApp) => app.fleet.awsAccounts().map((x) => `${x.accountId}/${x.region}:${x.error?.code ?? "ok"}`);
    expect(accounts(b)).toEqual(accounts(a));
    expect(accounts(b)).toEqual([`${ACCOUNT}/eu-west-1:ok`]);

    const heard = new Map<ServerApp, LiveEvent[]>(replicas.apps.map((app) => [app, []]));
    for (const app of replicas.apps) app.live.subscribe((e) => heard.get(app)!.push(e));
    const timelineOf = (app: ServerApp) =>
      heard
        .get(app)!
        .filter((e) => e.type === "timeline")
        .flatMap((e) => (JSON.parse(e.data) as { entries: Array<{ id: string; kind: string }> }).entries.map((x) => `${x.kind}:${x.id}`));
    replicas.put("born");
    await until("the follower streams the new Function's entries", () => timelineOf(b).some((k) => k.startsWith("created:")));
    // An audit entry written through the follower reaches the leader's stream too.
    await b.stores.audit.append({
      requestId: "r1", phase: "refused", actor: { user: "mallory", groups: [] }, cluster: "elect", namespace: NS, name: "born", uid: null,
      action: "remove-finalizer", reason: "", preconditions: {}, dryRun: null, outcome: "refused", error: "test", status: 403,
    });
    await until("both streams carry the audit entry", () => replicas!.apps.every((app) => timelineOf(app).some((k) => k.startsWith("remediation:audit:"))), 10_000);
    await new Promise((r) => setTimeout(r, 500));
    // The same entries, once each, on both replicas.
    expect(timelineOf(b)).toEqual(timelineOf(a));
    expect(new Set(timelineOf(a)).size).toBe(timelineOf(a).length);

    // A Function that goes takes its shared AWS observation with it.
    const keys = async () => (await a.stores.shared!.db.query<{ key: string }>("SELECT key FROM aws_observations")).map((r) => r.key);
    await until("born's AWS state shared", async () => (await keys()).includes(`fn:elect/${NS}/born`));
    replicas.kube.store.delete(FN_RESOURCE, NS, "born", { force: true });
    await until("born's observation deleted", async () => !(await keys()).includes(`fn:elect/${NS}/born`));
    expect(await keys()).toContain(`fn:elect/${NS}/first`);
  }, 90_000);

  it("notifies from the leader only: a terminal Function is one message; a new leader does not send it again", async () => {
    const rx = await webhookReceiver();
    try {
      db = await server().createDatabase();
      replicas = await twoReplicas(db.url, { ACK_FLEET_WEBHOOKS: JSON.stringify([{ url: rx.url, format: "json" }]), ACK_FLEET_NOTIFY_WINDOW: "200ms" });
      const [a, b] = replicas.apps;
      expect(a.notifier.running).toBe(true);
      expect(b.notifier.running).toBe(false);
      replicas.kube.store.put({
        ...functionManifest("broken", NS),
        status: {
          ackResourceMetadata: { ownerAccountID: ACCOUNT, region: "eu-west-1" },
          conditions: [{ type: "ACK.Terminal", status: "True", reason: "InvalidParameterValueException", message: "The role defined for the function cannot be assumed by Lambda.", lastTransitionTime: new Date().toISOString() }],
        },
      } as never);
      await until("the terminal Function notified", () => rx.bodies.length === 1, 15_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(rx.bodies).toHaveLength(1);
      expect(NotificationSchema.parse(rx.bodies[0]).transitions.map((t) => `${t.name}:${t.to}`)).toEqual(["broken:terminal"]);

      // The leader stops: the follower takes the roles, hears the fleet as it is, and finds nothing new to say.
      await a.stop();
      await until("b leads", () => b.roles().recordTimeline && b.notifier.running, 15_000);
      await new Promise((r) => setTimeout(r, 1_500));
      await b.notifier.settle();
      expect(rx.bodies).toHaveLength(1);
      // What changes under the new leader is told by it, once.
      replicas.kube.store.delete(FN_RESOURCE, NS, "broken", { force: true });
      await until("the departure notified", () => rx.bodies.length === 2, 15_000);
      expect(NotificationSchema.parse(rx.bodies[1]).transitions.map((t) => `${t.name}:${t.to}`)).toEqual(["broken:gone"]);
    } finally {
      await rx.close();
    }
  }, 90_000);
});
