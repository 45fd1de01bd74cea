/**
 * Batch remediation over HTTP through the real route handlers, the real fleet and adapters, on
 * the simulated fleet (3 clusters, controller models, Lambda API): proxy auth mode, one-person
 * rule, items paced at 4 a second per cluster and one at a time so a test can act mid-batch.
 * Each test acts as its own user, so the per-user rate limit of one test never meets another's.
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

const operator = (name: string): As => ({ user: `${name}@example.com`, groups: ["ack-operators"] });
const VIEWER: As = { user: IDENTITIES.viewer.user, groups: IDENTITIES.viewer.groups };
const US = "prod-us"; // controller 1.7.3: deletion-blocked Functions
const EU = "prod-eu";
const RATE_PER_MIN = 4;

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Fn = { cluster: string; namespace: string; name: string };
let sim: SimFleet;
let dir: string;
let app: ServerApp;
let batchesRoute: { GET: (req: Request) => Promise<Response>; POST: (req: Request) => Promise<Response> };
let batchRoute: Route;
let stopRoute: Route;
let auditRoute: (req: Request) => Promise<Response>;
let kubeRequest: typeof import("@/lib/server/kube/http").kubeRequest;
const admin: Record<string, KubeConfig> = {};
let healthyEu: Fn[];
/** Set by the first test: the Functions whose finalizer a batch removed, and their AWS functions. */
let resolved: Array<Fn & { aws: { accountId: string; region: string; functionName: string } }> = [];

const fnPath = (ns: string, name: string) => `/apis/lambda.services.k8s.aws/v1alpha1/namespaces/${ns}/functions/${name}`;
const headers = (who: As) => browserHeaders(proxyHeaders(who));

async function meta(fn: Fn) {
  const r = await kubeRequest(admin[fn.cluster], { path: fnPath(fn.namespace, fn.name) });
  return r.status === 200 ? (r.body as { metadata: { resourceVersion: string; deletionTimestamp?: string; finalizers?: string[] } }).metadata : null;
}

function postBatch(body: unknown, who: As, extra: Record<string, string> = {}) {
  return batchesRoute.POST(post("/api/remediations/batches", body, { ...headers(who), ...extra })).then(read);
}

function preview(action: string, items: Fn[], who: As) {
  return postBatch({ action, items, dryRun: true }, who);
}

async function batch(id: string, who: As): Promise<BatchView> {
  const r = await read(await batchRoute(get(`/api/remediations/batches/${id}`, proxyHeaders(who)), { params: Promise.resolve({ id }) }));
  expect(r.status).toBe(200);
  return r.body as unknown as BatchView;
}

function settled(id: string, who: As, over: BatchView["status"][]): Promise<BatchView> {
  return until(`batch ${id} to be ${over.join(" or ")}`, async () => {
    const b = await batch(id, who);
    return over.includes(b.status) ? b : null;
  }, 30_000);
}

/** Preview, wait for every item's verdict, then run its eligible items with the right confirmation. */
async function previewed(action: string, items: Fn[], who: As): Promise<BatchView> {
  const p = await preview(action, items, who);
  expect(p.status, JSON.stringify(p.body)).toBe(202);
  return settled(p.body.id as string, who, ["previewed"]);
}

function run(p: BatchView, who: As, confirm = confirmationOf(p)) {
  return postBatch({ previewId: p.id, confirm, reason: "controller 1.7.3 outage: retire the stuck ones" }, who);
}

function confirmationOf(p: BatchView) {
  const eligible = p.items.filter((i) => i.status === "eligible");
  return { count: eligible.length, clusters: [...new Set(eligible.map((i) => i.target.cluster))] };
}

async function auditOf(who: As): Promise<AuditEntry[]> {
  const r = await read(await auditRoute(get(`/api/audit?user=${encodeURIComponent(who.user)}`, proxyHeaders(who))));
  return (r.body.items as AuditEntry[]).slice().reverse();
}

const statusOf = (b: BatchView, fn: Fn) => b.items.find((i) => i.target.name === fn.name && i.target.namespace === fn.namespace && i.target.cluster === fn.cluster)!;

