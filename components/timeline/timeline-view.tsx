"use client";
/**
 * The timeline of one Function, fed with a timeline response (no fetching here): the time in
 * the current state in words, swimlanes or the list, range, zoom and export.
 */
import { useMemo, useState } from "react";
import type { TimelineResponse } from "@/lib/domain/wire/timeline";
import { buildTimeline } from "@/lib/domain/timeline/lanes";
import { formatCount } from "@/lib/client/format";
import type { FunctionRef } from "@/lib/domain/function-ref";
import { currentStateSummary } from "@/lib/client/timeline/current-state";
import { downloadText, timelineExport } from "@/lib/client/timeline/export";
import { RANGE_LABEL, type TimelineRange } from "@/lib/client/timeline/get-timeline";
import { fitToData, isZoomed, pan, rangeWindow, zoom, type ViewWindow } from "@/lib/client/timeline/view-window";
import { TimelineChart } from "./timeline-chart";
import { TimelineList } from "./timeline-list";
import { TimelineToolbar } from "./timeline-toolbar";
import type { TimelineViewMode } from "@/lib/client/timeline/timeline-url";
import { TONE_CLASS, TONE_PATTERN, TONE_WORD } from "./tones";

export function TimelineView({
  functionRef,
  data,
  range,
  onRange,
  now,
  initialView = "chart",
  initialWindow = null,
  onViewState,
}: {
  functionRef: FunctionRef;
  data: TimelineResponse;
  range: TimelineRange;
  onRange: (r: TimelineRange) => void;
  now: number;
  /** From a shared link (lib/client/timeline/timeline-url.ts): the view and zoomed window to open with. */
  initialView?: TimelineViewMode;
  initialWindow?: ViewWindow | null;
  /** Told each change of view or zoom, to keep them in the URL. */
  onViewState?: (s: { view: TimelineViewMode; window: ViewWindow | null }) => void;
}) {
  const [view, setViewState] = useState<TimelineViewMode>(initialView);
  // "fit": follow the data (and now) until the operator zooms or picks a range.
  const [zoomed, setZoomedState] = useState<ViewWindow | "fit" | null>(initialWindow ?? "fit");
  const setZoomed = (w: ViewWindow | null) => {
    setZoomedState(w);
    onViewState?.({ view, window: w });
  };
  const setView = (v: TimelineViewMode) => {
    setViewState(v);
    onViewState?.({ view: v, window: zoomed === "fit" ? null : zoomed });
  };
  const model = useMemo(() => buildTimeline(data.entries, now), [data.entries, now]);
  const bounds = rangeWindow(range, now, model.earliest);
  const win = zoomed === "fit" ? (fitToData(bounds, model.earliest) ?? bounds) : (zoomed ?? bounds);
  const current = currentStateSummary(model, now);

  const changeRange = (r: TimelineRange) => {
    setZoomed(null);
    onRange(r);
  };
  const exportJson = () => {
    const { filename, json } = timelineExport(functionRef, range, data.entries, now);
    downloadText(filename, json);
  };

  return (
    <div className="space-y-3">
      {current ? (
        <p className={`text-sm font-semibold ${current.differs ? "text-amber-900 dark:text-amber-200" : "text-slate-900 dark:text-slate-100"}`} data-testid="timeline-current-state">
          {current.text}
          {current.reconstructed ? <span className="ml-1 font-normal text-slate-600 dark:text-slate-400">(≈ start reconstructed from the object&apos;s timestamps)</span> : null}
        </p>
      ) : null}
      <TimelineToolbar
        range={range}
        onRange={changeRange}
        view={view}
        onView={setView}
        zoomed={isZoomed(win, bounds)}
        onZoom={(f) => setZoomed(isZoomed(zoom(win, f, bounds), bounds) ? zoom(win, f, bounds) : null)}
        onPan={(f) => setZoomed(pan(win, f, bounds))}
        onResetZoom={() => setZoomed(null)}
        onExport={exportJson}
        canExport={data.entries.length > 0}
      />
      {data.truncated ? (
        <p role="note" className="rounded border border-amber-400 bg-amber-50 px-2 py-1 text-xs text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          This range holds more entries than one answer carries: the newest {formatCount(data.entries.length)} are shown. Choose a shorter range to see older ones.
        </p>
      ) : null}
      {data.entries.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Nothing recorded in the last {RANGE_LABEL[range]}.</p>
      ) : view === "chart" ? (
        <>
          <TimelineChart model={model} window={win} now={now} />
          <Legend />
        </>
      ) : (
        <TimelineList entries={data.entries} caption={`Timeline entries of ${functionRef.name}, newest first`} />
      )}
    </div>
  );
}

function Legend() {
  const tones = ["good", "warn", "bad", "unknown", "neutral"] as const;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-[11px] text-slate-600 dark:text-slate-400">
      {tones.map((t) => (
        <span key={t} className="inline-flex items-center gap-1">
          <span aria-hidden="true" className={`inline-block h-3 w-5 rounded-sm ring-1 ring-inset ${TONE_CLASS[t]}`} style={TONE_PATTERN[t]} />
          {TONE_WORD[t]}
        </span>
      ))}
      <span>≈ reconstructed start</span>
      <span>Markers: + created, Δ spec change, ⊘ deletion requested, F+/F− finalizer, ✕ deleted, ! warning event, i event, R remediation</span>
    </div>
  );
}
