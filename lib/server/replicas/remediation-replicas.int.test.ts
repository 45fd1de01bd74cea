/**
 * Two-person approvals and rate limits across two replicas: two server apps on one real
 * PostgreSQL (test/postgres.ts) and one simulated demo fleet. A request made on one replica is
 * approved on the other, exactly once; one that expired cannot be approved anywhere; a user's
 * write budget is one for both replicas; a batch previewed on one is run, approved, followed
 * and stopped across both.
 */
import fs from "node:fs";
import path from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { IDENTITIES } from "@/sim/scenarios/identities";
import type { SimFleet } from "@/sim/fleet";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { describeWithPostgres, type TestDatabase } from "@/test/postgres";
import { PROXY_SECRET } from "@/test/http-requests";
import { until } from "@/test/until";
import { createServerApp, type ServerApp } from "../app";
import type { Identity } from "../auth/identity";
import { parseConfig } from "../config";
import { kubeRequest } from "../kube/http";
import { RemediationError } from "../remediation/errors";

const CLUSTER = "prod-eu";
const TTL_MS = 3_000;
const who = (user: string, groups: string[]): Identity => ({ user, groups, email: null, mode: "proxy" });
const ALICE = who(IDENTITIES.operator.user, IDENTITIES.operator.groups);
const BOB = who("second-operator@example.com", ["ack-operators"]);

async function statusOf(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    if (err instanceof RemediationError) return err.status;
    throw err;
  }
}

