/**
 * The dashboard's server app without Next.js, for profiling latency tails: built in this
 * process against a simulated fleet already running (`tsx bench/fleet/sim-host.ts --size N
 * --dir DIR`), with the list fast lane (lib/server/http/list-fast-lane.ts) and GET /api/stream
 * on a plain http.Server, and the event loop's delay measured per phase. A driver in another
 * process (bench/fleet/tails-driver.ts) loads it and names each phase (`GET /bench/phase?name=X`);
 * each phase's delay histogram and its window on the profile's clock are printed, for
 * `tsx bench/fleet/cpu-profile.ts FILE --window FROM-TO [--long-tasks 50]`.
 * Each phase also says how many new versions of the rows it saw (each drops the kept answers)
 * and how many row events. `--no-aws` starts without the AWS reads:
 * the same load without the AWS first pass under it.
 *   node --cpu-prof --import tsx --conditions react-server bench/fleet/tails-server.ts DIR PORT [--no-aws] [--timeline-writes main|thread]
 */
import fs from "node:fs";
import http from "node:http";
import { constants, monitorEventLoopDelay, performance, PerformanceObserver } from "node:perf_hooks";
import { Readable } from "node:stream";
import { createServerApp } from "@/lib/server/app";
import { installServerApp, processConfig } from "@/lib/server/holder";
import { installListFastLane } from "@/lib/server/http/list-fast-lane";
import { streamResponse } from "@/lib/server/live/sse";
import { openStores } from "@/lib/server/store/open";
import { monotonicUs } from "./cpu-profile";
import { enterSimHostEnv } from "./sim-host-env";