beforeAll(async () => {
  ({ sim, dir, app } = await startDashboardOnSim({
    prefix: "remediation-batches",
    seed: 11,
    env: {
      ACK_FLEET_AUTH_MODE: "proxy",
      ACK_FLEET_PROXY_SECRET: PROXY_SECRET,
      ACK_FLEET_DELETION_TIMEOUT: "1s",
      ACK_FLEET_WRITE_RATE_PER_MIN: String(RATE_PER_MIN),
      ACK_FLEET_BATCH_MAX: "12",
      ACK_FLEET_BATCH_CONCURRENCY: "1",
      ACK_FLEET_BATCH_RATE: "4",
    },
  }));
  for (const c of [US, EU]) {
    admin[c] = new KubeConfig();
    admin[c].loadFromFile(sim.adminKubeconfigPath);
    admin[c].setCurrentContext(c);
  }
  ({ kubeRequest } = await import("@/lib/server/kube/http"));
  batchesRoute = (await import("./route")) as unknown as typeof batchesRoute;
  ({ GET: batchRoute } = (await import("./[id]/route")) as unknown as { GET: Route });
  ({ POST: stopRoute } = (await import("./[id]/stop/route")) as unknown as { POST: Route });
  ({ GET: auditRoute } = await import("@/app/api/audit/route"));
  await until("healthy Functions in prod-eu", () => app.fleet.rows().filter((r) => r.cluster === EU && r.verdict.health === "healthy").length > 30, 60_000);
  healthyEu = app.fleet
    .rows()
    .filter((r) => r.cluster === EU && r.verdict.health === "healthy")
    .map((r) => ({ cluster: r.cluster, namespace: r.namespace, name: r.name }));
}, 120_000);

afterAll(() => stopDashboardOnSim(app, sim, dir));

