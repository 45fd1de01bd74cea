/**
 * The benchmark's list load (32 clients on GET /api/functions?limit=500, bounded in requests
 * and time) against bench/fleet/aws-sweep-trace.ts --port P, to see what it does to the sweep.
 *   tsx bench/fleet/aws-sweep-load.ts http://127.0.0.1:P [--max-ms 20000]
 */
import { parseArgs } from "node:util";
import { runLoad } from "./load";

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { "max-ms": { type: "string", default: "20000" } } });
  const base = positionals[0];
  if (!base) throw new Error("usage: aws-sweep-load.ts BASE_URL [--max-ms N]");
  const r = await runLoad(`${base}/api/functions?limit=500`, { clients: 32, maxRequests: 8000, maxMs: Number(values["max-ms"]) });
  console.log(`list load: ${r.perSec} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