describeWithPostgres("remediation across replicas", (server) => {
  let db: TestDatabase;
  let sim: SimFleet;
  let dir: string;
  let a: ServerApp;
  let b: ServerApp;
  let admin: KubeConfig;
  let healthy: Array<{ cluster: string; namespace: string; name: string }>;

  const meta = async (fn: { namespace: string; name: string }) =>
    ((await kubeRequest(admin, { path: `/apis/lambda.services.k8s.aws/v1alpha1/namespaces/${fn.namespace}/functions/${fn.name}` })).body as { metadata: { resourceVersion: string; deletionTimestamp?: string } }).metadata;
  const deletion = async (fn: { namespace: string; name: string }, dryRun = false) => ({
    action: "request-deletion" as const,
    expectedResourceVersion: (await meta(fn)).resourceVersion,
    confirm: fn.name,
    reason: "retire it (replicas test)",
    dryRun,
  });

  beforeAll(async () => {
    db = await server().createDatabase();
    const env = {
      ACK_FLEET_AUTH_MODE: "proxy",
      ACK_FLEET_PROXY_SECRET: PROXY_SECRET,
      ACK_FLEET_TWO_PERSON: "true",
      ACK_FLEET_APPROVAL_TTL: `${TTL_MS}ms`,
      ACK_FLEET_WRITE_RATE_PER_MIN: "6",
      // Slow batches, so that one can be stopped half way.
      ACK_FLEET_BATCH_RATE: "1",
      ACK_FLEET_BATCH_CONCURRENCY: "1",
      ACK_FLEET_STORE: db.url,
    };
    ({ sim, dir, app: a } = await startDashboardOnSim({ prefix: "remediation-replicas", seed: 9, env }));
    b = createServerApp(
      parseConfig({
        KUBECONFIG: sim.kubeconfigPath,
        ACK_FLEET_AWS_ENDPOINT: sim.aws.endpoint,
        ACK_FLEET_AWS_CREDENTIALS_FILE: path.join(dir, "aws-credentials.json"),
        ...env,
      }),
      { log: () => {} },
    );
    await b.start();
    admin = new KubeConfig();
    admin.loadFromFile(sim.adminKubeconfigPath);
    admin.setCurrentContext(CLUSTER);
    const healthyOn = (app: ServerApp) => app.fleet.rows().filter((r) => r.cluster === CLUSTER && r.verdict.health === "healthy");
    await until("both replicas see healthy Functions", () => healthyOn(a).length > 10 && healthyOn(b).length > 10, 60_000);
    healthy = healthyOn(a).map((r) => ({ cluster: CLUSTER, namespace: r.namespace, name: r.name }));
  }, 120_000);

  afterAll(async () => {
    await b?.stop();
    await stopDashboardOnSim(a, sim, undefined);
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("approves on one replica a request made on the other, exactly once", async () => {
    const fn = healthy[0];
    const asked = await a.remediation.submit(ALICE, fn, await deletion(fn));
    expect(asked.status).toBe(202);
    const id = (asked.body as { approvalId: string }).approvalId;
    expect((await b.remediation.pending()).map((p) => p.id)).toEqual([id]);
    const [onB, onA] = await Promise.all([statusOf(b.remediation.approve(BOB, id, { confirm: fn.name })), statusOf(a.remediation.approve(BOB, id, { confirm: fn.name }))]);
    // One executes; the other finds it taken (409) or no longer pending (404).
    expect([onB, onA].filter((s) => s === 200)).toHaveLength(1);
    expect([404, 409]).toContain([onB, onA].find((s) => s !== 200));
    expect((await meta(fn)).deletionTimestamp).toBeTruthy();
    expect(await a.remediation.pending()).toEqual([]);
    const phases = (await a.stores.audit.list({ cluster: CLUSTER, namespace: fn.namespace, name: fn.name })).map((e) => e.phase);
    expect(phases.filter((p) => p === "approved")).toHaveLength(1);
    expect(phases.filter((p) => p === "outcome")).toHaveLength(1);
  });

  it("refuses on either replica a request that expired (410), and changes nothing", async () => {
    const fn = healthy[1];
    const asked = await b.remediation.submit(ALICE, fn, await deletion(fn));
    const id = (asked.body as { approvalId: string }).approvalId;
    await new Promise((r) => setTimeout(r, TTL_MS + 300));
    expect(await statusOf(a.remediation.approve(BOB, id, { confirm: fn.name }))).toBe(410);
    expect(await statusOf(b.remediation.approve(BOB, id, { confirm: fn.name }))).toBe(410);
    expect((await meta(fn)).deletionTimestamp).toBeUndefined();
    const expired = (await a.stores.audit.list({ cluster: CLUSTER, namespace: fn.namespace, name: fn.name })).filter((e) => e.phase === "expired");
    expect(expired).toHaveLength(1);
  });

  it("holds one write budget per user across both replicas", async () => {
    const fn = healthy[2];
    const flood = who("flood@example.com", ["ack-operators"]);
    const body = await deletion(fn, true);
    // 6 a minute: 8 dry runs at once, half on each replica.
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => statusOf((i % 2 ? a : b).remediation.submit(flood, fn, body))));
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });

  it("runs a batch previewed on one replica, approved on the other, followed on both and stopped from the first", async () => {
    const items = healthy.slice(3, 11);
    const alice = { byCluster: { [CLUSTER]: ALICE }, main: ALICE };
    const bob = { byCluster: { [CLUSTER]: BOB }, main: BOB };
    const preview = await a.batches.preview(alice, { action: "request-deletion", items, dryRun: true });
    // The preview runs on a; b follows it from the store.
    const previewed = await until("b sees the preview finished", async () => {
      const v = await b.batches.get(preview.id, ALICE);
      return v.status === "previewed" ? v : null;
    }, 30_000);
    expect(previewed.counts.eligible).toBe(items.length);
    const confirm = { count: items.length, clusters: [CLUSTER] };
    // Run on b from a's preview: waits for a second operator.
    const run = await b.batches.run(alice, { previewId: preview.id, confirm, reason: "retire them (replicas test)" });
    expect(run.status).toBe("pending-approval");
    expect(await statusOf(a.batches.run(alice, { previewId: preview.id, confirm, reason: "twice" }))).toBe(409);
    // Approved on a (and, at the same moment, on b: one of the two starts it).
    const [onA, onB] = await Promise.all([statusOf(a.batches.approve(bob, run.id, { confirm })), statusOf(b.batches.approve(bob, run.id, { confirm }))]);
    expect([onA, onB].filter((s) => s === 200)).toHaveLength(1);
    const runner = onA === 200 ? a : b;
    const other = runner === a ? b : a;
    // Progress seen on both: the replica that does not run it reads it from the store.
    await until("two items done, seen by the other replica", async () => (await other.batches.get(run.id, ALICE)).counts.succeeded >= 2, 30_000);
    expect((await runner.batches.get(run.id, ALICE)).counts.succeeded).toBeGreaterThanOrEqual(2);
    // Stopped from the replica that does not run it: its runner reads the stop before the next item.
    const stopping = await other.batches.stop(ALICE, run.id);
    expect(stopping.stoppedBy).toBe(ALICE.user);
    const ended = await until("the batch stopped, on both", async () => {
      const views = await Promise.all([a, b].map((app) => app.batches.get(run.id, ALICE)));
      return views.every((v) => v.status === "stopped") ? views : null;
    }, 30_000);
    expect(ended[0].counts).toEqual(ended[1].counts);
    const c = ended[0].counts;
    expect(c.succeeded).toBeGreaterThanOrEqual(2);
    expect(c.succeeded + c["not-run"]).toBe(items.length);
    expect(c["not-run"]).toBeGreaterThan(0);
    // The cluster agrees, item by item: done once, or not at all.
    const deletionRequested = async (fn: { namespace: string; name: string }) => {
      const r = await kubeRequest(admin, { path: `/apis/lambda.services.k8s.aws/v1alpha1/namespaces/${fn.namespace}/functions/${fn.name}` });
      return r.status === 404 || Boolean((r.body as { metadata?: { deletionTimestamp?: string } }).metadata?.deletionTimestamp);
    };
    for (const item of ended[0].items) expect(`${item.target.name}: ${await deletionRequested(item.target)}`).toBe(`${item.target.name}: ${item.status === "succeeded"}`);
    const batchEntries = (await a.stores.audit.list({ limit: 1_000 })).filter((e) => e.requestId === run.id);
    expect(batchEntries.filter((e) => e.phase === "approved")).toHaveLength(1);
    expect(batchEntries.filter((e) => e.phase === "outcome")).toHaveLength(1);
  }, 90_000);
});