async function main(): Promise<void> {
  const [dir, portText] = process.argv.slice(2);
  if (!dir || !portText) throw new Error("usage: tails-server.ts DIR PORT");
  const { host, storeDir } = enterSimHostEnv(dir, "tails-");
  Object.assign(process.env, {
    PORT: portText,
  });
  // --timeline-writes main: the recorder's writes on the main connection (before round 6), to compare.
  const timelineWrites = process.argv.includes("--timeline-writes") ? (process.argv[process.argv.indexOf("--timeline-writes") + 1] as "main" | "thread") : "thread";
  const config = processConfig();
  const app = createServerApp(config, {
    log: () => {},
    stores: openStores(config.store, { timelineWrites }),
    roles: { readAws: !process.argv.includes("--no-aws") },
  });
  installServerApp(app);
  const t0 = performance.now();
  await app.start();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const clusters = app.fleet.clusterSummaries();
      if (app.fleet.index.size === host.size && clusters.every((c) => c.connected)) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
  console.log(`cold start ${Math.round(performance.now() - t0)} ms`);

  // Each pushed change (bench/fleet/push.ts stamps when it was sent): when the fleet heard it
  // from the cluster's watch, and when the live hub published its row.
  const heard = new Map<string, { sentUs: number; heardUs: number }>();
  const parts: Array<{ watchMs: number; hubMs: number }> = [];
  app.fleet.subscribe((e) => {
    if (e.type !== "row" || !e.facts) return;
    const m = /^bench push \d+ sent (\d+)$/.exec(e.facts.conditions[0]?.message ?? "");
    if (m) heard.set(e.id, { sentUs: Number(m[1]), heardUs: monotonicUs() });
  });
  app.live.subscribe((e) => {
    const h = e.type === "row" && e.functionId ? heard.get(e.functionId) : undefined;
    if (!h) return;
    heard.delete(e.functionId!);
    parts.push({ watchMs: (h.heardUs - h.sentUs) / 1000, hubMs: (monotonicUs() - h.heardUs) / 1000 });
  });
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]?.toFixed(0);

  let awsRows = 0;
  app.fleet.subscribe((e) => {
    if (e.type === "row") awsRows++;
  });
  const newPhase = (name: string) => ({ name, fromUs: monotonicUs(), fromMs: performance.now(), delay: monitorEventLoopDelay({ resolution: 10 }), version: app.fleet.index.version, awsRows, entries: app.recording.recorder.stats.committedEntries, hubSeq: Number(app.live.lastId.split("-").pop()) });
  let phase = newPhase("start");
  phase.delay.enable();
  const endPhase = () => {
    phase.delay.disable();
    stallSummary(phase.name, phase.fromMs);
    const d = phase.delay;
    const ms = (ns: number) => (ns / 1e6).toFixed(0);
    console.log(`phase ${phase.name}: event loop delay p50 ${ms(d.percentile(50))} ms, p99 ${ms(d.percentile(99))} ms, max ${ms(d.max)} ms (window ${phase.fromUs}-${monotonicUs()}); ${app.fleet.index.version - phase.version} versions, ${awsRows - phase.awsRows} row events, ${app.recording.recorder.stats.committedEntries - phase.entries} timeline entries committed, ${Number(app.live.lastId.split("-").pop()) - phase.hubSeq} live events`);
  };
  // Every stall of the loop over 50 ms, with when it ended (on the profile's clock), and V8's
  // GC pauses (PerformanceObserver "gc", on performance.now()'s clock) inside it, summed per
  // phase: what part of the stalls was garbage collection.
  const gcs: Array<{ start: number; ms: number; kind: number }> = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, ms: e.duration, kind: ((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? 0 });
    if (gcs.length > 20_000) gcs.splice(0, 10_000);
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  const phaseStalls: Array<{ from: number; to: number; endUs: number }> = [];
  let last = performance.now();
  const stalls = setInterval(() => {
    const now = performance.now();
    if (now - last > 70) {
      phaseStalls.push({ from: last + 20, to: now, endUs: monotonicUs() });
      console.log(`stall ${Math.round(now - last - 20)} ms ending at ${monotonicUs()} (${phase.name})`);
    }
    last = now;
  }, 20);
  const GC_KINDS: Record<number, string> = { [constants.NODE_PERFORMANCE_GC_MAJOR]: "mark-compact", [constants.NODE_PERFORMANCE_GC_MINOR]: "scavenge", [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental marking", [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak callbacks" };
  const stallSummary = (name: string, fromMs: number) => {
    const inPhase = gcs.filter((g) => g.start >= fromMs);
    const byKind = new Map<string, { n: number; ms: number; max: number }>();
    for (const g of inPhase) {
      const k = byKind.get(GC_KINDS[g.kind] ?? String(g.kind)) ?? { n: 0, ms: 0, max: 0 };
      k.n++;
      k.ms += g.ms;
      k.max = Math.max(k.max, g.ms);
      byKind.set(GC_KINDS[g.kind] ?? String(g.kind), k);
    }
    const gcText = [...byKind].map(([k, v]) => `${k} ${v.n} (${v.ms.toFixed(0)} ms, max ${v.max.toFixed(0)})`).join(", ");
    const rows = phaseStalls.splice(0).map((st) => {
      const gcIn = inPhase.filter((g) => g.start < st.to && g.start + g.ms > st.from).reduce((n, g) => n + Math.min(g.start + g.ms, st.to) - Math.max(g.start, st.from), 0);
      return { ms: st.to - st.from, gcIn, endUs: st.endUs };
    });
    console.log(`phase ${name}: GC ${gcText || "none"}; ${rows.length} stalls over 50 ms, ${rows.reduce((n, r) => n + r.ms, 0).toFixed(0)} ms in all, of which GC ${rows.reduce((n, r) => n + r.gcIn, 0).toFixed(0)} ms: ${rows.map((r) => `${r.ms.toFixed(0)}${r.gcIn > 1 ? `(gc ${r.gcIn.toFixed(0)})` : ""}`).join(" ")}`);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/bench/phase") {
      endPhase();
      phase = newPhase(url.searchParams.get("name") ?? "?");
      phase.delay.enable();
      res.end("ok");
      if (phase.name === "end") {
        const w = parts.map((p) => p.watchMs);
        const h = parts.map((p) => p.hubMs);
        console.log(`pushes: ${parts.length}; sent -> heard by the fleet p50 ${pct(w, 50)} ms, p99 ${pct(w, 99)} ms; heard -> published p50 ${pct(h, 50)} ms, p99 ${pct(h, 99)} ms`);
        clearInterval(stalls);
        server.close();
        server.closeAllConnections();
        // Not waiting for the recorder's backlog: the profile is written at exit.
        const exit = () => {
          fs.rmSync(storeDir, { recursive: true, force: true });
          process.exit(0);
        };
        setTimeout(exit, 3000).unref();
        void app.stop().then(exit, exit);
      }
      return;
    }
    if (url.pathname === "/api/stream") {
      const ac = new AbortController();
      req.on("close", () => ac.abort());
      const response = streamResponse(app.live, new Request(`http://localhost${req.url}`, { headers: { accept: "text/event-stream" }, signal: ac.signal }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).pipe(res);
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  installListFastLane(server, processConfig());
  await new Promise<void>((resolve) => server.listen(Number(portText), "127.0.0.1", resolve));
  console.log(`TAILS-READY ${portText}`);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
