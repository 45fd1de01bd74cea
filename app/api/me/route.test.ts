/**
 * `local` auth mode over HTTP: the identity is the kubeconfig user as the cluster names it
 * (SelfSubjectReview), permissions come from SelfSubjectAccessReviews, only loopback requests
 * are served, and a remediation runs as that user without impersonation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "@/lib/server/store/audit";
import { browserHeaders, get, post, read, until } from "@/test/http-requests";
import type { ServerApp } from "@/lib/server/app";
import type { SimFleet } from "@/sim/fleet";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { SEED_CASE } from "@/sim/scenarios/catalog";
import { IDENTITIES } from "@/sim/scenarios/identities";

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let sim: SimFleet;
let dir: string;
let app: ServerApp;
let me: (req: Request) => Promise<Response>;
let remediate: Route;
let audit: (req: Request) => Promise<Response>;
let needsAction: (req: Request) => Promise<Response>;
const SEED = `${SEED_CASE.cluster}/${SEED_CASE.namespace}/${SEED_CASE.name}`;

beforeAll(async () => {
  ({ sim, dir, app } = await startDashboardOnSim({
    prefix: "remediation-local",
    kubeconfig: "operator",
    env: {
      ACK_FLEET_AUTH_MODE: "local",
    },
  }));
  ({ GET: me } = await import("./route"));
  ({ POST: remediate } = (await import("@/app/api/functions/[cluster]/[namespace]/[name]/remediations/route")) as unknown as { POST: Route });
  ({ GET: audit } = await import("@/app/api/audit/route"));
  ({ GET: needsAction } = (await import("@/app/api/remediations/needs-action/route")) as unknown as { GET: (req: Request) => Promise<Response> });
  await until("the seed case with its AWS state", () => {
    const row = app.fleet.row(SEED);
    return row?.aws && !row.aws.error ? row : null;
  });
}, 120_000);

afterAll(() => stopDashboardOnSim(app, sim, dir));

describe("GET /api/me in local mode", () => {
  it("names the kubeconfig user as the cluster sees it and what it may do to a Function", async () => {
    const r = await read(await me(get(`/api/me?function=${SEED}`, {})));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      mode: "local",
      twoPersonRule: false,
      identity: { user: IDENTITIES.operator.user, groups: expect.arrayContaining(["ack-operators"]) },
      function: { permissions: { patch: { allowed: true }, delete: { allowed: true } }, actions: { "remove-finalizer": { allowed: true } } },
    });
  });

  it.each([
    ["a non-loopback Host (DNS rebinding)", { host: "fleet.attacker.example" }],
    ["a request forwarded from another machine", { "x-forwarded-for": "10.1.2.3" }],
  ])("refuses %s with 401", async (_what, headers) => {
    const r = await read(await me(new Request(`http://127.0.0.1:3000/api/me?function=${SEED}`, { headers: { host: "127.0.0.1:3000", ...headers } })));
    expect(r.status).toBe(401);
    expect(r.body.error?.message).toMatch(/local auth mode/);
  });

  it("answers 400 for an unknown parameter and 404 for an unknown cluster", async () => {
    expect((await me(get("/api/me?who=1", {}))).status).toBe(400);
    expect((await me(get("/api/me?function=nope/checkout/x", {}))).status).toBe(404);
  });
});

describe("GET /api/remediations/needs-action", () => {
  it("lists the seed case with the action that fits it, worst first, and no healthy Function", async () => {
    const r = await read(await needsAction(get("/api/remediations/needs-action", {})));
    const items = r.body.items as Array<{ id: string; health: string; actions: Array<{ action: string; warnings: string[] }> }>;
    const seed = items.find((i) => i.id === SEED);
    expect(seed).toMatchObject({ health: "deletion-blocked", actions: [{ action: "remove-finalizer" }] });
    expect(seed!.actions[0].warnings.join(" ")).toMatch(/will be orphaned/);
    expect(items.every((i) => i.health === "deletion-blocked" || i.health === "stuck")).toBe(true);
    expect(items[0].health).toBe("deletion-blocked");
  });
});

describe("a remediation in local mode", () => {
  it("removes the seed case's finalizer as the kubeconfig user, audited under that name", async () => {
    const row = app.fleet.row(SEED)!;
    const { cluster, namespace, name } = SEED_CASE;
    const r = await remediate(post(`/api/functions/${cluster}/${namespace}/${name}/remediations`, { action: "remove-finalizer", expectedResourceVersion: row.resourceVersion, confirm: name, reason: "seed case: stuck on 1.7.3 (community#2433)" }, browserHeaders()), {
      params: Promise.resolve({ cluster, namespace, name }),
    }).then(read);
    expect(r.status).toBe(200);
    expect(r.body.residual).toMatchObject({ functionName: row.awsName });
    const entries = (await read(await audit(get(`/api/audit?name=${name}`, {})))).body.items as AuditEntry[];
    expect(entries.map((e) => `${e.phase}:${e.actor.user}`)).toEqual([`outcome:${IDENTITIES.operator.user}`, `attempt:${IDENTITIES.operator.user}`]);
  });
});
