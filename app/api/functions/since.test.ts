/**
 * GET /api/functions?since=<version>: the rows changed since a list's version, through the real
 * route handler, the real fleet and live hub and a simulated cluster.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FunctionDeltaResponseSchema, FunctionListResponseSchema } from "@/lib/domain/wire/fleet";
import { KubeApiSim } from "@/sim/kube/server";
import { writeKubeconfig } from "@/sim/kube/kubeconfig";
import { FN_RESOURCE, TOKENS, functionManifest, testSimOptions } from "@/sim/kube/testkit";
import type { ServerApp } from "@/lib/server/app";
import { startServerApp, stopServerApp } from "@/test/server-app";
import { until } from "@/test/until";

let kube: KubeApiSim;
let app: ServerApp;
let list: (req: Request) => Promise<Response>;

const get = async (qs: string) => {
  const res = await list(new Request(`http://127.0.0.1/api/functions${qs}`));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
};
const put = (name: string, state = "Active") => kube.store.put({ ...functionManifest(name, "team-a"), status: { state } } as never);

beforeAll(async () => {
  kube = new KubeApiSim(testSimOptions({ name: "since-test" }));
  await kube.start();
  kube.store.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
  for (let i = 0; i < 5; i++) put(`fn-${i}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "since-test-"));
  writeKubeconfig(path.join(dir, "kubeconfig"), [{ name: "since-test", url: kube.url, token: TOKENS.dashboard }]);
  app = await startServerApp({ KUBECONFIG: path.join(dir, "kubeconfig"), ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}` }, { roles: { readAws: false } });
  ({ GET: list } = await import("./route"));
  await until("the 5 rows", async () => ((await get("")).body.items as unknown[] | undefined)?.length === 5);
});

afterAll(async () => {
  await stopServerApp(app);
  await kube?.stop();
});

describe("GET /api/functions?since=", () => {
  it("answers the rows changed and removed since a list's version, and nothing more", async () => {
    // Let the first rows' events go out, then take the list's version.
    await new Promise((r) => setTimeout(r, 300));
    const before = FunctionListResponseSchema.parse((await get("?limit=1")).body);
    expect(before.version).toBeTruthy();
    const unchanged = FunctionDeltaResponseSchema.parse((await get(`?since=${before.version}`)).body);
    expect(unchanged).toMatchObject({ since: before.version, changed: [], removed: [], total: 5 });

    put("fn-1", "Failed");
    put("fn-9");
    kube.store.delete(FN_RESOURCE, "team-a", "fn-2", { force: true });
    await until("the delta of the three changes", async () => {
      const d = FunctionDeltaResponseSchema.parse((await get(`?since=${before.version}`)).body);
      return d.changed.length === 2 && d.removed.length === 1;
    });
    const delta = FunctionDeltaResponseSchema.parse((await get(`?since=${before.version}`)).body);
    expect(delta.changed.map((r) => r.name).sort()).toEqual(["fn-1", "fn-9"]);
    expect(delta.changed.find((r) => r.name === "fn-1")?.statusState).toBe("Failed");
    expect(delta.removed).toEqual(["since-test/team-a/fn-2"]);
    expect(delta.total).toBe(5);
    expect(delta.clusters[0]).toMatchObject({ name: "since-test", functionCount: 5 });

    // From the delta's own version on, nothing changed.
    const after = FunctionDeltaResponseSchema.parse((await get(`?since=${delta.version}`)).body);
    expect(after).toMatchObject({ changed: [], removed: [] });
  });

  it("says 410 delta_unavailable when it cannot tell (another process, a version it never gave)", async () => {
    for (const since of ["zzzz0000-3", `${app.live.epoch}-999999999`]) {
      const r = await get(`?since=${since}`);
      expect(r.status).toBe(410);
      expect(r.body.error?.code).toBe("delta_unavailable");
    }
  });

  it("rejects a malformed version or since with list parameters", async () => {
    for (const qs of ["?since=%3Cscript%3E", "?since=a-1&limit=5", "?since=a-1&since=a-2", `?since=${"a".repeat(400)}-1`]) {
      const r = await get(qs);
      expect(r.status, qs).toBe(400);
      expect(r.body.error?.code).toBe("bad_request");
    }
  });
});
