/**
 * Remediation over HTTP through the real route handlers, the real fleet and adapters, on the
 * simulated fleet (3 clusters, controller models, Lambda API): proxy auth mode, one-person rule.
 */
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import type { AuditEntry } from "@/lib/server/store/audit";
import { PROXY_SECRET, browserHeaders, get, post, proxyHeaders, read, until, type As } from "@/test/http-requests";
import type { ServerApp } from "@/lib/server/app";
import type { SimFleet } from "@/sim/fleet";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { IDENTITIES } from "@/sim/scenarios/identities";

const OPERATOR: As = { user: IDENTITIES.operator.user, groups: IDENTITIES.operator.groups };
const VIEWER: As = { user: IDENTITIES.viewer.user, groups: IDENTITIES.viewer.groups };
const CLUSTER = "prod-us"; // controller 1.7.3: the Pending bug keeps finalizers on stale-Pending Functions
const KEEP = "example.com/keep-me";

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let sim: SimFleet;
let dir: string;
let app: ServerApp;
let remediate: Route;
let audit: (req: Request) => Promise<Response>;
let residuals: (req: Request) => Promise<Response>;
let admin: KubeConfig;
let kubeRequest: typeof import("@/lib/server/kube/http").kubeRequest;
/** Stale-Pending Functions of prod-us (deletion not yet requested), handed out one per test. */
let stale: Array<{ namespace: string; name: string; awsName: string; account: string; region: string }>;

const fnPath = (ns: string, name: string) => `/apis/lambda.services.k8s.aws/v1alpha1/namespaces/${ns}/functions/${name}`;

async function adminGet(ns: string, name: string) {
  const r = await kubeRequest(admin, { path: fnPath(ns, name) });
  return r.status === 200 ? (r.body as { metadata: { uid: string; resourceVersion: string; finalizers?: string[]; deletionTimestamp?: string; annotations?: Record<string, string> } }) : null;
}

async function adminPatch(ns: string, name: string, ops: unknown[]) {
  const r = await kubeRequest(admin, { method: "PATCH", path: fnPath(ns, name), body: ops, contentType: "application/json-patch+json" });
  expect(r.status).toBe(200);
}

function remediation(ns: string, name: string, body: unknown, headers: Record<string, string>, cluster = CLUSTER) {
  return remediate(post(`/api/functions/${cluster}/${ns}/${name}/remediations`, body, headers), { params: Promise.resolve({ cluster, namespace: ns, name }) }).then(read);
}

const as = (who: As, extra: Record<string, string> = {}) => browserHeaders({ ...proxyHeaders(who), ...extra });

async function auditOf(ns: string, name: string): Promise<AuditEntry[]> {
  const r = await read(await audit(get(`/api/audit?cluster=${CLUSTER}&namespace=${ns}&name=${name}`, proxyHeaders(OPERATOR))));
  expect(r.status).toBe(200);
  return (r.body.items as AuditEntry[]).slice().reverse();
}

/** The dashboard has seen this rv and a fresh AWS read, so eligibility has what it needs. */
async function seen(ns: string, name: string, rv: string) {
  const id = `${CLUSTER}/${ns}/${name}`;
  return until(`the fleet to see ${id} at ${rv} with AWS state`, () => {
    const row = app.fleet.row(id);
    return row && row.resourceVersion === rv && row.aws && !row.aws.error ? row : null;
  });
}

