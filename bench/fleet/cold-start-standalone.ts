/**
 * The cold start as `bench:fleet` measures it (the production standalone server spawned, then
 * `/api/functions?limit=1` polled until every row has a verdict and every cluster is connected),
 * repeated against one simulated fleet already running (`tsx bench/fleet/sim-host.ts --size N
 * --dir DIR`), each start right after kubectl on the three contexts in parallel: the ratio of a
 * pair is the figure, and several pairs give its range on a shared machine. Each server gets a
 * fresh store and logs its start-up marks (bench/fleet/boot-marks.cjs, preloaded).
 * `--server` takes other builds' server.js files (a copy of .next/standalone each) to start in
 * turn with this checkout's, for a before/after under the same load.
 *   tsx bench/fleet/cold-start-standalone.ts DIR [--runs N] [--port P] [--cpu-prof DIR] [--server FILE]...
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { STANDALONE_SERVER } from "../../scripts/production-build";
import { waitForColdStart } from "./dashboard-probe";
import { ROOT, freePort, start, stop } from "./processes";
import { dashboardEnv, kubectlParallel } from "./run-size";
import type { SimHostInfo } from "./sim-host";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** User + system CPU time of a process so far (/proc/PID/stat, clock ticks of 10 ms): less sensitive than wall time on a shared machine. */
function processCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir || dir.startsWith("--")) throw new Error("usage: cold-start-standalone.ts DIR [--runs N] [--port P] [--cpu-prof DIR] [--server FILE]...");
  const host = JSON.parse(fs.readFileSync(path.join(dir, "host.json"), "utf8")) as SimHostInfo;
  const runs = Number(arg("runs") ?? 3);
  const profileDir = arg("cpu-prof");
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const contexts = host.clusters.map((c) => c.name);
  await kubectlParallel(host.kubeconfig, contexts); // warm-up: the simulator keeps each object's JSON once made
  const servers = [path.join(ROOT, STANDALONE_SERVER), ...process.argv.flatMap((a, i) => (process.argv[i - 1] === "--server" ? [path.resolve(a)] : []))];
  const ratios = new Map<string, number[]>(servers.map((s) => [s, []]));
  for (let i = 0; i < runs * servers.length; i++) {
    const serverJs = servers[i % servers.length];
    const kubectl = await kubectlParallel(host.kubeconfig, contexts);
    const port = Number(arg("port") ?? 0) || (await freePort());
    const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "cold-start-standalone-"));
    const env = dashboardEnv(host, { port, store: path.join(storeDir, "history.db"), ACK_FLEET_AWS_RPS: 10 });
    const nodeArgs = ["-r", path.join(ROOT, "bench/fleet/boot-marks.cjs"), ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])];
    const server = start(process.execPath, [...nodeArgs, serverJs], { env });
    // The marks, gathered as they come (the output kept is only its end), those the server prints when stopped too.
    const marks: string[] = [];
    let partial = "";
    server.child.stderr?.on("data", (d: Buffer) => {
      const lines = (partial + d.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const l of lines) if (l.includes("[boot-timing]")) marks.push(l.replace(/.*\[boot-timing\]\s*/, ""));
    });
    try {
      const cold = await waitForColdStart(`http://127.0.0.1:${port}`, server.startedAt, host.size, 120_000, () => !server.exited());
      if (cold.completeMs === null) throw new Error(`no complete fleet within 120 s:\n${server.output().slice(-2000)}`);
      const cpuMs = processCpuMs(server.pid);
      const ratio = cold.completeMs / kubectl.parallelMs;
      ratios.get(serverJs)?.push(ratio);
      console.log(`run ${i + 1} (${path.relative(ROOT, serverJs)}): kubectl ${kubectl.parallelMs} ms, server up ${cold.serverUpMs} ms, complete ${cold.completeMs} ms (server CPU ${cpuMs} ms by then, ${cold.liveEvents ?? "?"} live events): ${ratio.toFixed(2)}x; load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    } finally {
      const closed = new Promise<void>((resolve) => (server.child.stderr?.closed ? resolve() : server.child.once("close", () => resolve())));
      await stop(server, profileDir ? "SIGINT" : "SIGTERM", 30_000);
      // What it printed last (the marks it prints when stopped) may come after its exit.
      await Promise.race([closed, new Promise((r) => setTimeout(r, 2_000))]);
      fs.rmSync(storeDir, { recursive: true, force: true });
    }
    if (marks.length) console.log(`  ${marks.join("\n  ")}`);
  }
  for (const [serverJs, r] of ratios) {
    r.sort((a, b) => a - b);
    console.log(`${path.relative(ROOT, serverJs)}: ratio vs kubectl min ${r[0].toFixed(2)}x, median ${r[Math.floor(r.length / 2)].toFixed(2)}x, max ${r[r.length - 1].toFixed(2)}x over ${r.length} runs`);
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
