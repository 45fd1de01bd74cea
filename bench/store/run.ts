/**
 * `npm run bench:store`: the history store at fleet scale, PostgreSQL against SQLite in one
 * run, printed as figures and ratios (PostgreSQL / SQLite). Both stores are durable as in
 * production (SQLite synchronous=FULL; PostgreSQL started by test/postgres.ts with fsync on).
 *
 * - steady: 50 changes/s for `--seconds` (default 10), committed as the recorder does, one
 *   transaction every 50 ms with the changes of that window (2 entries and a snapshot each);
 *   commit latency p50/p99 and whether the store kept up.
 * - burst: 5,000 changes at once (the 1.7.3 bug flipping a whole cluster), committed in
 *   transactions of 500 changes; changes written per second.
 * - query: the timeline of one Function holding 10,000 entries (the API's default limit),
 *   latency p50/p99 over 50 queries.
 * - follower push (PostgreSQL only): a commit on one connection until the change feed of another
 *   store (LISTEN/NOTIFY, lib/server/replicas/change-feed.ts) hands the entries to the live hub,
 *   p50/p99 over the steady run's commits. The hub sends timeline entries to SSE clients as it
 *   gets them, so this is what a follower adds to a leader's push.
 *
 *   --seconds N   steady phase length (default 10)   --quick   3 s steady, 1,000 burst, 2,000 entries
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { NewTimelineEntry } from "@/lib/domain/timeline/entry";
import type { FunctionSnapshot } from "@/lib/domain/timeline/observe";
import { ChangeFeed } from "@/lib/server/replicas/change-feed";
import { openStores, type Stores } from "@/lib/server/store/open";
import { startPostgres } from "@/test/postgres-server";
import { percentile, round } from "../fleet/stats";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const secondsArg = args.indexOf("--seconds");
const STEADY_S = secondsArg >= 0 ? Number(args[secondsArg + 1]) : quick ? 3 : 10;
const BURST = quick ? 1_000 : 5_000;
const QUERY_ENTRIES = quick ? 2_000 : 10_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");

let changeNo = 0;
function change(fn: number, at: number): { entries: NewTimelineEntry[]; snapshot: FunctionSnapshot } {
  const n = changeNo++;
  const base = { cluster: "bench", namespace: "ns", name: `fn-${fn}`, uid: `uid-${fn}`, observedAt: new Date(at).toISOString(), at: new Date(at).toISOString(), reason: null, message: null, source: "observed" as const, detail: null };
  return {
    entries: [
      { ...base, key: `c${n}-synced`, kind: "condition", lane: "condition:ACK.ResourceSynced", value: n % 2 ? "True" : "False" },
      { ...base, key: `c${n}-state`, kind: "state", lane: "k8s:state", value: n % 2 ? "Active" : "Pending" },
    ] as NewTimelineEntry[],
    snapshot: { version: 1, cluster: "bench", namespace: "ns", name: `fn-${fn}`, uid: `uid-${fn}`, lanes: {}, generation: n, deletionTimestamp: null, finalizers: [], lastAt: at, gone: false },
  };
}

async function commitChanges(stores: Stores, changes: ReturnType<typeof change>[]): Promise<string[]> {
  const inserted = await stores.timeline.commit({ entries: changes.flatMap((c) => c.entries), snapshots: changes.map((c) => c.snapshot) });
  return inserted.map((e) => e.id);
}

interface Figures {
  steadyP50: number;
  steadyP99: number;
  steadyRate: number;
  burstRate: number;
  queryP50: number;
  queryP99: number;
  pushP50?: number;
  pushP99?: number;
}

async function measure(stores: Stores, follower: Stores | null): Promise<Figures> {
  // Follower push: commit returned → the other store's change feed delivered the entries.
  const committedAt = new Map<string, number>();
  const push: number[] = [];
  let feed: ChangeFeed | null = null;
  if (follower?.shared) {
    feed = new ChangeFeed(follower.shared, follower, { onAws: () => {}, pollMs: 60_000 });
    feed.onEntries((entries) => {
      const t = performance.now();
      for (const e of entries) {
        const at = committedAt.get(e.id);
        if (at !== undefined) push.push(t - at);
        committedAt.delete(e.id);
      }
    });
    await feed.start();
  }

  // Steady: 50 changes/s, one commit per 50 ms window.
  const latencies: number[] = [];
  const started = performance.now();
  let written = 0;
  for (let w = 0; w < STEADY_S * 20; w++) {
    const due = started + w * 50;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // 20 windows/s of 2 or 3 changes (2.5 on average): 50 changes/s.
    const batch = [change(w % 500, T0 + w * 50), change((w + 250) % 500, T0 + w * 50), ...(w % 2 ? [change((w + 100) % 500, T0 + w * 50)] : [])];
    const t = performance.now();
    const ids = await commitChanges(stores, batch);
    const done = performance.now();
    for (const id of ids) committedAt.set(id, done);
    latencies.push(done - t);
    written += batch.length;
  }
  const steadyRate = written / ((performance.now() - started) / 1000);
  await new Promise((r) => setTimeout(r, 300));
  await feed?.stop();

  // Burst: BURST changes at once, in transactions of 500.
  const burst = Array.from({ length: BURST }, (_, i) => change(1_000 + i, T0 + 3_600_000));
  const b0 = performance.now();
  for (let i = 0; i < burst.length; i += 500) await commitChanges(stores, burst.slice(i, i + 500));
  const burstRate = BURST / ((performance.now() - b0) / 1000);

  // Query: one Function with QUERY_ENTRIES entries.
  for (let i = 0; i < QUERY_ENTRIES / 2; i += 250) {
    await commitChanges(stores, Array.from({ length: 250 }, (_, j) => change(99_999, T0 + 7_200_000 + (i + j) * 1000)));
  }
  const queries: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    const r = await stores.timeline.timeline({ cluster: "bench", namespace: "ns", name: "fn-99999" });
    queries.push(performance.now() - t);
    if (r.entries.length === 0) throw new Error("the query found nothing: the benchmark is broken");
  }
  return {
    steadyP50: percentile(latencies, 50),
    steadyP99: percentile(latencies, 99),
    steadyRate,
    burstRate,
    queryP50: percentile(queries, 50),
    queryP99: percentile(queries, 99),
    ...(feed ? { pushP50: percentile(push, 50), pushP99: percentile(push, 99) } : {}),
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-store-"));
  const pg = await startPostgres({ durable: true });
  const opened: Stores[] = [];
  try {
    const sqlite = openStores(`sqlite:${path.join(dir, "history.db")}`);
    opened.push(sqlite);
    const s = await measure(sqlite, null);
    const db = await pg.createDatabase();
    const leader = openStores(db.url);
    const follower = openStores(db.url);
    opened.push(leader, follower);
    await leader.ready();
    await follower.ready();
    const p = await measure(leader, follower);
    const rows: Array<[string, number, number | null, string]> = [
      ["steady 50/s: changes written per s", s.steadyRate, p.steadyRate, "higher is better"],
      ["steady 50/s: commit p50 (ms)", s.steadyP50, p.steadyP50, ""],
      ["steady 50/s: commit p99 (ms)", s.steadyP99, p.steadyP99, ""],
      [`burst of ${BURST}: changes written per s`, s.burstRate, p.burstRate, "higher is better"],
      [`timeline of 1 Function, ${QUERY_ENTRIES} entries: p50 (ms)`, s.queryP50, p.queryP50, ""],
      [`timeline of 1 Function, ${QUERY_ENTRIES} entries: p99 (ms)`, s.queryP99, p.queryP99, ""],
    ];
    console.log(`store benchmark (${os.cpus().length} cores): SQLite vs PostgreSQL, ratio = PostgreSQL / SQLite`);
    for (const [what, a, b, note] of rows) console.log(`  ${what.padEnd(48)} sqlite ${String(round(a, 2)).padStart(9)}  postgres ${String(round(b ?? NaN, 2)).padStart(9)}  ratio ${round((b ?? NaN) / a, 2)} ${note}`);
    console.log(`  follower push (commit → other replica's feed): p50 ${round(p.pushP50, 1)} ms, p99 ${round(p.pushP99, 1)} ms`);
  } finally {
    for (const o of opened) await o.close().catch(() => {});
    pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
