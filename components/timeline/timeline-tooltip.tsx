/**
 * What a segment or marker is, in full: time, value, reason, the whole message, and whether
 * the time was observed or reconstructed. Everything is rendered as text: a hostile message
 * stays inert.
 */
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import { laneLabel, type Marker, type Segment } from "@/lib/domain/timeline/lanes";
import { useFormatTimestamp } from "@/lib/client/time-zone";
import { formatDuration } from "@/lib/domain/duration";

export type TimelineItem = { kind: "segment"; segment: Segment; laneLabel: string } | { kind: "marker"; marker: Marker };

function sourceText(e: TimelineEntry): string {
  if (e.source === "observed") return "observed by the dashboard";
  const from = typeof e.detail?.timeFrom === "string" ? e.detail.timeFrom : "the object's timestamps";
  return `reconstructed on first sight (${from})`;
}

/** Extra facts an entry carries (event count, remediation actor…), as "key: value" lines. */
function detailLines(e: TimelineEntry): string[] {
  if (!e.detail) return [];
  const skip = new Set(["timeFrom"]);
  return Object.entries(e.detail)
    .filter(([k, v]) => !skip.has(k) && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : String(v)}`);
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[6.5rem_1fr] gap-2">
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 whitespace-pre-wrap break-words">{children}</dd>
    </div>
  );
}

export function TimelineItemDetails({ item, now }: { item: TimelineItem; now: number }) {
  const formatTimestamp = useFormatTimestamp();
  const entry = item.kind === "segment" ? item.segment.entry : item.marker.entry;
  const title = item.kind === "segment" ? item.laneLabel : item.marker.label;
  return (
    <div className="space-y-1 text-xs">
      <p className="font-semibold text-slate-900 dark:text-slate-100">{title}</p>
      <dl className="space-y-0.5">
        {item.kind === "segment" ? (
          <>
            <Row label="Value">{item.segment.value ?? "absent (the condition was removed)"}</Row>
            <Row label="From">
              {formatTimestamp(new Date(item.segment.start).toISOString())} ({formatDuration(now - item.segment.start)} ago)
            </Row>
            <Row label="Until">
              {item.segment.open ? "now" : `${formatTimestamp(new Date(item.segment.end).toISOString())}`} (lasted{" "}
              {formatDuration(item.segment.end - item.segment.start)})
            </Row>
            {item.segment.since < item.segment.start ? (
              <Row label="Value since">{formatTimestamp(new Date(item.segment.since).toISOString())}</Row>
            ) : null}
          </>
        ) : (
          <>
            <Row label="Time">
              {formatTimestamp(entry.at)} ({formatDuration(now - item.marker.at)} ago)
            </Row>
            {entry.value !== null ? <Row label="Value">{entry.value}</Row> : null}
          </>
        )}
        <Row label="Reason">{entry.reason ?? "none"}</Row>
        <Row label="Message">{entry.message ?? "none"}</Row>
        {detailLines(entry).length ? <Row label="Details">{detailLines(entry).join("\n")}</Row> : null}
        <Row label="Recorded">{sourceText(entry)}</Row>
        <Row label="Lane">{item.kind === "segment" ? laneLabel(entry.lane) : "markers"}</Row>
      </dl>
    </div>
  );
}
