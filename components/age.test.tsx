// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setTimeZoneChoice } from "@/lib/client/time-zone";
import { FixedNowProvider } from "@/lib/client/use-now";
import { Age } from "./age";

// These read times in UTC (the person's choice; local time is the default, time-zone.test.tsx).
beforeEach(() => setTimeZoneChoice("utc"));

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("Age", () => {
  it("ticks on its own", () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse("2025-11-26T15:00:00Z"));
    render(<Age iso="2025-11-26T14:59:30Z" />);
    expect(screen.getByText("30 s")).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(45_000);
    });
    expect(screen.getByText("1 min")).toBeTruthy();
    expect(screen.getByText("1 min").getAttribute("title")).toBe("2025-11-26 14:59:30 UTC");
  });

  it("uses a pinned time and a fallback for unknown times", () => {
    render(
      <FixedNowProvider value={Date.parse("2025-11-26T18:12:00Z")}>
        <Age iso="2025-11-26T15:00:00Z" suffix=" ago" />
        <Age iso={null} fallback="never" />
      </FixedNowProvider>,
    );
    expect(screen.getByText("3 h 12 min ago")).toBeTruthy();
    expect(screen.getByText("never")).toBeTruthy();
  });
});
