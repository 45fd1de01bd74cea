"use client";
/**
 * The swimlanes: one row per lane with its segments, two rows of markers (changes, Events),
 * a UTC time axis and a "now" line. Every segment and marker is a button: hovering or focusing
 * it shows its details next to it (TimelineItemDetails).
 */
import { useId, useState } from "react";
import { currentValue, type Lane, type Marker, type Segment, type TimelineModel } from "@/lib/domain/timeline/lanes";
import { useFormatTimestamp } from "@/lib/client/time-zone";
import { formatDuration } from "@/lib/domain/duration";
import { axisTicks, percentOf, type ViewWindow } from "@/lib/client/timeline/view-window";
import { TONE_CLASS, TONE_PATTERN, TONE_WORD } from "./tones";
import { TimelineItemDetails, type TimelineItem } from "./timeline-tooltip";

const GLYPH: Record<string, string> = {
  created: "+",
  deleted: "✕",
  "spec-change": "Δ",
  "deletion-requested": "⊘",
  "finalizer-added": "F+",
  "finalizer-removed": "F−",
  remediation: "R",
};
const glyphOf = (m: Marker) => (m.kind === "event" ? (m.entry.value === "Warning" ? "!" : "i") : (GLYPH[m.kind] ?? "•"));

const iso = (t: number) => new Date(t).toISOString();

interface Active {
  key: string;
  item: TimelineItem;
  x: number;
}

