/**
 * The ceiling of the list under load on this machine: how fast can 32 closed-loop clients be
 * served the list's answer at all, with no work per request but writing it?
 *
 * Takes the exact bytes and headers of a real `GET /api/functions?limit=500` answer, plain and
 * gzip, from a running server (`--target`: the standalone server as bench:fleet runs it, or
 * bench/fleet/tails-server.ts), and serves them again from two bare servers in a child process
 * each, on 127.0.0.1:
 * - `http`: a `node:http` server that answers every request with those headers and that body
 *   (one Buffer, `res.end`): node's HTTP parsing and header writing, the kernel's copy, nothing else;
 * - `raw`: a `net` server that writes one prepared Buffer (status line, headers, body) per
 *   request it sees end (`\r\n\r\n`): the kernel's copy and the driver's own reading alone.
 * Then drives the target and both with bench/fleet/load.ts's 32 closed-loop clients (the driver
 * bench:fleet uses), alternating which goes first each round, bounded in requests and time.
 * Reports per run and as medians: p50/p99, answers a second, the server's CPU per answer
 * (/proc of its pid; `--pid` for the target's, which the tool did not start) and the driver's
 * own CPU per answer: what the machine costs (raw), what node's HTTP adds (http), what our
 * server adds (target). The load average is printed before and after.
 *   tsx bench/fleet/list-ceiling.ts --target http://127.0.0.1:PORT [--pid PID] [--ports 3252,3253]
 *     [--rounds 3] [--requests 2000] [--seconds 20] [--idle 3] [--query '/api/functions?limit=500'] [--only plain|gzip]
 * (`--idle S`: each server's CPU is sampled idle for S seconds before each run and taken off
 * the run's at that rate.)
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { runLoad, type LoadResult } from "./load";
import { ROOT, start, stop, waitForLine, type Started } from "./processes";

const argText = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const uptime = () => execFileSync("uptime").toString().trim();

/** One captured answer: status, headers as sent (name, value pairs) and the body's bytes. */
export interface CapturedAnswer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

/** Asks `url` once and keeps the answer as it came over the wire (no decompression). */
export function captureAnswer(url: string, acceptEncoding?: string): Promise<CapturedAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: "application/json", ...(acceptEncoding ? { "Accept-Encoding": acceptEncoding } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const headers: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** Headers a server sets per connection or per answer itself: not replayed. */
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "date"]);

/** The whole HTTP/1.1 answer as one Buffer (status line, the captured headers, the body). */
export function rawAnswer(a: CapturedAnswer): Buffer {
  const lines = [`HTTP/1.1 ${a.status} ${http.STATUS_CODES[a.status] ?? ""}`];
  for (const [k, v] of a.headers) if (!HOP.has(k.toLowerCase())) lines.push(`${k}: ${v}`);
  lines.push(`Date: ${new Date().toUTCString()}`, "Connection: keep-alive", "Keep-Alive: timeout=5", "", "");
  return Buffer.concat([Buffer.from(lines.join("\r\n"), "latin1"), a.body]);
}

/** Whether a request's head asks for gzip (enough for this bench: its own driver's requests). */
function asksGzip(head: string): boolean {
  return /\r\naccept-encoding:[^\r\n]*gzip/i.test(head);
}

/** Child mode: serves the captured answers on `port` (kind http or raw) until SIGTERM. */
function serve(kind: "http" | "raw", port: number, file: string): void {
  const saved = JSON.parse(fs.readFileSync(file, "utf8")) as Record<"plain" | "gzip", { status: number; headers: Array<[string, string]>; body: string }>;
  const answers = {
    plain: { ...saved.plain, body: Buffer.from(saved.plain.body, "base64") },
    gzip: { ...saved.gzip, body: Buffer.from(saved.gzip.body, "base64") },
  };
  let server: net.Server;
  if (kind === "http") {
    const heads = {
      plain: Object.fromEntries(answers.plain.headers.filter(([k]) => !HOP.has(k.toLowerCase()))),
      gzip: Object.fromEntries(answers.gzip.headers.filter(([k]) => !HOP.has(k.toLowerCase()))),
    };
    server = http.createServer((req, res) => {
      const which = /gzip/i.test(String(req.headers["accept-encoding"] ?? "")) ? "gzip" : "plain";
      res.writeHead(answers[which].status, heads[which]);
      res.end(answers[which].body);
    });
  } else {
    const wire = { plain: rawAnswer(answers.plain), gzip: rawAnswer(answers.gzip) };
    server = net.createServer((socket) => {
      let pending = "";
      socket.on("data", (d: Buffer) => {
        pending += d.toString("latin1");
        let end: number;
        while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
          const head = pending.slice(0, end + 2);
          pending = pending.slice(end + 4);
          socket.write(asksGzip(head) ? wire.gzip : wire.plain);
        }
      });
      socket.on("error", () => socket.destroy());
    });
  }
  server.listen(port, "127.0.0.1", () => console.log(`CEILING-READY ${kind} ${port}`));
  process.on("SIGTERM", () => process.exit(0));
}

/** CPU time a process has used, in ms (/proc/<pid>/stat utime + stime, in ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Run extends LoadResult {
  /** The server's CPU per answer, less what it used idle at the same rate. */
  serverCpuMs: number | null;
  /** The server's CPU per ms of wall time while idle just before (0-1 per core). */
  idleCpu: number;
  driverCpuMs: number;
}

