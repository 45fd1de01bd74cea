/**
 * The simulated fleet alone, for a spec that runs its own dashboards on it (e2e/replicas.spec.ts):
 * run with tsx (the simulator is ES modules, which Playwright's loader does not take), it starts
 * the demo fleet and its control API on loopback, writes the AWS credentials file, prints one
 * JSON line `{kubeconfig, awsEndpoint, credentialsFile}` and runs until SIGTERM.
 *   tsx e2e/sim-host.ts --dir DIR --control-port N
 */
import fs from "node:fs";
import path from "node:path";
import { startSimFleet } from "../sim/fleet";
import { startControlServer } from "../scripts/sim-control";

async function main(): Promise<void> {
  const arg = (name: string) => process.argv[process.argv.indexOf(`--${name}`) + 1];
  const dir = path.resolve(arg("dir"));
  fs.mkdirSync(dir, { recursive: true });
  const fleet = await startSimFleet({ seed: 42, dir, scenario: "demo" });
  const control = await startControlServer(fleet, Number(arg("control-port")));
  const credentialsFile = path.join(dir, "aws-credentials.json");
  fs.writeFileSync(credentialsFile, JSON.stringify(fleet.aws.credentials), { mode: 0o600 });
  console.log(JSON.stringify({ kubeconfig: fleet.kubeconfigPath, awsEndpoint: fleet.aws.endpoint, credentialsFile }));
  const stop = async () => {
    await control.close();
    await fleet.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((err) => {
  console.error(`sim host failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
