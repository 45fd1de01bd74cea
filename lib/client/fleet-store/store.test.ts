import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FunctionListResponse, FunctionRow } from "@/lib/domain/wire/fleet";
import { makeCluster, makeRow } from "@/test/make-row";
import { createFleetStore, type FleetLoader, type FleetStreamEvent, type LiveSignal } from "./store";

/** A loader the test answers by hand; it counts what was asked. */
function fakeLoader() {
  const calls: Array<"rows" | "summaries"> = [];
  const pending: Array<{ what: "rows" | "summaries"; resolve: (r: FunctionListResponse) => void; reject: (e: Error) => void }> = [];
  const loader: FleetLoader = {
    loadRows: () => new Promise((resolve, reject) => (calls.push("rows"), pending.push({ what: "rows", resolve, reject }))),
    loadSummaries: () => new Promise((resolve, reject) => (calls.push("summaries"), pending.push({ what: "summaries", resolve, reject }))),
    lastCostMs: () => 0,
  };
  const answer = async (r: Partial<FunctionListResponse> = {}) => {
    const p = pending.shift();
    if (!p) throw new Error("nothing was asked");
    p.resolve({ generatedAt: "2025-11-26T15:00:00Z", clusters: [makeCluster({ name: "prod-eu" })], items: [], ...r });
    await vi.advanceTimersByTimeAsync(0);
  };
  const fail = async (message: string) => {
    pending.shift()!.reject(new Error(message));
    await vi.advanceTimersByTimeAsync(0);
  };
  return { loader, calls, pending, answer, fail };
}

function fakeLive(initial: boolean) {
  let live = initial;
  const listeners = new Set<() => void>();
  const signal: LiveSignal = { isLive: () => live, subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) };
  return { signal, set: (v: boolean) => ((live = v), listeners.forEach((l) => l())) };
}

