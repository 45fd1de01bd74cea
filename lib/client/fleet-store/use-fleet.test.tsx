// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { FunctionListResponse } from "@/lib/domain/wire/fleet";
import { makeCluster, makeRow } from "@/test/make-row";
import { createFleetStore, type FleetLoader } from "./store";
import { FleetStoreProvider, useFleetSummaries } from "./use-fleet";

const list = (over: Partial<FunctionListResponse> = {}): FunctionListResponse =>
  ({ generatedAt: "2025-11-26T15:00:00Z", version: "ep1-1", clusters: [makeCluster({ name: "prod-eu" })], items: [makeRow({ cluster: "prod-eu", name: "a" })], total: 1, ...over }) as FunctionListResponse;

const loader: FleetLoader = {
  loadPage: async () => list(),
  loadDelta: async () => null,
  loadSummaries: async () => list({ items: [] }),
  lastCostMs: () => 0,
};

let renders = 0;
function Summaries() {
  const s = useFleetSummaries();
  renders++;
  return <p data-testid="clusters">{s.loaded} {s.clusters.map((c) => c.name).join(",")}</p>;
}

afterEach(cleanup);

describe("useFleetSummaries", () => {
  it("renders again when the summaries change, not for a batch of row events", async () => {
    const store = createFleetStore(loader, { isLive: () => true, subscribe: () => () => {} });
    const releaseRows = store.demand("rows");
    renders = 0;
    render(
      <FleetStoreProvider store={store}>
        <Summaries />
      </FleetStoreProvider>,
    );
    await act(async () => {
      await store.reload();
    });
    expect(screen.getByTestId("clusters").textContent).toBe("rows prod-eu");
    const settled = renders;

    act(() => store.apply([{ type: "row", id: "ep1-2", data: { id: "prod-eu/payments/a", row: makeRow({ cluster: "prod-eu", name: "a", health: "stuck" }) } }]));
    act(() => store.apply([{ type: "row", id: "ep1-3", data: { id: "prod-eu/payments/b", row: makeRow({ cluster: "prod-eu", name: "b" }) } }]));
    expect(store.getState().rows).toHaveLength(2);
    expect(renders).toBe(settled);

    act(() => store.apply([{ type: "clusters", id: "ep1-4", data: { clusters: [makeCluster({ name: "prod-eu" }), makeCluster({ name: "prod-us" })] } }]));
    expect(screen.getByTestId("clusters").textContent).toBe("rows prod-eu,prod-us");
    expect(renders).toBe(settled + 1);
    releaseRows();
  });
});
