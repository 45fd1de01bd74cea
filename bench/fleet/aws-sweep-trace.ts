/**
 * Where the time to every function's existence goes, on the real transport: the dashboard's
 * server app (no Next.js) built in this process against a simulated fleet already running
 * (`tsx bench/fleet/sim-host.ts --size N --dir DIR`), its Lambda reads wrapped to note when
 * each ListFunctions page was sent and answered. Prints, on the process's clock from the app's
 * creation: the cold start, when the AWS reads began, each account and Region's first and last
 * page and its sweep's pace (pages a second, the gaps between an answer and the next page), the
 * event loop's delay, and when the reader knew every existence and every State.
 *   tsx --conditions react-server bench/fleet/aws-sweep-trace.ts DIR [--seconds 60] [--no-get] [--port P]
 * --no-get: GetFunction never answers (the sweep alone); --port: the list served on P for a
 * load from another process while the sweep runs (bench/fleet/aws-sweep-load.ts).
 */
import fs from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createServerApp } from "@/lib/server/app";
import http from "node:http";
import { installServerApp, processConfig } from "@/lib/server/holder";
import { installListFastLane } from "@/lib/server/http/list-fast-lane";
import { SdkLambdaDeleteApi } from "@/lib/server/aws/delete";
import { SdkLambdaReadApi, loadCredentialsFile, type LambdaReadApi } from "@/lib/server/aws/lambda-api";
import { enterSimHostEnv } from "./sim-host-env";

interface PageTrace {
  sentMs: number;
  answeredMs: number;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { seconds: { type: "string", default: "60" }, "no-get": { type: "boolean", default: false }, port: { type: "string" } } });
  const dir = positionals[0];
  if (!dir) throw new Error("usage: aws-sweep-trace.ts DIR [--seconds 60]");
  const { host, storeDir } = enterSimHostEnv(dir, "sweep-trace-");
  const config = processConfig();
  const t0 = performance.now();
  const at = () => Math.round(performance.now() - t0);
  const sdk = new SdkLambdaReadApi({ endpoint: config.aws.endpoint, credentials: loadCredentialsFile(config.aws.credentialsFile) });
  const pages = new Map<string, PageTrace[]>();
  let getFunctions = 0;
  const read: LambdaReadApi = {
    getFunction: (loc) => {
      getFunctions++;
      // --no-get: GetFunction never answers (4 in flight per account and Region, then none), to see the sweep alone.
      return values["no-get"] ? new Promise(() => {}) : sdk.getFunction(loc);
    },
    async listFunctions(accountId, region, marker) {
      const sentMs = performance.now() - t0;
      const out = await sdk.listFunctions(accountId, region, marker);
      const key = `${accountId}/${region}`;
      if (!pages.has(key)) pages.set(key, []);
      pages.get(key)!.push({ sentMs, answeredMs: performance.now() - t0 });
      return out;
    },
  };
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const app = createServerApp(config, { log: () => {}, lambda: { read, delete: new SdkLambdaDeleteApi((a, r) => sdk.client(a, r)) } });
  installServerApp(app);
  await app.start();
  // --port: GET /api/functions served by the list fast lane, for a load from another process
  // (`tsx bench/fleet/aws-sweep-load.ts URL`) while the sweep runs.
  let server: http.Server | null = null;
  if (values.port) {
    server = http.createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    installListFastLane(server, config);
    await new Promise<void>((resolve) => server!.listen(Number(values.port), "127.0.0.1", resolve));
  }
  let coldMs: number | null = null;
  let readingMs: number | null = null;
  let existenceMs: number | null = null;
  let stateMs: number | null = null;
  const until = Number(values.seconds) * 1000;
  while (at() < until && stateMs === null) {
    await new Promise((r) => setTimeout(r, 50));
    if (coldMs === null && app.fleet.index.size === host.size) coldMs = at();
    if (readingMs === null && app.roles().readAws && getFunctions + pages.size > 0) {
      readingMs = at();
      console.log(`AWS-READING ${readingMs}`);
    }
    const p = app.fleet.aws.progress();
    if (existenceMs === null && p.targets > 0 && p.existenceKnown === p.targets) existenceMs = at();
    if (p.targets > 0 && p.stateKnown === p.targets) stateMs = at();
  }
  const p = app.fleet.aws.progress();
  console.log(`cold start (every row) ${coldMs} ms; first AWS request ${readingMs} ms; existence ${existenceMs ?? "not"} ms; every State ${stateMs ?? "not"} ms (${p.existenceKnown}/${p.stateKnown}/${p.targets})`);
  for (const [scope, list] of pages) {
    const first = list[0];
    const gaps = list.slice(1).map((x, i) => x.sentMs - list[i].answeredMs);
    const lat = list.map((x) => x.answeredMs - x.sentMs);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    const span = list.at(-1)!.answeredMs - first.sentMs;
    const byFive = new Map<number, number[]>();
    for (const x of list) {
      const k = Math.floor(x.sentMs / 5000) * 5;
      if (!byFive.has(k)) byFive.set(k, []);
      byFive.get(k)!.push(x.answeredMs - x.sentMs);
    }
    const perFive = [...byFive].map(([k, xs]) => `${k}s:${xs.length}p/${mean(xs).toFixed(0)}ms`).join(" ");
    console.log(`${scope}: ${list.length} pages from ${Math.round(first.sentMs)} to ${Math.round(list.at(-1)!.answeredMs)} ms (${((list.length / span) * 1000).toFixed(2)}/s); answer ${mean(lat).toFixed(1)} ms mean, max ${Math.max(...lat).toFixed(0)}; answer -> next page ${mean(gaps).toFixed(0)} ms mean, max ${Math.max(0, ...gaps).toFixed(0)}; by 5 s: ${perFive}`);
  }
  delay.disable();
  console.log(`event loop delay p50 ${(delay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms, max ${(delay.max / 1e6).toFixed(0)} ms`);
  server?.closeAllConnections();
  server?.close();
  await app.stop();
  fs.rmSync(storeDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
