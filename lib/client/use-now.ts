"use client";
/**
 * A clock that ticks, for relative times ("3 h 12 min"). The formatters stay pure and take this
 * `now`. One timer per interval is shared by every component that asks, and only those
 * components re-render on a tick (useSyncExternalStore), so a tick touches the age cells of the
 * visible rows, not the table. Tests pin the time with <FixedNowProvider value={...}>.
 */
import { createContext, useContext, useSyncExternalStore } from "react";

interface Ticker {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
  subscribe: (listener: () => void) => () => void;
  getSnapshot: () => number;
}

const tickers = new Map<number, Ticker>();

function tickerFor(intervalMs: number): Ticker {
  let ticker = tickers.get(intervalMs);
  if (ticker) return ticker;
  const t: Ticker = {
    now: Date.now(),
    listeners: new Set(),
    timer: null,
    subscribe(listener) {
      t.listeners.add(listener);
      if (!t.timer) {
        t.now = Date.now();
        t.timer = setInterval(() => {
          t.now = Date.now();
          for (const l of t.listeners) l();
        }, intervalMs);
      }
      return () => {
        t.listeners.delete(listener);
        if (!t.listeners.size && t.timer) {
          clearInterval(t.timer);
          t.timer = null;
        }
      };
    },
    getSnapshot: () => t.now,
  };
  tickers.set(intervalMs, t);
  ticker = t;
  return ticker;
}

const FixedNow = createContext<number | null>(null);
/** Pins `useNow()` to a fixed time (tests, screenshots). */
export const FixedNowProvider = FixedNow.Provider;

export function useNow(intervalMs = 1_000): number {
  const fixed = useContext(FixedNow);
  const ticker = tickerFor(intervalMs);
  const ticking = useSyncExternalStore(ticker.subscribe, ticker.getSnapshot, ticker.getSnapshot);
  return fixed ?? ticking;
}
