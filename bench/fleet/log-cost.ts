/**
 * What a request's log line costs the event loop, one write each (as before) against the lines
 * of a turn written together (lib/server/log-lines.ts), in one process whose stdout is a pipe
 * to its parent, as under bench:fleet or a container runtime. Alternates the two, `--rounds`
 * times, `--lines` lines each, `--per-turn` lines a turn (32: one a client of the list load),
 * and prints the time per line of each (wall clock and process CPU) and their ratio.
 *   tsx --conditions react-server bench/fleet/log-cost.ts [--lines 20000] [--per-turn 32] [--rounds 5]
 */
import { execFileSync, spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { logLines } from "@/lib/server/log-lines";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const LINES = arg("lines", 20_000);
const PER_TURN = arg("per-turn", 32);
const ROUNDS = arg("rounds", 5);

/** A request line as lib/server/http/request-log.ts makes it. */
const line = (i: number) =>
  JSON.stringify({ time: new Date().toISOString(), level: "info", msg: "request", requestId: `0b5c7a4e-2f7d-4f53-9a7e-${String(i).padStart(12, "0")}`, method: "GET", path: "/api/functions", user: "local operator", status: 200, durationMs: 0.4 });

async function child(): Promise<void> {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const run = async (batched: boolean) => {
    const lines = logLines((chunk) => process.stdout.write(chunk), (f) => setImmediate(f));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < LINES; i++) {
      if (batched) lines.add(line(i));
      else process.stdout.write(`${line(i)}\n`);
      if (i % PER_TURN === PER_TURN - 1) await turn();
    }
    lines.flush();
    const cpu = process.cpuUsage(cpu0);
    return { wallUs: ((performance.now() - t0) * 1000) / LINES, cpuUs: (cpu.user + cpu.system) / LINES };
  };
  const out: Record<string, Array<{ wallUs: number; cpuUs: number }>> = { each: [], batched: [] };
  for (let r = 0; r < ROUNDS; r++) for (const batched of r % 2 ? [true, false] : [false, true]) out[batched ? "batched" : "each"].push(await run(batched));
  process.stderr.write(`${JSON.stringify(out)}\n`);
}

async function parent(): Promise<void> {
  const uptime = () => execFileSync("uptime").toString().trim();
  console.log(`[log-cost] ${uptime()}`);
  const p = spawn(process.execPath, [...process.execArgv, __filename, "--child", ...process.argv.slice(2)], { stdio: ["ignore", "pipe", "pipe"] });
  let bytes = 0;
  p.stdout.on("data", (b: Buffer) => (bytes += b.length));
  let err = "";
  p.stderr.on("data", (b: Buffer) => (err += b.toString()));
  await new Promise((resolve) => p.on("exit", resolve));
  const out = JSON.parse(err.trim().split("\n").pop()!) as Record<string, Array<{ wallUs: number; cpuUs: number }>>;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const m = (k: string, f: "wallUs" | "cpuUs") => median(out[k].map((x) => x[f]));
  console.log(`[log-cost] ${LINES} lines a run, ${PER_TURN} a turn, ${ROUNDS} rounds, ${(bytes / 1e6).toFixed(1)} MB read by the parent`);
  console.log(`  one write a line: ${m("each", "wallUs").toFixed(1)} µs wall, ${m("each", "cpuUs").toFixed(1)} µs CPU a line`);
  console.log(`  a turn's lines in one write: ${m("batched", "wallUs").toFixed(1)} µs wall, ${m("batched", "cpuUs").toFixed(1)} µs CPU a line`);
  console.log(`  ratio (one write a line / batched): wall ${(m("each", "wallUs") / m("batched", "wallUs")).toFixed(2)}x, CPU ${(m("each", "cpuUs") / m("batched", "cpuUs")).toFixed(2)}x`);
  console.log(`[log-cost] ${uptime()}`);
}

void (process.argv.includes("--child") ? child() : parent());
