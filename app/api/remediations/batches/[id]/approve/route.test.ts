/**
 * The two-person rule over a batch (route handlers, real fleet, simulated clusters): a run waits
 * for one approval of the whole batch, its requester cannot give it, the approver types the
 * count and the cluster's name, each item is then checked again for both people; unapproved
 * batches expire.
 */
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BatchView } from "@/lib/domain/wire/batch";
import type { AuditEntry } from "@/lib/server/store/audit";
import { PROXY_SECRET, browserHeaders, get, post, proxyHeaders, read, until, type As } from "@/test/http-requests";
import type { ServerApp } from "@/lib/server/app";
import type { SimFleet } from "@/sim/fleet";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { IDENTITIES } from "@/sim/scenarios/identities";

const ALICE: As = { user: IDENTITIES.operator.user, groups: IDENTITIES.operator.groups };
const BOB: As = { user: "second-operator@example.com", groups: ["ack-operators"] };
const CLUSTER = "prod-eu";
const TTL_MS = 3_000;

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Fn = { cluster: string; namespace: string; name: string };
let sim: SimFleet;
let dir: string;
let app: ServerApp;
let batchesPost: (req: Request) => Promise<Response>;
let batchGet: Route;
let approveRoute: Route;
let auditRoute: (req: Request) => Promise<Response>;
let kubeRequest: typeof import("@/lib/server/kube/http").kubeRequest;
let admin: KubeConfig;
let healthy: Fn[];

const headers = (who: As) => browserHeaders(proxyHeaders(who));
const fnPath = (fn: Fn) => `/apis/lambda.services.k8s.aws/v1alpha1/namespaces/${fn.namespace}/functions/${fn.name}`;

async function deletionRequested(fn: Fn): Promise<boolean> {
  const r = await kubeRequest(admin, { path: fnPath(fn) });
  return r.status === 404 || Boolean((r.body as { metadata: { deletionTimestamp?: string } }).metadata.deletionTimestamp);
}

async function batch(id: string): Promise<BatchView> {
  return (await read(await batchGet(get(`/api/remediations/batches/${id}`, proxyHeaders(ALICE)), { params: Promise.resolve({ id }) }))).body as unknown as BatchView;
}

/** A previewed, confirmed run of request-deletion on these Functions, waiting for approval. */
async function pendingRun(items: Fn[]): Promise<BatchView> {
  const p = await read(await batchesPost(post("/api/remediations/batches", { action: "request-deletion", items, dryRun: true }, headers(ALICE))));
  expect(p.status).toBe(202);
  await until("the preview", async () => (await batch(p.body.id as string)).status === "previewed");
  const r = await read(await batchesPost(post("/api/remediations/batches", { previewId: p.body.id, confirm: { count: items.length, clusters: [CLUSTER] }, reason: "retire them (two-person batch)" }, headers(ALICE))));
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return r.body as unknown as BatchView;
}

function approve(id: string, confirm: unknown, who: As) {
  return approveRoute(post(`/api/remediations/batches/${id}/approve`, { confirm }, headers(who)), { params: Promise.resolve({ id }) }).then(read);
}

beforeAll(async () => {
  ({ sim, dir, app } = await startDashboardOnSim({
    prefix: "batch-approve",
    seed: 13,
    env: {
      ACK_FLEET_AUTH_MODE: "proxy",
      ACK_FLEET_PROXY_SECRET: PROXY_SECRET,
      ACK_FLEET_TWO_PERSON: "true",
      ACK_FLEET_APPROVAL_TTL: `${TTL_MS}ms`,
      ACK_FLEET_BATCH_RATE: "10",
    },
  }));
  admin = new KubeConfig();
  admin.loadFromFile(sim.adminKubeconfigPath);
  admin.setCurrentContext(CLUSTER);
  ({ kubeRequest } = await import("@/lib/server/kube/http"));
  ({ POST: batchesPost } = await import("../../route"));
  ({ GET: batchGet } = (await import("../route")) as unknown as { GET: Route });
  ({ POST: approveRoute } = (await import("./route")) as unknown as { POST: Route });
  ({ GET: auditRoute } = await import("@/app/api/audit/route"));
  await until("healthy Functions in prod-eu", () => app.fleet.rows().filter((r) => r.cluster === CLUSTER && r.verdict.health === "healthy").length > 20, 60_000);
  healthy = app.fleet
    .rows()
    .filter((r) => r.cluster === CLUSTER && r.verdict.health === "healthy")
    .map((r) => ({ cluster: CLUSTER, namespace: r.namespace, name: r.name }));
}, 120_000);