describe("a batch preview", () => {
  it("finds each item eligible or not, with why, and changes nothing", async () => {
    const who = operator("mixed");
    const seeded = sim.plan.clusters.find((c) => c.name === US)!.functions.filter((f) => f.intent === "deletion-blocked" && f.aws);
    const blocked = seeded.map((f) => ({ cluster: US, namespace: f.object.metadata.namespace!, name: f.object.metadata.name! }));
    expect(blocked.length).toBeGreaterThanOrEqual(3);
    // Eligibility needs the verdict and a fresh AWS read of each (the single-action tests wait the same way).
    await until(
      "the deletion-blocked verdicts with AWS state",
      () =>
        blocked.every((f) => {
          const row = app.fleet.row(`${US}/${f.namespace}/${f.name}`);
          return row?.verdict.health === "deletion-blocked" && row.aws && !row.aws.error;
        }),
      30_000,
    );
    const notDeleting = healthyEu[0];
    const missing = { cluster: EU, namespace: "orders", name: "no-such-function" };
    const unknownCluster = { cluster: "prod-mars", namespace: "orders", name: "anything" };
    const p = await previewed("remove-finalizer", [...blocked, notDeleting, missing, unknownCluster], who);

    for (const f of blocked) expect(statusOf(p, f), JSON.stringify(statusOf(p, f))).toMatchObject({ status: "eligible", expectedResourceVersion: expect.any(String) });
    expect(statusOf(p, notDeleting)).toMatchObject({ status: "ineligible", httpStatus: 409 });
    expect(statusOf(p, notDeleting).message).toMatch(/deletion/i);
    expect(statusOf(p, missing)).toMatchObject({ status: "ineligible", httpStatus: 404 });
    expect(statusOf(p, unknownCluster)).toMatchObject({ status: "ineligible", httpStatus: 404, message: expect.stringMatching(/no cluster named prod-mars/) });
    expect(p.counts).toMatchObject({ eligible: blocked.length, ineligible: 3, total: blocked.length + 3 });
    // Every finalizer is still there: a preview is dry runs only.
    for (const f of blocked) expect((await meta(f))!.finalizers?.length).toBeGreaterThan(0);

    // The run asks for the number of eligible Functions and the cluster's name.
    const wrongCount = await run(p, who, { count: blocked.length + 3, clusters: [US] });
    expect(wrongCount).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/type the number of Functions, 3/) } } });
    const wrongCluster = await run(p, who, { count: blocked.length, clusters: [EU] });
    expect(wrongCluster.body.error!.message).toMatch(/type the cluster's name, prod-us/);

    // Run: the eligible items are resolved, item by item; the ineligible ones are never attempted.
    const started = await run(p, who);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await settled(started.body.id as string, who, ["done"]);
    expect(done.items.map((i) => i.status)).toEqual(blocked.map(() => "succeeded"));
    for (const f of blocked) await until(`${f.name} to be gone`, async () => (await meta(f)) === null);
    expect(await meta(notDeleting)).not.toBeNull();

    // Audit: the preview's one dry-run entry, then per item attempt + outcome, and the batch's own attempt and outcome.
    const entries = await auditOf(who);
    const batchEntries = entries.filter((e) => e.name.startsWith("batch of"));
    expect(batchEntries.map((e) => `${e.phase}:${e.outcome ?? "-"}`)).toEqual(["dry-run:succeeded", "attempt:-", "outcome:succeeded"]);
    const itemEntries = entries.filter((e) => !e.name.startsWith("batch of"));
    for (const f of blocked) {
      expect(itemEntries.filter((e) => e.name === f.name).map((e) => e.phase)).toEqual(["attempt", "outcome"]);
    }
    expect(itemEntries.find((e) => e.phase === "outcome")!.preconditions).toMatchObject({ batchId: done.id, resourceVersion: expect.any(String) });
    // A preview runs once.
    expect((await run(p, who)).body.error).toMatchObject({ code: "preview_used" });
    resolved = seeded.map((f, i) => ({ ...blocked[i], aws: { accountId: f.aws!.accountId, region: f.aws!.region, functionName: f.object.spec.name as string } }));
  });

  it("batches the residual AWS clean-up the same way", async () => {
    const who = operator("cleanup");
    expect(resolved.length).toBeGreaterThanOrEqual(3);
    for (const r of resolved) expect(sim.lambda.getFunction(r.aws.accountId, r.aws.region, r.aws.functionName)).toBeTruthy();
    const live = healthyEu[0];
    const liveAws = app.fleet.row(`${EU}/${live.namespace}/${live.name}`)!;
    const items = [...resolved, { ...live, aws: { accountId: liveAws.accountId!, region: liveAws.region!, functionName: liveAws.awsName! } }];
    const p = await previewed("delete-aws-function", items, who);
    for (const r of resolved) expect(statusOf(p, r)).toMatchObject({ status: "eligible", expectedRevisionId: expect.any(String) });
    // A function a live object still owns is never eligible.
    expect(statusOf(p, live)).toMatchObject({ status: "ineligible" });
    const started = await run(p, who);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await settled(started.body.id as string, who, ["done"]);
    expect(done.counts.succeeded).toBe(resolved.length);
    for (const r of resolved) expect(sim.lambda.getFunction(r.aws.accountId, r.aws.region, r.aws.functionName)).toBeFalsy();
    expect(sim.lambda.getFunction(liveAws.accountId!, liveAws.region!, liveAws.awsName!)).toBeTruthy();
  });

  it("refuses what is not a batch: a bad body, too many items, a duplicate, a cross-site write, a viewer's run", async () => {
    const who = operator("bodies");
    expect((await postBatch({ action: "remove-finalizer", items: [healthyEu[1]] }, who)).status).toBe(400);
    expect((await postBatch({ action: "explode", items: [healthyEu[1]], dryRun: true }, who)).status).toBe(400);
    const tooMany = await preview("request-deletion", healthyEu.slice(0, 13), who);
    expect(tooMany).toMatchObject({ status: 413, body: { error: { code: "too_many_items" } } });
    expect((await preview("request-deletion", [healthyEu[1], healthyEu[1]], who)).status).toBe(400);
    const crossSite = await postBatch({ action: "request-deletion", items: [healthyEu[1]], dryRun: true }, who, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    expect(crossSite.status).toBe(403);
    // A viewer's preview finds every item not allowed (the access review says no).
    const v = await previewed("request-deletion", [healthyEu[1]], VIEWER);
    expect(statusOf(v, healthyEu[1])).toMatchObject({ status: "ineligible", httpStatus: 403 });
    expect((await run(v, VIEWER, { count: 1, clusters: [EU] })).body.error).toMatchObject({ code: "not_eligible" });
    expect((await meta(healthyEu[1]))!.deletionTimestamp).toBeUndefined();
  });
});

