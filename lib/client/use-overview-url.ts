"use client";
/**
 * The overview's filters live in the URL (shareable, back/forward work). React state is the
 * source of truth while the page is open, and is written to the URL with the History API, which
 * Next.js folds into its router (docs: "Native History API"). A URL change that we did not write
 * (back button, a link to "/?cluster=x" while on the page) is adopted.
 */
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { parseOverviewParams, toOverviewQuery, type OverviewFilters } from "./overview-filters";

interface UrlState {
  filters: OverviewFilters;
  /** The normalised query last seen through useSearchParams. */
  seen: string;
  /** Queries we wrote whose echo through useSearchParams has not come back yet, in order. */
  pending: string[];
}

const normalise = (params: { get(name: string): string | null }) => toOverviewQuery(parseOverviewParams(params));

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

  useEffect(() => {
    // Back and forward are never our own writes.
    const onPop = () => setState((s) => (s.pending.length ? { ...s, pending: [] } : s));
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const update = useCallback((next: OverviewFilters, mode: "push" | "replace") => {
    const query = toOverviewQuery(next);
    const write = query !== normalise(new URLSearchParams(window.location.search));
    setState((s) => ({ ...s, filters: next, pending: write ? [...s.pending, query] : s.pending }));
    if (!write) return;
    const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
    if (mode === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }, []);

  return [state.filters, update];
}