afterAll(() => stopDashboardOnSim(app, sim, dir));

describe("two-person rule over a batch", () => {
  it("waits for one approval of the whole batch by a different operator who types the count and the cluster", async () => {
    const items = healthy.slice(0, 4);
    const pending = await pendingRun(items);
    expect(pending).toMatchObject({ status: "pending-approval", expiresAt: expect.any(String), confirmation: { count: 4, clusters: [CLUSTER] } });
    await new Promise((r) => setTimeout(r, 300));
    for (const f of items) expect(await deletionRequested(f)).toBe(false);

    expect(await approve(pending.id, { count: 4, clusters: [CLUSTER] }, ALICE)).toMatchObject({ status: 403, body: { error: { code: "self_approval" } } });
    expect((await approve(pending.id, { count: 3, clusters: [CLUSTER] }, BOB)).status).toBe(400);
    expect((await approve(pending.id, { count: 4, clusters: ["prod-us"] }, BOB)).status).toBe(400);
    const ok = await approve(pending.id, { count: 4, clusters: [CLUSTER] }, BOB);
    expect(ok.status, JSON.stringify(ok.body)).toBe(202);
    expect(ok.body).toMatchObject({ approvedBy: BOB.user });
    const done = await until("the batch to finish", async () => {
      const b = await batch(pending.id);
      return b.status === "done" ? b : null;
    }, 30_000);
    expect(done.counts.succeeded).toBe(4);
    for (const f of items) expect(await deletionRequested(f)).toBe(true);
    expect((await approve(pending.id, { count: 4, clusters: [CLUSTER] }, BOB)).status).toBe(409);

    const entries = ((await read(await auditRoute(get(`/api/audit?cluster=${encodeURIComponent(CLUSTER)}&limit=100`, proxyHeaders(ALICE))))).body.items as AuditEntry[]).slice().reverse();
    const batchPhases = entries.filter((e) => e.requestId === pending.id).map((e) => `${e.phase}:${e.actor.user}`);
    expect(batchPhases).toEqual([`approval-requested:${ALICE.user}`, `refused:${ALICE.user}`, `approved:${BOB.user}`, `attempt:${ALICE.user}`, `outcome:${ALICE.user}`]);
    // Every item ran as the requester, approved by BOB, with its own attempt and outcome: one approval for all.
    for (const f of items) {
      const own = entries.filter((e) => e.name === f.name);
      expect(own.map((e) => e.phase)).toEqual(["attempt", "outcome"]);
      expect(own[1].preconditions).toMatchObject({ approvedBy: { user: BOB.user }, batchId: pending.id });
    }
  });

  it("expires when nobody approves it in time, and then runs nothing", async () => {
    const items = healthy.slice(4, 6);
    const pending = await pendingRun(items);
    await new Promise((r) => setTimeout(r, TTL_MS + 200));
    const late = await approve(pending.id, { count: 2, clusters: [CLUSTER] }, BOB);
    expect(late.status).toBe(410);
    const b = await batch(pending.id);
    expect(b).toMatchObject({ status: "expired" });
    expect(b.items.map((i) => i.status)).toEqual(["not-run", "not-run"]);
    for (const f of items) expect(await deletionRequested(f)).toBe(false);
  });
});
