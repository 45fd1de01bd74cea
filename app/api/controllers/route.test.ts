/**
 * GET /api/controllers on the simulated fleet: prod-us runs lambda-controller 1.7.3 (the
 * stale-Pending bug, and the seed case it causes), the other clusters 1.14.1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControllersResponseSchema } from "@/lib/domain/wire/controllers";
import type { ServerApp } from "@/lib/server/app";
import type { SimFleet } from "@/sim/fleet";
import { startDashboardOnSim, stopDashboardOnSim } from "@/test/dashboard-on-sim";
import { until } from "@/test/until";

let sim: SimFleet;
let dir: string;
let app: ServerApp;
let route: (req: Request) => Promise<Response>;

beforeAll(async () => {
  ({ sim, dir, app } = await startDashboardOnSim({ prefix: "controllers-route", env: { ACK_FLEET_MIN_CONTROLLER_VERSION: "v1.7.4" } }));
  ({ GET: route } = await import("./route"));
  await until("the fleet listed, its AWS state read and its controllers found", () => {
    const rows = app.fleet.rows();
    const prodUs = rows.filter((r) => r.cluster === "prod-us" && r.awsName && r.accountId === rows.find((x) => x.id === "prod-us/checkout/order-events-processor")?.accountId);
    return rows.length === 150 && prodUs.length > 0 && prodUs.every((r) => r.aws) && [...app.fleet.clusters.values()].every((c) => c.controllers !== null);
  }, 60_000);
}, 90_000);

afterAll(() => stopDashboardOnSim(app, sim, dir));

describe("GET /api/controllers", () => {
  it("names prod-us's 1.7.3 controller, its bug with the Functions it affects, below the minimum, with the upgrade", async () => {
    const res = await route(new Request("http://127.0.0.1:3000/api/controllers", { headers: { host: "127.0.0.1:3000" } }));
    expect(res.status).toBe(200);
    const body = ControllersResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ minimumVersion: "1.7.4", targetVersion: "1.7.4" });
    const us = body.clusters.find((c) => c.cluster === "prod-us")!;
    expect(us.deployments.map((d) => [d.version, d.versionSource, d.knownBugIds])).toEqual([["1.7.3", "image-tag", ["stale-pending"]]]);
    const pendingBug = app.fleet.rows().filter((r) => r.cluster === "prod-us" && r.verdict.reasons.some((x) => x.code === "pending-bug")).length;
    expect(pendingBug).toBeGreaterThan(0);
    expect(us.knownBugs).toEqual([expect.objectContaining({ id: "stale-pending", fixedIn: "1.7.4", affectedFunctions: pendingBug })]);
    expect(us.belowMinimum).toBe(true);
    expect(us.upgrade!.commands.at(-1)).toMatch(/^helm upgrade \S+ oci:\/\/public\.ecr\.aws\/aws-controllers-k8s\/lambda-chart --version 1\.7\.4 --namespace ack-system --reuse-values$/);
    for (const name of ["prod-eu", "staging"]) expect(body.clusters.find((c) => c.cluster === name)).toMatchObject({ belowMinimum: false, knownBugs: [], upgrade: null });
  });
});
