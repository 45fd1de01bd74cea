/**
 * For route-handler tests: the demo fleet simulated on loopback, and the dashboard's
 * configuration (process.env, read once by lib/server/config.ts) pointed at it, the same way
 * scripts/demo.ts does. Each test file adds the variables its case is about.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSimFleet, type SimFleet } from "@/sim/fleet";

/** Short requeues and Lambda delays: the controller models settle within a test. */
export const FAST_SIM_TIMING = { requeueMs: 200, deletingRequeueMs: 100, lambdaPendingMs: 300, lambdaDeletingMs: 0 };

export async function startDashboardOnSim(opts: {
  prefix: string;
  seed?: number;
  /** Whose kubeconfig the dashboard uses: its own identity, or a person's (local auth mode). */
  kubeconfig?: "dashboard" | "operator";
  env: Record<string, string>;
}): Promise<{ sim: SimFleet; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${opts.prefix}-`));
  const sim = await startSimFleet({ dir, ...(opts.seed !== undefined ? { seed: opts.seed } : {}), scenario: "demo", timing: FAST_SIM_TIMING });
  const creds = path.join(dir, "aws-credentials.json");
  fs.writeFileSync(creds, JSON.stringify(sim.aws.credentials));
  Object.assign(process.env, {
    KUBECONFIG: opts.kubeconfig === "operator" ? sim.operatorKubeconfigPath : sim.kubeconfigPath,
    ACK_FLEET_AWS_ENDPOINT: sim.aws.endpoint,
    ACK_FLEET_AWS_CREDENTIALS_FILE: creds,
    ACK_FLEET_AWS_RPS: "100",
    ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}`,
    // The SDK must not pick up a developer's real profile for the simulated accounts.
    AWS_PROFILE: "",
    ...opts.env,
  });
  return { sim, dir };
}

/** Stops the dashboard's fleet (if it started), the simulated fleet, and removes the folder. */
export async function stopDashboardOnSim(sim: SimFleet | undefined, dir: string | undefined): Promise<void> {
  const { getFleet } = await import("@/lib/server/fleet/instance");
  getFleet().stop();
  await sim?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
