/**
 * `GET /api/functions/{cluster}/{namespace}/{name}/timeline?since=`: one Function's recorded
 * history for a range (1 h, 24 h, 7 d, all). Live entries from /api/stream are merged into
 * these caches in place (lib/client/stream/apply-event.ts); polling is the fallback only while
 * the stream is down.
 */
import { queryOptions, useQuery } from "@tanstack/react-query";
import { TimelineResponseSchema, type TimelineResponse } from "@/lib/domain/wire/timeline";
import { compareEntries } from "@/lib/domain/timeline/entry";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import { fetchApi, isNotFound } from "../api-fetch";
import { functionApiPath, type FunctionRef } from "../../domain/function-ref";
import { unlessLive } from "../stream-status";

export const TIMELINE_RANGES = ["1h", "24h", "7d", "all"] as const;
export type TimelineRange = (typeof TIMELINE_RANGES)[number];

export const RANGE_MS: Record<TimelineRange, number | null> = {
  "1h": 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 24 * 3_600_000,
  all: null,
};

export const RANGE_LABEL: Record<TimelineRange, string> = { "1h": "1 h", "24h": "24 h", "7d": "7 d", all: "All" };

/** Fallback refresh while the live stream is down. */
const TIMELINE_POLL_MS = 10_000;

/** The prefix shared by every range of one Function's timeline (the stream updates them all). */
export function timelineKeyPrefix(ref: FunctionRef) {
  return ["timeline", ref.cluster, ref.namespace, ref.name] as const;
}

function getTimeline(ref: FunctionRef, range: TimelineRange, now: number, signal?: AbortSignal): Promise<TimelineResponse> {
  const span = RANGE_MS[range];
  const qs = span === null ? "" : `?since=${now - span}`;
  return fetchApi(`${functionApiPath(ref)}/timeline${qs}`, TimelineResponseSchema, { signal });
}

export function timelineQueryOptions(ref: FunctionRef, range: TimelineRange) {
  return queryOptions({
    queryKey: [...timelineKeyPrefix(ref), range] as const,
    queryFn: ({ signal }) => getTimeline(ref, range, Date.now(), signal),
    refetchInterval: (query) => (isNotFound(query.state.error) ? false : unlessLive(TIMELINE_POLL_MS)),
  });
}

export function useTimeline(ref: FunctionRef, range: TimelineRange) {
  return useQuery(timelineQueryOptions(ref, range));
}

/** Adds entries that are not there yet (by id), keeping time order. Same object when nothing is new. */
export function mergeEntries(data: TimelineResponse, entries: TimelineEntry[]): TimelineResponse {
  const known = new Set(data.entries.map((e) => e.id));
  const fresh = entries.filter((e) => !known.has(e.id));
  if (fresh.length === 0) return data;
  return { ...data, entries: [...data.entries, ...fresh].sort(compareEntries) };
}
