"use client";
/**
 * Which zone absolute times are shown in: the browser's by default, UTC one click away,
 * remembered in localStorage. The server renders UTC (it cannot know the browser's zone), so the
 * first client render matches it and the chosen zone follows right after hydration.
 */
import { useCallback, useSyncExternalStore } from "react";
import { formatTimestamp, type TimeZoneChoice } from "./format";

const KEY = "ack-fleet.time-zone";
const listeners = new Set<() => void>();

function read(): TimeZoneChoice {
  try {
    return window.localStorage.getItem(KEY) === "utc" ? "utc" : "local";
  } catch {
    return "local";
  }
}

export function setTimeZoneChoice(zone: TimeZoneChoice): void {
  try {
    window.localStorage.setItem(KEY, zone);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === KEY && listener();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function useTimeZone(): TimeZoneChoice {
  return useSyncExternalStore(subscribe, read, () => "utc");
}

/** formatTimestamp in the person's chosen zone. */
export function useFormatTimestamp(): (iso: string | null | undefined) => string | null {
  const zone = useTimeZone();
  return useCallback((iso: string | null | undefined) => formatTimestamp(iso, zone), [zone]);
}
