/**
 * The recorder at start: rows come first. What it hears while the clusters' first lists are
 * under way is observed at once, with its time, and written once they are all listed (or when
 * the hold runs out), in transactions of bounded size.
 */
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { toFunctionFacts, type FunctionFacts } from "@/lib/domain/function-object";
import { functionManifest } from "@/sim/kube/testkit";
import type { FleetEvent } from "../fleet/events";
import type { TimelineBatch, TimelineStore } from "../store/timeline-store";
import { TimelineRecorder } from "./recorder";

function recordingStore(): { store: TimelineStore; batches: TimelineBatch[] } {
  const batches: TimelineBatch[] = [];
  const store = { kind: "sqlite", commit: async (b: TimelineBatch) => {
      batches.push(b);
      return [];
    }, loadSnapshots: async () => [] } as unknown as TimelineStore;
  return { store, batches };
}

function factsOf(cluster: string, name: string): FunctionFacts {
  const m = functionManifest(name, "team-a");
  const r = toFunctionFacts({ ...m, metadata: { ...m.metadata, uid: `uid-${name}`, creationTimestamp: "2026-01-01T00:00:00Z" } }, cluster);
  if (!r.ok) throw new Error(r.error);
  return r.facts;
}

const row = (cluster: string, name: string): FleetEvent => ({ type: "row", id: `${cluster}/team-a/${name}`, row: null, facts: factsOf(cluster, name), aws: null, rejected: false });
const listed = (cluster: string, names: string[]): FleetEvent => ({ type: "listed", cluster, ids: names.map((n) => `${cluster}/team-a/${n}`), uids: names.map((n) => `uid-${n}`), rejectedIds: [] });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The sizes of the transactions a backlog of `count` first sights is written in, by a store whose commit of n observations runs `commit(n)`. */
async function backlogSizes(count: number, writesOffLoop: boolean, commit: (n: number) => Promise<unknown> | void): Promise<number[]> {
  const sizes: number[] = [];
  const store = {
    kind: "sqlite",
    writesOffLoop,
    commit: async (w: { snapshots: unknown[] }) => {
      await commit(w.snapshots.length);
      sizes.push(w.snapshots.length);
      return [];
    },
    loadSnapshots: async () => [],
  } as unknown as TimelineStore;
  const recorder = new TimelineRecorder(store, { flushMs: 1 });
  recorder.holdUntilListed(["a"], 60_000);
  for (let i = 0; i < count; i++) recorder.hear(row("a", `fn-${i}`));
  await recorder.flush();
  expect(sizes.reduce((a, n) => a + n, 0)).toBe(count);
  return sizes;
}

