/**
 * `npm run sim`: starts the simulated fleet on fixed loopback ports, writes kubeconfigs under
 * .sim/ in the repository, prints how to use them, and runs until SIGINT/SIGTERM.
 *
 *   npm run sim -- [--seed N] [--large N] [--dir PATH] [--no-controllers]
 *   SIM_BASE_PORT=16443 (clusters on 16443, 16444, 16445)   SIM_LAMBDA_PORT=19000
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startSimFleet, type FleetScenario, type SimFleet } from "./fleet";
import { DEFAULT_SEED } from "./scenarios/demo";
import { MAX_LARGE_FLEET } from "./scenarios/large";

export interface CliOptions {
  seed: number;
  scenario: FleetScenario;
  dir: string;
  runControllers: boolean;
  clusterBasePort: number;
  lambdaPort: number;
}

const USAGE = "usage: npm run sim -- [--seed N] [--large N] [--dir PATH] [--no-controllers]";

function intArg(flag: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${flag} needs a whole number\n${USAGE}`);
  const n = Number(value);
  if (n < min || n > max) throw new Error(`${flag} must be between ${min} and ${max}`);
  return n;
}

/** Parses argv (after the script name) and the environment; throws with a clear message on bad input. */
export function parseCli(argv: string[], env: Record<string, string | undefined>, repoRoot: string): CliOptions {
  const opts: CliOptions = {
    seed: DEFAULT_SEED,
    scenario: "demo",
    dir: join(repoRoot, ".sim"),
    runControllers: true,
    clusterBasePort: intArg("SIM_BASE_PORT", env.SIM_BASE_PORT ?? "16443", 1024, 65_533),
    lambdaPort: intArg("SIM_LAMBDA_PORT", env.SIM_LAMBDA_PORT ?? "19000", 1024, 65_535),
  };
  let controllersFlag: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--seed":
        opts.seed = intArg("--seed", value(), 0, 2 ** 32 - 1);
        break;
      case "--large":
        opts.scenario = { large: intArg("--large", value(), 1, MAX_LARGE_FLEET) };
        break;
      case "--dir": {
        const d = value();
        if (!d) throw new Error(`--dir needs a path\n${USAGE}`);
        opts.dir = resolve(d);
        break;
      }
      case "--no-controllers":
        controllersFlag = false;
        break;
      case "--controllers":
        controllersFlag = true;
        break;
      case "--help":
      case "-h":
        throw new Error(USAGE);
      default:
        throw new Error(`unknown argument ${JSON.stringify(argv[i])}\n${USAGE}`);
    }
  }
  // Large fleets are for benchmarks: no controllers unless asked for.
  opts.runControllers = controllersFlag ?? typeof opts.scenario !== "object";
  if (opts.lambdaPort >= opts.clusterBasePort && opts.lambdaPort <= opts.clusterBasePort + 2) {
    throw new Error("SIM_LAMBDA_PORT overlaps the cluster ports (SIM_BASE_PORT .. +2)");
  }
  return opts;
}

export function describeFleet(fleet: SimFleet, envFile: string): string {
  const lines = [
    "Simulated ACK Lambda fleet is running (127.0.0.1 only).",
    "",
    ...fleet.clusters.map((c) => `  cluster ${c.name.padEnd(8)} ${c.kube.url}   controller ${c.controllerVersion}${c.controller ? "" : " (not running)"}`),
    `  Lambda API       ${fleet.lambda.url}   accounts ${Object.keys(fleet.aws.credentials).join(", ")}`,
    "",
    `  kubeconfig (dashboard identity, one context per cluster): ${fleet.kubeconfigPath}`,
    `  operator / viewer / admin kubeconfigs:                    ${fleet.operatorKubeconfigPath}, ${fleet.viewerKubeconfigPath}, ${fleet.adminKubeconfigPath}`,
    `  AWS endpoint and sim credentials:                         ${envFile} (env), ${envFile.replace(/aws\.env$/, "fleet.json")} (all accounts)`,
    "",
    "Try:",
    `  kubectl --kubeconfig ${fleet.kubeconfigPath} get functions -A`,
    `  kubectl --kubeconfig ${fleet.kubeconfigPath} --context prod-us describe function -n checkout order-events-processor`,
    "  # stop the prod-us controller (replicas 0), then set 1 to bring it back:",
    `  kubectl --kubeconfig ${fleet.adminKubeconfigPath} --context prod-us patch deployment -n ack-system ack-lambda-controller-lambda-chart --type merge -p '{"spec":{"replicas":0}}'`,
    "",
    "Ctrl-C stops it.",
  ];
  return lines.join("\n");
}

async function main(): Promise<void> {
  let opts: CliOptions;
  try {
    opts = parseCli(process.argv.slice(2), process.env, resolve(__dirname, ".."));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const scenarioText = typeof opts.scenario === "object" ? `large (${opts.scenario.large} Functions)` : opts.scenario;
  console.log(`Starting the ${scenarioText} fleet, seed ${opts.seed}...`);
  const fleet = await startSimFleet({
    dir: opts.dir,
    seed: opts.seed,
    scenario: opts.scenario,
    runControllers: opts.runControllers,
    clusterBasePort: opts.clusterBasePort,
    lambdaPort: opts.lambdaPort,
    log: (line) => console.log(line),
  });
  // Sim-only keys, but keys all the same: written to 0600 files, never printed.
  const envFile = join(opts.dir, "aws.env");
  const [first] = Object.entries(fleet.aws.credentials);
  const envLines = [`AWS_ENDPOINT_URL_LAMBDA=${fleet.aws.endpoint}`, "AWS_REGION=us-east-1"];
  if (first) envLines.push(`# account ${first[0]}`, `AWS_ACCESS_KEY_ID=${first[1].accessKeyId}`, `AWS_SECRET_ACCESS_KEY=${first[1].secretAccessKey}`);
  writeFileSync(envFile, envLines.join("\n") + "\n", { mode: 0o600 });
  const fleetFile = join(opts.dir, "fleet.json");
  const info = {
    clusters: fleet.clusters.map((c) => ({ name: c.name, url: c.kube.url, controllerVersion: c.controllerVersion, defaultRegion: c.defaultRegion, defaultAccountId: c.defaultAccountId })),
    kubeconfig: { dashboard: fleet.kubeconfigPath, operator: fleet.operatorKubeconfigPath, viewer: fleet.viewerKubeconfigPath, admin: fleet.adminKubeconfigPath },
    aws: fleet.aws,
    seed: fleet.plan.seed,
  };
  writeFileSync(fleetFile, JSON.stringify(info, null, 2) + "\n", { mode: 0o600 });
  console.log(describeFleet(fleet, envFile));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      console.error("forced exit");
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the fleet...`);
    fleet.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(`stop failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`sim failed to start: ${(err as Error).message}`);
    process.exit(1);
  });
}
