"use client";
/**
 * The overview's filters live in the URL (shareable, back/forward work). React state is the
 * source of truth while the page is open, and is written to the URL with the History API, which
 * Next.js folds into its router (docs: "Native History API"). A URL change that we did not write
 * (back button, a link to "/?cluster=x" while on the page) is adopted.
 *
 * The search box's text is written once typing rests (REPLACE_AFTER_MS), not per keystroke: each
 * write is a router update of the whole page and two history writes (Next.js puts its own state
 * back after ours), which the page's profile showed in every keystroke's long task at 50,000 rows.
 * A pushed change (a filter chosen) writes the resting text first, so back returns to it.
 *
 * A click anywhere (a mouse click, or Enter on a focused link, which the browser turns into a
 * click) also writes the resting text at once, before the click's own handlers run. Otherwise a
 * row opened within REPLACE_AFTER_MS of the last keystroke loses its navigation: Next.js turns
 * the late History write into a "restore" of the overview's URL, and a restore discards the
 * navigation still pending in its router.
 */
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { parseOverviewParams, toOverviewQuery, type OverviewFilters } from "./overview-filters";

interface UrlState {
  filters: OverviewFilters;
  /** The normalised query last seen through useSearchParams. */
  seen: string;
  /** Queries we wrote whose echo through useSearchParams has not come back yet, in order. */
  pending: string[];
}

const normalise = (params: { get(name: string): string | null }) => toOverviewQuery(parseOverviewParams(params));

/** How long the filters must rest before a "replace" change (typing) is written to the URL. */
export const REPLACE_AFTER_MS = 300;

export function useOverviewUrl(): [OverviewFilters, (next: OverviewFilters, mode: "push" | "replace") => void] {
  const searchParams = useSearchParams();
  const [state, setState] = useState<UrlState>(() => ({
    filters: parseOverviewParams(searchParams),
    seen: normalise(searchParams),
    pending: [],
  }));

  const incoming = normalise(searchParams);
  if (incoming !== state.seen) {
    const echo = state.pending.indexOf(incoming);
    setState(
      echo >= 0
        ? // Our own write (or a later one, if the router batched them): drop the echoes.
          { ...state, seen: incoming, pending: state.pending.slice(echo + 1) }
        : { filters: parseOverviewParams(searchParams), seen: incoming, pending: [] },
    );
  }

  /** A "replace" change not written yet, and its timer. */
  const resting = useRef<{ query: string; timer: ReturnType<typeof setTimeout> } | null>(null);
  const cancelResting = useCallback(() => {
    if (resting.current) clearTimeout(resting.current.timer);
    resting.current = null;
  }, []);

  const write = useCallback((query: string, mode: "push" | "replace") => {
    if (query === normalise(new URLSearchParams(window.location.search))) return;
    setState((s) => ({ ...s, pending: [...s.pending, query] }));
    const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
    if (mode === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }, []);

  const flushResting = useCallback(() => {
    const waiting = resting.current;
    cancelResting();
    if (waiting) write(waiting.query, "replace");
  }, [cancelResting, write]);

  useEffect(() => {
    // Back and forward are never our own writes; a change typed before them is not written over them.
    const onPop = () => {
      cancelResting();
      setState((s) => (s.pending.length ? { ...s, pending: [] } : s));
    };
    window.addEventListener("popstate", onPop);
    // Capture phase on window: before React's listeners on the root, so before a link's navigation.
    window.addEventListener("click", flushResting, true);
    return () => {
      window.removeEventListener("popstate", onPop);
      window.removeEventListener("click", flushResting, true);
      // Leaving the page: the URL is the next page's now.
      cancelResting();
    };
  }, [cancelResting, flushResting]);

  const update = useCallback(
    (next: OverviewFilters, mode: "push" | "replace") => {
      const query = toOverviewQuery(next);
      setState((s) => ({ ...s, filters: next }));
      if (mode === "replace") {
        cancelResting();
        resting.current = { query, timer: setTimeout(flushResting, REPLACE_AFTER_MS) };
        return;
      }
      flushResting();
      write(query, "push");
    },
    [cancelResting, flushResting, write],
  );

  return [state.filters, update];
}
