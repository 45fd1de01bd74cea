/**
 * `npm run demo`: the simulated fleet (3 clusters, a Lambda API, ACK controller models) on
 * loopback, and the dashboard against it, in one command.
 *   --port N (or PORT, default 3000)   --host H (or HOST, default 127.0.0.1)
 *   --seed N   --large N (a large generated fleet instead of the demo scenario)
 *   --dev (next dev, for working on the dashboard, instead of the production build)
 *   --rebuild (make the production build even if it is up to date)   --control-port N (test control API)
 *
 * By default the dashboard is the production build, Next's standalone server
 * (`node .next/standalone/server.js`, what the container image runs): what an operator runs, at
 * its real speed and memory (about 150 MB against 1 GB for the development server). It is built
 * on the first start and again only when the sources changed (scripts/production-build.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startSimFleet } from "../sim/fleet";
import { ensureProductionBuild, STANDALONE_SERVER } from "./production-build";
import { startControlServer } from "./sim-control";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function main(): Promise<void> {
  const port = Number(arg("port") ?? process.env.PORT ?? 3000);
  const host = arg("host") ?? process.env.HOST ?? "127.0.0.1";
  // Local auth mode trusts whoever reaches the server: it must listen on loopback only.
  const loopback = host === "localhost" || host === "::1" || /^127\./.test(host);
  if ((process.env.ACK_FLEET_AUTH_MODE ?? "local") === "local" && !loopback) {
    throw new Error(`local auth mode listens on loopback only, not ${host}: use HOST=127.0.0.1, or ACK_FLEET_AUTH_MODE=proxy behind an authenticating proxy`);
  }
  const seed = Number(arg("seed") ?? 42);
  const large = arg("large");
  const dev = flag("dev");
  const root = path.resolve(__dirname, "..");
  const dir = path.resolve(arg("dir") ?? path.join(root, ".sim", "demo"));
  fs.mkdirSync(dir, { recursive: true });

  // Built before the fleet starts: the scenario's ages ("deletion requested 40 min ago") count from then.
  if (!dev) await ensureProductionBuild({ root, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, force: flag("rebuild") });

  // The simulated fleet is made anew on every run: so is its history (unless a store is given).
  if (!process.env.ACK_FLEET_STORE) for (const f of ["history.db", "history.db-wal", "history.db-shm"]) fs.rmSync(path.join(dir, f), { force: true });
  const fleet = await startSimFleet({ seed, dir, scenario: large ? { large: Number(large) } : "demo" });
  const credentialsFile = path.join(dir, "aws-credentials.json");
  fs.writeFileSync(credentialsFile, JSON.stringify(fleet.aws.credentials, null, 2), { mode: 0o600 });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Local auth mode acts as the kubeconfig user: the person running the demo is an operator
    // (may patch/delete Functions). Proxy mode uses the dashboard identity, which impersonates.
    KUBECONFIG: process.env.ACK_FLEET_AUTH_MODE === "proxy" ? fleet.kubeconfigPath : (fleet.operatorKubeconfigPath ?? fleet.kubeconfigPath),
    ACK_FLEET_AWS_ENDPOINT: fleet.aws.endpoint,
    ACK_FLEET_AWS_CREDENTIALS_FILE: credentialsFile,
    AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
    ACK_FLEET_STORE: process.env.ACK_FLEET_STORE ?? `sqlite:${path.join(dir, "history.db")}`,
    // The AWS SDK must not pick up a developer's real profile for the simulated accounts.
    AWS_PROFILE: "",
    // Human log lines on a terminal; a deployment keeps the default, JSON.
    ACK_FLEET_LOG_FORMAT: process.env.ACK_FLEET_LOG_FORMAT ?? "text",
    PORT: String(port),
    HOSTNAME: host,
    NEXT_TELEMETRY_DISABLED: "1",
  };

  console.log(`\nSimulated fleet: ${fleet.clusters.map((c) => `${c.name} (${c.kube.url}, controller ${c.controllerVersion})`).join(", ")}`);
  console.log(`Lambda API: ${fleet.aws.endpoint}`);
  console.log(`kubeconfig: ${fleet.kubeconfigPath}`);
  console.log(`  kubectl --kubeconfig ${fleet.kubeconfigPath} get functions -A`);

  const controlPort = arg("control-port") ?? process.env.SIM_CONTROL_PORT;
  const control = controlPort ? await startControlServer(fleet, Number(controlPort)) : null;
  if (control) console.log(`Simulator control API: ${control.url}`);

  // The standalone server reads PORT and HOSTNAME (set above) and runs from its own folder.
  const child: ChildProcess = dev
    ? spawn(path.join(root, "node_modules", ".bin", "next"), ["dev", "-p", String(port), "-H", host], { cwd: root, env, stdio: "inherit" })
    : spawn(process.execPath, [path.join(root, STANDALONE_SERVER)], { cwd: root, env, stdio: "inherit" });
  console.log(`\nDashboard: http://${host}:${port}\n`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    child.kill("SIGTERM");
    await control?.close();
    await fleet.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  child.on("exit", (code) => void stop(code ?? 0));
}

main().catch((err) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
