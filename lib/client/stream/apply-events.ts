/**
 * Applies events of GET /api/stream to the TanStack Query caches in place, so that the
 * overview, the detail page and the timeline update without a reload or a flicker:
 * - `row`: the list's row is replaced, added or removed; the detail's row fields are replaced
 *   and the detail is refetched in the background (its object, events and eligibility);
 * - `timeline`: the entries are merged into every cached range of that Function's timeline;
 * - `clusters`: the list's cluster summaries are replaced;
 * - `reset` (or a fresh, not resumed connection): everything is refetched.
 * Payloads are validated: a malformed one is ignored and counts as a reason to refetch.
 */
import type { QueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { TimelineEntry } from "@/lib/domain/timeline/entry";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import type { FunctionListResponse, FunctionRow } from "@/lib/domain/wire/fleet";
import { ClustersEventSchema, HelloEventSchema, RowEventSchema, TimelineEventSchema } from "@/lib/domain/wire/stream";
import type { TimelineResponse } from "@/lib/domain/wire/timeline";
import { functionsQueryOptions } from "../get-functions";
import { functionDetailQueryOptions } from "../get-function-detail";
import type { FunctionRef } from "../function-ref";
import { mergeEntries, timelineKeyPrefix } from "../timeline/get-timeline";

export interface StreamMessage {
  type: string;
  data: string;
}

/** "cluster/namespace/name": namespace and name never hold "/", a cluster (EKS ARN) may. */
export function refFromId(id: string): FunctionRef | null {
  const parts = id.split("/");
  if (parts.length < 3) return null;
  const name = parts.pop() as string;
  const namespace = parts.pop() as string;
  return { cluster: parts.join("/"), namespace, name };
}

function parse<T>(schema: z.ZodType<T>, data: string): T | null {
  try {
    const r = schema.safeParse(JSON.parse(data));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export interface ApplyResult {
  /** Everything must be refetched (reset, a fresh connection, or a payload that did not parse). */
  refetchAll: boolean;
  rows: number;
  timelineEntries: number;
}

export function applyStreamMessages(qc: QueryClient, messages: StreamMessage[]): ApplyResult {
  const rows = new Map<string, FunctionRow | null>();
  const timelines = new Map<string, TimelineEntry[]>();
  let clusters: FunctionListResponse["clusters"] | null = null;
  let awsAccounts: FunctionListResponse["awsAccounts"] | null = null;
  let refetchAll = false;
  for (const m of messages) {
    if (m.type === "row") {
      const p = parse(RowEventSchema, m.data);
      if (p) rows.set(p.id, p.row);
      else refetchAll = true;
    } else if (m.type === "timeline") {
      const p = parse(TimelineEventSchema, m.data);
      if (p) timelines.set(p.functionId, [...(timelines.get(p.functionId) ?? []), ...p.entries]);
      else refetchAll = true;
    } else if (m.type === "clusters") {
      const p = parse(ClustersEventSchema, m.data);
      if (p) {
        clusters = p.clusters;
        if (p.awsAccounts) awsAccounts = p.awsAccounts;
      }
      else refetchAll = true;
    } else if (m.type === "reset") {
      refetchAll = true;
    } else if (m.type === "hello") {
      if (!parse(HelloEventSchema, m.data)?.resumed) refetchAll = true;
    }
  }

  if (rows.size || clusters) {
    qc.setQueryData(functionsQueryOptions().queryKey, (old) => {
      if (!old) return old;
      const next = updateList(old, rows, clusters);
      return awsAccounts ? { ...next, awsAccounts } : next;
    });
  }
  for (const [id, row] of rows) {
    const ref = refFromId(id);
    if (!ref) continue;
    const key = functionDetailQueryOptions(ref).queryKey;
    if (row) qc.setQueryData(key, (old: FunctionDetail | undefined) => (old ? { ...old, ...row, cluster: old.cluster } : old));
    // The object, its events and eligibility are not in the row: refetch them quietly.
    void qc.invalidateQueries({ queryKey: key, exact: true });
  }
  let timelineEntries = 0;
  for (const [id, entries] of timelines) {
    const ref = refFromId(id);
    if (!ref) continue;
    timelineEntries += entries.length;
    qc.setQueriesData<TimelineResponse>({ queryKey: timelineKeyPrefix(ref) }, (old) => (old ? mergeEntries(old, entries) : old));
  }
  return { refetchAll, rows: rows.size, timelineEntries };
}

/**
 * A row is stale exactly while its cluster is disconnected (the server's rule in Fleet.toRow):
 * a clusters event flips the flag on every row of a cluster that went down or came back,
 * without one row event per Function.
 */
function withStaleFromClusters(item: FunctionRow, connected: Map<string, boolean> | null): FunctionRow {
  if (!connected || !connected.has(item.cluster)) return item;
  const stale = !connected.get(item.cluster);
  return Boolean(item.stale) === stale ? item : { ...item, stale };
}

/** One pass over the list however many rows changed. */
export function updateList(
  old: FunctionListResponse,
  rows: Map<string, FunctionRow | null>,
  clusters: FunctionListResponse["clusters"] | null,
): FunctionListResponse {
  const connected = clusters ? new Map(clusters.map((c) => [c.name, c.connected])) : null;
  if (rows.size === 0) {
    if (!clusters) return old;
    const restaled = old.items.map((item) => withStaleFromClusters(item, connected));
    return { ...old, clusters, items: restaled.some((r, i) => r !== old.items[i]) ? restaled : old.items };
  }
  const pending = new Map(rows);
  const items: FunctionRow[] = [];
  for (const raw of old.items) {
    const item = withStaleFromClusters(raw, connected);
    if (!pending.has(item.id)) {
      items.push(item);
      continue;
    }
    const next = pending.get(item.id);
    pending.delete(item.id);
    if (next) items.push(next);
  }
  for (const row of pending.values()) if (row) items.push(row);
  const delta = items.length - old.items.length;
  return {
    ...old,
    items,
    ...(clusters ? { clusters } : {}),
    ...(old.total !== undefined ? { total: old.total + delta } : {}),
  };
}