async function main(): Promise<void> {
  const target = argText("target");
  if (!target) throw new Error("usage: list-ceiling.ts --target http://127.0.0.1:PORT [--pid PID] [--ports A,B] [--rounds N] [--requests N] [--seconds S]");
  const targetPid = argText("pid") ? Number(argText("pid")) : null;
  const [httpPort, rawPort] = (argText("ports") ?? "3252,3253").split(",").map(Number);
  const rounds = Number(argText("rounds") ?? 3);
  const requests = Number(argText("requests") ?? 2000);
  const maxMs = Number(argText("seconds") ?? 20) * 1000;
  const query = argText("query") ?? "/api/functions?limit=500";
  const idleSeconds = Number(argText("idle") ?? 3);
  const encodings = (argText("only") ? [argText("only")] : ["plain", "gzip"]) as Array<"plain" | "gzip">;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-list-ceiling-"));
  const started: Started[] = [];
  try {
    console.log(`[ceiling] ${uptime()}`);
    const plain = await captureAnswer(`${target}${query}`);
    const gzip = await captureAnswer(`${target}${query}`, "gzip");
    for (const [name, a] of [["plain", plain], ["gzip", gzip]] as const) {
      if (a.status !== 200) throw new Error(`${name}: the target answered ${a.status}`);
      console.log(`[ceiling] ${name}: ${a.body.length} B body, ${a.headers.reduce((n, [k, v]) => n + k.length + v.length + 4, 0)} B of headers (${a.headers.find(([k]) => k.toLowerCase() === "server-timing")?.[1] ?? "no Server-Timing"})`);
    }
    const file = path.join(dir, "answers.json");
    const enc = (a: CapturedAnswer) => ({ status: a.status, headers: a.headers, body: a.body.toString("base64") });
    fs.writeFileSync(file, JSON.stringify({ plain: enc(plain), gzip: enc(gzip) }));
    const servers: Record<string, { base: string; pid: number | null }> = { target: { base: target, pid: targetPid } };
    for (const [kind, port] of [["http", httpPort], ["raw", rawPort]] as const) {
      const s = start(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "fleet", "list-ceiling.ts"), "--serve", kind, String(port), file]);
      started.push(s);
      await waitForLine(s, /CEILING-READY/, 60_000);
      servers[kind] = { base: `http://127.0.0.1:${port}`, pid: s.pid };
    }
    const names = Object.keys(servers);
    // Warm up each (the JIT of both sides, the agent's sockets), discarded.
    for (const n of names) await runLoad(`${servers[n].base}${query}`, { clients: 32, maxRequests: 300, maxMs: 10_000 });
    const runs: Record<string, Run[]> = {};
    for (let round = 0; round < rounds; round++) {
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const encoding of encodings) {
        for (const n of order) {
          const pid = servers[n].pid;
          // What the server does with no requests (a real server reads AWS, records, sweeps):
          // its CPU over `--idle` seconds just before, taken off at that rate.
          const idle0 = pid ? cpuMs(pid) : 0;
          const idleFrom = performance.now();
          if (pid && idleSeconds > 0) await new Promise((r) => setTimeout(r, idleSeconds * 1000));
          const idleRate = pid && idleSeconds > 0 ? (cpuMs(pid) - idle0) / (performance.now() - idleFrom) : 0;
          const cpu0 = pid ? cpuMs(pid) : 0;
          const own0 = ownCpuMs();
          const r = await runLoad(`${servers[n].base}${query}`, { clients: 32, maxRequests: requests, maxMs, request: encoding === "gzip" ? { acceptEncoding: "gzip" } : {} });
          const answers = Math.max(1, r.requests);
          const run: Run = { ...r, serverCpuMs: pid ? (cpuMs(pid) - cpu0 - idleRate * r.seconds * 1000) / answers : null, idleCpu: idleRate, driverCpuMs: (ownCpuMs() - own0) / answers };
          (runs[`${encoding} ${n}`] ??= []).push(run);
          console.log(`[ceiling] round ${round + 1} ${encoding} ${n}: p50 ${r.p50Ms} / p99 ${r.p99Ms} / max ${r.maxMs} ms, ${r.perSec} answers/s, ${r.requests} ok, ${r.errors} errors, ${r.bytesPerResponse} B; server CPU ${run.serverCpuMs?.toFixed(2) ?? "?"} ms/answer, driver CPU ${run.driverCpuMs.toFixed(2)} ms/answer, idle ${(run.idleCpu * 100).toFixed(0)}% of a core (${os.loadavg()[0].toFixed(1)} load)`);
        }
      }
    }
    const median = (xs: Array<number | null>) => {
      const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
      return v.length ? v[Math.floor(v.length / 2)] : NaN;
    };
    console.log(`\n[ceiling] medians of ${rounds} rounds (32 clients, ${query}):`);
    for (const encoding of encodings) {
      for (const n of names) {
        const rs = runs[`${encoding} ${n}`];
        const m = (f: (r: Run) => number | null) => median(rs.map(f));
        console.log(`  ${encoding} ${n.padEnd(6)}: p50 ${m((r) => r.p50Ms)} / p99 ${m((r) => r.p99Ms)} ms, ${m((r) => r.perSec)} answers/s, server CPU ${m((r) => r.serverCpuMs).toFixed(2)} ms/answer, driver CPU ${m((r) => r.driverCpuMs).toFixed(2)} ms/answer`);
      }
    }
    console.log(`[ceiling] ${uptime()}`);
  } finally {
    for (const p of started.reverse()) await stop(p);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--serve") serve(process.argv[3] as "http" | "raw", Number(process.argv[4]), process.argv[5]);
else
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
