"use client";
/**
 * The rows of a long table of rows of ONE height that are in view (plus `overscan` above and
 * below), from the scroll position alone: O(1) per render, whatever the number of rows.
 *
 * It replaced TanStack Virtual in the overview's table, which rebuilds its list of every row's
 * position (a key and a start and size per row) whenever the row count changes: each keystroke
 * in the search changes it, and the first keystrokes match the most rows (4-33 ms for 45,000 to
 * 50,000 rows, measured in Node on @tanstack/virtual-core 3.14). It also rendered the table
 * when a scroll started and when it stopped (its isScrolling). Here a scroll event renders only
 * when the window of rows changes, and a new row count costs nothing.
 */
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { flushSync } from "react-dom";

/** Rows `start` (included) to `end` (excluded) are rendered; the others are padding. */
export interface RowWindow {
  start: number;
  end: number;
}

/**
 * The window of rows for a viewport of `viewport` px scrolled to `scrollTop`. A scroll position
 * past the last row (the rows just got fewer; the browser clamps the element's scroll after the
 * commit) counts as the end of the list, so the rows shown are never an empty stretch.
 */
export function rowWindowAt(scrollTop: number, viewport: number, count: number, rowHeight: number, overscan: number): RowWindow {
  if (count <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, Math.min(scrollTop, count * rowHeight - viewport));
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + viewport) / rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) };
}

/**
 * Where to scroll so that row `index` is in view, or null when it is: to its bottom when it is
 * below (or at) the viewport's end, else to its top when it is above (or at) the start, as
 * TanStack Virtual's `align: "auto"` did, clamped to the scrollable range.
 */
export function scrollTopToReveal(index: number, scrollTop: number, viewport: number, count: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  const max = Math.max(0, count * rowHeight - viewport);
  if (bottom >= scrollTop + viewport) return Math.min(max, Math.max(0, bottom - viewport));
  if (top <= scrollTop) return Math.min(max, Math.max(0, top));
  return null;
}

const sameWindow = (a: RowWindow, b: RowWindow) => a.start === b.start && a.end === b.end;

/**
 * The window of rows of the element `scrollRef` scrolls. Before the element is measured (the
 * server's render, the hydration) its viewport is `initialViewport` px, so that both render the
 * same rows. `reveal(index)` scrolls a row into view and renders it at once (keyboard navigation).
 */
export function useRowWindow(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
  initialViewport: number,
): RowWindow & { reveal: (index: number) => void } {
  const [view, setView] = useState({ top: 0, viewport: initialViewport });
  // What the scroll handler compares with: the row count and view of the last commit.
  const current = useRef({ count, view });
  useLayoutEffect(() => {
    current.current = { count, view };
  }, [count, view]);

  // Renders only when the rows to show change: a scroll within the window is the browser's alone.
  const follow = useCallback(
    (el: HTMLElement, sync: boolean) => {
      const next = { top: el.scrollTop, viewport: el.clientHeight || initialViewport };
      const { count: n, view: was } = current.current;
      if (next.viewport === was.viewport && sameWindow(rowWindowAt(next.top, next.viewport, n, rowHeight, overscan), rowWindowAt(was.top, was.viewport, n, rowHeight, overscan))) return;
      current.current = { count: n, view: next };
      // In the scroll event's frame, as the virtualiser did: the new rows paint with the scroll.
      if (sync) flushSync(() => setView(next));
      else setView(next);
    },
    [initialViewport, rowHeight, overscan],
  );

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    follow(el, false);
    const onScroll = () => follow(el, true);
    el.addEventListener("scroll", onScroll, { passive: true });
    const resized = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => follow(el, false));
    resized?.observe(el);
    return () => {
      el.removeEventListener("scroll", onScroll);
      resized?.disconnect();
    };
  }, [scrollRef, follow]);

  const reveal = useCallback(
    (index: number) => {
      const el = scrollRef.current;
      if (!el) return;
      const to = scrollTopToReveal(index, el.scrollTop, el.clientHeight || initialViewport, current.current.count, rowHeight);
      if (to === null) return;
      el.scrollTop = to;
      follow(el, true);
    },
    [scrollRef, initialViewport, rowHeight, follow],
  );

  return { ...rowWindowAt(view.top, view.viewport, count, rowHeight, overscan), reveal };
}
