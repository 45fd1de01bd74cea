/**
 * The browser figures of `bench:fleet` alone, bounded, at one fleet size: the simulated fleet,
 * the production standalone server, then the overview in Chromium (./browser.ts). Without the
 * list load, push and AWS-view phases, so that 50,000 rows can be measured in a few minutes.
 * `--cpu-profile DIR` also writes the page's CPU profile per phase (load, keystrokes, scroll)
 * taken through the DevTools protocol, and prints the top functions of each; `--trace DIR` the
 * browser's trace of the keystrokes and the scroll, and what the main thread did in their long
 * tasks (./browser-trace.ts: script, style, layout, paint).
 *
 *   tsx bench/fleet/browser-only.ts --size 50000 [--port N] [--cpu-profile DIR] [--trace DIR] [--build]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { STANDALONE_SERVER, ensureProductionBuild } from "../../scripts/production-build";
import { measureBrowser } from "./browser";
import { formatTrace, readTrace, summarizeTrace } from "./browser-trace";
import { formatProfile, readProfile } from "./cpu-profile";
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
  if (!fs.existsSync(path.join(ROOT, STANDALONE_SERVER))) throw new Error("no production build: pass --build");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-browser-${size}-`));
  let sim: Started | undefined;
  let dashboard: Started | undefined;
  try {
    sim = start(path.join(ROOT, "node_modules", ".bin", "tsx"), ["bench/fleet/sim-host.ts", "--size", String(size), "--dir", dir]);
    await waitForLine(sim, /SIM-READY (\d+)/, 300_000);
    const host = JSON.parse(fs.readFileSync(path.join(dir, "host.json"), "utf8")) as SimHostInfo;
    const port = Number(arg("port") ?? (await freePort()));
    const base = `http://127.0.0.1:${port}`;
    dashboard = start(process.execPath, [path.join(ROOT, STANDALONE_SERVER)], { env: dashboardEnv(host, { port, store: path.join(dir, "history.db") }) });
    const cold = await waitForColdStart(base, dashboard.startedAt, size, 600_000, () => !!dashboard && !dashboard.exited());
    if (cold.completeMs === null) throw new Error(`the dashboard did not show the whole fleet in time:\n${dashboard.output().slice(-2000)}`);
    console.log(`[${size}] cold start ${cold.completeMs} ms; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    const first = JSON.parse((await simFetch(`${base}/api/functions?limit=1&sort=name`)).body.toString("utf8")) as { items: Array<{ name: string }> };
    const result = await measureBrowser(base, { searchFor: (first.items[0]?.name ?? "invoice").slice(0, 8), timeoutMs: 180_000, profileDir, traceDir });
    console.log(`[${size}] browser: ${JSON.stringify(result)}`);
    console.log(`[${size}] load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    if (profileDir) {
      for (const f of fs.readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile")).sort()) {
        console.log(`--- ${f}\n${formatProfile(readProfile(path.join(profileDir, f)), 20)}`);
      }
    }
    if (traceDir) {
      for (const f of fs.readdirSync(traceDir).filter((f) => f.endsWith(".trace.json")).sort()) {
        console.log(`--- ${f}\n${formatTrace(summarizeTrace(readTrace(path.join(traceDir, f))))}`);
      }
    }
  } finally {
    await stop(dashboard, "SIGINT");
    await stop(sim);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
