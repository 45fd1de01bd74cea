/**
 * The list path of two checkouts side by side on one simulated fleet: this checkout's and an
 * earlier one's (`--before DIR`, e.g. `git archive <commit> | tar -x -C DIR` with a
 * `node_modules` link), each as bench/fleet/tails-server.ts runs it (the server app and the list
 * fast lane without Next.js, its log on a pipe to this process as under bench:fleet), and
 * bench/fleet/load.ts's 32 closed-loop clients against each in turn, alternating which goes first
 * each round, so that both see the same machine load. The earlier checkout runs this checkout's
 * tails-server.ts (copied into it). Without `--aws` both run without the AWS reads (the cost of
 * an answer alone); with it, both read the simulated AWS at the budget while loaded. Reports per
 * round and the medians: p50/p99, requests a second, bytes an answer and the server's CPU per
 * answer (/proc, less its idle CPU), with the ratio before / after. Bounded: each load stops at
 * `--requests` or 20 s; everything it starts is stopped at the end.
 * `--ports A,B` puts the two servers on those ports of 127.0.0.1 (free ones otherwise).
 *   tsx bench/fleet/tails-ab.ts --before DIR [--size 10000] [--rounds 3] [--requests 1000] [--aws] [--sim DIR] [--ports A,B]
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runLoad, type LoadResult } from "./load";
import { freePort, ROOT, start, stop, waitForLine, type Started } from "./processes";

const argText = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const arg = (name: string, fallback: number) => Number(argText(name) ?? fallback);
const BEFORE = argText("before");
const SIZE = arg("size", 10_000);
const ROUNDS = arg("rounds", 3);
const REQUESTS = arg("requests", 1000);
const AWS = process.argv.includes("--aws");
const QUERIES = { list: "/api/functions?limit=500", filtered: "/api/functions?limit=500&health=stuck,deletion-blocked&q=invoice" };
const uptime = () => execFileSync("uptime").toString().trim();

/** CPU time a process has used, in ms (/proc/<pid>/stat utime + stime, in ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

type Side = "before" | "after";

async function main(): Promise<void> {
  if (!BEFORE || !fs.existsSync(path.join(BEFORE, "lib", "server", "app.ts"))) throw new Error("usage: tails-ab.ts --before DIR (a checkout of the earlier commit with node_modules)");
  fs.copyFileSync(path.join(ROOT, "bench", "fleet", "tails-server.ts"), path.join(BEFORE, "bench", "fleet", "tails-server.ts"));
  const started: Started[] = [];
  const own = argText("sim") === undefined;
  const dir = argText("sim") ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-tails-ab-"));
  try {
    console.log(`[tails-ab] ${uptime()}`);
    if (own) {
      const sim = start(path.join(ROOT, "node_modules", ".bin", "tsx"), ["bench/fleet/sim-host.ts", "--size", String(SIZE), "--dir", dir]);
      started.push(sim);
      await waitForLine(sim, /SIM-READY (\d+)/, 300_000);
    }
    const base: Record<Side, string> = { before: "", after: "" };
    const pids: Record<Side, number> = { before: 0, after: 0 };
    const ports = argText("ports")?.split(",").map(Number);
    for (const side of ["before", "after"] as const) {
      const port = ports?.[side === "before" ? 0 : 1] ?? (await freePort());
      const cwd = side === "before" ? path.resolve(BEFORE) : ROOT;
      const args = ["--import", "tsx", "--conditions", "react-server", path.join(cwd, "bench", "fleet", "tails-server.ts"), dir, String(port), ...(AWS ? [] : ["--no-aws"])];
      const server = start(process.execPath, args, { env: { ...process.env, TSX_TSCONFIG_PATH: path.join(cwd, "tsconfig.json") } });
      started.push(server);
      await waitForLine(server, /TAILS-READY/, 300_000);
      base[side] = `http://127.0.0.1:${port}`;
      pids[side] = server.pid;
      console.log(`[tails-ab] ${side}: ${cwd} on ${base[side]}`);
    }
    // One discarded run each to warm up, then what each does idle (5 s).
    for (const side of ["before", "after"] as const) await runLoad(`${base[side]}${QUERIES.list}`, { clients: 32, maxRequests: 300, maxMs: 20_000 });
    const idle0 = { before: cpuMs(pids.before), after: cpuMs(pids.after), at: Date.now() };
    await new Promise((r) => setTimeout(r, 5_000));
    const idle: Record<Side, number> = { before: 0, after: 0 };
    for (const side of ["before", "after"] as const) idle[side] = (cpuMs(pids[side]) - idle0[side]) / (Date.now() - idle0.at);
    const results: Record<string, LoadResult[]> = {};
    const cpu: Record<string, number[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      const order: Side[] = round % 2 === 0 ? ["before", "after"] : ["after", "before"];
      for (const [name, query] of Object.entries(QUERIES)) {
        for (const encoding of name === "list" ? (["plain", "gzip"] as const) : (["plain"] as const)) {
          for (const side of order) {
            const cpu0 = cpuMs(pids[side]);
            const r = await runLoad(`${base[side]}${query}`, { clients: 32, maxRequests: REQUESTS, maxMs: 20_000, request: encoding === "gzip" ? { acceptEncoding: "gzip" } : {} });
            const perRequest = (cpuMs(pids[side]) - cpu0 - idle[side] * r.seconds * 1000) / Math.max(1, r.requests);
            const key = `${name} ${encoding} ${side}`;
            (results[key] ??= []).push(r);
            (cpu[key] ??= []).push(perRequest);
            console.log(`[tails-ab] round ${round + 1} ${key}: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.perSec} req/s, ${r.requests} ok, ${r.errors} errors, ${r.bytesPerResponse} B, server CPU ${perRequest.toFixed(2)} ms/request`);
          }
        }
      }
    }
    const median = (xs: Array<number | null>) => {
      const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
      return v.length ? v[Math.floor(v.length / 2)] : NaN;
    };
    console.log(`\n[tails-ab] medians of ${ROUNDS} rounds at ${SIZE} Functions, AWS reads ${AWS ? "on" : "off"} (32 clients; ratio = before / after):`);
    for (const key of new Set(Object.keys(results).map((k) => k.replace(/ (before|after)$/, "")))) {
      const m = (side: Side, k: "p50Ms" | "p99Ms" | "perSec" | "bytesPerResponse") => median(results[`${key} ${side}`].map((r) => r[k]));
      const c = (side: Side) => median(cpu[`${key} ${side}`]);
      console.log(
        `  ${key}: before p50 ${m("before", "p50Ms")} / p99 ${m("before", "p99Ms")} ms, ${m("before", "perSec")} req/s, ${m("before", "bytesPerResponse")} B, CPU ${c("before").toFixed(2)} ms/answer; after p50 ${m("after", "p50Ms")} / p99 ${m("after", "p99Ms")} ms, ${m("after", "perSec")} req/s, ${m("after", "bytesPerResponse")} B, CPU ${c("after").toFixed(2)} ms/answer; p99 ratio ${(m("before", "p99Ms") / m("after", "p99Ms")).toFixed(2)}x, req/s ratio ${(m("after", "perSec") / m("before", "perSec")).toFixed(2)}x, CPU ratio ${(c("before") / c("after")).toFixed(2)}x`,
      );
    }
    console.log(`[tails-ab] ${uptime()}`);
  } finally {
    for (const p of started.reverse()) await stop(p);
    if (own) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
