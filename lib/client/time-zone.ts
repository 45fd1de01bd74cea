"use client";
/**
 * Which zone absolute times are shown in: the browser's by default, UTC one click away,
 * remembered in localStorage. The server renders UTC (it cannot know the browser's zone), so the
 * first client render matches it and the chosen zone follows right after hydration.
 */
import { useCallback, useSyncExternalStore } from "react";
import { formatTimestamp, type TimeZoneChoice } from "./format";
import { remembered } from "./remembered";

const choice = remembered("ack-fleet.time-zone");

function read(): TimeZoneChoice {
  return choice.get() === "utc" ? "utc" : "local";
}

export function setTimeZoneChoice(zone: TimeZoneChoice): void {
  choice.set(zone);
}

export function useTimeZone(): TimeZoneChoice {
  return useSyncExternalStore(choice.subscribe, read, () => "utc");
}

/** formatTimestamp in the person's chosen zone. */
export function useFormatTimestamp(): (iso: string | null | undefined) => string | null {
  const zone = useTimeZone();
  return useCallback((iso: string | null | undefined) => formatTimestamp(iso, zone), [zone]);
}
