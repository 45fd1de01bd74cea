/**
 * The verdict sweep's CPU at fleet scale, this checkout's against an earlier one's (`--before
 * DIR`, e.g. `git archive <commit> | tar -x -C DIR` with node_modules), in one process: each
 * side builds its own Fleet (never started: fed by hand) of the large simulated scenario's
 * `--size` Functions, a `--aws-read` share of them with an AWS state read (Active, as the AWS
 * first pass brings them; the others are "unknown" until read, as at 50,000 for minutes), on
 * one clock. Then `--sweeps` times: the clock moves 15 s (the timer's period) and each side runs
 * its sweep once (sweepVerdicts(), the timer's sweep without the slices), the order of the sides
 * alternating; CPU time per sweep (process.cpuUsage, user + system) is recorded per side. At the
 * end the two sides' rows are compared (the same JSON for every row, or the ids that differ). Also
 * prints the CPU each side took to be fed the lists (sides built one after the other, "before" first).
 *   tsx --conditions react-server bench/fleet/sweep-ab.ts --before DIR [--size 50000] [--aws-read 0.3] [--sweeps 12]
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { DEFAULT_DIAGNOSE_SETTINGS } from "@/lib/domain/diagnose-settings";
import type { AwsState } from "@/lib/domain/wire/fleet";
import { AwsStateReader } from "@/lib/server/aws/reader";
import { Fleet } from "@/lib/server/fleet/fleet";
import { buildLargePlan } from "@/sim/scenarios";
import { offlineContext } from "@/test/offline-context";

const argText = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SIZE = Number(argText("size") ?? 50_000);
const AWS_READ = Number(argText("aws-read") ?? 0.3);
const SWEEPS = Number(argText("sweeps") ?? 12);
const PERIOD_MS = 15_000;

interface Side {
  name: string;
  fleet: Fleet;
  /** CPU of feeding it the lists (rows and verdicts made), before any sweep. */
  buildMs: number;
  cpuMs: number[];
  rowsChanged: number[];
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function main() {
  const before = argText("before");
  if (!before) throw new Error("usage: sweep-ab.ts --before DIR [--size 50000] [--aws-read 0.3] [--sweeps 12]");
  const old = {
    Fleet: ((await import(path.resolve(before, "lib/server/fleet/fleet.ts"))) as { Fleet: typeof Fleet }).Fleet,
    AwsStateReader: ((await import(path.resolve(before, "lib/server/aws/reader.ts"))) as { AwsStateReader: typeof AwsStateReader }).AwsStateReader,
  };
  const clock = { t: Date.now() };
  const plan = buildLargePlan({ count: SIZE, seed: 7, now: clock.t });
  const texts = plan.clusters.map((c) => ({ name: c.name, objects: c.functions.map((f) => JSON.stringify(f.object)) }));
  const make = (name: string, F: typeof Fleet, R: typeof AwsStateReader): Side => {
    const aws = new R({ getFunction: async () => ({ kind: "not-found" }) }, { requestsPerSecond: 10, concurrency: 4, refreshHealthyMs: 1e9, refreshUnhealthyMs: 1e9, now: () => clock.t });
    const fleet = new F(
      plan.clusters.map((c) => offlineContext(c.name)),
      aws,
      { settings: DEFAULT_DIAGNOSE_SETTINGS, now: () => clock.t },
    );
    const at = cpuMs();
    for (const c of texts) fleet.functionsReplaced(c.name, c.objects.map((t) => JSON.parse(t) as unknown));
    const buildMs = cpuMs() - at;
    // A share of the fleet read by AWS (the same Functions on both sides).
    let n = 0;
    for (const row of fleet.rows()) {
      if ((n++ * 7919) % 1000 >= AWS_READ * 1000) continue;
      const state: AwsState = { exists: true, state: "Active", stateReasonCode: null, stateReason: null, lastUpdateStatus: "Successful", lastModified: row.creationTimestamp, observedAt: new Date(clock.t).toISOString() };
      aws.applyObserved(row.id, state);
    }
    return { name, fleet, buildMs, cpuMs: [], rowsChanged: [] };
  };
  const sides = [make("before", old.Fleet, old.AwsStateReader), make("after", Fleet, AwsStateReader)];
  const health = (s: Side) => {
    const h: Record<string, number> = {};
    for (const r of s.fleet.rows()) h[r.verdict.health] = (h[r.verdict.health] ?? 0) + 1;
    return h;
  };
  console.log(`[sweep-ab] ${SIZE} Functions, ${AWS_READ} read by AWS; health: ${JSON.stringify(health(sides[1]))}`);
  for (let k = 0; k < SWEEPS; k++) {
    clock.t += PERIOD_MS;
    const order = k % 2 ? [sides[1], sides[0]] : sides;
    for (const s of order) {
      const v = s.fleet.index.version;
      const at = cpuMs();
      s.fleet.sweepVerdicts();
      s.cpuMs.push(cpuMs() - at);
      s.rowsChanged.push(s.fleet.index.version - v);
    }
  }
  const [b, a] = sides;
  const rowsOf = (s: Side) => new Map(s.fleet.rows().map((r) => [r.id, JSON.stringify(r)]));
  const rb = rowsOf(b);
  const ra = rowsOf(a);
  const differ = [...ra.keys()].filter((id) => rb.get(id) !== ra.get(id));
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const total = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
  for (const s of sides) {
    console.log(`  ${s.name.padEnd(6)} lists fed in ${s.buildMs.toFixed(0)} ms CPU; CPU per sweep median ${median(s.cpuMs).toFixed(1)} ms, total ${total(s.cpuMs).toFixed(0)} ms over ${SWEEPS}; each: ${s.cpuMs.map((x) => x.toFixed(0)).join(" ")}; row versions each: ${s.rowsChanged.join(" ")}`);
  }
  console.log(`  rows: ${ra.size} after, ${rb.size} before; differing: ${differ.length}${differ.length ? ` (${differ.slice(0, 3).join(", ")})` : ""}`);
  console.log(`[sweep-ab] ${execFileSync("uptime").toString().trim()}`);
}

void main();
