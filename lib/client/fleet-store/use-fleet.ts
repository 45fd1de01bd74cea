"use client";
/**
 * The fleet store in React: one store per browser tab (FleetStoreProvider, app/providers.tsx),
 * and useFleet(what) for a component that shows the cluster summaries or the rows too.
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
