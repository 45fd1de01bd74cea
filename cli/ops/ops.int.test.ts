/**
 * `export` and `backup` through the CLI's main(): the export against the simulated fleet (the
 * same archive as the API's, a stopped cluster makes exit 2 and is named), the backup of a
 * SQLite store while another connection keeps writing to it.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStores } from "@/lib/server/store/open";
import { SEED_CASE } from "@/sim/scenarios/catalog";
import { startSimFleet, type SimFleet } from "@/sim/fleet";
import { main } from "../main";

let sim: SimFleet;
let dir: string;

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: env as NodeJS.ProcessEnv, readStdin: () => "", version: "test" });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-ops-"));
  sim = await startSimFleet({ dir, scenario: "demo", runControllers: false });
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("ack-lambda-fleet export", () => {
  it("writes every cluster's manifests, says what it wrote, and exits 0", async () => {
    const out = path.join(dir, "fleet.tar.gz");
    const r = await cli(["export", "--kubeconfig", sim.viewerKubeconfigPath, "--output", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const c of sim.plan.clusters) expect(r.stdout).toContain(`${c.name}: ${c.functions.length} Function in`);
    const unpacked = fs.mkdtempSync(path.join(dir, "x-"));
    execFileSync("tar", ["-xzf", out, "-C", unpacked]);
    expect(fs.existsSync(path.join(unpacked, SEED_CASE.cluster, SEED_CASE.namespace, "functions", `${SEED_CASE.name}.yaml`))).toBe(true);
    expect((fs.statSync(out).mode & 0o777).toString(8)).toBe("600");
    // Never overwrites.
    const again = await cli(["export", "--kubeconfig", sim.viewerKubeconfigPath, "--output", out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("exists");
  });

  it("exits 2 and names the cluster it could not read, still writing the others", async () => {
    const down = sim.clusters[0].name;
    await sim.stopCluster(down);
    try {
      const out = path.join(dir, "partial.tar.gz");
      const r = await cli(["export", "--kubeconfig", sim.viewerKubeconfigPath, "--output", out, "--context", `${down},${sim.clusters[1].name}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${down}: could not read`);
      expect(r.stdout).toContain(`${sim.clusters[1].name}: ${sim.plan.clusters[1].functions.length} Function`);
    } finally {
      await sim.startCluster(down);
    }
  });

  it("refuses a command line without --output (exit 2)", async () => {
    const r = await cli(["export"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--output");
  });
});

describe("ack-lambda-fleet backup", () => {
  const audit = (name: string) => ({
    requestId: `req-${name}`,
    phase: "attempt" as const,
    actor: { user: "alice", groups: ["operators"] },
    cluster: "c1",
    namespace: "ns",
    name,
    uid: "uid-1",
    action: "remove-finalizer" as const,
    reason: "stuck since the v1.7.3 Pending bug",
    preconditions: { resourceVersion: "42" },
    dryRun: null,
    outcome: null,
    error: null,
    status: null,
  });

  it("copies the store while it is written to, checks the copy, and never overwrites", async () => {
    const file = path.join(dir, "store", "history.db");
    const stores = openStores(`sqlite:${file}`);
    for (let i = 0; i < 200; i++) stores.audit.append(audit(`fn-${i}`));
    // A writer keeps committing during the backup (the dashboard's recorder would).
    let writes = 0;
    const writer = setInterval(() => {
      stores.audit.append(audit(`late-${writes++}`));
    }, 1);
    try {
      const out = path.join(dir, "backup.db");
      const r = await cli(["backup", "--output", out], { ACK_FLEET_STORE: `sqlite:${file}` });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const copy = new Database(out, { readonly: true });
      const n = (copy.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n;
      copy.close();
      expect(n).toBeGreaterThanOrEqual(200);
      expect(r.stdout).toContain(`${n} audit entries (integrity_check ok)`);
      const again = await cli(["backup", "--store", `sqlite:${file}`, "--output", out]);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain("never overwrites");
    } finally {
      clearInterval(writer);
      stores.close();
    }
  });

  it("refuses a store that is not SQLite, or missing (exit 2)", async () => {
    expect((await cli(["backup", "--output", path.join(dir, "b2.db")], { ACK_FLEET_STORE: "postgres://db/fleet" })).stderr).toContain("pg_dump");
    const missing = await cli(["backup", "--store", `sqlite:${path.join(dir, "none.db")}`, "--output", path.join(dir, "b3.db")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no store at");
  });
});
