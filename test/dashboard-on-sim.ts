/**
 * For route-handler tests: the demo fleet simulated on loopback, and the server app configured
 * for it the way scripts/demo.ts configures the dashboard, installed for the route handlers.
 * Each test file adds the variables its case is about.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ServerApp } from "@/lib/server/app";
import { startSimFleet, type SimFleet } from "@/sim/fleet";
import { startServerApp, stopServerApp } from "./server-app";

/** Short requeues and Lambda delays: the controller models settle within a test. */
export const FAST_SIM_TIMING = { requeueMs: 200, deletingRequeueMs: 100, lambdaPendingMs: 300, lambdaDeletingMs: 0 };

export async function startDashboardOnSim(opts: {
  prefix: string;
  seed?: number;
  /** Whose kubeconfig the dashboard uses: its own identity, or a person's (local auth mode). */
  kubeconfig?: "dashboard" | "operator";
  env: Record<string, string>;
}): Promise<{ sim: SimFleet; dir: string; app: ServerApp }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${opts.prefix}-`));
  const sim = await startSimFleet({ dir, ...(opts.seed !== undefined ? { seed: opts.seed } : {}), scenario: "demo", timing: FAST_SIM_TIMING });
  const creds = path.join(dir, "aws-credentials.json");
  fs.writeFileSync(creds, JSON.stringify(sim.aws.credentials));
  const app = await startServerApp({
    KUBECONFIG: opts.kubeconfig === "operator" ? sim.operatorKubeconfigPath! : sim.kubeconfigPath,
    ACK_FLEET_AWS_ENDPOINT: sim.aws.endpoint,
    // Every simulated account has its keys here: the SDK never falls back to a developer's profile.
    ACK_FLEET_AWS_CREDENTIALS_FILE: creds,
    ACK_FLEET_AWS_RPS: "100",
    ACK_FLEET_STORE: `sqlite:${path.join(dir, "history.db")}`,
    ...opts.env,
  });
  return { sim, dir, app };
}

/** Stops the server app, the simulated fleet, and removes the folder. */
export async function stopDashboardOnSim(app: ServerApp | undefined, sim: SimFleet | undefined, dir: string | undefined): Promise<void> {
  await stopServerApp(app);
  await sim?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
