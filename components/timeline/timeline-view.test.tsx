// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setTimeZoneChoice } from "@/lib/client/time-zone";
import type { TimelineEntry, TimelineResponse } from "@/lib/domain/wire/timeline";
import { makeEntry } from "@/test/make-entry";
import { TimelineView } from "./timeline-view";

// These read times in UTC (the person's choice; local time is the default, time-zone.test.tsx).
beforeEach(() => setTimeZoneChoice("utc"));

afterEach(cleanup);

const NOW = Date.parse("2025-11-26T15:00:00Z");
const MIN = 60_000;
const HOSTILE = '<img src=x onerror="alert(1)">';
const REF = { cluster: "prod-us", namespace: "checkout", name: "order-events-processor" };

function e(over: Partial<TimelineEntry> & Pick<TimelineEntry, "kind" | "lane">, minutesAgo: number): TimelineEntry {
  return makeEntry({ ...REF, uid: "u", at: new Date(NOW - minutesAgo * MIN).toISOString(), observedAt: new Date(NOW).toISOString(), ...over });
}

/** The seed case (sim/scenarios/catalog.ts): Pending in Kubernetes for 3 h 12 min while Active in AWS since 3 h 11 min. */
function seed(): TimelineResponse {
  return {
    functionId: "prod-us/checkout/order-events-processor",
    generatedAt: new Date(NOW).toISOString(),
    since: null,
    until: null,
    truncated: false,
    entries: [
      e({ kind: "created", lane: "marker:lifecycle", source: "reconstructed" }, 192),
      e({ kind: "state", lane: "k8s:state", value: "Pending", source: "reconstructed", detail: { timeFrom: "time from status.lastModified" } }, 192),
      e({ kind: "aws-state", lane: "aws:state", value: "Active", source: "reconstructed" }, 191),
      e({ kind: "condition", lane: "condition:ACK.Recoverable", value: "True", message: "function in 'Pending' state, cannot be modified or deleted", source: "reconstructed" }, 191),
      e({ kind: "condition", lane: "condition:ACK.ResourceSynced", value: "Unknown", reason: HOSTILE, source: "reconstructed" }, 191),
      e({ kind: "deletion-requested", lane: "marker:deletion", value: "2025-11-26T14:20:00Z", source: "reconstructed" }, 40),
      e({ kind: "event", lane: "marker:event", value: "Warning", reason: "Recoverable", message: "throttled", detail: { count: 3 } }, 30),
    ],
  };
}

function renderView(data = seed(), onRange = vi.fn()) {
  render(<TimelineView functionRef={REF} data={data} range="24h" onRange={onRange} now={NOW} />);
  return { onRange };
}

describe("TimelineView", () => {
  it("says how long each side has been in its current state", () => {
    renderView();
    expect(screen.getByTestId("timeline-current-state").textContent).toContain("Pending in Kubernetes for 3 h 12 min while Active in AWS since 3 h 11 min");
  });

  it("draws a lane per condition type and per state, with the values written in the segments", () => {
    renderView();
    const lanes = within(screen.getByRole("list", { name: "Swimlanes" })).getAllByRole("listitem");
    const text = lanes.map((l) => l.querySelector("span")?.textContent);
    expect(text).toEqual([
      "ACK.ResourceSynced",
      "ACK.Recoverable",
      "ACK.Terminal",
      "Ready",
      "Kubernetes status.state",
      "Kubernetes lastUpdateStatus",
      "AWS State (live)",
      "AWS LastUpdateStatus (live)",
      "Changes",
      "Events",
    ]);
    const pending = screen.getByRole("button", { name: /^Kubernetes status\.state: Pending \(needs attention\) from 2025-11-26 11:48:00 UTC until now/ });
    expect(pending.textContent).toBe("Pending ≈");
    expect(screen.getByRole("button", { name: /^AWS State \(live\): Active \(fine\)/ }).textContent).toBe("Active ≈");
    expect(lanes[4].textContent).toContain("Pending for 3 h 12 min");
  });

  it("shows time, value, reason and the full message on focus, as text", () => {
    renderView();
    const synced = screen.getByRole("button", { name: /^ACK\.ResourceSynced: Unknown/ });
    fireEvent.focus(synced);
    const tip = screen.getByRole("tooltip");
    expect(synced.getAttribute("aria-describedby")).toBe(tip.id);
    expect(tip.textContent).toContain(HOSTILE);
    expect(tip.textContent).toContain("2025-11-26 11:49:00 UTC");
    expect(tip.textContent).toContain("reconstructed on first sight");
    expect(document.querySelector("img")).toBeNull();
    fireEvent.blur(synced);
    expect(screen.queryByRole("tooltip")).toBeNull();

    const warning = screen.getByRole("button", { name: /^Warning event: Recoverable at 2025-11-26 14:30:00 UTC/ });
    fireEvent.mouseEnter(warning);
    expect(screen.getByRole("tooltip").textContent).toContain("throttled");
    expect(screen.getByRole("tooltip").textContent).toContain("count: 3");
  });

  it("lists the same entries in a table, newest first", () => {
    renderView();
    fireEvent.click(screen.getByRole("button", { name: "List" }));
    const table = screen.getByRole("table", { name: /Timeline entries of order-events-processor/ });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(7);
    expect(within(rows[0]).getByRole("rowheader").textContent).toBe("Warning event: Recoverable");
    expect(table.textContent).toContain(HOSTILE);
  });

  it("changes range, zooms and exports JSON", () => {
    const { onRange } = renderView();
    // A 3 h history in a 24 h range opens fitted to the history.
    expect(screen.getByRole("button", { name: "Whole range" }).hasAttribute("disabled")).toBe(false);
    fireEvent.click(screen.getByRole("button", { name: "7 d" }));
    expect(onRange).toHaveBeenCalledWith("7d");
    expect(screen.getByRole("button", { name: "Whole range" }).hasAttribute("disabled")).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Zoom in" }));
    expect(screen.getByRole("button", { name: "Whole range" }).hasAttribute("disabled")).toBe(false);

    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => (created.push(b), "blob:x"));
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    fireEvent.click(screen.getByRole("button", { name: "Export JSON" }));
    expect(click).toHaveBeenCalled();
    expect(created[0].type).toBe("application/json");
  });

  it("says when nothing was recorded in the range", () => {
    renderView({ ...seed(), entries: [] });
    expect(screen.getByText("Nothing recorded in the last 24 h.")).toBeTruthy();
  });
});
