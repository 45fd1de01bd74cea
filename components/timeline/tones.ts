/**
 * How a tone looks: a colour and a pattern, so that no value is told by colour alone (the
 * value is also written in the segment, in its tooltip, and in the list view).
 */
import type { CSSProperties } from "react";
import type { Tone } from "@/lib/domain/timeline/lanes";

export const TONE_CLASS: Record<Tone, string> = {
  good: "bg-emerald-200 text-emerald-950 ring-emerald-600 dark:bg-emerald-800 dark:text-emerald-50 dark:ring-emerald-400",
  warn: "bg-amber-200 text-amber-950 ring-amber-600 dark:bg-amber-700 dark:text-amber-50 dark:ring-amber-400",
  bad: "bg-red-300 text-red-950 ring-red-700 dark:bg-red-800 dark:text-red-50 dark:ring-red-400",
  neutral: "bg-sky-100 text-sky-950 ring-sky-500 dark:bg-sky-900 dark:text-sky-50 dark:ring-sky-400",
  unknown: "bg-slate-200 text-slate-900 ring-slate-500 dark:bg-slate-700 dark:text-slate-50 dark:ring-slate-400",
  absent: "bg-transparent text-slate-500 ring-slate-300 ring-dashed dark:text-slate-400 dark:ring-slate-600",
};

const stripes = (angle: number, colour: string): CSSProperties => ({
  backgroundImage: `repeating-linear-gradient(${angle}deg, ${colour} 0 2px, transparent 2px 7px)`,
});

/** Patterns on top of the colour: warnings striped, failures cross-hatched, unknown dotted. */
export const TONE_PATTERN: Record<Tone, CSSProperties> = {
  good: {},
  neutral: {},
  warn: stripes(45, "rgb(0 0 0 / 0.12)"),
  bad: { backgroundImage: `${stripes(45, "rgb(0 0 0 / 0.14)").backgroundImage}, ${stripes(-45, "rgb(0 0 0 / 0.14)").backgroundImage}` },
  unknown: { backgroundImage: "radial-gradient(rgb(0 0 0 / 0.18) 1px, transparent 1.5px)", backgroundSize: "6px 6px" },
  absent: {},
};

export const TONE_WORD: Record<Tone, string> = {
  good: "fine",
  warn: "needs attention",
  bad: "failing",
  neutral: "informational",
  unknown: "unknown",
  absent: "absent",
};
