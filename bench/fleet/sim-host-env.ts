/**
 * The environment of a server app built in the benchmark's own process against a simulated
 * fleet already running (`tsx bench/fleet/sim-host.ts --size N --dir DIR`): its clusters, its
 * Lambda API, the GetFunction budget of bench:fleet and a fresh SQLite store in a temporary
 * folder (the caller removes it). Set on process.env, where processConfig() reads it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SimHostInfo } from "./sim-host";

export function enterSimHostEnv(dir: string, storePrefix: string): { host: SimHostInfo; storeDir: string } {
  const host = JSON.parse(fs.readFileSync(path.join(dir, "host.json"), "utf8")) as SimHostInfo;
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), storePrefix));
  Object.assign(process.env, {
    KUBECONFIG: host.kubeconfig,
    ACK_FLEET_AWS_ENDPOINT: host.awsEndpoint,
    ACK_FLEET_AWS_CREDENTIALS_FILE: host.credentialsFile,
    ACK_FLEET_AWS_RPS: "10",
    ACK_FLEET_STORE: `sqlite:${path.join(storeDir, "history.db")}`,
    AWS_REGION: "us-east-1",
    AWS_PROFILE: "",
  });
  return { host, storeDir };
}