export function TimelineChart({ model, window: w, now }: { model: TimelineModel; window: ViewWindow; now: number }) {
  const formatTimestamp = useFormatTimestamp();
  const [active, setActive] = useState<Active | null>(null);
  const tooltipId = useId();
  const nowX = percentOf(now, w);
  const visible = (start: number, end: number) => end >= w.from && start <= w.to;
  const changes = model.markers.filter((m) => m.kind !== "event" && visible(m.at, m.at));
  const events = model.markers.filter((m) => m.kind === "event" && visible(m.at, m.at));

  const show = (key: string, item: TimelineItem, x: number) => setActive({ key, item, x: Math.min(100, Math.max(0, x)) });
  const hide = (key: string) => setActive((a) => (a?.key === key ? null : a));
  const handlers = (key: string, item: TimelineItem, x: number) => ({
    // Next to the pointer on hover (a segment may span the whole lane), at its middle on focus.
    onMouseEnter: (e: React.MouseEvent<HTMLElement>) => {
      const track = e.currentTarget.parentElement?.getBoundingClientRect();
      show(key, item, track && track.width > 0 ? ((e.clientX - track.left) / track.width) * 100 : x);
    },
    onFocus: () => show(key, item, x),
    onMouseLeave: () => hide(key),
    onBlur: () => hide(key),
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === "Escape") hide(key);
    },
    "aria-describedby": active?.key === key ? tooltipId : undefined,
  });

  const tooltip = (key: string) =>
    active?.key === key ? (
      <div
        id={tooltipId}
        role="tooltip"
        className="pointer-events-none absolute top-full z-30 mt-1 w-[min(28rem,90vw)] rounded-md border border-slate-300 bg-white p-2 shadow-lg dark:border-slate-600 dark:bg-slate-900"
        style={{ left: `${active.x}%`, transform: `translateX(-${active.x}%)` }}
      >
        <TimelineItemDetails item={active.item} now={now} />
      </div>
    ) : null;

  const nowLine = nowX >= 0 && nowX <= 100 ? <div aria-hidden="true" className="absolute inset-y-0 z-10 w-0.5 bg-fuchsia-600" style={{ left: `${nowX}%` }} /> : null;

  const segmentButton = (lane: Lane, s: Segment, i: number) => {
    const left = Math.max(0, percentOf(s.start, w));
    const right = Math.min(100, percentOf(s.end, w));
    const key = `${lane.id}#${i}`;
    const value = s.value ?? "absent";
    const approx = s.entry.source === "reconstructed" ? " ≈" : "";
    return (
      <button
        key={key}
        type="button"
        data-lane={lane.id}
        data-value={value}
        aria-label={`${lane.label}: ${value} (${TONE_WORD[s.tone]}) from ${formatTimestamp(iso(s.start))} ${s.open ? "until now" : `to ${formatTimestamp(iso(s.end))}`}, ${formatDuration(s.end - s.start)}`}
        className={`absolute inset-y-1 min-w-[3px] overflow-hidden whitespace-nowrap rounded-sm px-1 text-left text-[11px] font-medium leading-5 ring-1 ring-inset focus-visible:z-20 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 ${TONE_CLASS[s.tone]} ${s.value === null ? "opacity-60" : ""}`}
        style={{ left: `${left}%`, width: `${Math.max(0, right - left)}%`, ...TONE_PATTERN[s.tone] }}
        {...handlers(key, { kind: "segment", segment: s, laneLabel: lane.label }, (left + right) / 2)}
      >
        {value}
        {approx}
      </button>
    );
  };

  const markerButton = (m: Marker, i: number) => {
    const x = percentOf(m.at, w);
    const key = `marker#${m.entry.id}#${i}`;
    const strong = m.tone === "bad" || m.tone === "warn";
    return (
      <button
        key={key}
        type="button"
        data-marker={m.kind}
        aria-label={`${m.label} at ${formatTimestamp(m.entry.at)}`}
        className={`absolute top-1/2 flex -translate-x-1/2 -translate-y-1/2 items-center justify-center rounded-full text-[10px] font-bold ring-1 ring-inset focus-visible:z-20 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 ${strong ? "h-5 min-w-5 px-1" : "h-4 min-w-4 px-0.5"} ${TONE_CLASS[m.tone]}`}
        style={{ left: `${x}%`, ...TONE_PATTERN[m.tone] }}
        {...handlers(key, { kind: "marker", marker: m }, x)}
      >
        <span aria-hidden="true">{glyphOf(m)}</span>
      </button>
    );
  };

  const row = (label: React.ReactNode, track: React.ReactNode, key: string, hasTooltip: boolean) => (
    <div key={key} className="grid grid-cols-[minmax(9rem,15rem)_1fr] items-stretch border-t border-slate-100 dark:border-slate-800" role="listitem">
      <div className="min-w-0 py-1 pr-2 text-xs">{label}</div>
      <div className="relative h-8 bg-slate-50 dark:bg-slate-950">
        {track}
        {nowLine}
        {hasTooltip ? tooltip(active?.key ?? "") : null}
      </div>
    </div>
  );

  const laneHasActive = (id: string) => active?.key.startsWith(`${id}#`) ?? false;

  return (
    <div className="relative select-none" onMouseLeave={() => setActive(null)} data-window={`${new Date(w.from).toISOString()}/${new Date(w.to).toISOString()}`}>
      <div className="grid grid-cols-[minmax(9rem,15rem)_1fr]" aria-hidden="true">
        <div className="pr-2 text-[11px] text-slate-500 dark:text-slate-400">UTC</div>
        <div className="relative h-5 text-[11px] text-slate-600 dark:text-slate-400">
          {axisTicks(w)
            // The "now" label takes precedence over a tick next to it.
            .filter((t) => !(nowX >= 0 && nowX <= 100 && Math.abs(percentOf(t.at, w) - nowX) < 5))
            .map((t) => (
              <span key={t.at} className="absolute -translate-x-1/2 tabular-nums" style={{ left: `${percentOf(t.at, w)}%` }}>
                {t.label}
              </span>
            ))}
          {nowX >= 0 && nowX <= 100 ? (
            <span className="absolute -translate-x-full pr-1 font-semibold text-fuchsia-700 dark:text-fuchsia-400" style={{ left: `${nowX}%`, top: 0 }}>
              now
            </span>
          ) : null}
        </div>
      </div>
      <div role="list" aria-label="Swimlanes">
        {model.lanes.map((lane) => {
          const cur = currentValue(model, lane.id);
          const label = (
            <>
              <span className="block truncate font-mono font-medium text-slate-900 dark:text-slate-100" title={lane.label}>
                {lane.label}
              </span>
              <span className="block truncate text-slate-600 dark:text-slate-400">
                {cur ? `${cur.value} for ${formatDuration(now - cur.since)}${cur.entry.source === "reconstructed" ? " ≈" : ""}` : lane.segments.length ? "none now" : "not recorded"}
              </span>
            </>
          );
          const segs = lane.segments.map((s, i) => (visible(s.start, s.end) ? segmentButton(lane, s, i) : null));
          return row(label, segs, lane.id, laneHasActive(lane.id));
        })}
        {row(
          <span className="block font-medium text-slate-900 dark:text-slate-100">Changes</span>,
          changes.map(markerButton),
          "changes",
          !!active && active.item.kind === "marker" && active.item.marker.kind !== "event",
        )}
        {row(
          <span className="block font-medium text-slate-900 dark:text-slate-100">Events</span>,
          events.map(markerButton),
          "events",
          !!active && active.item.kind === "marker" && active.item.marker.kind === "event",
        )}
      </div>
    </div>
  );
}
