// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeCluster, makeRow } from "@/test/make-row";
import { createFleetStore, type FleetStore } from "../fleet-store/store";
import { FleetStoreProvider } from "../fleet-store/use-fleet";
import { isStreamLive, subscribeStreamStatus } from "../stream-status";
import { useFleetStream } from "./use-fleet-stream";

/** A stand-in for the browser's EventSource: the test plays the server. */
class FakeEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onerror: (() => void) | null = null;
  private readonly listeners = new Map<string, Array<(e: MessageEvent) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, payload: unknown, id: string) {
    this.readyState = FakeEventSource.OPEN;
    for (const fn of this.listeners.get(type) ?? []) fn(new MessageEvent(type, { data: JSON.stringify(payload), lastEventId: id }));
  }
  fail(closed: boolean) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING;
    this.onerror?.();
  }
}

function Probe() {
  const status = useFleetStream();
  return <p>stream: {status.state}</p>;
}

let qc: QueryClient;
let store: FleetStore;
let loads = 0;
beforeEach(async () => {
  FakeEventSource.instances = [];
  (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
  qc = new QueryClient();
  loads = 0;
  const list = async () => (loads++, { generatedAt: "x", clusters: [makeCluster({ name: "prod-eu" })], items: [makeRow({ name: "a", statusState: "Pending" })] });
  store = createFleetStore({ loadPage: list, loadDelta: async () => null, loadSummaries: list, lastCostMs: () => 0 }, { isLive: isStreamLive, subscribe: subscribeStreamStatus });
  store.demand("rows");
  await waitFor(() => expect(store.getState().loaded).toBe("rows"));
});
afterEach(() => {
  cleanup();
  store.dispose();
});

function Mounted() {
  return (
    <QueryClientProvider client={qc}>
      <FleetStoreProvider store={store}>
        <Probe />
      </FleetStoreProvider>
    </QueryClientProvider>
  );
}

describe("useFleetStream", () => {
  it("applies pushed rows to the fleet store and reports the connection as live", async () => {
    render(<Mounted />);
    const es = FakeEventSource.instances[0];
    expect(es.url).toBe("/api/stream");
    expect(screen.getByText("stream: connecting")).toBeTruthy();
    act(() => {
      es.emit("hello", { resumed: true }, "ep-1");
      es.emit("row", { id: "prod-eu/payments/a", row: makeRow({ name: "a", statusState: "Active" }) }, "ep-2");
    });
    await waitFor(() => expect(store.getState().rows[0].statusState).toBe("Active"));
    expect(screen.getByText("stream: live")).toBeTruthy();
    expect(isStreamLive()).toBe(true);
    // Resumed: nothing was missed, nothing is loaded again.
    expect(loads).toBe(1);
  });

  it("shows a lost connection and, when the browser gives up, reconnects with the last event id", async () => {
    render(<Mounted />);
    const es = FakeEventSource.instances[0];
    act(() => es.emit("hello", { resumed: false }, "ep-7"));
    // Not resumed: what the store holds may have missed something; it loads again.
    await waitFor(() => expect(loads).toBe(2));
    act(() => es.fail(false)); // the browser retries by itself
    expect(screen.getByText("stream: reconnecting")).toBeTruthy();
    expect(FakeEventSource.instances).toHaveLength(1);
    act(() => es.fail(true)); // it gave up: the hook reconnects after a backoff
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2), { timeout: 3_000 });
    expect(FakeEventSource.instances[1].url).toBe("/api/stream?lastEventId=ep-7");
    act(() => FakeEventSource.instances[1].emit("hello", { resumed: true }, "ep-7"));
    await waitFor(() => expect(screen.getByText("stream: live")).toBeTruthy());
  });

  it("tells the status's listeners when the connection's state changes, not on every message", () => {
    // Each notification renders every component that reads the status at once (blocking
    // priority): per message, that interrupted the overview's low-priority table render.
    render(<Mounted />);
    const es = FakeEventSource.instances[0];
    let told = 0;
    const unsubscribe = subscribeStreamStatus(() => told++);
    act(() => es.emit("hello", { resumed: true }, "ep-1"));
    expect(told).toBe(1);
    act(() => {
      for (let i = 2; i < 12; i++) es.emit("row", { id: "prod-eu/payments/a", row: makeRow({ name: "a", statusState: i % 2 ? "Active" : "Pending" }) }, `ep-${i}`);
    });
    expect(told).toBe(1);
    act(() => es.fail(false));
    expect(told).toBe(2);
    unsubscribe();
  });

  it("closes the connection when unmounted", () => {
    const { unmount } = render(<Mounted />);
    unmount();
    expect(FakeEventSource.instances[0].readyState).toBe(FakeEventSource.CLOSED);
    expect(isStreamLive()).toBe(false);
  });
});