const row = (name: string, over: Parameters<typeof makeRow>[0] = {}): FunctionRow => makeRow({ cluster: "prod-eu", namespace: "payments", name, ...over });
const rowEvent = (id: string | null, r: FunctionRow | null, fid = r?.id ?? "prod-eu/payments/x"): FleetStreamEvent => ({ type: "row", id, data: { id: fid, row: r } });
const names = (rows: readonly FunctionRow[]) => rows.map((r) => r.name);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("the fleet store", () => {
  it("loads what is asked for: the summaries for the header, the rows for the overview", async () => {
    const { loader, calls, answer } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal);
    expect(store.getState().loaded).toBe("nothing");
    const releaseSummaries = store.demand("summaries");
    expect(calls).toEqual(["summaries"]);
    await answer({ clusters: [makeCluster({ name: "prod-eu", healthCounts: { healthy: 2 } })], items: [row("x")] });
    expect(store.getState()).toMatchObject({ loaded: "summaries", rows: [], clusters: [{ name: "prod-eu", healthCounts: { healthy: 2 } }] });

    const releaseRows = store.demand("rows");
    expect(calls).toEqual(["summaries", "rows"]);
    await answer({ items: [row("a"), row("b")], total: 2 });
    expect(store.getState()).toMatchObject({ loaded: "rows", total: 2 });
    expect(names(store.getState().rows)).toEqual(["a", "b"]);
    // A second overview (or a remount) asks for nothing new.
    store.demand("rows")();
    releaseRows();
    releaseSummaries();
    expect(calls).toHaveLength(2);
    store.dispose();
  });

  it("never polls while the stream is live; polls while it is down, and stops when it is back", async () => {
    const { loader, calls, answer } = fakeLoader();
    const live = fakeLive(true);
    const store = createFleetStore(loader, live.signal);
    store.demand("summaries");
    await answer();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual(["summaries"]);

    live.set(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toEqual(["summaries", "summaries"]);
    await answer();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toHaveLength(3);
    await answer();

    live.set(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(3);
    store.dispose();
  });

  it("applies pushed rows in place once the rows are loaded; before that, the load brings them", async () => {
    const { loader, answer } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal);
    store.demand("summaries");
    await answer();
    store.apply([rowEvent("e-1", row("early"))]);
    expect(store.getState().rows).toEqual([]);

    store.demand("rows");
    await answer({ items: [row("a"), row("b")], total: 2 });
    const before = store.getState().rows;
    store.apply([rowEvent("e-2", row("a", { health: "stuck" })), rowEvent("e-3", null, "prod-eu/payments/b"), rowEvent("e-4", row("c"))]);
    const after = store.getState();
    expect(after.rows.map((r) => [r.name, r.verdict.health])).toEqual([
      ["a", "stuck"],
      ["c", "healthy"],
    ]);
    expect(after.total).toBe(2);
    expect(before[0]).not.toBe(after.rows[0]);
    store.dispose();
  });

  it("marks a disconnected cluster's rows stale with the server's rule, and replaces the AWS accounts", async () => {
    const { loader, answer } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal);
    store.demand("rows");
    await answer({ items: [row("a"), row("b")] });
    const throttled = { accountId: "111122223333", region: "eu-west-1", error: { code: "TooManyRequestsException", message: "slow down", at: "2025-11-26T15:00:00Z" }, throttledUntil: null, requests: 3 };
    store.apply([{ type: "clusters", id: "e-1", data: { clusters: [makeCluster({ name: "prod-eu", connected: false, error: "refused" })], awsAccounts: [throttled] } }]);
    expect(store.getState().rows.map((r) => r.stale)).toEqual([true, true]);
    expect(store.getState().awsAccounts).toEqual([throttled]);
    store.apply([{ type: "clusters", id: "e-2", data: { clusters: [makeCluster({ name: "prod-eu", connected: true })] } }]);
    expect(store.getState().rows.map((r) => r.stale)).toEqual([false, false]);
    expect(store.getState().awsAccounts).toEqual([throttled]);
    store.dispose();
  });

  it("keeps the events that arrive while a list loads and are newer than it (none is lost in between)", async () => {
    const { loader, answer } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal);
    store.demand("rows");
    // While the list is on its way: one event it already holds, one it does not.
    store.apply([rowEvent("ep1-41", row("a", { statusState: "Old" })), rowEvent("ep1-43", row("b", { health: "failed" }))]);
    await answer({ items: [row("a", { statusState: "Active" }), row("b")], version: "ep1-42" });
    expect(store.getState().rows.map((r) => [r.name, r.statusState, r.verdict.health])).toEqual([
      ["a", "Active", "healthy"],
      ["b", "Active", "failed"],
    ]);
    store.dispose();
  });

  it("keeps what it had when a load fails, says why, and tries again on the next poll", async () => {
    const { loader, calls, answer, fail } = fakeLoader();
    const live = fakeLive(false);
    const store = createFleetStore(loader, live.signal);
    store.demand("rows");
    await answer({ items: [row("a")] });
    await vi.advanceTimersByTimeAsync(2_000);
    await fail("The server answered HTTP 502.");
    expect(store.getState()).toMatchObject({ loaded: "rows", error: "The server answered HTTP 502." });
    expect(names(store.getState().rows)).toEqual(["a"]);
    await vi.advanceTimersByTimeAsync(2_000);
    await answer({ items: [row("a"), row("b")] });
    expect(store.getState().error).toBeNull();
    expect(calls).toEqual(["rows", "rows", "rows"]);
    store.dispose();
  });

  it("loads again on a fresh stream connection only when what it holds is older than where the stream starts", async () => {
    const { loader, calls, answer } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal);
    store.demand("rows");
    await answer({ items: [row("a")], version: "ep1-10" });
    await store.resync("ep1-10");
    await store.resync("ep1-9");
    expect(calls).toEqual(["rows"]);
    store.apply([rowEvent("ep1-12", row("b"))]);
    await store.resync("ep1-12");
    expect(calls).toEqual(["rows"]);
    // The stream starts later than what the store holds, or the server restarted: events were missed.
    const again = store.resync("ep1-15");
    expect(calls).toEqual(["rows", "rows"]);
    await answer({ items: [row("a")], version: "ep1-15" });
    await again;
    void store.resync("ep2-1");
    expect(calls).toEqual(["rows", "rows", "rows"]);
    store.dispose();
  });
});
