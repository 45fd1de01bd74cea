"use client";
/**
 * A clock that ticks, for relative times ("3 h 12 min"). The formatters stay pure and take
 * this `now`; only the components that show times re-render on each tick.
 */
import { useEffect, useState } from "react";

export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}
