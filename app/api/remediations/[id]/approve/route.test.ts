/**
 * The two-person rule over HTTP (route handlers, real fleet, simulated clusters and Lambda):
 * a request waits (202), its requester cannot approve it, a different operator who passes every
 * check can, every check runs again at execution, requests expire after the TTL, writes are
 * rate-limited per user.
 */
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "@/lib/server/store/audit";
import { PROXY_SECRET, browserHeaders, get, post, proxyHeaders, read, until, type As } from "@/test/http-requests";
import type { ServerApp } from "@/lib/server/app";
import type { SimFleet } from "@/sim/fleet";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { IDENTITIES } from "@/sim/scenarios/identities";

const ALICE: As = { user: IDENTITIES.operator.user, groups: IDENTITIES.operator.groups };
const BOB: As = { user: "second-operator@example.com", groups: ["ack-operators"] };
const VIEWER: As = { user: IDENTITIES.viewer.user, groups: IDENTITIES.viewer.groups };
const CLUSTER = "prod-eu";
const TTL_MS = 3_000;

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let sim: SimFleet;
let dir: string;
let app: ServerApp;
let submitRoute: Route;
let approveRoute: Route;
let pendingRoute: (req: Request) => Promise<Response>;
let auditRoute: (req: Request) => Promise<Response>;
let admin: KubeConfig;
let kubeRequest: typeof import("@/lib/server/kube/http").kubeRequest;
let healthy: Array<{ namespace: string; name: string }>;

const fnPath = (ns: string, name: string) => `/apis/lambda.services.k8s.aws/v1alpha1/namespaces/${ns}/functions/${name}`;
const headers = (who: As) => browserHeaders(proxyHeaders(who));

async function meta(ns: string, name: string) {
  const r = await kubeRequest(admin, { path: fnPath(ns, name) });
  return (r.body as { metadata: { resourceVersion: string; deletionTimestamp?: string } }).metadata;
}

function submit(fn: { namespace: string; name: string }, body: Record<string, unknown>, who: As) {
  return submitRoute(post(`/api/functions/${CLUSTER}/${fn.namespace}/${fn.name}/remediations`, body, headers(who)), {
    params: Promise.resolve({ cluster: CLUSTER, namespace: fn.namespace, name: fn.name }),
  }).then(read);
}

function approve(id: string, confirm: string, who: As) {
  return approveRoute(post(`/api/remediations/${id}/approve`, { confirm }, headers(who)), { params: Promise.resolve({ id }) }).then(read);
}

async function auditOf(name: string): Promise<AuditEntry[]> {
  const r = await read(await auditRoute(get(`/api/audit?cluster=${CLUSTER}&name=${name}`, proxyHeaders(ALICE))));
  return (r.body.items as AuditEntry[]).slice().reverse();
}

async function requestDeletion(fn: { namespace: string; name: string }) {
  const m = await meta(fn.namespace, fn.name);
  const r = await submit(fn, { action: "request-deletion", expectedResourceVersion: m.resourceVersion, confirm: fn.name, reason: "retire it (two-person test)" }, ALICE);
  expect(r.status).toBe(202);
  expect(r.body).toMatchObject({ status: "pending-approval", approvalId: expect.any(String), expiresAt: expect.any(String) });
  return r.body.approvalId as string;
}

beforeAll(async () => {
  ({ sim, dir, app } = await startDashboardOnSim({
    prefix: "remediation-approve",
    seed: 9,
    env: {
      ACK_FLEET_AUTH_MODE: "proxy",
      ACK_FLEET_PROXY_SECRET: PROXY_SECRET,
      ACK_FLEET_TWO_PERSON: "true",
      ACK_FLEET_APPROVAL_TTL: `${TTL_MS}ms`,
      ACK_FLEET_WRITE_RATE_PER_MIN: "12",
    },
  }));
  admin = new KubeConfig();
  admin.loadFromFile(sim.adminKubeconfigPath);
  admin.setCurrentContext(CLUSTER);
  ({ kubeRequest } = await import("@/lib/server/kube/http"));
  ({ POST: submitRoute } = (await import("@/app/api/functions/[cluster]/[namespace]/[name]/remediations/route")) as unknown as { POST: Route });
  ({ POST: approveRoute } = (await import("./route")) as unknown as { POST: Route });
  ({ GET: pendingRoute } = await import("../../route"));
  ({ GET: auditRoute } = await import("@/app/api/audit/route"));
  await until("healthy Functions in prod-eu", () => app.fleet.rows().filter((r) => r.cluster === CLUSTER && r.verdict.health === "healthy").length > 20);
  healthy = app.fleet
    .rows()
    .filter((r) => r.cluster === CLUSTER && r.verdict.health === "healthy")
    .map((r) => ({ namespace: r.namespace, name: r.name }));
}, 120_000);

afterAll(() => stopDashboardOnSim(app, sim, dir));

