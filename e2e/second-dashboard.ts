/**
 * Other dashboards than the suite's web server, for specs that need another configuration (proxy
 * mode with identity headers, the two-person rule, replicas on PostgreSQL). They serve the
 * production build the suite's web server made (never a second build), on loopback, and are
 * stopped by the spec's afterAll.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { buildState, STANDALONE_SERVER } from "../scripts/production-build";

const ROOT = path.resolve(__dirname, "..");

export interface SecondDashboard {
  /** The server's process id (the standalone server's own, or scripts/demo.ts's). */
  readonly pid: number;
  /** The last lines it wrote (stdout and stderr), to show when a test fails. */
  output(): string;
  /** Ends it at once (SIGKILL), as a crash would; `stop()` after it returns at once. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

interface Start {
  port: number;
  env: Record<string, string>;
  /** Answers true once the dashboard serves (the fleet read); waited for at most 150 s. */
  ready: () => Promise<boolean>;
}

/** A second dashboard on its own simulated fleet: scripts/demo.ts (which finds the build up to date). */
export async function startSecondDashboard(opts: Start & { controlPort?: number; dir: string; args?: string[] }): Promise<SecondDashboard> {
  const args = [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/demo.ts", "--port", String(opts.port), "--dir", opts.dir];
  if (opts.controlPort) args.push("--control-port", String(opts.controlPort));
  args.push(...(opts.args ?? []));
  return started(spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...opts.env, PORT: String(opts.port) }, stdio: ["ignore", "pipe", "pipe"] }), opts);
}

/**
 * One standalone production server (`node .next/standalone/server.js`, what the image runs) on
 * 127.0.0.1 with exactly `env` (plus PATH and HOME): the caller points it at a fleet and a store.
 */
export async function startStandaloneDashboard(opts: Start): Promise<SecondDashboard> {
  const state = buildState(ROOT);
  if (!state.fresh) throw new Error(`no up-to-date production build (${state.why}): the suite's web server (scripts/demo.ts) makes it`);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...opts.env, PORT: String(opts.port), HOSTNAME: "127.0.0.1" };
  return started(spawn(process.execPath, [path.join(ROOT, STANDALONE_SERVER)], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] }), opts);
}

async function started(child: ChildProcess, opts: Start): Promise<SecondDashboard> {
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (await opts.ready().catch(() => false)) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGTERM");
      throw new Error(`the dashboard on port ${opts.port} did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    await exited;
  };
  return { pid: child.pid!, output: () => output, kill: () => end("SIGKILL"), stop: () => end("SIGTERM") };
}

export interface SimHostFleet {
  kubeconfig: string;
  awsEndpoint: string;
  credentialsFile: string;
}

/**
 * The simulated fleet in its own process (e2e/sim-host.ts) with its control API on
 * `controlPort`, for a spec's own dashboards. `onStart` gets the process at once, so that the
 * spec's afterAll stops it even when it never got ready.
 */
export function startSimHost(dir: string, controlPort: number, onStart: (child: ChildProcess) => void): Promise<SimHostFleet> {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "e2e/sim-host.ts", "--dir", dir, "--control-port", String(controlPort)], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  onStart(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulated fleet did not start in 60 s:\n${output}`)), 60_000);
    child.stderr!.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
    child.stdout!.on("data", (c: Buffer) => {
      output += c.toString();
      const line = output.split("\n").slice(0, -1).find((l) => l.startsWith("{"));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as SimHostFleet);
    });
    child.once("exit", (code) => reject(new Error(`the simulated fleet exited (${code}):\n${output}`)));
  });
}

/** What a dashboard needs to read the fleet of startSimHost (its clusters and its AWS). */
export function simHostEnv(sim: SimHostFleet): Record<string, string> {
  return { KUBECONFIG: sim.kubeconfig, ACK_FLEET_AWS_ENDPOINT: sim.awsEndpoint, ACK_FLEET_AWS_CREDENTIALS_FILE: sim.credentialsFile, AWS_REGION: "us-east-1", AWS_PROFILE: "" };
}
