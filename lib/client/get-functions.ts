/**
 * `GET /api/functions`: the whole fleet in one list. The overview asks for every row (up to the
 * API's maximum of 20,000) and filters and sorts in the browser, so that a filter or a sort
 * change is instant and never waits for the network. In the browser the list is fetched and
 * validated by a Web Worker that sends only changed rows (list-worker-client.ts).
 */
import { queryOptions, useQuery } from "@tanstack/react-query";
import { FunctionListResponseSchema, type FunctionListResponse } from "@/lib/domain/wire/fleet";
import { fetchApi } from "./api-fetch";
import { createListWorkerClient, type ListWorker, type ListWorkerClient } from "./list-worker-client";
import { pollIntervalFor } from "./poll-interval";
import { unlessLive } from "./stream/stream-status";

/** The API's maximum page size (design.md "HTTP API"). */
export const MAX_LIST_LIMIT = 20_000;
const LIST_URL = `/api/functions?limit=${MAX_LIST_LIMIT}`;

let workerClient: ListWorkerClient | null = null;
/** Wall time of the last list fetch, parse and validation: it sets a floor to the poll interval. */
let lastListCostMs = 0;

function listWorkerClient(): ListWorkerClient | null {
  if (typeof window === "undefined" || typeof Worker === "undefined") return null;
  workerClient ??= createListWorkerClient(
    () => new Worker(new URL("./functions-list.worker.ts", import.meta.url), { type: "module", name: "functions-list" }) as unknown as ListWorker,
  );
  return workerClient;
}

export async function getFunctions(signal?: AbortSignal): Promise<FunctionListResponse> {
  const client = listWorkerClient();
  if (client) {
    const list = await client.fetchList(LIST_URL, signal);
    lastListCostMs = client.lastCostMs();
    return list;
  }
  const started = performance.now();
  const list = await fetchApi(LIST_URL, FunctionListResponseSchema, { signal });
  lastListCostMs = performance.now() - started;
  return list;
}

export function functionsQueryOptions() {
  return queryOptions({
    queryKey: ["functions", "list"] as const,
    queryFn: ({ signal }) => getFunctions(signal),
    // Polling only while the live stream is down (it pushes row changes in place).
    refetchInterval: (query) => unlessLive(pollIntervalFor(query.state.data?.items.length ?? 0, lastListCostMs)),
    // Row identity is already kept by the worker's deltas; a deep compare of 10,000 rows on the
    // main thread would undo that saving. (The fallback path then gives new rows on each poll.)
    structuralSharing: false,
  });
}

export function useFunctions() {
  return useQuery(functionsQueryOptions());
}
