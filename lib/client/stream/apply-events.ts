/**
 * Where the events of GET /api/stream go, validated with their schemas (lib/domain/wire/stream.ts):
 * - `row` and `clusters`: to the fleet store (lib/client/fleet-store), which the overview and the
 *   header read; a `row` also updates an open detail page's row fields, and fetches its object,
 *   events and eligibility again only when the object or its AWS state changed;
 * - `timeline`: merged into every cached range of that Function's timeline;
 * - `reset`, or a payload that does not parse: load again; a fresh (not resumed) connection:
 *   load again what is older than it.
 */
import type { QueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { refFromId } from "@/lib/domain/function-ref";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import type { FunctionDetail } from "@/lib/domain/wire/detail";
import type { AwsState, ListedRow } from "@/lib/domain/wire/fleet";
import { ClustersEventSchema, HelloEventSchema, RowEventSchema, TimelineEventSchema } from "@/lib/domain/wire/stream";
import type { TimelineResponse } from "@/lib/domain/wire/timeline";
import type { FleetStreamEvent } from "../fleet-store/store";
import { functionDetailQueryOptions } from "../get-function-detail";
import { mergeEntries, timelineKeyPrefix } from "../timeline/get-timeline";

export interface StreamMessage {
  type: string;
  data: string;
  /** The event's id (`<epoch>-<seq>`), when it has one. */
  id?: string | null;
}

function parse<T>(schema: z.ZodType<T>, data: string): T | null {
  try {
    const r = schema.safeParse(JSON.parse(data));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export interface ReadMessages {
  /** For the fleet store, in order. */
  fleet: FleetStreamEvent[];
  /** New timeline entries per Function id. */
  timelines: Map<string, TimelineEntry[]>;
  /** Everything must be loaded again (reset, or a payload that did not parse). */
  reload: boolean;
  /** A connection that did not resume opened at this event id: what is older than it may be missing. */
  freshFrom: string | null | undefined;
}

export function readStreamMessages(messages: readonly StreamMessage[]): ReadMessages {
  const out: ReadMessages = { fleet: [], timelines: new Map(), reload: false, freshFrom: undefined };
  for (const m of messages) {
    const id = m.id ?? null;
    if (m.type === "row") {
      const p = parse(RowEventSchema, m.data);
      if (p) out.fleet.push({ type: "row", id, data: p });
      else out.reload = true;
    } else if (m.type === "clusters") {
      const p = parse(ClustersEventSchema, m.data);
      if (p) out.fleet.push({ type: "clusters", id, data: p });
      else out.reload = true;
    } else if (m.type === "timeline") {
      const p = parse(TimelineEventSchema, m.data);
      if (p) out.timelines.set(p.functionId, [...(out.timelines.get(p.functionId) ?? []), ...p.entries]);
      else out.reload = true;
    } else if (m.type === "reset") {
      out.reload = true;
    } else if (m.type === "hello") {
      const hello = parse(HelloEventSchema, m.data);
      if (!hello) out.reload = true;
      else if (!hello.resumed) out.freshFrom = id;
    }
  }
  return out;
}

/** What an AWS read says, without when it was said. */
const awsKey = (aws: AwsState | null | undefined) => JSON.stringify(aws ? { ...aws, observedAt: null, error: aws.error ? { code: aws.error.code, message: aws.error.message } : null } : null);

/** The detail's object, events and eligibility follow the object and its AWS state, not the verdict's wording. */
export function detailOutdatedBy(detail: Pick<FunctionDetail, "resourceVersion" | "uid" | "aws">, row: ListedRow): boolean {
  return detail.resourceVersion !== row.resourceVersion || detail.uid !== row.uid || awsKey(detail.aws) !== awsKey(row.aws);
}

/** Applies rows and timeline entries to the caches of the pages that are open. */
export function applyToQueries(qc: QueryClient, read: ReadMessages): void {
  const rows = new Map<string, ListedRow | null>();
  for (const e of read.fleet) if (e.type === "row") rows.set(e.data.id, e.data.row);
  for (const [id, row] of rows) {
    const ref = refFromId(id);
    if (!ref) continue;
    const key = functionDetailQueryOptions(ref).queryKey;
    const cached = qc.getQueryData<FunctionDetail>(key);
    if (!cached) continue;
    const outdated = !row || detailOutdatedBy(cached, row);
    if (row) qc.setQueryData<FunctionDetail>(key, (old) => (old ? { ...old, ...row } : old));
    if (outdated) void qc.invalidateQueries({ queryKey: key, exact: true });
  }
  for (const [id, entries] of read.timelines) {
    const ref = refFromId(id);
    if (!ref) continue;
    qc.setQueriesData<TimelineResponse>({ queryKey: timelineKeyPrefix(ref) }, (old) => (old ? mergeEntries(old, entries) : old));
  }
}
