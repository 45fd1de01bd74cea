// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Age } from "./age";
import { TimeZoneToggle } from "./time-zone-toggle";
import { FixedNowProvider } from "@/lib/client/use-now";

const savedTz = process.env.TZ;
afterEach(() => {
  cleanup();
  window.localStorage.clear();
  process.env.TZ = savedTz;
});

describe("local time or UTC", () => {
  it("shows local time by default, switches to UTC in one click everywhere, and remembers it", () => {
    process.env.TZ = "Asia/Kolkata";
    const now = Date.parse("2025-11-26T15:00:30Z");
    const page = () => (
      <FixedNowProvider value={now}>
        <TimeZoneToggle />
        <Age iso="2025-11-26T14:59:30Z" />
      </FixedNowProvider>
    );
    render(page());
    expect(screen.getByText("1 min").getAttribute("title")).toBe("2025-11-26 20:29:30 +05:30");
    act(() => fireEvent.click(screen.getByRole("button", { name: /show them in UTC/ })));
    expect(screen.getByText("1 min").getAttribute("title")).toBe("2025-11-26 14:59:30 UTC");
    expect(window.localStorage.getItem("ack-fleet.time-zone")).toBe("utc");
    cleanup();
    render(page());
    expect(screen.getByRole("button", { name: /show them in local time/ })).toBeTruthy();
    expect(screen.getByText("1 min").getAttribute("title")).toBe("2025-11-26 14:59:30 UTC");
  });
});
