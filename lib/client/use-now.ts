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

/**
 * When the server rendered what is below (app/page.tsx): the time both the server's render and
 * the browser's hydration read (useSyncExternalStore's server snapshot), so that an age reads
 * the same in both; the browser's clock follows right after hydration. Without it the server
 * read its own ticker, whose time stands still on the server (nothing subscribes there).
 */
const RenderedAt = createContext<number | null>(null);
export const RenderedAtProvider = RenderedAt.Provider;

const FixedNow = createContext<number | null>(null);
/** Pins `useNow()` to a fixed time (tests, screenshots). */
export const FixedNowProvider = FixedNow.Provider;

export function useNow(intervalMs = 1_000): number {
  const fixed = useContext(FixedNow);
  const renderedAt = useContext(RenderedAt);
  const ticker = tickerFor(intervalMs);
  const ticking = useSyncExternalStore(ticker.subscribe, ticker.getSnapshot, () => renderedAt ?? ticker.getSnapshot());
  return fixed ?? ticking;
}
