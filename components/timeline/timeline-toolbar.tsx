/** Range, zoom and view controls of the timeline, and the JSON export. */
import { RANGE_LABEL, TIMELINE_RANGES, type TimelineRange } from "@/lib/client/timeline/get-timeline";

const BUTTON =
  "rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:opacity-40 aria-pressed:border-sky-700 aria-pressed:bg-sky-700 aria-pressed:text-white dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700";

import type { TimelineViewMode } from "@/lib/client/timeline/timeline-url";

export type { TimelineViewMode };

export function TimelineToolbar(props: {
  range: TimelineRange;
  onRange: (r: TimelineRange) => void;
  view: TimelineViewMode;
  onView: (v: TimelineViewMode) => void;
  zoomed: boolean;
  onZoom: (factor: number) => void;
  onPan: (fraction: number) => void;
  onResetZoom: () => void;
  onExport: () => void;
  canExport: boolean;
}) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <div role="group" aria-label="Time range" className="flex gap-1">
        {TIMELINE_RANGES.map((r) => (
          <button key={r} type="button" className={BUTTON} aria-pressed={props.range === r} onClick={() => props.onRange(r)}>
            {RANGE_LABEL[r]}
          </button>
        ))}
      </div>
      {props.view === "chart" ? (
        <div role="group" aria-label="Zoom" className="flex gap-1">
          <button type="button" className={BUTTON} onClick={() => props.onPan(-0.5)} disabled={!props.zoomed} aria-label="Earlier">
            ←
          </button>
          <button type="button" className={BUTTON} onClick={() => props.onZoom(0.5)} aria-label="Zoom in">
            +
          </button>
          <button type="button" className={BUTTON} onClick={() => props.onZoom(2)} disabled={!props.zoomed} aria-label="Zoom out">
            −
          </button>
          <button type="button" className={BUTTON} onClick={() => props.onPan(0.5)} disabled={!props.zoomed} aria-label="Later">
            →
          </button>
          <button type="button" className={BUTTON} onClick={props.onResetZoom} disabled={!props.zoomed}>
            Whole range
          </button>
        </div>
      ) : null}
      <div role="group" aria-label="View" className="flex gap-1">
        <button type="button" className={BUTTON} aria-pressed={props.view === "chart"} onClick={() => props.onView("chart")}>
          Swimlanes
        </button>
        <button type="button" className={BUTTON} aria-pressed={props.view === "list"} onClick={() => props.onView("list")}>
          List
        </button>
      </div>
      <button type="button" className={BUTTON} onClick={props.onExport} disabled={!props.canExport}>
        Export JSON
      </button>
    </div>
  );
}
