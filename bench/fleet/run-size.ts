/**
 * One fleet size end to end: the simulated fleet in its own process, kubectl on its three
 * contexts, the production dashboard (Next's standalone server on 127.0.0.1, as the image and
 * `npm run demo` run it) from a cold start, then
 * list load, push latency, the browser, and the AWS reads, in that order. Everything started
 * here is stopped here, also on failure.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { findBinaries } from "../../realstack/bins";
import { STANDALONE_SERVER } from "../../scripts/production-build";
import { awsRate, requestSummary, waitForAwsView, waitForExistence, type AwsExistence, type AwsRate, type AwsView } from "./aws-view";
import { chartProcessEnv } from "./chart-node-options";
import { measureBrowser, type BrowserResult } from "./browser";
import { formatProfile, monotonicUs, readProfile, type ProfileWindow } from "./cpu-profile";
import { readFullList, waitForColdStart, type ColdStart, type FullList } from "./dashboard-probe";
import { runLoad, type LoadResult } from "./load";
import { MemoryGuard, ROOT, freePort, start, stop, treeRssMb, waitForLine, type Started } from "./processes";
import { measurePush, type PushResult } from "./push";
import type { SimHostInfo } from "./sim-host";

export interface RunOptions {
  size: number;
  quick: boolean;
  budgetPerSec: number;
  awsViewTimeoutMs: number;
  maxRssMb: number;
  browser: boolean;
  profileDir?: string;
  port?: number;
  log: (line: string) => void;
}

export interface FleetRun {
  size: number;
  at: string;
  machine: { cpus: number; memGb: number; loadAvg: number[]; node: string };
  sim: { startMs: number; rssMb: number };
  kubectl: { parallelMs: number | null; perContextMs: number[]; error?: string };
  coldStart: ColdStart;
  overviewList: FullList;
  /** gzip: the plain list asked as a browser asks it (Accept-Encoding: gzip); the others ask for no encoding. */
  lists: { plain: LoadResult; gzip: LoadResult; filtered: LoadResult };
  rss: { afterStartMb: number; peakDuringLoadMb: number; afterLoadMb: number };
  push: PushResult;
  browser: BrowserResult | { error: string } | null;
  aws: AwsRate;
  awsView: AwsView & { budgetBoundMs: number };
  /** Every function's existence, in its own phase before the list load (./aws-view.ts). */
  awsExistence: AwsExistence & { listBoundMs: number };
  memoryPeakMb: number;
  profile?: { file: string; window: ProfileWindow; top: string };
}

export async function kubectlParallel(kubeconfig: string, contexts: string[]): Promise<{ parallelMs: number; perContextMs: number[] }> {
  const kubectl = findBinaries().kubectl;
  if (!fs.existsSync(kubectl)) throw new Error(`kubectl not found at ${kubectl} (bash scripts/realstack-install.sh builds it)`);
  const t0 = performance.now();
  const perContextMs = await Promise.all(
    contexts.map(async (ctx) => {
      const c0 = performance.now();
      await promisify(execFile)(kubectl, ["--kubeconfig", kubeconfig, "--context", ctx, "get", "functions", "-A", "-o", "json"], { maxBuffer: 1 << 30 });
      return Math.round(performance.now() - c0);
    }),
  );
  return { parallelMs: Math.round(performance.now() - t0), perContextMs };
}

/** The environment of a standalone server on the simulated fleet of `host`, on 127.0.0.1:`port`. */
/**
 * The dashboard's environment against the simulated fleet, with the process settings the Helm
 * chart gives the pod (./chart-node-options.ts): its V8 options in NODE_OPTIONS, after any the
 * caller's environment has (a later --max-old-space-size wins, so the chart's applies), and its
 * MALLOC_ARENA_MAX, or none when the chart sets none (not the caller's: the pod has none then).
 */
export function dashboardEnv(host: SimHostInfo, o: { port: number; store: string } & Record<string, string | number>): NodeJS.ProcessEnv {
  const { port, store, ...more } = o;
  const chart = chartProcessEnv(ROOT);
  const nodeOptions = [process.env.NODE_OPTIONS ?? "", chart.NODE_OPTIONS ?? ""].filter(Boolean).join(" ");
  const { MALLOC_ARENA_MAX: _callersArenas, ...callers } = process.env;
  return {
    ...callers,
    ...chart,
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    KUBECONFIG: host.kubeconfig,
    ACK_FLEET_AWS_ENDPOINT: host.awsEndpoint,
    ACK_FLEET_AWS_CREDENTIALS_FILE: host.credentialsFile,
    ACK_FLEET_STORE: `sqlite:${store}`,
    AWS_REGION: "us-east-1",
    AWS_PROFILE: "",
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
    // The standalone server reads where to listen from these (scripts/demo.ts does the same).
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    ...Object.fromEntries(Object.entries(more).map(([k, v]) => [k, String(v)])),
  };
}

