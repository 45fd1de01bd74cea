/**
 * `GET /api/functions/{cluster}/{namespace}/{name}`: one Function with its full object, events,
 * timeline, remediation eligibility, its cluster and the controller of that cluster
 * (design.md "HTTP API"). 404 when it does not exist.
 */
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import {
  ClusterSummarySchema,
  ControllerInfoSchema,
  FunctionRowSchema,
  type ClusterSummary,
  type ControllerInfo,
  type FunctionRow,
} from "@/lib/domain/schemas";
import { fetchApi, isNotFound } from "./api-fetch";
import { functionApiPath, type FunctionRef } from "./function-ref";
import { BASE_POLL_MS } from "./poll-interval";
import { unlessLive } from "./stream/stream-status";

/** A core/v1 Event as the API forwards it; cluster data, so every field may be missing. */
export const FunctionEventSchema = z.object({
  type: z.string().nullish(),
  reason: z.string().nullish(),
  message: z.string().nullish(),
  count: z.number().nullish(),
  firstTimestamp: z.string().nullish(),
  lastTimestamp: z.string().nullish(),
  /** A string, or core/v1 EventSource {component, host}. */
  source: z.unknown().optional(),
});
export type FunctionEvent = z.infer<typeof FunctionEventSchema>;

export const EligibilitySchema = z.object({
  allowed: z.boolean(),
  blockers: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type Eligibility = z.infer<typeof EligibilitySchema>;

/**
 * The row's `cluster` is its name (a string) and the detail response puts the cluster's summary
 * (or null) under the same key: accept every shape; the name is then taken from the id.
 */
const DetailWireSchema = FunctionRowSchema.omit({ cluster: true }).extend({
  object: z.unknown(),
  events: z.array(FunctionEventSchema),
  timeline: z.array(z.unknown()),
  eligibility: z.record(z.string(), EligibilitySchema),
  controller: ControllerInfoSchema.nullable(),
  cluster: z.union([z.string(), ClusterSummarySchema, z.null()]),
});

export type FunctionDetail = FunctionRow & {
  object: unknown;
  events: FunctionEvent[];
  timeline: unknown[];
  eligibility: Record<string, Eligibility>;
  controller: ControllerInfo | null;
  /** The cluster's summary when the server sends it. */
  clusterSummary?: ClusterSummary;
};

export const FunctionDetailSchema = DetailWireSchema.transform((wire): FunctionDetail => {
  const clusterSummary = wire.cluster !== null && typeof wire.cluster === "object" ? wire.cluster : undefined;
  const clusterName =
    typeof wire.cluster === "string" ? wire.cluster : (clusterSummary?.name ?? wire.id.split("/")[0]);
  return { ...wire, cluster: clusterName, clusterSummary };
});

export function getFunctionDetail(ref: FunctionRef, signal?: AbortSignal): Promise<FunctionDetail> {
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
