/**
 * The timeline's view in the page's URL, so a copied link shows the same thing: `range` (1h, 24h,
 * 7d, all), the zoomed window as absolute times `from`/`to` (ISO, so the link shows that moment
 * whenever it is opened), and `view=list`. Other parameters of the page are kept. Pure.
 */
import { TIMELINE_RANGES, type TimelineRange } from "./get-timeline";
import type { ViewWindow } from "./view-window";

export type TimelineViewMode = "chart" | "list";

export interface TimelineUrlState {
  range: TimelineRange;
  view: TimelineViewMode;
  /** The zoomed window; null: the whole range (following the data). */
  window: ViewWindow | null;
}

export const DEFAULT_TIMELINE: TimelineUrlState = { range: "24h", view: "chart", window: null };

/** Bad or partial values fall back to the default, never throw: a URL is typed by people. */
export function parseTimelineParams(params: { get(name: string): string | null }): TimelineUrlState {
  const range = params.get("range");
  const from = Date.parse(params.get("from") ?? "");
  const to = Date.parse(params.get("to") ?? "");
  return {
    range: (TIMELINE_RANGES as readonly string[]).includes(range ?? "") ? (range as TimelineRange) : DEFAULT_TIMELINE.range,
    view: params.get("view") === "list" ? "list" : "chart",
    window: Number.isFinite(from) && Number.isFinite(to) && from < to ? { from, to } : null,
  };
}

/** The page's query with the timeline's state written in (defaults left out), without "?". */
export function withTimelineParams(query: string, state: TimelineUrlState): string {
  const params = new URLSearchParams(query);
  for (const k of ["range", "from", "to", "view"]) params.delete(k);
  if (state.range !== DEFAULT_TIMELINE.range) params.set("range", state.range);
  if (state.window) {
    params.set("from", new Date(Math.round(state.window.from)).toISOString());
    params.set("to", new Date(Math.round(state.window.to)).toISOString());
  }
  if (state.view !== "chart") params.set("view", state.view);
  return params.toString();
}