describe("the recorder while the clusters are first listed", () => {
  it("writes nothing until every cluster is listed, then all of it, with the times it was heard", async () => {
    const { store, batches } = recordingStore();
    let t = 1_000;
    const recorder = new TimelineRecorder(store, { flushMs: 5, now: () => t });
    recorder.holdUntilListed(["a", "b"], 60_000);
    recorder.hear(row("a", "fn-1"));
    t = 2_000;
    recorder.hear(listed("a", ["fn-1"]));
    recorder.hear(row("b", "fn-2"));
    await sleep(60);
    expect(batches).toEqual([]);
    recorder.hear(listed("b", ["fn-2"]));
    await sleep(60);
    expect(batches.length).toBe(1);
    // Observed when heard, not when written.
    const observed = new Set(batches[0].entries.map((e) => `${e.name}@${e.observedAt}`));
    expect([...observed].sort()).toEqual([`fn-1@${new Date(1_000).toISOString()}`, `fn-2@${new Date(2_000).toISOString()}`]);
    expect(batches[0].snapshots.map((s) => s.name).sort()).toEqual(["fn-1", "fn-2"]);
  });

  it("writes when the hold runs out though a cluster never listed, and later changes at once", async () => {
    const { store, batches } = recordingStore();
    const recorder = new TimelineRecorder(store, { flushMs: 5 });
    recorder.holdUntilListed(["a", "down"], 80);
    recorder.hear(row("a", "fn-1"));
    recorder.hear(listed("a", ["fn-1"]));
    await sleep(30);
    expect(batches).toEqual([]);
    await sleep(120);
    expect(batches.length).toBe(1);
    recorder.hear(row("a", "fn-2"));
    await sleep(40);
    expect(batches.length).toBe(2);
  });

  it("writes a large backlog in transactions of bounded size, all of it by the end of flush()", async () => {
    const { store, batches } = recordingStore();
    const recorder = new TimelineRecorder(store, { flushMs: 1 });
    recorder.holdUntilListed(["a"], 60_000);
    const names = Array.from({ length: 4_500 }, (_, i) => `fn-${i}`);
    for (const n of names) recorder.hear(row("a", n));
    await recorder.flush();
    // A store that takes no time: the size grows to its bound, 500.
    expect(batches.map((b) => b.snapshots.length).reduce((a, n) => a + n, 0)).toBe(4_500);
    expect(Math.max(...batches.map((b) => b.snapshots.length))).toBe(500);
  });

  it("sizes a backlog's transactions by the time they take: a slow store gets small ones", async () => {
    // 0.5 ms of the event loop per observation, as a loaded store would take.
    const sizes = await backlogSizes(600, false, (n) => {
      const from = performance.now();
      while (performance.now() - from < n * 0.5) {
        /* busy */
      }
    });
    // After the first, each holds the loop about 20 ms: about 40 observations, never hundreds.
    for (const n of sizes.slice(1)) expect(n).toBeLessThanOrEqual(60);
    expect(sizes.length).toBeGreaterThan(8);
  });

  it("sizes by the time it holds the loop when the store writes off it: waiting for a slow commit holds nothing", async () => {
    // 1 ms per observation elsewhere (the writer thread): the event loop is free meanwhile.
    const wait = (n: number) => sleep(n);
    // Off the loop: transactions grow towards the bound, 500 (fewer commits, the backlog written
    // sooner), as far as observing them stays within ~20 ms of the loop (a first one holds 100).
    expect(Math.max(...(await backlogSizes(1_500, true, wait)))).toBeGreaterThanOrEqual(200);
    // The same waits counted as holding the loop: kept to ~20 ms each, about 20 observations.
    for (const n of (await backlogSizes(600, false, wait)).slice(1)) expect(n).toBeLessThanOrEqual(30);
  });

  it("holds on while a cluster is still being listed past the quiet time, and stops at the limit", async () => {
    const { store, batches } = recordingStore();
    const recorder = new TimelineRecorder(store, { flushMs: 5 });
    recorder.holdUntilListed(["a", "b"], 60, 60_000);
    // Pages of "a" keep coming for 4 quiet times: a list of 50,000 on a busy machine.
    for (let i = 0; i < 12; i++) {
      recorder.hear(row("a", `fn-${i}`));
      await sleep(20);
    }
    expect(batches).toEqual([]);
    recorder.hear(listed("a", Array.from({ length: 12 }, (_, i) => `fn-${i}`)));
    // "b" never answers: the hold ends one quiet time after the last row of a cluster being listed.
    await sleep(150);
    expect(batches.length).toBe(1);
    expect(batches[0].snapshots.length).toBe(12);

    const limited = recordingStore();
    const other = new TimelineRecorder(limited.store, { flushMs: 5 });
    other.holdUntilListed(["a"], 60, 120);
    for (let i = 0; i < 20 && limited.batches.length === 0; i++) {
      other.hear(row("a", `fn-${i}`));
      await sleep(20);
    }
    await other.flush();
    // Rows kept coming for 400 ms, but the hold ended at its limit.
    expect(limited.batches[0].snapshots.length).toBeLessThan(20);
  });

  it("pauses between a backlog's transactions as long as each took: work of several turns gets through", async () => {
    const commits: Array<{ from: number; to: number }> = [];
    const store = {
      kind: "sqlite",
      commit: async () => {
        // A transaction that holds the event loop (better-sqlite3 is synchronous, fsync included).
        const from = performance.now();
        while (performance.now() - from < 20) {
          /* busy */
        }
        commits.push({ from, to: performance.now() });
        return [];
      },
      loadSnapshots: async () => [],
    } as unknown as TimelineStore;
    const recorder = new TimelineRecorder(store, { flushMs: 1, writeBatch: 10 });
    for (let i = 0; i < 40; i++) recorder.hear(row("a", `fn-${i}`));
    // A request under way: five turns of the event loop, started once the first transaction is done.
    let turnsDoneAt = -1;
    const waitForFirst = setInterval(() => {
      if (commits.length === 0) return;
      clearInterval(waitForFirst);
      const step = (left: number) => (left === 0 ? (turnsDoneAt = commits.length) : setTimeout(() => step(left - 1), 0));
      step(5);
    }, 0);
    await recorder.flush();
    await sleep(5);
    expect(commits.length).toBe(4);
    for (let i = 1; i < commits.length; i++) expect(commits[i].from - commits[i - 1].to).toBeGreaterThanOrEqual(18);
    // Done while at most one more transaction ran (one per turn before: five).
    expect(turnsDoneAt).toBeGreaterThan(0);
    expect(turnsDoneAt).toBeLessThanOrEqual(2);
  });
});

describe("the recorder while a page is rendered", () => {
  it("waits before each transaction for what it is told to yield to, then writes", async () => {
    const { store, batches } = recordingStore();
    let release = () => {};
    let asked = 0;
    const yieldTo = () => {
      asked++;
      return new Promise<void>((r) => (release = r));
    };
    const recorder = new TimelineRecorder(store, { flushMs: 5, yieldTo });
    recorder.hear(row("a", "fn-1"));
    await sleep(60);
    expect(asked).toBe(1);
    expect(batches).toEqual([]);
    release();
    await sleep(20);
    expect(batches.length).toBe(1);
    expect(batches[0].snapshots.map((s) => s.name)).toEqual(["fn-1"]);
  });
});
