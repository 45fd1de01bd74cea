"use client";
/**
 * The fleet store in React: one store per browser tab (FleetStoreProvider, app/providers.tsx),
 * useFleet("rows") for the overview, and useFleetSummaries() for a component that shows only
 * the cluster summaries (the header, the tab title, desktop notifications).
 */
import { createContext, createElement, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import type { FunctionListResponse } from "@/lib/domain/wire/fleet";
import { isStreamLive, subscribeStreamStatus } from "../stream-status";
import { createListLoader } from "./list-loader";
import { createFleetStore, type FleetDemand, type FleetState, type FleetStore } from "./store";

const FleetStoreContext = createContext<FleetStore | null>(null);

export function FleetStoreProvider({ store, children }: { store?: FleetStore; children: ReactNode }) {
  const [own] = useState(() => store ?? createFleetStore(createListLoader(), { isLive: isStreamLive, subscribe: subscribeStreamStatus }));
  useEffect(() => (store ? undefined : () => own.dispose()), [own, store]);
  return createElement(FleetStoreContext.Provider, { value: own }, children);
}

export function useFleetStore(): FleetStore {
  const store = useContext(FleetStoreContext);
  if (!store) throw new Error("useFleetStore needs a <FleetStoreProvider> above it");
  return store;
}

/**
 * The fleet as the store holds it; asks the store for `what` while the component is mounted.
 * `firstPage`: the rows the server rendered the component with (app/page.tsx), put in the store
 * before its state is first read, so that the browser's hydration reads the very rows the server
 * rendered (as TanStack Query's HydrationBoundary puts new queries in its cache while rendering).
 * Re-renders on every change, rows included.
 */
export function useFleet(what: FleetDemand, firstPage?: FunctionListResponse | null): { state: FleetState; reload: () => Promise<void> } {
  const store = useFleetStore();
  // The state right after the seed is what the server rendered: the hydration reads that one,
  // not the store's state then (a stream event may have come in meanwhile; React re-renders
  // with it right after hydrating).
  const [seeded] = useState(() => (firstPage ? store.seed(firstPage) : null));
  useEffect(() => store.demand(what), [store, what]);
  const state = useSyncExternalStore(store.subscribe, store.getState, () => seeded ?? store.getState());
  return { state, reload: store.reload };
}

/** What the header, the tab title and the notifications read: no rows. */
export type FleetSummaries = Pick<FleetState, "loaded" | "clusters" | "awsAccounts" | "error">;

const summariesReaders = new WeakMap<FleetStore, () => FleetSummaries>();

/**
 * The same summaries object while none of its parts changed: a batch of row events (up to 20 a
 * second while AWS reads come in) changes the store's state but not these, and the components
 * that read only these must not render again for it (the header rendered on every batch: a
 * share of the long frames while scrolling 50,000 rows).
 */
function summariesReader(store: FleetStore): () => FleetSummaries {
  let reader = summariesReaders.get(store);
  if (!reader) {
    let last: FleetSummaries | null = null;
    reader = () => {
      const s = store.getState();
      if (!last || last.loaded !== s.loaded || last.clusters !== s.clusters || last.awsAccounts !== s.awsAccounts || last.error !== s.error) {
        last = { loaded: s.loaded, clusters: s.clusters, awsAccounts: s.awsAccounts, error: s.error };
      }
      return last;
    };
    summariesReaders.set(store, reader);
  }
  return reader;
}

/** The cluster summaries and AWS accounts (asks the store for them while mounted); no re-render when only rows change. */
export function useFleetSummaries(): FleetSummaries {
  const store = useFleetStore();
  useEffect(() => store.demand("summaries"), [store]);
  const read = summariesReader(store);
  return useSyncExternalStore(store.subscribe, read, read);
}
