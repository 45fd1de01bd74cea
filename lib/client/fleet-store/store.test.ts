import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeCluster } from "@/test/make-row";
import { fakeLive, fakeLoader, names, row, rowEvent } from "@/test/fake-fleet-loader";
import { createFleetStore } from "./store";

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

  it("asks only what changed since its version on a fresh stream connection older than what it holds", async () => {
    const { loader, calls, answer, answerDelta } = fakeLoader();
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
    expect(calls).toEqual(["rows", "delta ep1-12"]);
    await answerDelta({ changed: [row("c")], removed: ["prod-eu/payments/a"], version: "ep1-15", total: 2 });
    await again;
    expect(names(store.getState().rows)).toEqual(["b", "c"]);
    expect(store.getState().total).toBe(2);
    void store.resync("ep2-1");
    expect(calls).toEqual(["rows", "delta ep1-12", "delta ep1-15"]);
    store.dispose();
  });
});

describe("the fleet store's paged load and deltas", () => {
  const SIZES = { first: 2, rest: 3 };

  it("loads the rows in pages by the cursor, showing each as it arrives with how many of how many", async () => {
    const { loader, calls, limits, cursors, answer, answerDelta } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal, SIZES);
    store.demand("rows");
    await answer({ items: [row("a"), row("b")], total: 5, nextCursor: "c1", version: "ep1-10" });
    expect(store.getState()).toMatchObject({ loaded: "rows", progress: { loaded: 2, total: 5 }, total: 5 });
    expect(names(store.getState().rows)).toEqual(["a", "b"]);
    await answer({ items: [row("c"), row("d"), row("e")], total: 5, version: "ep1-10" });
    expect(limits).toEqual([2, 3]);
    expect(cursors).toEqual([null, "c1"]);
    // Every page is in; the rows changed since the first page make it exact.
    expect(calls).toEqual(["rows", "rows", "delta ep1-10"]);
    await answerDelta({ version: "ep1-10", total: 5 });
    expect(store.getState()).toMatchObject({ progress: null, total: 5 });
    expect(names(store.getState().rows)).toEqual(["a", "b", "c", "d", "e"]);
    store.dispose();
  });

  it("neither loses nor doubles a row that moved between pages", async () => {
    const { loader, answer, answerDelta } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(false).signal, SIZES);
    store.demand("rows");
    await answer({ items: [row("a"), row("b")], total: 4, nextCursor: "c1", version: "ep1-10" });
    // Meanwhile b turned failed (now sorted after the cursor: in page 2 again) and z turned
    // stuck (now sorted before it: in no page). The stream is down: no event tells.
    await answer({ items: [row("b", { health: "failed" }), row("c")], total: 4, version: "ep1-12" });
    expect(names(store.getState().rows).sort()).toEqual(["a", "b", "c"]);
    await answerDelta({ changed: [row("b", { health: "failed" }), row("z", { health: "stuck" })], version: "ep1-12", total: 4 });
    const rows = store.getState().rows;
    expect(rows.map((r) => [r.name, r.verdict.health]).sort()).toEqual([
      ["a", "healthy"],
      ["b", "failed"],
      ["c", "healthy"],
      ["z", "stuck"],
    ]);
    expect(store.getState().total).toBe(4);
    store.dispose();
  });

  it("applies stream events newer than the pages on top of them while the pages load", async () => {
    const { loader, answer, answerDelta } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal, SIZES);
    store.demand("rows");
    await answer({ items: [row("a"), row("b")], total: 3, nextCursor: "c1", version: "ep1-10" });
    // c is not in yet: its event shows it at once, and a page with an older c does not undo it.
    store.apply([rowEvent("ep1-13", row("c", { statusState: "Newest" })), rowEvent("ep1-14", null, "prod-eu/payments/a")]);
    expect(names(store.getState().rows)).toEqual(["b", "c"]);
    await answer({ items: [row("c", { statusState: "Old" })], total: 3, version: "ep1-12" });
    expect(store.getState().rows.map((r) => [r.name, r.statusState])).toEqual([["b", "Active"], ["c", "Newest"]]);
    await answerDelta({ changed: [row("c", { statusState: "Old" })], version: "ep1-12", total: 3 });
    expect(store.getState().rows.map((r) => [r.name, r.statusState])).toEqual([["b", "Active"], ["c", "Newest"]]);
    expect(store.getState().total).toBe(2);
    store.dispose();
  });

  it("polls only the changes while the stream is down", async () => {
    const { loader, calls, answer, answerDelta } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(false).signal, SIZES);
    store.demand("rows");
    await answer({ items: [row("a")], total: 1, version: "ep1-10" });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toEqual(["rows", "delta ep1-10"]);
    await answerDelta({ changed: [row("a", { health: "stuck" })], version: "ep1-11", total: 1 });
    expect(store.getState().rows.map((r) => r.verdict.health)).toEqual(["stuck"]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toEqual(["rows", "delta ep1-10", "delta ep1-11"]);
    store.dispose();
  });

  it("loads in pages again when the server cannot tell what changed, keeping the old rows until all are in", async () => {
    const { loader, calls, answer, answerDelta } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal, SIZES);
    store.demand("rows");
    await answer({ items: [row("a")], total: 1, version: "ep1-10" });
    const again = store.resync("ep2-1");
    await answerDelta(null);
    expect(calls).toEqual(["rows", "delta ep1-10", "rows"]);
    await answer({ items: [row("x"), row("y")], total: 3, nextCursor: "c1", version: "ep2-1" });
    expect(store.getState()).toMatchObject({ progress: { loaded: 2, total: 3 } });
    expect(names(store.getState().rows)).toEqual(["a"]);
    await answer({ items: [row("z")], total: 3, version: "ep2-2" });
    await answerDelta({ version: "ep2-2", total: 3 });
    await again;
    expect(store.getState()).toMatchObject({ progress: null, total: 3 });
    expect(names(store.getState().rows)).toEqual(["x", "y", "z"]);
    store.dispose();
  });
});
