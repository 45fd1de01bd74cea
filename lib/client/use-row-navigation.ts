"use client";
/**
 * `j`/`k` and ArrowDown/ArrowUp move through a list of Functions, as in k9s or Gmail: the
 * selected row is the one holding the focus, on its link, so `Enter` opens it (the link's own
 * behaviour) and the focus ring shows where one is. Rows carry `data-nav-index`, the element to
 * focus `data-nav-target`. A virtualised list passes `reveal` to render a row before it is focused.
 * From the search box (`data-shortcut="search"`) ArrowDown goes to the first row.
 */
import { useEffect, useRef, type RefObject } from "react";
import { isPlainKey, isTypingTarget, openModalDialog } from "./keyboard";

function step(key: string): 1 | -1 | 0 {
  if (key === "j" || key === "ArrowDown") return 1;
  if (key === "k" || key === "ArrowUp") return -1;
  return 0;
}

export function useRowNavigation(containerRef: RefObject<HTMLElement | null>, count: number, reveal?: (index: number) => void): void {
  const last = useRef(-1);
  const countRef = useRef(count);
  const revealRef = useRef(reveal);
  useEffect(() => {
    countRef.current = count;
    revealRef.current = reveal;
  }, [count, reveal]);

  useEffect(() => {
    const focusRow = (index: number, tries = 10) => {
      const target = containerRef.current?.querySelector<HTMLElement>(`[data-nav-index="${index}"] [data-nav-target]`);
      if (target) target.focus();
      else if (tries > 0) requestAnimationFrame(() => focusRow(index, tries - 1));
    };
    const onKey = (e: KeyboardEvent) => {
      const delta = step(e.key);
      if (!delta || e.defaultPrevented || !isPlainKey(e) || openModalDialog()) return;
      const fromSearch = e.target instanceof HTMLElement && e.target.dataset.shortcut === "search";
      if (isTypingTarget(e.target) && !(fromSearch && e.key === "ArrowDown")) return;
      const n = countRef.current;
      if (n === 0 || !containerRef.current) return;
      const focusedRow = document.activeElement?.closest<HTMLElement>("[data-nav-index]");
      const current = fromSearch ? -1 : focusedRow && containerRef.current.contains(focusedRow) ? Number(focusedRow.dataset.navIndex) : Math.min(last.current, n - 1);
      const next = current < 0 ? 0 : Math.max(0, Math.min(n - 1, current + delta));
      e.preventDefault();
      last.current = next;
      revealRef.current?.(next);
      focusRow(next);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [containerRef]);
}
