/**
 * Field-by-field drift on the demo fleet, through the real route handlers, the real fleet and
 * AWS reader, and the simulated clusters and Lambda API: the Functions changed in the console
 * get a drift verdict naming their fields, every other Function built to agree with AWS
 * agrees field by field, and no response carries an environment variable's value.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FunctionDetailSchema } from "@/lib/domain/wire/detail";
import { FunctionListResponseSchema } from "@/lib/domain/wire/fleet";
import type { ServerApp } from "@/lib/server/app";
import type { SimFleet } from "@/sim/fleet";
import { FN_RESOURCE } from "@/sim/kube/testkit";
import { DEMO_ENV_SECRET } from "@/sim/scenarios/demo";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { until } from "@/test/until";

type Params = { params: Promise<{ cluster: string; namespace: string; name: string }> };
type Handler = (req: Request) => Promise<Response>;
type FnHandler = (req: Request, ctx: Params) => Promise<Response>;

let sim: SimFleet;
let dir: string;
let app: ServerApp;
let detail: FnHandler;
let timeline: FnHandler;
let list: Handler;
let exportFunctions: Handler;

const req = (p: string) => new Request(`http://127.0.0.1:3000${p}`, { headers: { host: "127.0.0.1:3000" } });
const params = (id: string) => {
  const [cluster, namespace, name] = id.split("/");
  return { params: Promise.resolve({ cluster, namespace, name }) };
};
/** The seeded Functions by what the scenario made of them. */
const seeded = (pred: (note: string, intent: string) => boolean) =>
  sim.plan.clusters.flatMap((c) => c.functions.filter((f) => pred(f.note, f.intent)).map((f) => `${c.name}/${f.object.metadata.namespace}/${f.object.metadata.name}`));

beforeAll(async () => {
  ({ sim, dir, app } = await startDashboardOnSim({ prefix: "config-drift", env: {} }));
  ({ GET: detail } = await import("./route"));
  ({ GET: timeline } = await import("./timeline/route"));
  ({ GET: list } = await import("../../../route"));
  ({ GET: exportFunctions } = await import("../../../../export/functions/route"));
  const inAws = new Set(seeded(() => true).filter((_, i) => sim.plan.clusters.flatMap((c) => c.functions)[i].aws));
  await until("every Function listed and those in AWS read", () => {
    const rows = app.fleet.rows();
    return rows.length === 150 && rows.filter((r) => inAws.has(r.id)).every((r) => r.aws) ? rows : null;
  }, 60_000);
}, 90_000);

afterAll(() => stopDashboardOnSim(app, sim, dir));

describe("field-by-field drift on the demo fleet", () => {
  it("names the changed fields of exactly the Functions changed in the console", () => {
    const changed = seeded((note) => note.startsWith("configuration changed"));
    expect(changed).toHaveLength(3);
    const withConfigDrift = app.fleet.rows().filter((r) => r.verdict.reasons.some((x) => x.code === "config-differs"));
    expect(withConfigDrift.map((r) => r.id).sort()).toEqual([...changed].sort());
    const fields = Object.fromEntries(withConfigDrift.map((r) => [r.namespace, r.verdict.driftedFields]));
    expect(fields).toEqual({ payments: ["memorySize", "environment"], checkout: ["timeout", "tracingMode", "tags"], qa: ["layers"] });
    for (const r of withConfigDrift) {
      expect(r.verdict.health).toBe("drift");
      expect(r.verdict.summary).toMatch(/^Synced in Kubernetes, but AWS differs in /);
    }
  });

  it("finds no difference in any Function the scenario made healthy", () => {
    const healthy = new Set(seeded((_, intent) => intent === "healthy"));
    const rows = app.fleet.rows().filter((r) => healthy.has(r.id));
    expect(rows.length).toBeGreaterThan(80);
    expect(rows.filter((r) => r.verdict.driftedFields).map((r) => [r.id, r.verdict.driftedFields])).toEqual([]);
  });

  it("answers the comparison on the detail, the object's environment values hidden", async () => {
    const [id] = seeded((note) => note.includes("debug variable added"));
    const res = await detail(req(`/api/functions/${id}`), params(id));
    expect(res.status).toBe(200);
    const body = FunctionDetailSchema.parse(await res.json());
    const byField = Object.fromEntries((body.configComparison ?? []).map((f) => [f.field, f]));
    expect(byField.memorySize).toMatchObject({ status: "differs", aws: "3008" });
    expect(byField.environment).toMatchObject({ status: "only-in-aws", note: "only in AWS: DEBUG_SQL" });
    expect(byField.runtime.status).toBe("same");
    const vars = (body.object as { spec: { environment: { variables: Record<string, string> } } }).spec.environment.variables;
    expect(Object.keys(vars).sort()).toEqual(["LOG_LEVEL", "PAYMENT_API_KEY", "SERVICE_NAME"]);
  });

  it("no response carries an environment variable's value", async () => {
    const ids = seeded((note) => note.startsWith("configuration changed"));
    const bodies: string[] = [];
    bodies.push(await (await list(req("/api/functions?limit=500"))).text());
    bodies.push(await (await list(req("/api/functions?health=drift"))).text());
    bodies.push(await (await exportFunctions(req("/api/export/functions?format=json"))).text());
    bodies.push(await (await exportFunctions(req("/api/export/functions?format=csv"))).text());
    for (const id of ids) {
      bodies.push(await (await detail(req(`/api/functions/${id}`), params(id))).text());
      bodies.push(await (await timeline(req(`/api/functions/${id}/timeline`), params(id))).text());
    }
    expect(bodies.every((b) => b.length > 50)).toBe(true);
    // Rows carry no configuration at all (not even names): only the detail compares it.
    expect(bodies[0]).not.toContain("environmentNames");
    for (const body of bodies) expect(body).not.toContain(DEMO_ENV_SECRET);
    // The value really is in the cluster and in AWS: the test would see it if a response leaked it.
    const [cluster, namespace, name] = ids.find((i) => i.includes("/payments/"))!.split("/");
    expect(JSON.stringify(sim.clusters.find((c) => c.name === cluster)!.kube.store.get(FN_RESOURCE, namespace, name))).toContain(DEMO_ENV_SECRET);
  });
});

describe("the verdict's reasons: codes in the rows, sentences on the detail", () => {
  it("the list names each reason by its code; the detail gives the same reasons with their sentences and sources", async () => {
    const listed = FunctionListResponseSchema.parse(await (await list(req("/api/functions?limit=500&health=drift"))).json());
    const row = listed.items.find((r) => r.verdict.reasons.some((x) => x.code === "config-differs"));
    expect(row).toBeDefined();
    for (const r of listed.items.flatMap((i) => i.verdict.reasons)) expect(Object.keys(r)).toEqual(["code"]);
    const body = FunctionDetailSchema.parse(await (await detail(req(`/api/functions/${row!.id}`), params(row!.id))).json());
    expect(body.verdict.reasons.map((r) => r.code)).toEqual(row!.verdict.reasons.map((r) => r.code));
    const differs = body.verdict.reasons.find((r) => r.code === "config-differs")!;
    expect(differs.text).toMatch(/\w+ \w+/);
    expect(body.verdict.reasons.every((r) => typeof r.text === "string" && r.text.length > 10)).toBe(true);
    expect(body.verdict.reasons.some((r) => r.source)).toBe(true);
  });
});
