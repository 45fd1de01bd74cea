/**
 * The clusters' connection state for the header on every page: `GET /api/functions?limit=1`
 * carries the cluster summaries without the fleet's rows.
 */
import { queryOptions, useQuery } from "@tanstack/react-query";
import { FunctionListResponseSchema, type ClusterSummary } from "@/lib/domain/wire/fleet";
import { fetchApi } from "./api-fetch";
import { BASE_POLL_MS } from "./poll-interval";

export async function getClusterSummaries(signal?: AbortSignal): Promise<ClusterSummary[]> {
  const list = await fetchApi("/api/functions?limit=1", FunctionListResponseSchema, { signal });
  return list.clusters;
}

export function clustersQueryOptions() {
  return queryOptions({
    queryKey: ["clusters"] as const,
    queryFn: ({ signal }) => getClusterSummaries(signal),
    refetchInterval: BASE_POLL_MS,
  });
}

export function useClusterSummaries() {
  return useQuery(clustersQueryOptions());
}
