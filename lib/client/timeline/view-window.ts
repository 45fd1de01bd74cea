/**
 * The visible time window of the timeline: a range preset (1 h, 24 h, 7 d, all) and zoom/pan
 * inside it. Pure: `now` is passed in.
 */
import { RANGE_MS, type TimelineRange } from "./get-timeline";

export interface ViewWindow {
  from: number;
  to: number;
}

const MIN_SPAN_MS = 60_000;
/** Room on the right of "now", so that the now line and the current segments' ends show. */
const RIGHT_PAD = 0.02;

export function rangeWindow(range: TimelineRange, now: number, earliest: number | null): ViewWindow {
  const span = RANGE_MS[range];
  const from = span === null ? Math.min(earliest ?? now - 3_600_000, now - MIN_SPAN_MS) : now - span;
  const to = now + (now - from) * RIGHT_PAD;
  return { from, to };
}

/** Zoom by `factor` (0.5 = in, 2 = out) around `center`, kept inside `bounds`. */
export function zoom(w: ViewWindow, factor: number, bounds: ViewWindow, center = (w.from + w.to) / 2): ViewWindow {
  const boundSpan = bounds.to - bounds.from;
  const span = Math.min(boundSpan, Math.max(MIN_SPAN_MS, (w.to - w.from) * factor));
  const ratio = (center - w.from) / (w.to - w.from || 1);
  return clampInto({ from: center - span * ratio, to: center - span * ratio + span }, bounds);
}

/** Moves by `fraction` of the window (negative: earlier). */
export function pan(w: ViewWindow, fraction: number, bounds: ViewWindow): ViewWindow {
  const shift = (w.to - w.from) * fraction;
  return clampInto({ from: w.from + shift, to: w.to + shift }, bounds);
}

function clampInto(w: ViewWindow, bounds: ViewWindow): ViewWindow {
  const span = Math.min(w.to - w.from, bounds.to - bounds.from);
  let from = Math.max(bounds.from, Math.min(w.from, bounds.to - span));
  if (!Number.isFinite(from)) from = bounds.from;
  return { from, to: from + span };
}

export const isZoomed = (w: ViewWindow, bounds: ViewWindow) => w.to - w.from < bounds.to - bounds.from - 1;

/** Position of a time in the window, in percent (may be outside 0..100). */
export function percentOf(t: number, w: ViewWindow): number {
  return ((t - w.from) / (w.to - w.from)) * 100;
}

const TICK_STEPS = [
  60_000,
  5 * 60_000,
  15 * 60_000,
  30 * 60_000,
  3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
  24 * 3_600_000,
  2 * 24 * 3_600_000,
  7 * 24 * 3_600_000,
  30 * 24 * 3_600_000,
];

/** Axis ticks on round UTC times, about `target` of them, with labels in UTC. */
export function axisTicks(w: ViewWindow, target = 6): Array<{ at: number; label: string }> {
  const span = w.to - w.from;
  const step = TICK_STEPS.find((s) => span / s <= target) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const first = Math.ceil(w.from / step) * step;
  const out: Array<{ at: number; label: string }> = [];
  for (let t = first; t <= w.to && out.length < 50; t += step) {
    const iso = new Date(t).toISOString();
    const label = step >= 24 * 3_600_000 ? iso.slice(5, 10) : span > 24 * 3_600_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
    out.push({ at: t, label });
  }
  return out;
}

/**
 * When the recorded history starts well inside the range (a Function 3 h old in a 24 h range),
 * the window that shows it: from just before the first entry to now. Null when it fills the
 * range anyway.
 */
export function fitToData(bounds: ViewWindow, earliest: number | null): ViewWindow | null {
  if (earliest === null) return null;
  const span = bounds.to - bounds.from;
  if (earliest <= bounds.from + span * 0.25) return null;
  const dataSpan = Math.max(5 * MIN_SPAN_MS, bounds.to - earliest);
  return { from: Math.max(bounds.from, earliest - dataSpan * 0.06), to: bounds.to };
}
