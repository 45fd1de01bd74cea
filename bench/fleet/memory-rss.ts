/**
 * `npm run bench:rss -- [--size N] [--requests N] [--hostile N] [--snapshot] [--node-options "..."]`:
 * where the production server's resident memory goes, at one fleet size. It starts the
 * simulated fleet and the standalone server (as bench:fleet and the image run it, with
 * ./memory-probe.cjs preloaded and --expose-gc), then reads, after start, after the list load of
 * bench:fleet (32 clients: plain, plain asked with gzip, filtered) and after `--hostile N` list requests with as
 * many distinct `q=` (a cache keyed by query strings must stay bounded):
 * - RSS (/proc), and V8's and Node's view (heapUsed, heapTotal, external, arrayBuffers, each
 *   heap space), before and after two full GCs: RSS − heapTotal − external is code, Node's and
 *   the allocator's own memory; heapTotal − heapUsed after GC is heap V8 holds but does not use;
 * - with --snapshot, a heap snapshot after start and one after the load (each after a GC), summed
 *   by constructor, and what the load added between them.
 * `--trace-gc` runs the server with V8's --trace-gc and sums its pauses per kind (scavenge,
 * mark-compact) and phase (start, load); `--trace-gc-nvp` with --trace-gc-nvp, which also says
 * per scavenge how many MB it promoted to the old generation and how many stayed young.
 * The server gets the Helm chart's V8 options (NODE_OPTIONS, ./chart-node-options.ts); options
 * given with --node-options come on the command line after them and win.
 * `--server FILE` runs another build's server.js (a copy of an earlier .next/standalone) instead.
 * `--env NAME=VALUE` (repeatable) adds to the server's environment (e.g. MALLOC_ARENA_MAX=2) to compare;
 * `--env NAME=` takes NAME out of it (e.g. the chart's MALLOC_ARENA_MAX, for glibc's default).
 * `--settle S` samples where the RSS lives each second for S s after the load (default 5), before the probe.
 * `--alloc-profile S` says what allocates (V8's sampling heap profiler, collected objects counted):
 * for S s from the plain list load's start, and for S s after the settle, with no list traffic.
 * `--keep-snapshot FILE` keeps that snapshot. `--node-options` adds V8/Node flags to the server (e.g. "--max-semi-space-size=4") to compare.
 * Everything started here is stopped here. Prints JSON.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { STANDALONE_SERVER } from "../../scripts/production-build";
import { readFullList, waitForColdStart } from "./dashboard-probe";
import { allocSummary, requestAllocProfile } from "./alloc-profile";
import { arenaContent } from "./arena-content";
import { addedPer, bytesByKind } from "./heap-breakdown";
import { runLoad, type LoadResult } from "./load";
import { ROOT, freePort, start, stop, treeRssMb, waitForLine, type Started } from "./processes";
import { dashboardEnv } from "./run-size";
import { simFetch } from "./sim-http";
import type { SimHostInfo } from "./sim-host";
import { summarizeSmaps, type SmapsSummary } from "./smaps-summary.cjs";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const size = Number(arg("size") ?? 10_000);
const requests = Number(arg("requests") ?? 4000);
const hostile = Number(arg("hostile") ?? 0);
const keepSnapshot = arg("keep-snapshot");
const snapshot = process.argv.includes("--snapshot") || keepSnapshot !== undefined;
const traceGcNvp = process.argv.includes("--trace-gc-nvp");
/** `--settle S`: after the load, where the RSS lives each second for S seconds (smaps read from outside, no GC), before the probe. */
const settleS = Number(arg("settle") ?? 5);
/** `--alloc-profile S`: what allocates (./alloc-profile.ts), S seconds from the plain list load's start, and S seconds after the settle, without traffic. */
const allocS = Number(arg("alloc-profile") ?? 0);
const traceGc = traceGcNvp || process.argv.includes("--trace-gc");
/** `--env NAME=VALUE` (repeatable): more environment for the server, e.g. MALLOC_ARENA_MAX=2 to compare. */
const extraEnv = Object.fromEntries(
  process.argv.flatMap((a, i) => (process.argv[i - 1] === "--env" && a.includes("=") ? [[a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]] : [])),
) as Record<string, string>;
const extraNodeOptions = [...(arg("node-options") ?? "").split(/\s+/).filter(Boolean), ...(traceGc ? [traceGcNvp ? "--trace-gc-nvp" : "--trace-gc"] : [])];
/** Another build's server.js (a copy of an earlier .next/standalone) to compare with. */
const serverJs = path.resolve(arg("server") ?? path.join(ROOT, STANDALONE_SERVER));
const MB = (n: number) => Math.round(n / 1e6);