async function requestDeletionAsAdmin(ns: string, name: string) {
  const r = await kubeRequest(admin, { method: "DELETE", path: fnPath(ns, name) });
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  ({ sim, dir, app } = await startDashboardOnSim({
    prefix: "remediation-route",
    seed: 7,
    env: {
      ACK_FLEET_AWS_REFRESH_UNHEALTHY: "1s",
      ACK_FLEET_DELETION_TIMEOUT: "1s",
      ACK_FLEET_AUTH_MODE: "proxy",
      ACK_FLEET_PROXY_SECRET: PROXY_SECRET,
      ACK_FLEET_WRITE_RATE_PER_MIN: "1000",
    },
  }));
  admin = new KubeConfig();
  admin.loadFromFile(sim.adminKubeconfigPath);
  admin.setCurrentContext(CLUSTER);
  ({ kubeRequest } = await import("@/lib/server/kube/http"));
  ({ POST: remediate } = (await import("./route")) as unknown as { POST: Route });
  ({ GET: audit } = await import("@/app/api/audit/route"));
  ({ GET: residuals } = await import("@/app/api/remediations/residuals/route"));
  const plan = sim.plan.clusters.find((c) => c.name === CLUSTER)!;
  stale = plan.functions
    .filter((f) => f.intent === "stuck" && f.note.includes("stale Pending") && !f.object.metadata.deletionTimestamp)
    .map((f) => ({ namespace: f.object.metadata.namespace!, name: f.object.metadata.name!, awsName: f.object.spec.name as string, account: f.aws!.accountId, region: f.aws!.region }));
  expect(stale.length).toBeGreaterThanOrEqual(5);
  await until("the fleet to list prod-us", () => app.fleet.rows().filter((r) => r.cluster === CLUSTER).length > 40);
}, 120_000);

afterAll(() => stopDashboardOnSim(app, sim, dir));

describe("the seed case, resolved through the dashboard", () => {
  it("requests deletion, sees it blocked, removes the finalizer, and deletes the residual AWS function", async () => {
    const fn = stale[0];
    const before = (await adminGet(fn.namespace, fn.name))!;
    await seen(fn.namespace, fn.name, before.metadata.resourceVersion);
    const base = { confirm: fn.name, reason: "stuck Pending since creation (community#2433); retiring it" };

    // 1. Dry run, then request deletion with the resourceVersion seen.
    const dry = await remediation(fn.namespace, fn.name, { ...base, action: "request-deletion", expectedResourceVersion: before.metadata.resourceVersion, dryRun: true }, as(OPERATOR));
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ status: "dry-run", action: "request-deletion" });
    expect((dry.body.warnings as string[]).join(" ")).toMatch(/Pending bug/);
    expect((await adminGet(fn.namespace, fn.name))!.metadata.deletionTimestamp).toBeUndefined();
    const del = await remediation(fn.namespace, fn.name, { ...base, action: "request-deletion", expectedResourceVersion: before.metadata.resourceVersion }, as(OPERATOR));
    expect(del.status).toBe(200);
    expect(del.body.status).toBe("done");

    // 2. Blocked: the 1.7.3 controller refuses to delete a function it believes Pending.
    const blocked = await until("deletion to be requested and held", async () => {
      const o = await adminGet(fn.namespace, fn.name);
      return o?.metadata.deletionTimestamp && o.metadata.finalizers?.includes(ACK_FUNCTION_FINALIZER) ? o : null;
    });
    await new Promise((r) => setTimeout(r, 1_300)); // past ACK_FLEET_DELETION_TIMEOUT
    const held = (await adminGet(fn.namespace, fn.name))!;
    expect(held.metadata.finalizers).toContain(ACK_FUNCTION_FINALIZER);
    await seen(fn.namespace, fn.name, held.metadata.resourceVersion);
    // The fleet reuses a verdict for up to 15 s while its inputs are unchanged.
    const row = await until("the verdict deletion-blocked", () => app.fleet.row(`${CLUSTER}/${fn.namespace}/${fn.name}`)?.verdict.health === "deletion-blocked", 25_000);
    expect(row).toBe(true);
    expect(blocked.metadata.deletionTimestamp).toBeTruthy();

    // 3. Remove the finalizer: dry run shows the orphan warning; the real run removes the object.
    const rf = { ...base, action: "remove-finalizer", expectedResourceVersion: held.metadata.resourceVersion };
    const preview = await remediation(fn.namespace, fn.name, { ...rf, dryRun: true }, as(OPERATOR));
    expect(preview.status).toBe(200);
    expect((preview.body.warnings as string[]).join(" ")).toMatch(/still exists and will be orphaned/);
    expect(await adminGet(fn.namespace, fn.name)).not.toBeNull();
    const removed = await remediation(fn.namespace, fn.name, rf, as(OPERATOR));
    expect(removed.status).toBe(200);
    expect(removed.body.residual).toMatchObject({ accountId: fn.account, region: fn.region, functionName: fn.awsName });
    await until("the object to be gone", async () => (await adminGet(fn.namespace, fn.name)) === null);

    // 4. The residual AWS function is listed, then deleted after its tags are re-read.
    const listed = await until("the residual to be listed", async () => {
      const r = await read(await residuals(get(`/api/remediations/residuals?function=${CLUSTER}/${fn.namespace}/${fn.name}`, proxyHeaders(OPERATOR))));
      return (r.body.items as Array<{ aws: { functionName: string }; eligibility: { allowed: boolean } }>).find((i) => i.aws.functionName === fn.awsName);
    });
    expect(listed.eligibility.allowed).toBe(true);
    const awsBody = { action: "delete-aws-function", aws: { accountId: fn.account, region: fn.region, functionName: fn.awsName }, confirm: fn.awsName, reason: "clean up what the finalizer removal left" };
    const awsDry = await remediation(fn.namespace, fn.name, { ...awsBody, dryRun: true }, as(OPERATOR));
    expect(awsDry.status).toBe(200);
    expect((awsDry.body.warnings as string[]).join(" ")).toMatch(/permanently deletes/);
    expect(sim.lambda.getFunction(fn.account, fn.region, fn.awsName)).toBeTruthy();
    const awsDel = await remediation(fn.namespace, fn.name, awsBody, as(OPERATOR));
    expect(awsDel.status).toBe(200);
    await until("the AWS function to be gone", () => !sim.lambda.getFunction(fn.account, fn.region, fn.awsName));

    // 5. Every step is in the audit log: attempt before, outcome after.
    const entries = await auditOf(fn.namespace, fn.name);
    const steps = entries.map((e) => `${e.action}:${e.phase}:${e.outcome ?? "-"}`);
    expect(steps).toEqual([
      "request-deletion:dry-run:succeeded",
      "request-deletion:attempt:-",
      "request-deletion:outcome:succeeded",
      "remove-finalizer:dry-run:succeeded",
      "remove-finalizer:attempt:-",
      "remove-finalizer:outcome:succeeded",
      "delete-aws-function:dry-run:succeeded",
      "delete-aws-function:attempt:-",
      "delete-aws-function:outcome:succeeded",
    ]);
    const attempt = entries.find((e) => e.action === "remove-finalizer" && e.phase === "attempt")!;
    expect(attempt).toMatchObject({ actor: { user: OPERATOR.user, groups: OPERATOR.groups }, cluster: CLUSTER, reason: base.reason, uid: held.metadata.uid });
    expect(attempt.preconditions).toMatchObject({ resourceVersion: held.metadata.resourceVersion, finalizerIndex: 0 });
    expect(attempt.dryRun).toMatchObject({ ok: true });
  });
});

