import "server-only";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import { auditToEntry } from "@/lib/domain/timeline/events";
import type { SequencedAuditEntry } from "../store/audit";
import type { StorePosition } from "./resume-cursor";

/**
 * What a replica needs to resume, from the shared store, a stream another replica served: where
 * its change feed stands and the entries after a position (lib/server/replicas/change-feed.ts).
 */
export interface ResumeSource {
  /** Every timeline entry and audit entry up to here has been handed to the hub. */
  handed(): StorePosition;
  timelineAfter(afterId: number, toId: number, limit: number): Promise<TimelineEntry[]>;
  auditAfter(afterSeq: number, toSeq: number, limit: number): Promise<SequencedAuditEntry[]>;
}

/** One timeline event's worth: entries of one Function, and the position once it is sent. */
export interface EntryRun {
  functionId: string;
  entries: TimelineEntry[];
  position: StorePosition;
}

/**
 * Timeline entries (ids ascending) cut where the Function changes: every entry up to a run's last
 * id is in it or before it, so the position after each run is exact (a client that saw a run
 * has every entry up to its last id, and none after). `end` is the position after the last run
 * (the feed's bound: ids it skipped, pruned or unreadable, are behind it too).
 */
export function entryRuns(entries: TimelineEntry[], from: StorePosition, end: number): EntryRun[] {
  const runs: EntryRun[] = [];
  for (const e of entries) {
    const functionId = `${e.cluster}/${e.namespace}/${e.name}`;
    const last = runs[runs.length - 1];
    if (last && last.functionId === functionId) last.entries.push(e);
    else runs.push({ functionId, entries: [e], position: from });
  }
  for (const [i, run] of runs.entries()) {
    const timeline = i === runs.length - 1 ? Math.max(end, Number(run.entries[run.entries.length - 1].id)) : Number(run.entries[run.entries.length - 1].id);
    run.position = { timeline, audit: from.audit };
  }
  return runs;
}

/** Audit entries as runs of one entry each (the timeline's remediation markers). */
export function auditRuns(entries: SequencedAuditEntry[], from: StorePosition): EntryRun[] {
  return entries.map(({ seq, entry }) => {
    const e = auditToEntry(entry);
    return { functionId: `${e.cluster}/${e.namespace}/${e.name}`, entries: [e], position: { timeline: from.timeline, audit: seq } };
  });
}

export type StoreGap = { runs: EntryRun[] } | { tooMany: true };

/**
 * The entries after `from` up to `to` (what the hub has sent since), timeline entries then audit
 * entries, as runs; more than `limit` of either: too many to replay (the client refetches).
 */
export async function storeGap(src: ResumeSource, from: StorePosition, to: StorePosition, limit: number): Promise<StoreGap> {
  const timeline = from.timeline < to.timeline ? await src.timelineAfter(from.timeline, to.timeline, limit + 1) : [];
  if (timeline.length > limit) return { tooMany: true };
  const audit = from.audit < to.audit ? await src.auditAfter(from.audit, to.audit, limit + 1) : [];
  if (audit.length > limit) return { tooMany: true };
  const runs = entryRuns(timeline, from, Math.max(from.timeline, to.timeline));
  return { runs: [...runs, ...auditRuns(audit, { timeline: Math.max(from.timeline, to.timeline), audit: from.audit })] };
}