interface ThreadHeap {
  heapTotal: number;
  heapUsed: number;
  external: number;
  mallocedMemory: number;
  peakMallocedMemory: number;
}

interface Usage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  spaces: Record<string, { size: number; used: number }>;
  /** v8.getHeapStatistics(): malloced_memory is what V8 itself took from malloc (zones: the compilers' and parsers' scratch memory). */
  heapStats?: { malloced_memory: number; peak_malloced_memory: number };
}

function summary(u: Usage) {
  return {
    rssMb: MB(u.rss),
    heapTotalMb: MB(u.heapTotal),
    heapUsedMb: MB(u.heapUsed),
    externalMb: MB(u.external),
    arrayBuffersMb: MB(u.arrayBuffers),
    notHeapNotExternalMb: MB(u.rss - u.heapTotal - u.external),
    v8MallocedMb: MB(u.heapStats?.malloced_memory ?? 0),
    v8PeakMallocedMb: MB(u.heapStats?.peak_malloced_memory ?? 0),
    spacesMb: Object.fromEntries(Object.entries(u.spaces).map(([k, s]) => [k, `${MB(s.used)}/${MB(s.size)}`])),
  };
}

/** Resident memory by where it lives (./smaps-summary.cjs), in MiB as the RSS figures (treeRssMb). */
function whereMb(s: SmapsSummary) {
  const MiB = (kb: number) => Math.round(kb / 1024);
  return {
    rssMb: MiB(s.rssKb),
    ...Object.fromEntries(Object.entries(s.kinds).map(([k, v]) => [k, `${MiB(v.rssKb)} MB in ${v.mappings}`])),
    arenasMb: s.arenas.eachKb.filter((kb) => kb >= 1024).map(MiB),
  };
}

function threadMb(t: { threadId: number; before: ThreadHeap; afterGc: ThreadHeap }) {
  const one = (h: ThreadHeap) => ({ heapUsedMb: MB(h.heapUsed), heapTotalMb: MB(h.heapTotal), externalMb: MB(h.external), mallocedMb: MB(h.mallocedMemory), peakMallocedMb: MB(h.peakMallocedMemory) });
  return { threadId: t.threadId, before: one(t.before), afterGc: one(t.afterGc) };
}

async function probe(server: Started, prefix: string, snapshotFile?: string) {
  fs.rmSync(`${prefix}.json`, { force: true });
  if (snapshotFile) fs.writeFileSync(`${prefix}.snapshot`, snapshotFile);
  const rssBefore = treeRssMb(server.pid);
  process.kill(server.pid, "SIGUSR2");
  for (let i = 0; i < 1200 && !fs.existsSync(`${prefix}.json`); i++) await new Promise((r) => setTimeout(r, 100));
  const got = JSON.parse(fs.readFileSync(`${prefix}.json`, "utf8")) as {
    before: Usage;
    afterGc: Usage;
    smapsBefore: SmapsSummary;
    smapsAfterGc: SmapsSummary;
    threads: Array<{ threadId: number; before: ThreadHeap; afterGc: ThreadHeap }>;
  };
  return {
    rssMb: rssBefore,
    before: summary(got.before),
    afterGc: summary(got.afterGc),
    rssAfterGcMb: treeRssMb(server.pid),
    where: whereMb(got.smapsBefore),
    whereAfterGc: whereMb(got.smapsAfterGc),
    // What the two largest arenas (the main one counted) hold, read while the server runs.
    arenaContent: got.smapsAfterGc.arenaPlaces.slice(0, 2).map((p) => arenaContent(server.pid, p)),
    workerThreads: got.threads.map(threadMb),
  };
}

/**
 * Each second for `seconds` after the load (at least 5, the wait bench:fleet takes before its
 * "RSS after the load"): the RSS and where it lives (/proc/<pid>/smaps read from here, so the
 * server neither collects nor allocates for it): V8's heap pages, malloc's arenas and main heap.
 */
