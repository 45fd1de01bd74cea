import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FunctionListResponse } from "@/lib/domain/wire/fleet";
import { makeCluster } from "@/test/make-row";
import { fakeLive, fakeLoader, names, row, rowEvent } from "@/test/fake-fleet-loader";
import { createFleetStore } from "./store";

/** The first page as the server renders it with the overview's HTML (app/page.tsx). */
const firstPage = (over: Partial<FunctionListResponse> = {}): FunctionListResponse => ({
  generatedAt: "2025-11-26T15:00:00Z",
  clusters: [makeCluster({ name: "prod-eu" })],
  awsAccounts: [],
  items: [row("a"), row("b")],
  total: 2,
  version: "ep1-10",
  ...over,
});
const SIZES = { first: 2, rest: 3 };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("the fleet store seeded with the server's first page", () => {
  it("shows the first page at once and goes on from its cursor, then what changed since its version", async () => {
    const { loader, calls, limits, cursors, answer, answerDelta } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal, SIZES);
    const heard = vi.fn();
    store.subscribe(heard);
    const page = firstPage({ total: 5, nextCursor: "c1" });
    const made = store.seed(page);
    expect(made).toBe(store.getState());
    // The same page again (React's StrictMode renders twice): the same state, nothing else.
    expect(store.seed(page)).toBe(made);
    // Shown before anything is asked: the state is read in the same render.
    expect(store.getState()).toMatchObject({ loaded: "rows", progress: { loaded: 2, total: 5 }, total: 5, clusters: [{ name: "prod-eu" }] });
    expect(names(store.getState().rows)).toEqual(["a", "b"]);
    expect(calls).toEqual([]);
    // Listeners hear of it after the render, not during it.
    expect(heard).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(heard).toHaveBeenCalledTimes(1);

    store.demand("rows");
    // The second page, not the first again.
    expect(cursors).toEqual(["c1"]);
    expect(limits).toEqual([3]);
    await answer({ items: [row("c"), row("d"), row("e")], total: 5, version: "ep1-11" });
    expect(names(store.getState().rows)).toEqual(["a", "b", "c", "d", "e"]);
    expect(calls).toEqual(["rows", "delta ep1-10"]);
    await answerDelta({ changed: [row("a", { health: "failed" })], version: "ep1-12", total: 5 });
    expect(store.getState()).toMatchObject({ progress: null, total: 5 });
    expect(store.getState().rows.find((r) => r.name === "a")?.verdict.health).toBe("failed");
    // Done: a stream that starts at what the store holds asks for nothing more.
    await store.resync("ep1-12");
    expect(calls).toEqual(["rows", "delta ep1-10"]);
    store.dispose();
  });

  it("loses no change between the server's render and the stream's start, and undoes none with an older event", async () => {
    const { loader, calls, answerDelta } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal, SIZES);
    store.seed(firstPage({ items: [row("a", { statusState: "Seeded" }), row("b")] }));
    // The whole fleet in one page: nothing more to page, but the rows may have changed since.
    store.demand("rows");
    expect(calls).toEqual(["delta ep1-10"]);
    // While that is on its way the stream sends an event the page holds already (older than
    // it: not applied) and one it does not.
    store.apply([rowEvent("ep1-9", row("a", { statusState: "Older" })), rowEvent("ep1-13", row("c", { health: "stuck" }))]);
    expect(store.getState().rows.map((r) => [r.name, r.statusState]).sort()).toEqual([
      ["a", "Seeded"],
      ["b", "Active"],
      ["c", "Active"],
    ]);
    // b changed after the render, before the stream: only the delta knows.
    await answerDelta({ changed: [row("b", { health: "failed" })], version: "ep1-12", total: 3 });
    expect(store.getState().rows.map((r) => [r.name, r.verdict.health]).sort()).toEqual([
      ["a", "healthy"],
      ["b", "failed"],
      ["c", "stuck"],
    ]);
    expect(store.getState().total).toBe(3);
    // Caught up: later events apply as usual, old ones included.
    store.apply([rowEvent("ep1-14", row("a", { statusState: "Later" }))]);
    expect(store.getState().rows.find((r) => r.name === "a")?.statusState).toBe("Later");
    store.dispose();
  });

  it("a stream that starts at the seed's very version still lets the store catch up from the seed, once", async () => {
    const { loader, calls, answerDelta } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal, SIZES);
    store.seed(firstPage());
    store.demand("rows");
    expect(calls).toEqual(["delta ep1-10"]);
    // The stream's first message while that is on its way: it waits for it, and asks nothing more.
    const resynced = store.resync("ep1-10");
    expect(calls).toEqual(["delta ep1-10"]);
    await answerDelta({ version: "ep1-10", total: 2 });
    await resynced;
    expect(names(store.getState().rows)).toEqual(["a", "b"]);
    store.dispose();
  });

  it("loads the pages again when the server cannot tell what changed since the seed", async () => {
    const { loader, calls, answer, answerDelta } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal, SIZES);
    store.seed(firstPage());
    store.demand("rows");
    await answerDelta(null);
    expect(calls).toEqual(["delta ep1-10", "rows"]);
    // The seeded rows stay shown until the new ones are all in.
    expect(names(store.getState().rows)).toEqual(["a", "b"]);
    await answer({ items: [row("a"), row("z")], total: 2, version: "ep1-20" });
    expect(names(store.getState().rows)).toEqual(["a", "z"]);
    store.dispose();
  });

  it("is not taken by a store that holds rows or loads them (a client-side navigation back to the overview)", async () => {
    const { loader, calls, answer } = fakeLoader();
    const store = createFleetStore(loader, fakeLive(true).signal, SIZES);
    store.demand("rows");
    expect(store.seed(firstPage({ items: [row("old")] }))).toBeNull();
    await answer({ items: [row("a")], total: 1, version: "ep1-30" });
    expect(store.seed(firstPage({ items: [row("old")] }))).toBeNull();
    expect(names(store.getState().rows)).toEqual(["a"]);
    expect(calls).toEqual(["rows"]);
    store.dispose();
  });
});
