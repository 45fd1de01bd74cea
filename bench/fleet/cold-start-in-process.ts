/**
 * The cold start without Next.js: the server app built in this process against a simulated
 * fleet already running (`tsx bench/fleet/sim-host.ts --size N --dir DIR`), timed from start()
 * to every row with a verdict and every cluster connected (what `bench:fleet` waits for), with
 * the CPU time this process spent meanwhile (less sensitive than wall time on a shared machine)
 * and when each cluster's list completed. Profile it with `node --cpu-prof --import tsx`.
 *   tsx --conditions react-server bench/fleet/cold-start-in-process.ts DIR
 */
import fs from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseRowQuery } from "@/lib/domain/row-query";
import { listAnswer } from "@/lib/server/fleet/list-answer";
import { createServerApp } from "@/lib/server/app";
import { processConfig } from "@/lib/server/holder";
import { monotonicUs } from "./cpu-profile";
import { enterSimHostEnv } from "./sim-host-env";

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: cold-start-in-process.ts DIR (of a running sim-host.ts)");
  const { host, storeDir } = enterSimHostEnv(dir, "cold-start-");
  const t0 = performance.now();
  const cpu0 = cpuMs();
  // What loading the modules cost (not in the figures below, which start at start()).
  console.log(`modules loaded ${Math.round(t0)} ms after the process started (CPU ${Math.round(cpu0)} ms)`);
  // The cold start's window on the profile's clock: tsx bench/fleet/cpu-profile.ts FILE --window FROM-TO
  const fromUs = monotonicUs();
  const at = () => `${Math.round(performance.now() - t0)} ms (CPU ${Math.round(cpuMs() - cpu0)} ms)`;
  const app = createServerApp(processConfig(), { log: () => {} });
  app.fleet.subscribe((e) => {
    if (e.type === "listed") console.log(`${at()}: ${e.cluster} listed, ${e.ids.length} Functions`);
  });
  await app.start();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      // The index's counts, kept one change at a time (what the list answers with): counting
      // every row here each 10 ms cost this process seconds at 50,000.
      const clusters = app.fleet.clusterSummaries();
      const counted = clusters.reduce((sum, c) => sum + Object.values(c.healthCounts ?? {}).reduce((a, b) => a + (b ?? 0), 0), 0);
      if (app.fleet.index.size === host.size && counted === host.size && clusters.every((c) => c.connected)) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  console.log(`${at()}: every row with a verdict, every cluster connected (profile window ${fromUs}-${monotonicUs()})`);
  await afterColdStart(app);
  await app.stop();
  fs.rmSync(storeDir, { recursive: true, force: true });
}

/**
 * Right after the cold start, as `bench:fleet` does: the whole list read in the overview's pages
 * of 20,000 (a request takes several turns of the event loop: one between pages here), while
 * the recorder writes the first sight of every Function; then the event loop's delay until that
 * backlog is written (what every request meanwhile waits for at most).
 */
async function afterColdStart(app: ReturnType<typeof createServerApp>): Promise<void> {
  const turn = () => new Promise<void>((resolve) => setTimeout(() => setImmediate(resolve), 0));
  const t0 = performance.now();
  let cursor: string | undefined;
  let bytes = 0;
  do {
    await turn();
    const q = parseRowQuery(new URLSearchParams({ limit: "20000", ...(cursor ? { cursor } : {}) }));
    if (!q.ok) throw new Error(q.message);
    const r = listAnswer(app.fleet, () => app.live.lastId, q.query);
    if (!r.ok) throw new Error(r.message);
    bytes += r.answer.json.reduce((n, b) => n + b.byteLength, 0);
    cursor = (JSON.parse(r.answer.json[0].toString("utf8") + "[]}") as { nextCursor?: string }).nextCursor;
  } while (cursor);
  console.log(`first full list: ${Math.round(performance.now() - t0)} ms (${(bytes / 1e6).toFixed(1)} MB)`);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t1 = performance.now();
  const fromUs = monotonicUs();
  await app.recording.recorder.flush();
  delay.disable();
  const ms = (ns: number) => (ns / 1e6).toFixed(0);
  console.log(`recorder backlog written ${Math.round(performance.now() - t1)} ms later; event loop delay meanwhile p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms (${delay.count} samples; profile window ${fromUs}-${monotonicUs()})`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
