/**
 * `GET /api/functions/{cluster}/{namespace}/{name}`: one Function with its full object, events,
 * remediation eligibility, its cluster and the controller of that cluster. 404 when it does not
 * exist. Row changes pushed by the stream are merged into it (stream/apply-events.ts); the
 * object, events and eligibility are fetched again only when the Function's resourceVersion or
 * AWS state moved.
 */
import { queryOptions, useQuery } from "@tanstack/react-query";
import { FunctionDetailSchema, type FunctionDetail } from "@/lib/domain/wire/detail";
import { fetchApi, isNotFound } from "./api-fetch";
import { functionApiPath, type FunctionRef } from "../domain/function-ref";
import { BASE_POLL_MS } from "./poll-interval";
import { unlessLive } from "./stream-status";

function getFunctionDetail(ref: FunctionRef, signal?: AbortSignal): Promise<FunctionDetail> {
  return fetchApi(functionApiPath(ref), FunctionDetailSchema, { signal });
}

export function functionDetailQueryOptions(ref: FunctionRef) {
  return queryOptions({
    queryKey: ["functions", "detail", ref.cluster, ref.namespace, ref.name] as const,
    queryFn: ({ signal }) => getFunctionDetail(ref, signal),
    // A Function that is gone stays gone: stop polling on 404, keep polling through other errors.
    refetchInterval: (query) => (isNotFound(query.state.error) ? false : unlessLive(BASE_POLL_MS)),
  });
}

export function useFunctionDetail(ref: FunctionRef) {
  return useQuery(functionDetailQueryOptions(ref));
}
