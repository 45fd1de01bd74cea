import "server-only";
import { compareEntries } from "@/lib/domain/timeline/entry";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import { auditToEntry } from "@/lib/domain/timeline/events";
import type { AuditLog } from "../store/audit";
import type { TimelineQuery, TimelineStore } from "../store/timeline-store";

/**
 * One Function's timeline: the recorded entries of a range (with the value of each lane when
 * it starts) and the remediation audit entries about it, as markers, oldest first.
 */
export async function functionTimeline(
  stores: { timeline: TimelineStore; audit: AuditLog },
  q: TimelineQuery,
): Promise<{ entries: TimelineEntry[]; truncated: boolean }> {
  const recorded = await stores.timeline.timeline(q);
  const audit = await stores.audit.list({
    cluster: q.cluster,
    namespace: q.namespace,
    name: q.name,
    since: q.since === undefined ? undefined : new Date(q.since).toISOString(),
    until: q.until === undefined ? undefined : new Date(q.until).toISOString(),
    limit: q.limit,
  });
  const entries = [...recorded.entries, ...audit.map(auditToEntry)].sort(compareEntries);
  return { entries, truncated: recorded.truncated };
}
