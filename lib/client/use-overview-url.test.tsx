// @vitest-environment jsdom
import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_FILTERS } from "./overview-filters";
import { REPLACE_AFTER_MS, useOverviewUrl } from "./use-overview-url";

// The router's search params are the address bar's (what Next.js folds the History API into).
vi.mock("next/navigation", () => ({ useSearchParams: () => new URLSearchParams(window.location.search) }));

let replaced: string[];
let pushed: string[];

beforeEach(() => {
  vi.useFakeTimers();
  window.history.replaceState(null, "", "/");
  replaced = [];
  pushed = [];
  const replace = window.history.replaceState.bind(window.history);
  const push = window.history.pushState.bind(window.history);
  vi.spyOn(window.history, "replaceState").mockImplementation((data, unused, url) => (replaced.push(String(url)), replace(data, unused, url)));
  vi.spyOn(window.history, "pushState").mockImplementation((data, unused, url) => (pushed.push(String(url)), push(data, unused, url)));
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe("useOverviewUrl", () => {
  it("shows each keystroke's filters at once and writes the text to the URL once typing rests", () => {
    const { result } = renderHook(() => useOverviewUrl());
    for (const q of ["p", "pa", "pay"]) {
      act(() => result.current[1]({ ...DEFAULT_FILTERS, q }, "replace"));
      expect(result.current[0].q).toBe(q);
      act(() => vi.advanceTimersByTime(REPLACE_AFTER_MS / 3));
    }
    expect(replaced).toEqual([]);
    act(() => vi.advanceTimersByTime(REPLACE_AFTER_MS));
    expect(replaced).toEqual(["/?q=pay"]);
    expect(window.location.search).toBe("?q=pay");
    expect(result.current[0].q).toBe("pay");
  });

  it("writes the typed text before a pushed change, so back returns to it", () => {
    const { result } = renderHook(() => useOverviewUrl());
    act(() => result.current[1]({ ...DEFAULT_FILTERS, q: "pay" }, "replace"));
    act(() => result.current[1]({ ...DEFAULT_FILTERS, q: "pay", health: ["stuck"] }, "push"));
    expect(replaced).toEqual(["/?q=pay"]);
    expect(pushed).toEqual(["/?health=stuck&q=pay"]);
    act(() => vi.advanceTimersByTime(REPLACE_AFTER_MS * 2));
    expect(replaced).toHaveLength(1);
    expect(result.current[0]).toMatchObject({ q: "pay", health: ["stuck"] });
  });

  it("writes the typed text at once when a link is clicked, before the link's own click handlers (its navigation)", () => {
    const { result } = renderHook(() => useOverviewUrl());
    act(() => result.current[1]({ ...DEFAULT_FILTERS, q: "pay" }, "replace"));
    const link = document.createElement("a");
    link.href = "/functions/prod/media/pay";
    document.body.append(link);
    const seenByLink: string[] = [];
    link.addEventListener("click", (e) => {
      e.preventDefault();
      seenByLink.push(window.location.search);
    });
    act(() => link.click());
    expect(seenByLink).toEqual(["?q=pay"]);
    expect(replaced).toEqual(["/?q=pay"]);
    // Nothing is written again when the timer would have fired (it was cancelled).
    act(() => vi.advanceTimersByTime(REPLACE_AFTER_MS * 2));
    expect(replaced).toHaveLength(1);
    link.remove();
  });

  it("writes nothing after the page is left", () => {
    const { result, unmount } = renderHook(() => useOverviewUrl());
    act(() => result.current[1]({ ...DEFAULT_FILTERS, q: "pay" }, "replace"));
    unmount();
    act(() => vi.advanceTimersByTime(REPLACE_AFTER_MS * 2));
    expect(replaced).toEqual([]);
  });
});
