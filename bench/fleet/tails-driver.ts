/**
 * Loads bench/fleet/tails-server.ts as `bench:fleet` loads the dashboard after its cold start,
 * naming each phase to the server (which measures its event loop per phase): the full list in
 * the overview's pages, the plain and the filtered list at 32 clients, a pause, the push at
 * 50 changes a second. `--gzip` adds the plain list asked as a browser asks it (Accept-Encoding:
 * gzip) after the plain one, as bench:fleet does; `--settle S` waits S seconds after the full list
 * (bench:fleet waits there for every Function's existence, ~80 s at 50,000, while GetFunction's
 * first pass goes on).
 *   tsx bench/fleet/tails-driver.ts DIR PORT [--requests N] [--push-seconds S] [--skip-lists] [--gzip] [--settle S]
 */
import fs from "node:fs";
import path from "node:path";
import { readFullList } from "./dashboard-probe";
import { runLoad } from "./load";
import { measurePush } from "./push";
import type { SimHostInfo } from "./sim-host";
import { simFetch } from "./sim-http";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const [dir, port] = process.argv.slice(2);
  const host = JSON.parse(fs.readFileSync(path.join(dir, "host.json"), "utf8")) as SimHostInfo;
  const base = `http://127.0.0.1:${port}`;
  const phase = (name: string) => simFetch(`${base}/bench/phase?name=${name}`);
  const requests = arg("requests", 4000);
  if (!process.argv.includes("--skip-lists")) {
    await phase("full-list");
    const full = await readFullList(base);
    console.log(`full list: ${full.rows} rows, ${(full.bytes / 1e6).toFixed(1)} MB in ${Math.round(full.ms)} ms`);
    const settle = arg("settle", 0);
    if (settle > 0) {
      await phase("settle");
      await new Promise((r) => setTimeout(r, settle * 1000));
    }
    await phase("plain");
    const plain = await runLoad(`${base}/api/functions?limit=500`, { clients: 32, maxRequests: requests, maxMs: 60_000 });
    console.log(`plain: p50 ${plain.p50Ms} ms, p99 ${plain.p99Ms} ms, max ${plain.maxMs} ms, ${plain.perSec} req/s`);
    if (process.argv.includes("--gzip")) {
      await phase("gzip");
      const gzip = await runLoad(`${base}/api/functions?limit=500`, { clients: 32, maxRequests: requests, maxMs: 60_000, request: { acceptEncoding: "gzip" } });
      console.log(`gzip: p50 ${gzip.p50Ms} ms, p99 ${gzip.p99Ms} ms, max ${gzip.maxMs} ms, ${gzip.perSec} req/s, ${gzip.bytesPerResponse} B`);
    }
    await phase("filtered");
    const filtered = await runLoad(`${base}/api/functions?limit=500&health=stuck,deletion-blocked&q=invoice`, { clients: 32, maxRequests: requests, maxMs: 60_000 });
    console.log(`filtered: p50 ${filtered.p50Ms} ms, p99 ${filtered.p99Ms} ms, max ${filtered.maxMs} ms, ${filtered.perSec} req/s`);
    await phase("pause");
    await new Promise((r) => setTimeout(r, 5000));
  }
  await phase("push");
  const push = await measurePush(base, host, { ratePerSec: 50, seconds: arg("push-seconds", 10) });
  console.log(`push: p50 ${push.p50Ms} ms, p99 ${push.p99Ms} ms, max ${push.maxMs} ms (${push.received}/${push.sent}, resets ${push.resets}; stream ${JSON.stringify(push.streamEvents)}, ${(push.streamBytes / 1e6).toFixed(1)} MB)`);
  await phase("end");
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
