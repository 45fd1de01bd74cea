/**
 * The list fast lane (lib/server/http/list-fast-lane.ts) on and off, measured side by side: one
 * simulated fleet (bench/fleet/sim-host.ts), two production standalone servers on it (one with
 * ACK_FLEET_LIST_FAST_LANE=off), and bench/fleet/load.ts's 32 closed-loop clients against each
 * in turn, alternating which goes first each round, so that both see the same machine load.
 * Reports each figure per round and the ratio off / on of the medians, plain and gzip. Bounded:
 * each load run stops at `--requests` requests or 20 s; everything it starts is stopped at the end.
 *   tsx bench/fleet/lane-ab.ts [--size 10000] [--rounds 3] [--requests 1000]
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { STANDALONE_SERVER } from "../../scripts/production-build";
import { runLoad, type LoadResult } from "./load";
import { freePort, ROOT, start, stop, waitForLine, type Started } from "./processes";
import { dashboardEnv } from "./run-size";
import type { SimHostInfo } from "./sim-host";
import { simFetch } from "./sim-http";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SIZE = arg("size", 10_000);
const ROUNDS = arg("rounds", 3);
const REQUESTS = arg("requests", 1000);
const QUERIES = { list: "/api/functions?limit=500", filtered: "/api/functions?limit=500&health=stuck,deletion-blocked&q=invoice" };
const uptime = () => execFileSync("uptime").toString().trim();

/**
 * CPU time a process has used, in ms (/proc/<pid>/stat utime + stime, in clock ticks of 10 ms):
 * the server's CPU per request depends far less on what else the machine runs than latency does.
 */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-lane-ab-"));
  const started: Started[] = [];
  try {
    console.log(`[lane-ab] ${uptime()}`);
    const sim = start(path.join(ROOT, "node_modules", ".bin", "tsx"), ["bench/fleet/sim-host.ts", "--size", String(SIZE), "--dir", dir]);
    started.push(sim);
    await waitForLine(sim, /SIM-READY (\d+)/, 300_000);
    const host = JSON.parse(fs.readFileSync(path.join(dir, "host.json"), "utf8")) as SimHostInfo;
    const servers: Record<"on" | "off", string> = { on: "", off: "" };
    const pids: Record<"on" | "off", number> = { on: 0, off: 0 };
    for (const lane of ["on", "off"] as const) {
      const port = await freePort();
      const env = dashboardEnv(host, { port, store: path.join(dir, `history-${lane}.db`), ACK_FLEET_LIST_FAST_LANE: lane });
      const server = start(process.execPath, [path.join(ROOT, STANDALONE_SERVER)], { env });
      started.push(server);
      pids[lane] = server.pid;
      servers[lane] = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 300_000;
      for (;;) {
        const r = await simFetch(`${servers[lane]}/api/functions?limit=1`).catch(() => null);
        if (r?.status === 200 && (JSON.parse(r.body.toString()) as { total: number }).total >= SIZE) break;
        if (Date.now() > deadline) throw new Error(`the lane-${lane} server did not list ${SIZE} Functions in 300 s`);
        await new Promise((res) => setTimeout(res, 500));
      }
      console.log(`[lane-ab] lane ${lane}: ${servers[lane]} lists ${SIZE} Functions`);
    }
    // Both read AWS at the budget while the load runs and record their first timeline entries:
    // let that settle, then one discarded run each to warm up, then what each does idle (10 s).
    await new Promise((r) => setTimeout(r, 20_000));
    for (const lane of ["on", "off"] as const) await runLoad(`${servers[lane]}${QUERIES.list}`, { clients: 32, maxRequests: 300, maxMs: 20_000 });
    const idle: Record<"on" | "off", number> = { on: 0, off: 0 };
    const idle0 = { on: cpuMs(pids.on), off: cpuMs(pids.off), at: Date.now() };
    await new Promise((r) => setTimeout(r, 10_000));
    for (const lane of ["on", "off"] as const) idle[lane] = (cpuMs(pids[lane]) - idle0[lane]) / (Date.now() - idle0.at);
    console.log(`[lane-ab] idle CPU: lane on ${(idle.on * 100).toFixed(1)}%, lane off ${(idle.off * 100).toFixed(1)}% of a core`);
    const results: Record<string, LoadResult[]> = {};
    const cpuPerRequest: Record<string, number[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (["on", "off"] as const) : (["off", "on"] as const);
      for (const [name, query] of Object.entries(QUERIES)) {
        for (const encoding of ["plain", "gzip"] as const) {
          for (const lane of order) {
            const cpu0 = cpuMs(pids[lane]);
            const r = await runLoad(`${servers[lane]}${query}`, { clients: 32, maxRequests: REQUESTS, maxMs: 20_000, request: encoding === "gzip" ? { acceptEncoding: "gzip" } : {} });
            // The server's CPU in the run, less what it spends idle in as long, per answered request.
            const perRequest = (cpuMs(pids[lane]) - cpu0 - idle[lane] * r.seconds * 1000) / Math.max(1, r.requests);
            (results[`${name} ${encoding} lane-${lane}`] ??= []).push(r);
            (cpuPerRequest[`${name} ${encoding} lane-${lane}`] ??= []).push(perRequest);
            console.log(`[lane-ab] round ${round + 1} ${name} ${encoding} lane ${lane}: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.perSec} req/s, ${r.requests} ok, ${r.errors} errors, ${r.bytesPerResponse} B, server CPU ${perRequest.toFixed(2)} ms/request`);
          }
        }
      }
    }
    const median = (xs: Array<number | null>) => {
      const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
      return v.length ? v[Math.floor(v.length / 2)] : NaN;
    };
    console.log(`\n[lane-ab] medians of ${ROUNDS} rounds at ${SIZE} Functions (32 clients; ratio = off / on):`);
    for (const name of Object.keys(QUERIES)) {
      for (const encoding of ["plain", "gzip"]) {
        const on = results[`${name} ${encoding} lane-on`];
        const off = results[`${name} ${encoding} lane-off`];
        const m = (rs: LoadResult[], k: "p50Ms" | "p99Ms" | "perSec") => median(rs.map((r) => r[k]));
        const cpuOn = median(cpuPerRequest[`${name} ${encoding} lane-on`]);
        const cpuOff = median(cpuPerRequest[`${name} ${encoding} lane-off`]);
        console.log(
          `  ${name} ${encoding}: lane on p50 ${m(on, "p50Ms")} / p99 ${m(on, "p99Ms")} ms, ${m(on, "perSec")} req/s, CPU ${cpuOn.toFixed(2)} ms/request; off p50 ${m(off, "p50Ms")} / p99 ${m(off, "p99Ms")} ms, ${m(off, "perSec")} req/s, CPU ${cpuOff.toFixed(2)} ms/request; p99 ratio ${(m(off, "p99Ms") / m(on, "p99Ms")).toFixed(2)}x, req/s ratio ${(m(on, "perSec") / m(off, "perSec")).toFixed(2)}x, CPU ratio ${(cpuOff / cpuOn).toFixed(2)}x`,
        );
      }
    }
    console.log(`[lane-ab] ${uptime()}`);
  } finally {
    for (const p of started.reverse()) await stop(p);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