describe("a batch run", () => {
  it("skips with 409 an item whose object changed after the preview, and acts on the others", async () => {
    const who = operator("changes");
    const items = healthyEu.slice(2, 7);
    const p = await previewed("request-deletion", items, who);
    expect(p.counts.eligible).toBe(5);
    const started = await run(p, who);
    expect(started.status).toBe(202);
    // Mid-batch: the last item starts about a second after the first (4 a second, one at a time).
    const changed = items[4];
    const r = await kubeRequest(admin[EU], { method: "PATCH", path: fnPath(changed.namespace, changed.name), body: [{ op: "add", path: "/metadata/labels/touched", value: "yes" }], contentType: "application/json-patch+json" });
    expect(r.status).toBe(200);
    const done = await settled(started.body.id as string, who, ["done"]);
    expect(done.items.slice(0, 4).map((i) => i.status)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
    expect(statusOf(done, changed)).toMatchObject({ status: "skipped", httpStatus: 409, message: expect.stringMatching(/changed since you looked/) });
    expect((await meta(changed))!.deletionTimestamp).toBeUndefined();
    for (const f of items.slice(0, 4)) expect((await meta(f))?.deletionTimestamp ?? "gone").toBeTruthy();
    const outcome = (await auditOf(who)).filter((e) => e.name === "batch of 5").at(-1)!;
    expect(outcome).toMatchObject({ phase: "outcome", outcome: "succeeded", error: "4 succeeded, 1 skipped" });
  });

  it("stops: no item starts after the stop, those done stay done, the rest are not run", async () => {
    const who = operator("stops");
    const items = healthyEu.slice(7, 17);
    const p = await previewed("request-deletion", items, who);
    const started = await run(p, who);
    const id = started.body.id as string;
    await until("the first item to succeed", async () => (await batch(id, who)).items.some((i) => i.status === "succeeded"));
    const stop = await read(await stopRoute(post(`/api/remediations/batches/${id}/stop`, {}, headers(who)), { params: Promise.resolve({ id }) }));
    expect(stop.status).toBe(200);
    const done = await settled(id, who, ["stopped"]);
    const succeeded = done.items.filter((i) => i.status === "succeeded");
    const notRun = done.items.filter((i) => i.status === "not-run");
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    expect(notRun.length).toBeGreaterThanOrEqual(5);
    expect(succeeded.length + notRun.length).toBe(10);
    for (const i of notRun) expect((await meta(i.target))!.deletionTimestamp).toBeUndefined();
    expect(done).toMatchObject({ stoppedBy: who.user });
    const outcome = (await auditOf(who)).filter((e) => e.name === "batch of 10").at(-1)!;
    expect(outcome.error).toMatch(new RegExp(`${notRun.length} not run; stopped by ${who.user}`));
    // The stop itself has its own entry, by whoever stopped it, before the batch's outcome.
    const entries = (await auditOf(who)).filter((e) => e.requestId === id);
    const stopped = entries.filter((e) => e.phase === "stopped");
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatchObject({ actor: { user: who.user }, name: "batch of 10", status: 200 });
    expect(Date.parse(stopped[0].at)).toBeLessThanOrEqual(Date.parse(entries.find((e) => e.phase === "outcome")!.at));
    const again = await read(await stopRoute(post(`/api/remediations/batches/${id}/stop`, {}, headers(who)), { params: Promise.resolve({ id }) }));
    expect(again.status).toBe(409);
  });

  it("counts a batch as one request against the per-user rate limit, whatever its size", async () => {
    const who = operator("ratelimit");
    const items = healthyEu.slice(17, 27);
    // 1 token: a preview of 10 items.
    const p = await previewed("request-deletion", items, who);
    expect(p.counts.eligible).toBe(10);
    // 2 and 3: two more previews of 10 items each.
    for (let i = 0; i < 2; i++) expect((await preview("request-deletion", items, who)).status).toBe(202);
    // 4: the run of 10 items.
    const started = await run(p, who);
    expect(started.status).toBe(202);
    // 5: refused, with Retry-After; the run goes on.
    const refused = await preview("request-deletion", items, who);
    expect(refused).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const done = await settled(started.body.id as string, who, ["done"]);
    expect(done.counts.succeeded).toBe(10);
  });
});