async function settleSamples(pid: number, seconds: number) {
  const MiB = (kb: number) => Math.round(kb / 1024);
  const out: Array<{ s: number; rssMb: number; v8PagesMb: number; bigAnonMb: number; arenasMb: number; mainHeapMb: number }> = [];
  for (let s = 1; s <= Math.max(5, seconds); s++) {
    await new Promise((r) => setTimeout(r, 1000));
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${pid}/smaps`, "utf8");
    } catch {
      break;
    }
    const sum = summarizeSmaps(text, process.execPath);
    const kb = (prefix: string) => Object.entries(sum.kinds).filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v.rssKb, 0);
    out.push({ s, rssMb: treeRssMb(pid), v8PagesMb: MiB(kb("other anonymous < 1 MiB")), bigAnonMb: MiB(kb("other anonymous >= 1 MiB")), arenasMb: MiB(kb("malloc arenas")), mainHeapMb: MiB(kb("[heap]")) });
  }
  return out;
}

function brief(l: LoadResult) {
  return { requests: l.requests, errors: l.errors, perSec: l.perSec, p50Ms: l.p50Ms, p99Ms: l.p99Ms };
}

/** V8's --trace-gc lines ("Scavenge 180.5 (200.1) -> 175.2 (201.1) MB, 3.4 / 0.0 ms ..."): pauses per kind. */
class GcPauses {
  private rest = "";
  private lines: string[] | null = null;
  /** From now on, keep the GC lines as they come (the first 40), without their process prefix. */
  keepLines(): void {
    this.lines = [];
  }
  keptLines(): string[] {
    const kept = this.lines ?? [];
    this.lines = null;
    return kept;
  }
  private pauses = new Map<string, number[]>();
  read(text: string): void {
    const lines = (this.rest + text).split("\n");
    this.rest = lines.pop() ?? "";
    for (const line of lines) {
      if (this.lines && this.lines.length < 40 && /Scavenge|Mark-|pause=/.test(line)) this.lines.push(line.replace(/^\[[^\]]*\]\s*/, "").slice(0, 200));
      // --trace-gc-nvp: a scavenge's pause, what it promoted to the old generation and what it kept young.
      const nvp = /pause=([\d.]+) .*gc=s .*promoted=(\d+) new_space_survived=(\d+)/.exec(line);
      if (nvp) {
        this.add("Scavenge", Number(nvp[1]));
        this.add("promoted MB", Number(nvp[2]) / 1e6);
        this.add("survived young MB", Number(nvp[3]) / 1e6);
        continue;
      }
      const mc = /pause=([\d.]+) .*gc=mc /.exec(line);
      if (mc) {
        this.add("Mark-Compact", Number(mc[1]));
        continue;
      }
      const m = /(Scavenge|Mark-Compact|Mark-sweep|Minor Mark-Compact|Minor Mark-Sweep)[^,]*MB, ([\d.]+) \//.exec(line);
      if (m) this.add(m[1], Number(m[2]));
    }
  }
  private add(kind: string, value: number): void {
    const list = this.pauses.get(kind) ?? [];
    list.push(value);
    this.pauses.set(kind, list);
  }
  /** Since the last take: count, sum, p50, max per kind (ms; MB for the kinds named in MB). */
  take(): Record<string, { count: number; totalMs: number; p50Ms: number; maxMs: number }> {
    const out: Record<string, { count: number; totalMs: number; p50Ms: number; maxMs: number }> = {};
    for (const [kind, list] of this.pauses) {
      const sorted = [...list].sort((a, b) => a - b);
      out[kind] = { count: list.length, totalMs: Math.round(list.reduce((a, b) => a + b, 0)), p50Ms: sorted[Math.floor(sorted.length / 2)], maxMs: sorted[sorted.length - 1] };
    }
    this.pauses = new Map();
    return out;
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-rss-${size}-`));
  const prefix = path.join(dir, "probe");
  let sim: Started | undefined;
  let server: Started | undefined;
  try {
    sim = start(path.join(ROOT, "node_modules", ".bin", "tsx"), ["bench/fleet/sim-host.ts", "--size", String(size), "--dir", dir]);
    await waitForLine(sim, /SIM-READY (\d+)/, 300_000);
    const host = JSON.parse(fs.readFileSync(path.join(dir, "host.json"), "utf8")) as SimHostInfo;
    const port = Number(arg("port") ?? (await freePort()));
    const base = `http://127.0.0.1:${port}`;
    const env = dashboardEnv(host, { port, store: path.join(dir, "history.db"), ACK_FLEET_AWS_RPS: "10", ACK_BENCH_MEMORY_PROBE: prefix, ...extraEnv });
    // `--env NAME=` (empty) takes NAME out: the arm without a setting the chart gives.
    for (const [k, v] of Object.entries(extraEnv)) if (v === "") delete env[k];
    const nodeArgs = ["--expose-gc", "-r", path.join(ROOT, "bench", "fleet", "memory-probe.cjs"), ...extraNodeOptions];
    server = start(process.execPath, [...nodeArgs, serverJs], { env });
    const running = server;
    const gc = new GcPauses();
    if (traceGc) server.child.stdout?.on("data", (d: Buffer) => gc.read(d.toString("utf8")));
    const cold = await waitForColdStart(base, server.startedAt, size, 600_000, () => !running.exited());
    if (cold.completeMs === null) throw new Error(`no complete fleet:\n${server.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 5000));
    const afterStart = await probe(server, prefix, snapshot ? path.join(dir, "after-start.heapsnapshot") : undefined);
    const gcAtStart = gc.take();

    // Once more on a fresh socket: the keep-alive socket of the cold start's polls may have been
    // closed by the server meanwhile (its keepAliveTimeout is 5 s), which the first read meets as ECONNRESET.
    await readFullList(base)
      .catch(() => readFullList(base))
      .catch((err: Error) => console.error(`full list: ${err.message}`));
    let peakMb = 0;
    const sampler = setInterval(() => (peakMb = Math.max(peakMb, treeRssMb(running.pid))), 250);
    const bounds = { clients: 32, maxRequests: requests, maxMs: 120_000 };
    const allocUnderLoad = allocS ? requestAllocProfile(prefix, allocS, path.join(dir, "alloc-load.json")) : null;
    const plain = await runLoad(`${base}/api/functions?limit=500`, bounds);
    const allocLoad = allocSummary(await allocUnderLoad, allocS);
    const gzip = await runLoad(`${base}/api/functions?limit=500`, { ...bounds, request: { acceptEncoding: "gzip" } });
    const filtered = await runLoad(`${base}/api/functions?limit=500&health=stuck,deletion-blocked&q=invoice`, bounds);
    clearInterval(sampler);
    const gcUnderLoad = gc.take();
    gc.keepLines();
    const settle = await settleSamples(running.pid, settleS);
    const gcLinesAfterLoad = gc.keptLines();
    const allocIdle = allocS ? allocSummary(await requestAllocProfile(prefix, allocS, path.join(dir, "alloc-idle.json")), allocS) : null;
    const afterLoad = await probe(server, prefix, snapshot && !hostile ? path.join(dir, "after-load.heapsnapshot") : undefined);

    let afterHostile = null;
    if (hostile > 0) {
      // Distinct query strings, each matching much of the fleet (one letter and a counter).
      let sent = 0;
      const letters = "aeiou";
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (sent < hostile) {
            const i = sent++;
            const q = encodeURIComponent(`${letters[i % 5]}${" ".repeat(1 + (i % 3))}${letters[(i >> 3) % 5]}${" ".repeat(1 + Math.floor(i / 15))}`);
            await simFetch(`${base}/api/functions?limit=500&q=${q}&sort=${i % 2 ? "name" : "namespace"}&order=${i % 4 < 2 ? "asc" : "desc"}`).catch(() => null);
          }
        }),
      );
      await new Promise((r) => setTimeout(r, 5000));
      afterHostile = await probe(server, prefix, snapshot ? path.join(dir, "after-load.heapsnapshot") : undefined);
    }

    let heap = null;
    let added = null;
    const file = path.join(dir, "after-load.heapsnapshot");
    if (snapshot && fs.existsSync(file)) {
      const after = bytesByKind(file);
      heap = [...after]
        .sort((a, b) => b[1].bytes - a[1].bytes)
        .slice(0, 25)
        .map(([kind, v]) => ({ kind, mb: Math.round(v.bytes / 1e5) / 10, count: v.count }));
      const startFile = path.join(dir, "after-start.heapsnapshot");
      if (fs.existsSync(startFile)) {
        added = addedPer(bytesByKind(startFile), after, 1, 25).map((r) => ({ kind: r.kind, mb: Math.round(r.bytesPer / 1e5) / 10, count: r.countPer }));
      }
      if (keepSnapshot) fs.copyFileSync(file, keepSnapshot);
    }
    console.log(
      JSON.stringify(
        {
          size,
          at: new Date().toISOString(),
          loadAvg: os.loadavg().map((l) => Math.round(l * 100) / 100),
          nodeOptions: [env.NODE_OPTIONS ?? "", ...extraNodeOptions].filter(Boolean),
          env: extraEnv,
          // What the chart gave the server besides NODE_OPTIONS (./chart-node-options.ts), after --env.
          mallocArenaMax: env.MALLOC_ARENA_MAX ?? null,
          coldStartMs: cold.completeMs,
          afterStart,
          load: { plain: brief(plain), gzip: brief(gzip), filtered: brief(filtered), peakRssMb: peakMb },
          settle,
          ...(allocS ? { allocations: { plainLoad: allocLoad, afterLoad: allocIdle } } : {}),
          ...(traceGc ? { gcLinesAfterLoad } : {}),
          afterLoad,
          ...(afterHostile ? { hostile, afterHostile } : {}),
          ...(traceGc ? { gcPauses: { start: gcAtStart, load: gcUnderLoad } } : {}),
          ...(heap ? { heapAfterLoadAndGc: heap } : {}),
          ...(added ? { addedByTheLoad: added } : {}),
        },
        null,
        2,
      ),
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${server?.output().slice(-3000) ?? ""}`);
  } finally {
    await stop(server, "SIGINT");
    await stop(sim);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exitCode = 1;
});
