"use client";
/**
 * False in the server's HTML and during hydration, true once React runs the page in the browser.
 * A control whose effect is a React handler (the header's theme and time-zone switches) is
 * disabled until then: a choice made before hydration would otherwise do nothing, silently.
 */
import { useSyncExternalStore } from "react";

const never = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
