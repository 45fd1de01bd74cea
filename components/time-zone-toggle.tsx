"use client";
/** The header's switch between local time and UTC (remembered; lib/client/time-zone.ts). */
import { setTimeZoneChoice, useTimeZone } from "@/lib/client/time-zone";
import { useHydrated } from "@/lib/client/use-hydrated";

export function TimeZoneToggle() {
  const zone = useTimeZone();
  const hydrated = useHydrated();
  const next = zone === "utc" ? "local" : "utc";
  return (
    <button
      type="button"
      disabled={!hydrated}
      onClick={() => setTimeZoneChoice(next)}
      aria-label={`Times in ${zone === "utc" ? "UTC" : "local time"}; show them in ${next === "utc" ? "UTC" : "local time"}`}
      className="rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:text-slate-300 disabled:opacity-60 dark:hover:bg-slate-800"
    >
      {zone === "utc" ? "UTC" : "Local time"}
    </button>
  );
}
