/**
 * `GET /api/functions`: the whole fleet in one list. The overview asks for every row (up to the
 * API's maximum of 20,000) and filters and sorts in the browser, so that a filter or a sort
 * change is instant and never waits for the network.
 */
import { queryOptions, useQuery } from "@tanstack/react-query";
import { FunctionListResponseSchema, type FunctionListResponse } from "@/lib/domain/schemas";
import { fetchApi } from "./api-fetch";
import { pollIntervalFor } from "./poll-interval";

/** The API's maximum page size (design.md "HTTP API"). */
export const MAX_LIST_LIMIT = 20_000;

/** Wall time of the last list fetch, parse and validation: it sets a floor to the poll interval. */
let lastListCostMs = 0;

export async function getFunctions(signal?: AbortSignal): Promise<FunctionListResponse> {
  const started = performance.now();
  const list = await fetchApi(`/api/functions?limit=${MAX_LIST_LIMIT}`, FunctionListResponseSchema, { signal });
  lastListCostMs = performance.now() - started;
  return list;
}

export function functionsQueryOptions() {
  return queryOptions({
    queryKey: ["functions", "list"] as const,
    queryFn: ({ signal }) => getFunctions(signal),
    refetchInterval: (query) => pollIntervalFor(query.state.data?.items.length ?? 0, lastListCostMs),
  });
}

export function useFunctions() {
  return useQuery(functionsQueryOptions());
}
