/**
 * The browser figures of `bench:fleet` alone, bounded, at one fleet size: the simulated fleet,
 * the production standalone server, then the overview in Chromium (./browser.ts). Without the
 * list load, push and AWS-view phases, so that 50,000 rows can be measured in a few minutes.
 * `--cpu-profile DIR` also writes the page's CPU profile per phase (load, keystrokes, scroll)
 * taken through the DevTools protocol, and prints the top functions of each; `--trace DIR` the
 * browser's trace of the keystrokes and the scroll, and what the main thread did in their long
 * tasks (./browser-trace.ts: script, style, layout, paint).
 *
 *   tsx bench/fleet/browser-only.ts --size 50000 [--port N] [--cpu-profile DIR] [--trace DIR] [--build] [--server FILE]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { STANDALONE_SERVER, ensureProductionBuild } from "../../scripts/production-build";
import { measureBrowser } from "./browser";
import { formatSpans, slowSpans } from "./browser-frames";
import { formatTrace, readTrace, summarizeTrace } from "./browser-trace";
import { formatProfile, longTasks, readProfile, summarizeProfile } from "./cpu-profile";
import { waitForColdStart } from "./dashboard-probe";
import { ROOT, freePort, start, stop, waitForLine, type Started } from "./processes";
import { dashboardEnv } from "./run-size";
import type { SimHostInfo } from "./sim-host";
import { simFetch } from "./sim-http";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const size = Number(arg("size") ?? 10_000);
  if (!Number.isInteger(size) || size < 1 || size > 50_000) throw new Error("--size needs a whole number from 1 to 50000");
  const profileDir = arg("cpu-profile") ? path.resolve(arg("cpu-profile") as string) : undefined;
  const traceDir = arg("trace") ? path.resolve(arg("trace") as string) : undefined;
  if (process.argv.includes("--build")) await ensureProductionBuild({ root: ROOT, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  // `--server FILE`: another build's standalone server.js (a copy of the build before a change, for A/B runs).
  const serverJs = path.resolve(arg("server") ?? path.join(ROOT, STANDALONE_SERVER));
  if (!fs.existsSync(serverJs)) throw new Error(`no production build at ${serverJs}: pass --build`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-browser-${size}-`));
  let sim: Started | undefined;
  let dashboard: Started | undefined;
  try {
    sim = start(path.join(ROOT, "node_modules", ".bin", "tsx"), ["bench/fleet/sim-host.ts", "--size", String(size), "--dir", dir]);
    await waitForLine(sim, /SIM-READY (\d+)/, 300_000);
    const host = JSON.parse(fs.readFileSync(path.join(dir, "host.json"), "utf8")) as SimHostInfo;
    const port = Number(arg("port") ?? (await freePort()));
    const base = `http://127.0.0.1:${port}`;
    const serverProf = arg("server-cpu-prof") ? path.resolve(arg("server-cpu-prof") as string) : undefined;
    if (serverProf) fs.mkdirSync(serverProf, { recursive: true });
    const nodeArgs = [
      ...(process.argv.includes("--page-timing") || serverProf ? ["-r", path.join(ROOT, "bench/fleet/page-timing.cjs")] : []),
      ...(serverProf ? ["--cpu-prof", `--cpu-prof-dir=${serverProf}`] : []),
    ];
    dashboard = start(process.execPath, [...nodeArgs, serverJs], { env: dashboardEnv(host, { port, store: path.join(dir, "history.db") }) });
    const pageTimings = collectLines(dashboard, "[page-timing] ");
    const cold = await waitForColdStart(base, dashboard.startedAt, size, 600_000, () => !!dashboard && !dashboard.exited());
    if (cold.completeMs === null) throw new Error(`the dashboard did not show the whole fleet in time:\n${dashboard.output().slice(-2000)}`);
    console.log(`[${size}] cold start ${cold.completeMs} ms; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    const after = Number(arg("after") ?? 0);
    if (!(after >= 0 && after <= 600)) throw new Error("--after needs seconds from 0 to 600");
    if (after > 0) await new Promise((r) => setTimeout(r, after * 1000));
    const first = JSON.parse((await simFetch(`${base}/api/functions?limit=1&sort=name`)).body.toString("utf8")) as { items: Array<{ name: string }> };
    const result = await measureBrowser(base, { searchFor: (first.items[0]?.name ?? "invoice").slice(0, 8), timeoutMs: 180_000, profileDir, traceDir });
    console.log(`[${size}] browser: ${JSON.stringify(result)}`);
    console.log(`[${size}] load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    for (const l of pageTimings.lines) console.log(`[${size}] server, page: ${l}`);
    pageTimings.stop();
    if (serverProf) {
      await stop(dashboard, "SIGINT", 60_000);
      printPageProfile(serverProf, dashboard.pid, pageTimings.lines);
    }
    if (profileDir) {
      for (const f of fs.readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile")).sort()) {
        console.log(`--- ${f}\n${formatProfile(readProfile(path.join(profileDir, f)), 20)}`);
      }
    }
    if (traceDir) {
      for (const f of fs.readdirSync(traceDir).filter((f) => f.endsWith(".trace.json")).sort()) {
        const events = readTrace(path.join(traceDir, f));
        console.log(`--- ${f}\n${formatTrace(summarizeTrace(events))}\n${formatSpans(slowSpans(events as Parameters<typeof slowSpans>[0]))}`);
      }
    }
  } finally {
    await stop(dashboard, "SIGINT");
    await stop(sim);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The lines of `p`'s output that start with `prefix` (its output keeps only its tail: read as it comes). */
function collectLines(p: Started, prefix: string): { lines: string[]; stop: () => void } {
  const lines: string[] = [];
  const seen = new Set<string>();
  const read = () => {
    for (const l of p.output().split("\n")) {
      const at = l.indexOf(prefix);
      if (at >= 0 && l.endsWith("}") && !seen.has(l)) {
        seen.add(l);
        lines.push(l.slice(at + prefix.length));
      }
    }
  };
  const timer = setInterval(read, 50);
  return { lines, stop: () => (read(), clearInterval(timer)) };
}

/** The server's CPU profile cut to the first page request's window: where that time went. */
function printPageProfile(dir: string, pid: number, timings: string[]): void {
  const file = fs.readdirSync(dir).find((f) => f.includes(`.${pid}.`) && f.endsWith(".cpuprofile"));
  // The browser's request, not the server's own warm-up of the page (lib/server/http/warm-page.ts).
  const browsers = timings.map((t) => JSON.parse(t) as { fromUs: number; toUs: number; agent: string }).filter((t) => !t.agent.startsWith("ack-lambda-fleet/"));
  const first = browsers[0] ?? null;
  if (!file || !first) return void console.log("no server profile or no page request seen");
  const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Parameters<typeof summarizeProfile>[0];
  const window = { fromUs: first.fromUs, toUs: first.toUs };
  console.log(`--- server while the first page was answered (${path.join(dir, file)})\n${formatProfile(summarizeProfile(profile, window), 30)}`);
  console.log(`long tasks: ${JSON.stringify(longTasks(profile, 20, window))}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