describe("two-person rule", () => {
  it("holds a request, refuses self-approval and an unauthorised approver, and executes on a second operator's approval", async () => {
    const fn = healthy[0];
    const id = await requestDeletion(fn);
    expect((await meta(fn.namespace, fn.name)).deletionTimestamp).toBeUndefined();
    const listed = await read(await pendingRoute(get("/api/remediations", proxyHeaders(BOB))));
    expect(listed.body).toMatchObject({ twoPersonRule: true, items: [expect.objectContaining({ id, action: "request-deletion", requester: { user: ALICE.user, groups: ALICE.groups } })] });

    const self = await approve(id, fn.name, ALICE);
    expect(self).toMatchObject({ status: 403, body: { error: { code: "self_approval" } } });
    const viewer = await approve(id, fn.name, VIEWER);
    expect(viewer.status).toBe(403);
    expect(viewer.body.error!.message).toMatch(/viewer@example\.com .*cannot delete/);
    const typo = await approve(id, "not-the-name", BOB);
    expect(typo.status).toBe(400);
    expect((await meta(fn.namespace, fn.name)).deletionTimestamp).toBeUndefined();

    const ok = await approve(id, fn.name, BOB);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe("done");
    expect((await meta(fn.namespace, fn.name)).deletionTimestamp).toBeTruthy();
    // Used once.
    expect((await approve(id, fn.name, BOB)).status).toBe(404);

    const trail = (await auditOf(fn.name)).map((e) => `${e.phase}:${e.actor.user}:${e.status ?? "-"}`);
    expect(trail).toEqual([
      `approval-requested:${ALICE.user}:202`,
      `refused:${ALICE.user}:403`,
      `refused:${VIEWER.user}:403`,
      `refused:${BOB.user}:400`,
      `approved:${BOB.user}:-`,
      `attempt:${ALICE.user}:-`,
      `outcome:${ALICE.user}:200`,
    ]);
    const outcome = (await auditOf(fn.name)).at(-1)!;
    expect(outcome.preconditions).toMatchObject({ approvedBy: { user: BOB.user } });
  });

  it("runs every check again at approval: the object changed meanwhile, so 409 and nothing happens", async () => {
    const fn = healthy[1];
    const id = await requestDeletion(fn);
    const r = await kubeRequest(admin, { method: "PATCH", path: fnPath(fn.namespace, fn.name), body: [{ op: "add", path: "/metadata/labels", value: { changed: "meanwhile" } }], contentType: "application/json-patch+json" });
    expect(r.status).toBe(200);
    const res = await approve(id, fn.name, BOB);
    expect(res.status).toBe(409);
    expect(res.body.error!.message).toMatch(/changed since you looked/);
    expect((await meta(fn.namespace, fn.name)).deletionTimestamp).toBeUndefined();
    // The request is used up: it can never fit the object again.
    expect((await approve(id, fn.name, BOB)).status).toBe(404);
  });

  it("expires a request after the TTL (410, audited) and changes nothing", async () => {
    const fn = healthy[2];
    const id = await requestDeletion(fn);
    await new Promise((r) => setTimeout(r, TTL_MS + 300));
    const res = await approve(id, fn.name, BOB);
    expect(res).toMatchObject({ status: 410, body: { error: { code: "expired" } } });
    expect((await meta(fn.namespace, fn.name)).deletionTimestamp).toBeUndefined();
    const phases = (await auditOf(fn.name)).map((e) => e.phase);
    expect(phases).toEqual(["approval-requested", "expired"]);
    await until("the pending list to drop it", async () => {
      const listed = await read(await pendingRoute(get("/api/remediations", proxyHeaders(BOB))));
      return !(listed.body.items as Array<{ id: string }>).some((p) => p.id === id);
    });
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once a user exceeds the writes per minute, and audits the first refusal only", async () => {
    const FLOOD: As = { user: "flood@example.com", groups: ["ack-operators"] };
    const fn = healthy[3];
    const m = await meta(fn.namespace, fn.name);
    const body = { action: "request-deletion", expectedResourceVersion: m.resourceVersion, confirm: fn.name, reason: "flood", dryRun: true };
    // All at once: the bucket refills 1 token per 5 s, so one-by-one requests on a loaded machine
    // could earn a 13th token meanwhile. Together, they all reach the limiter within that time.
    const answers = await Promise.all(Array.from({ length: 14 }, () => submit(fn, body, FLOOD)));
    const statuses = answers.map((r) => r.status);
    const retryAfter = answers.find((r) => r.status === 429)?.headers.get("retry-after") ?? null;
    expect(statuses.filter((s) => s === 200)).toHaveLength(12);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    const refused = (await auditOf(fn.name)).filter((e) => e.actor.user === FLOOD.user && e.status === 429);
    expect(refused).toHaveLength(1);
    // Other users are not affected.
    expect((await submit(fn, body, BOB)).status).toBe(200);
  });
});
