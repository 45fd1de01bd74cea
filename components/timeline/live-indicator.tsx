"use client";
/**
 * The state of the live connection (useFleetStream), as a small badge: "Live", or
 * "Reconnecting…" for a lost connection. Shows nothing where the stream is not mounted.
 */
import { useStreamStatus } from "@/lib/client/stream-status";

export function LiveIndicator() {
  const { state } = useStreamStatus();
  if (state === "idle") return null;
  const live = state === "live";
  return (
    <span
      role="status"
      className={`inline-flex items-center gap-1.5 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${
        live
          ? "bg-emerald-50 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-100 dark:ring-emerald-800"
          : "bg-amber-100 text-amber-950 ring-amber-400 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-700"
      }`}
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${live ? "bg-emerald-600" : "animate-pulse bg-amber-600"}`} />
      {live ? "Live" : state === "connecting" ? "Connecting…" : "Connection lost, reconnecting…"}
    </span>
  );
}
