/**
 * What the timeline recorder's SQLite writes cost the event loop, with the writes on the main
 * connection and on the writer thread (lib/server/store/sqlite-writer-thread.ts), in one process:
 * the real TimelineRecorder on a real SQLite file (synchronous=FULL), fed as the fleet feeds it.
 *
 * - backlog: the first sight of `--functions` Functions (default 50,000), written as after a
 *   cold start, until flush() returns;
 * - push: 50 status changes a second for `--seconds` (default 10), as bench:fleet's push phase.
 *
 * During each phase a timer due every 10 ms measures how late it fires (what an SSE push or a
 * request waits behind the loop): p50, p99, max, and the time spent in stalls over 50 ms.
 *   tsx --conditions react-server bench/store/timeline-loop.ts [--functions N] [--seconds S] [--only main|thread]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { toFunctionFacts, type FunctionFacts } from "@/lib/domain/function-object";
import { openStores } from "@/lib/server/store/open";
import { TimelineRecorder } from "@/lib/server/timeline/recorder";
import { percentile, round } from "../fleet/stats";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const FUNCTIONS = arg("functions", 50_000);
const PUSH_SECONDS = arg("seconds", 10);

function facts(i: number, step: number): FunctionFacts {
  const state = step % 2 === 0 ? "Active" : "Pending";
  const r = toFunctionFacts(
    {
      apiVersion: "lambda.services.k8s.aws/v1alpha1",
      kind: "Function",
      metadata: { name: `fn-${i}`, namespace: `team-${i % 40}`, uid: `uid-${i}`, resourceVersion: String(step + 1), generation: 1, creationTimestamp: "2025-01-01T00:00:00Z" },
      spec: { name: `fn-${i}` },
      status: { state, conditions: [{ type: "ACK.ResourceSynced", status: state === "Active" ? "True" : "False", lastTransitionTime: new Date(Date.parse("2025-01-01T00:00:00Z") + step * 1000).toISOString() }] },
    },
    "bench",
  );
  if (!r.ok) throw new Error(r.error);
  return r.facts;
}

interface Lateness {
  p50: number;
  p99: number;
  max: number;
  stalledMs: number;
}

/** A timer due every 10 ms; how late it fired, while `work` runs. */
async function lateWhile(work: () => Promise<void>): Promise<Lateness & { ms: number }> {
  const late: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    late.push(Math.max(0, now - last - 10));
    last = now;
  }, 10);
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  clearInterval(timer);
  const r = (n: number) => round(n) ?? 0;
  return { p50: r(percentile(late, 50)), p99: r(percentile(late, 99)), max: r(Math.max(0, ...late)), stalledMs: r(late.filter((l) => l > 50).reduce((a, b) => a + b, 0)), ms: r(ms) };
}

async function run(mode: "main" | "thread") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "timeline-loop-"));
  const stores = openStores(`sqlite:${path.join(dir, "history.db")}`, { timelineWrites: mode });
  const recorder = new TimelineRecorder(stores.timeline);
  await recorder.load();
  const hear = (f: FunctionFacts) => recorder.hear({ type: "row", id: f.id, row: {} as never, facts: f, aws: null, rejected: false });
  // Made before the clock runs: the fleet parses objects whatever the recorder does.
  const first = Array.from({ length: FUNCTIONS }, (_, i) => facts(i, 0));
  const changes = Array.from({ length: PUSH_SECONDS * 60 }, (_, k) => facts(((k + 1) * 7919) % FUNCTIONS, k + 1));
  const backlog = await lateWhile(async () => {
    // In pages of 500 a turn, as a cluster's list arrives.
    for (let i = 0; i < FUNCTIONS; i++) {
      hear(first[i]);
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
    await recorder.flush();
  });
  const push = await lateWhile(async () => {
    const until = performance.now() + PUSH_SECONDS * 1000;
    for (let k = 0; k < changes.length && performance.now() < until; k++) {
      hear(changes[k]);
      await new Promise((r) => setTimeout(r, 20));
    }
    await recorder.flush();
  });
  await recorder.stop();
  await stores.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { backlog, push, entries: recorder.stats.committedEntries };
}

async function main(): Promise<void> {
  console.log(`timeline writes and the event loop: ${FUNCTIONS} Functions, push ${PUSH_SECONDS} s at 50/s (load: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")})`);
  // --only thread|main: one mode (for a CPU profile of it).
  const only = process.argv[process.argv.indexOf("--only") + 1];
  if (process.argv.includes("--only")) {
    const r = await run(only === "main" ? "main" : "thread");
    console.log(JSON.stringify(r));
    return;
  }
  const main = await run("main");
  const thread = await run("thread");
  const row = (name: string, l: Lateness & { ms: number }) => `${name}: late p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms, stalls > 50 ms ${l.stalledMs} ms in ${l.ms} ms`;
  for (const [mode, r] of [["main connection", main], ["writer thread", thread]] as const) {
    console.log(`${mode} (${r.entries} entries)\n  ${row("backlog", r.backlog)}\n  ${row("push", r.push)}`);
  }
  const ratio = (a: number, b: number) => (b > 0 ? `${round(a / b)}x` : "n/a");
  console.log(`thread / main: backlog p99 ${ratio(thread.backlog.p99, main.backlog.p99)}, push p99 ${ratio(thread.push.p99, main.push.p99)}, push max ${ratio(thread.push.max, main.push.max)}`);
  console.log(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
}

void main();