export async function runFleetSize(o: RunOptions): Promise<FleetRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-fleet-${o.size}-`));
  let sim: Started | undefined;
  let dashboard: Started | undefined;
  let exceeded: string | null = null;
  const guard = new MemoryGuard(() => [sim?.pid, dashboard?.pid], o.maxRssMb, (mb) => {
    exceeded = `the simulator and the dashboard use ${mb} MB together, over --max-rss-mb ${o.maxRssMb}: run stopped`;
    void stop(dashboard, "SIGKILL", 0);
  });
  const alive = () => exceeded === null && !!dashboard && !dashboard.exited();
  try {
    o.log(`[${o.size}] starting the simulated fleet...`);
    sim = start(path.join(ROOT, "node_modules", ".bin", "tsx"), ["bench/fleet/sim-host.ts", "--size", String(o.size), "--dir", dir]);
    await waitForLine(sim, /SIM-READY (\d+)/, 300_000);
    const host = JSON.parse(fs.readFileSync(path.join(dir, "host.json"), "utf8")) as SimHostInfo;
    const simRun = { startMs: host.startMs, rssMb: treeRssMb(sim.pid) };
    o.log(`[${o.size}] simulator up in ${host.startMs} ms (${simRun.rssMb} MB)`);

    // kubectl once to warm up (the simulator keeps each object's JSON once made), then measured.
    let kubectl: FleetRun["kubectl"];
    try {
      await kubectlParallel(host.kubeconfig, host.clusters.map((c) => c.name));
      kubectl = await kubectlParallel(host.kubeconfig, host.clusters.map((c) => c.name));
      o.log(`[${o.size}] kubectl get functions -A -o json on ${host.clusters.length} contexts in parallel: ${kubectl.parallelMs} ms`);
    } catch (err) {
      kubectl = { parallelMs: null, perContextMs: [], error: (err as Error).message.split("\n")[0] };
      o.log(`[${o.size}] kubectl: ${kubectl.error}`);
    }

    const port = o.port ?? (await freePort());
    const base = `http://127.0.0.1:${port}`;
    const env = dashboardEnv(host, { port, store: path.join(dir, "history.db"), ACK_FLEET_AWS_RPS: String(o.budgetPerSec) });
    if (o.profileDir) fs.mkdirSync(o.profileDir, { recursive: true });
    const nodeArgs = o.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${o.profileDir}`] : [];
    o.log(`[${o.size}] standalone server on ${base}...`);
    dashboard = start(process.execPath, [...nodeArgs, path.join(ROOT, STANDALONE_SERVER)], { env });
    const coldStart = await waitForColdStart(base, dashboard.startedAt, o.size, o.quick ? 120_000 : 600_000, alive);
    if (coldStart.completeMs === null) throw new Error(exceeded ?? `the dashboard did not show the whole fleet (${o.size}) in time:\n${dashboard.output().slice(-2000)}`);
    o.log(`[${o.size}] cold start: ${coldStart.completeMs} ms (server up at ${coldStart.serverUpMs} ms)`);
    const afterStartMb = treeRssMb(dashboard.pid);

    const overviewList = await readFullList(base);
    o.log(`[${o.size}] overview list: ${overviewList.rows} rows, ${(overviewList.bytes / 1e6).toFixed(1)} MB in ${Math.round(overviewList.ms)} ms`);

    // Every function's existence before the list load, as a dashboard just started sees it
    // (./aws-view.ts waitForExistence): bounded by the AWS view's wait.
    const listRps = Number(process.env.ACK_FLEET_AWS_LIST_RPS ?? 5);
    // Waited for at most three times the pace alone (a minute at least), within --aws-view-timeout.
    const paceMs = Math.max(0, ...Object.values(overviewList.awsTargetsPerScope).map((n) => (Math.ceil(n / 50) / listRps) * 1000));
    const existence = await waitForExistence(host.controlUrl, Object.keys(overviewList.awsTargetsPerScope), dashboard.startedAt, Math.min(o.awsViewTimeoutMs, Math.max(60_000, 3 * paceMs)));
    // The pace alone: the largest sweep's pages at ACK_FLEET_AWS_LIST_RPS (pages asked, once every sweep is whole; else ⌈targets / 50⌉).
    const pagesOf = (scope: string) => existence.sweeps.find((w) => w.scope === scope && w.completeMs !== null)?.pages ?? Math.ceil(overviewList.awsTargetsPerScope[scope] / 50);
    const listBoundMs = Math.round(Math.max(0, ...Object.keys(overviewList.awsTargetsPerScope).map((scope) => (pagesOf(scope) / listRps) * 1000)));
    o.log(`[${o.size}] AWS: existence of every function known ${existence.existenceMs ?? "not"} ms after the start (first ListFunctions page at ${existence.firstPageMs ?? "?"} ms; the pace alone: ${listBoundMs} ms)`);
    for (const w of existence.sweeps) o.log(`[${o.size}]   ${w.scope}: ${w.pages ?? 0} pages from ${w.firstPageMs ?? "?"} to ${w.completeMs ?? "?"} ms (${w.pagesPerSec ?? "?"}/s)`);

    let peakDuringLoadMb = 0;
    const sampler = setInterval(() => (peakDuringLoadMb = Math.max(peakDuringLoadMb, treeRssMb(dashboard?.pid))), 500);
    const bounds = o.quick ? { clients: 32, maxRequests: 64, maxMs: 10_000 } : { clients: 32, maxRequests: 4000, maxMs: 60_000 };
    const window: ProfileWindow = { fromUs: monotonicUs(), toUs: 0 };
    const plain = await runLoad(`${base}/api/functions?limit=500`, bounds);
    o.log(`[${o.size}] list, 32 clients: p50 ${plain.p50Ms} ms, p99 ${plain.p99Ms} ms, ${plain.perSec} req/s`);
    const gzip = await runLoad(`${base}/api/functions?limit=500`, { ...bounds, request: { acceptEncoding: "gzip" } });
    o.log(`[${o.size}] list as a browser asks it (gzip), 32 clients: p50 ${gzip.p50Ms} ms, p99 ${gzip.p99Ms} ms, ${gzip.perSec} req/s`);
    const filtered = await runLoad(`${base}/api/functions?limit=500&health=stuck,deletion-blocked&q=invoice`, bounds);
    window.toUs = monotonicUs();
    o.log(`[${o.size}] filtered, 32 clients: p50 ${filtered.p50Ms} ms, p99 ${filtered.p99Ms} ms, ${filtered.perSec} req/s`);
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 5000));
    const rss = { afterStartMb, peakDuringLoadMb, afterLoadMb: treeRssMb(dashboard.pid) };

    const push = await measurePush(base, host, { ratePerSec: 50, seconds: o.quick ? 2 : 10 });
    o.log(`[${o.size}] push at 50/s: p50 ${push.p50Ms} ms, p99 ${push.p99Ms} ms (${push.received}/${push.sent})`);

    let browser: FleetRun["browser"] = null;
    if (o.browser) {
      const someName = overviewList.rows > 0 ? await firstFunctionName(base) : "invoice";
      browser = await measureBrowser(base, { searchFor: someName.slice(0, 8), timeoutMs: o.quick ? 60_000 : 180_000 }).catch((err: Error) => ({ error: err.message.split("\n")[0] }));
      o.log(`[${o.size}] browser: ${JSON.stringify(browser)}`);
    }

    const budgetBoundMs = Math.round(Math.max(0, ...Object.values(overviewList.awsTargetsPerScope).map((n) => (n / o.budgetPerSec) * 1000)));
    const view = await waitForAwsView(host.controlUrl, overviewList.awsTargets, dashboard.startedAt, o.awsViewTimeoutMs);
    const aws = awsRate(await requestSummary(host.controlUrl), o.budgetPerSec);
    o.log(`[${o.size}] AWS: ${view.read}/${view.targets} read by GetFunction${view.completeMs !== null ? ` in ${view.completeMs} ms` : ""}; max ${aws.maxPerSecWindow} GetFunction in a 1 s window (budget ${o.budgetPerSec})`);
    for (const p of aws.perScope) o.log(`[${o.size}]   ${p.scope}: first pass ${p.firstPass.ms ?? "?"} ms, ${p.firstPass.requests} GetFunction (${p.firstPass.perSec ?? "?"}/s, ${p.firstPass.rereads} re-reads), ${p.listRequests} ListFunctions`);

    const run: FleetRun = {
      size: o.size,
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, memGb: Math.round(os.totalmem() / 2 ** 30), loadAvg: os.loadavg().map((l) => Math.round(l * 100) / 100), node: process.version },
      sim: simRun,
      kubectl,
      coldStart,
      overviewList,
      lists: { plain, gzip, filtered },
      rss,
      push,
      browser,
      aws,
      awsView: { ...view, budgetBoundMs },
      awsExistence: { ...existence, listBoundMs },
      memoryPeakMb: guard.peakMb,
    };
    if (o.profileDir) {
      await stop(dashboard, "SIGINT", 30_000);
      // node names the file CPU.<date>.<time>.<pid>...: this run's server is the one with its pid.
      const file = fs.readdirSync(o.profileDir).find((f) => f.includes(`.${dashboard?.pid}.`) && f.endsWith(".cpuprofile"));
      if (file) {
        const full = path.join(o.profileDir, file);
        run.profile = { file: full, window, top: formatProfile(readProfile(full, window), 30) };
      }
    }
    if (exceeded) throw new Error(exceeded);
    return run;
  } finally {
    guard.stop();
    await stop(dashboard, "SIGINT");
    await stop(sim);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function firstFunctionName(base: string): Promise<string> {
  const { simFetch } = await import("./sim-http");
  const res = await simFetch(`${base}/api/functions?limit=1&sort=name`);
  const body = JSON.parse(res.body.toString("utf8")) as { items: Array<{ name: string }> };
  return body.items[0]?.name ?? "invoice";
}