describe("guards", () => {
  it("refuses with 409 when the object changed between the dry run and execution, and changes nothing", async () => {
    const fn = stale[1];
    const o = (await adminGet(fn.namespace, fn.name))!;
    await seen(fn.namespace, fn.name, o.metadata.resourceVersion);
    const body = { action: "request-deletion", expectedResourceVersion: o.metadata.resourceVersion, confirm: fn.name, reason: "race test" };
    expect((await remediation(fn.namespace, fn.name, { ...body, dryRun: true }, as(OPERATOR))).status).toBe(200);
    await adminPatch(fn.namespace, fn.name, [{ op: "add", path: "/metadata/labels", value: { touched: "yes" } }]);
    const r = await remediation(fn.namespace, fn.name, body, as(OPERATOR));
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: "precondition_failed" });
    expect(r.body.error!.message).toMatch(/changed since you looked/);
    const after = (await adminGet(fn.namespace, fn.name))!;
    expect(after.metadata.deletionTimestamp).toBeUndefined();
    const last = (await auditOf(fn.namespace, fn.name)).at(-1)!;
    expect(last).toMatchObject({ phase: "refused", outcome: "refused", status: 409 });
  });

  it("removes only the ACK finalizer and keeps another one on the same object", async () => {
    const fn = stale[2];
    await adminPatch(fn.namespace, fn.name, [{ op: "add", path: "/metadata/finalizers/-", value: KEEP }]);
    await requestDeletionAsAdmin(fn.namespace, fn.name);
    await new Promise((r) => setTimeout(r, 1_300));
    const o = (await adminGet(fn.namespace, fn.name))!;
    expect(o.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER, KEEP]);
    await seen(fn.namespace, fn.name, o.metadata.resourceVersion);
    const body = { action: "remove-finalizer", expectedResourceVersion: o.metadata.resourceVersion, confirm: fn.name, reason: "unblock, keep the other finalizer" };
    const dry = await remediation(fn.namespace, fn.name, { ...body, dryRun: true }, as(OPERATOR));
    expect((dry.body.warnings as string[]).join(" ")).toContain(`Other finalizers stay: ${KEEP}`);
    const r = await remediation(fn.namespace, fn.name, body, as(OPERATOR));
    expect(r.status).toBe(200);
    const after = (await adminGet(fn.namespace, fn.name))!;
    expect(after.metadata.finalizers).toEqual([KEEP]);
    expect(after.metadata.deletionTimestamp).toBeTruthy();
  });

  it("gives exactly one success for two simultaneous removals of the same finalizer", async () => {
    const fn = stale[3];
    await adminPatch(fn.namespace, fn.name, [{ op: "add", path: "/metadata/finalizers/-", value: KEEP }]);
    await requestDeletionAsAdmin(fn.namespace, fn.name);
    await new Promise((r) => setTimeout(r, 1_300));
    const o = (await adminGet(fn.namespace, fn.name))!;
    await seen(fn.namespace, fn.name, o.metadata.resourceVersion);
    const body = { action: "remove-finalizer", expectedResourceVersion: o.metadata.resourceVersion, confirm: fn.name, reason: "double click" };
    const results = await Promise.all([remediation(fn.namespace, fn.name, body, as(OPERATOR)), remediation(fn.namespace, fn.name, body, as(OPERATOR))]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await adminGet(fn.namespace, fn.name))!.metadata.finalizers).toEqual([KEEP]);
  });

  it("refuses a user without patch permission with 403 from the access review, audited", async () => {
    const fn = stale[4];
    const o = (await adminGet(fn.namespace, fn.name))!;
    await adminPatch(fn.namespace, fn.name, []);
    const r = await remediation(fn.namespace, fn.name, { action: "remove-finalizer", expectedResourceVersion: o.metadata.resourceVersion, confirm: fn.name, reason: "viewer tries" }, as(VIEWER));
    expect(r.status).toBe(403);
    expect(r.body.error!.message).toMatch(/viewer@example\.com .*cannot patch functions\.lambda\.services\.k8s\.aws/);
    const last = (await auditOf(fn.namespace, fn.name)).at(-1)!;
    expect(last).toMatchObject({ phase: "refused", actor: { user: VIEWER.user }, action: "remove-finalizer", status: 403 });
    expect((await adminGet(fn.namespace, fn.name))!.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
  });

  it("rejects forged proxy headers (no secret, wrong secret) with 401 and audits the claim", async () => {
    const fn = stale[4];
    const o = (await adminGet(fn.namespace, fn.name))!;
    const body = { action: "request-deletion", expectedResourceVersion: o.metadata.resourceVersion, confirm: fn.name, reason: "forged" };
    for (const secret of [null, "wrong-secret-wrong-secret-wrong-secret"]) {
      const r = await remediation(fn.namespace, fn.name, body, as({ ...OPERATOR, secret }));
      expect(r.status).toBe(401);
      expect(r.body.error!.message).toMatch(/did not come through the authenticating proxy/);
    }
    expect((await adminGet(fn.namespace, fn.name))!.metadata.deletionTimestamp).toBeUndefined();
    const last = (await auditOf(fn.namespace, fn.name)).at(-1)!;
    expect(last).toMatchObject({ phase: "refused", actor: { user: `unauthenticated (claimed ${OPERATOR.user})` }, status: 401 });
    // The audit log itself is not readable without the proxy either.
    expect((await audit(get("/api/audit", { "x-forwarded-user": OPERATOR.user }))).status).toBe(401);
  });

  it("refuses cross-site writes, non-JSON bodies, oversized bodies and bad input with clear codes", async () => {
    const fn = stale[4];
    const o = (await adminGet(fn.namespace, fn.name))!;
    const body = { action: "request-deletion", expectedResourceVersion: o.metadata.resourceVersion, confirm: fn.name, reason: "abuse checks" };
    const crossSite = await remediation(fn.namespace, fn.name, body, as(OPERATOR, { origin: "https://evil.example", "sec-fetch-site": "cross-site" }));
    expect(crossSite).toMatchObject({ status: 403, body: { error: { code: "cross_origin" } } });
    const form = await remediation(fn.namespace, fn.name, "action=request-deletion", as(OPERATOR, { "content-type": "application/x-www-form-urlencoded" }));
    expect(form.status).toBe(415);
    const big = await remediation(fn.namespace, fn.name, { ...body, reason: "x".repeat(20_000) }, as(OPERATOR));
    expect(big.status).toBe(413);
    const noReason = await remediation(fn.namespace, fn.name, { ...body, reason: "" }, as(OPERATOR));
    expect(noReason).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect(noReason.body.error!.message).toMatch(/^reason: /);
    const wrongName = await remediation(fn.namespace, fn.name, { ...body, confirm: "something-else" }, as(OPERATOR));
    expect(wrongName.status).toBe(400);
    expect(wrongName.body.error!.message).toContain(`"${fn.name}"`);
    const unknownAction = await remediation(fn.namespace, fn.name, { ...body, action: "drop-table" }, as(OPERATOR));
    expect(unknownAction.status).toBe(400);
    const missing = await remediation(fn.namespace, "no-such-function", { ...body, confirm: "no-such-function" }, as(OPERATOR));
    expect(missing.status).toBe(404);
    expect((await adminGet(fn.namespace, fn.name))!.metadata.deletionTimestamp).toBeUndefined();
  });

  it("refuses delete-aws-function while a live object owns the function", async () => {
    const fn = stale[4];
    const r = await remediation(fn.namespace, fn.name, { action: "delete-aws-function", aws: { accountId: fn.account, region: fn.region, functionName: fn.awsName }, confirm: fn.awsName, reason: "must be refused", dryRun: true }, as(OPERATOR));
    expect(r.status).toBe(409);
    expect(r.body.error!.message).toMatch(/still owns this function/);
    expect(sim.lambda.getFunction(fn.account, fn.region, fn.awsName)).toBeTruthy();
  });

  it("sets deletion-policy retain and deletes with retain-and-delete on a 1.14.1 cluster, which then lets go", async () => {
    const target = app.fleet.rows().find((r) => r.cluster === "prod-eu" && r.verdict.health === "healthy")!;
    const eu = new KubeConfig();
    eu.loadFromFile(sim.adminKubeconfigPath);
    eu.setCurrentContext("prod-eu");
    const r = await remediate(
      post(`/api/functions/prod-eu/${target.namespace}/${target.name}/remediations`, { action: "retain-and-delete", expectedResourceVersion: target.resourceVersion, confirm: target.name, reason: "hand over to another stack" }, as(OPERATOR)),
      { params: Promise.resolve({ cluster: "prod-eu", namespace: target.namespace, name: target.name }) },
    ).then(read);
    expect(r.status).toBe(200);
    expect((r.body.steps as Array<{ ok: boolean }>).map((s) => s.ok)).toEqual([true, true]);
    // The controller applies retain: the object goes, the AWS function stays.
    await until("the controller to let go", async () => (await kubeRequest(eu, { path: fnPath(target.namespace, target.name) })).status === 404);
    expect(sim.lambda.getFunction(target.accountId!, target.region!, target.awsName!)).toBeTruthy();
    const entries = (await read(await audit(get(`/api/audit?cluster=prod-eu&name=${target.name}`, proxyHeaders(OPERATOR))))).body.items as AuditEntry[];
    expect(entries.find((e) => e.phase === "outcome")?.preconditions).toMatchObject({ aws: { functionName: target.awsName } });
  });

  it("never puts a credential in an answer", async () => {
    const fn = stale[4];
    const r = await remediation(fn.namespace, fn.name, { action: "request-deletion", expectedResourceVersion: "1", confirm: fn.name, reason: "secret check", dryRun: true }, as(OPERATOR));
    const text = JSON.stringify(r.body);
    for (const token of Object.values(sim.tokens)) expect(text).not.toContain(token);
    for (const c of Object.values(sim.aws.credentials)) expect(text).not.toContain(c.secretAccessKey);
    expect(text).not.toContain(PROXY_SECRET);
  });
});
