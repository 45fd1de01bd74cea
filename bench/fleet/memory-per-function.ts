/**
 * `npm run bench:memory -- [--size N]`: the dashboard's heap per Function, in process: the
 * large simulated scenario's objects (each parsed from its own JSON text, as a watch delivers
 * it) fed to a fleet that is never started, the heap measured after a full GC before, after
 * the fleet holds them, and after every row's JSON text was made (what list traffic leaves).
 * Run with --expose-gc (the npm script does). With --heap-snapshot, also where the bytes per
 * Function are: two heap snapshots (before, and once the fleet holds them) subtracted, by node
 * type and constructor (./heap-breakdown.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/diagnose-settings";
import { AwsStateReader } from "@/lib/server/aws/reader";
import { Fleet } from "@/lib/server/fleet/fleet";
import { buildLargePlan } from "@/sim/scenarios";
import { addedPer, bytesByKind } from "./heap-breakdown";
import { offlineContext } from "@/test/offline-context";

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc (npm run bench:memory does)");
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

const snapshots = process.argv.includes("--heap-snapshot");
const snapshotFile = (name: string) => v8.writeHeapSnapshot(path.join(os.tmpdir(), `bench-memory-${process.pid}-${name}.heapsnapshot`));
const sizeArg = process.argv.indexOf("--size");
const size = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 10_000;
const plan = buildLargePlan({ count: size, seed: 7, now: Date.now() });
const texts = plan.clusters.map((c) => ({ name: c.name, objects: c.functions.map((f) => JSON.stringify(f.object)) }));
const jsonBytes = texts.reduce((n, c) => n + c.objects.reduce((m, t) => m + t.length, 0), 0);

const aws = new AwsStateReader({ getFunction: async () => ({ kind: "not-found" }) }, { requestsPerSecond: 10, concurrency: 4, refreshHealthyMs: 1e9, refreshUnhealthyMs: 1e9 });
const fleet = new Fleet(
  plan.clusters.map((c) => offlineContext(c.name)),
  aws,
  { settings: DEFAULT_DIAGNOSE_SETTINGS },
);
const before = heapMb();
const beforeFile = snapshots ? snapshotFile("before") : null;
for (const c of texts) fleet.functionsReplaced(c.name, c.objects.map((t) => JSON.parse(t) as unknown));
texts.length = 0;
const held = heapMb();
const heldFile = snapshots ? snapshotFile("held") : null;
for (const row of fleet.rows()) fleet.index.rowJson(row);
const withJson = heapMb();
const n = fleet.rows().length;
function breakdown(beforeFile: string, heldFile: string) {
  const rows = addedPer(bytesByKind(beforeFile), bytesByKind(heldFile), n);
  for (const f of [beforeFile, heldFile]) fs.rmSync(f, { force: true });
  return rows;
}
const perFn = (mb: number) => Math.round((mb * 1e6) / n);
console.log(
  JSON.stringify(
    {
      functions: n,
      objectJsonBytesPerFunction: Math.round(jsonBytes / n),
      heapBytesPerFunction: perFn(held - before),
      heapBytesPerFunctionWithRowJson: perFn(withJson - before),
      heapMbAt: { before: Math.round(before), held: Math.round(held), withRowJson: Math.round(withJson) },
      ...(beforeFile && heldFile ? { heldPerFunctionByKind: breakdown(beforeFile, heldFile) } : {}),
    },
    null,
    2,
  ),
);
