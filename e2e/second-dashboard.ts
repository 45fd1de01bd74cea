/**
 * A second dashboard on its own simulated fleet, for specs that need another configuration than
 * the suite's web server (proxy mode with identity headers, the two-person rule). It serves the
 * production build the suite's web server made (scripts/demo.ts finds it up to date), on
 * loopback, and is stopped by the spec's afterAll.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface SecondDashboard {
  stop(): Promise<void>;
}

/** Starts it and waits until `ready` answers true (the fleet read), at most 150 s. */
export async function startSecondDashboard(opts: { port: number; controlPort?: number; dir: string; env: Record<string, string>; args?: string[]; ready: () => Promise<boolean> }): Promise<SecondDashboard> {
  const root = path.resolve(__dirname, "..");
  const args = [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/demo.ts", "--port", String(opts.port), "--dir", opts.dir];
  if (opts.controlPort) args.push("--control-port", String(opts.controlPort));
  args.push(...(opts.args ?? []));
  const demo: ChildProcess = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...opts.env, PORT: String(opts.port) }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  demo.stdout!.on("data", keep);
  demo.stderr!.on("data", keep);
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (await opts.ready().catch(() => false)) break;
    if (Date.now() > deadline || demo.exitCode !== null) {
      demo.kill("SIGTERM");
      throw new Error(`the second dashboard did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    stop: async () => {
      if (demo.exitCode !== null) return;
      const exited = new Promise((r) => demo.once("exit", r));
      demo.kill("SIGTERM");
      await exited;
    },
  };
}
