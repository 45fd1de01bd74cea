import { describe, expect, it } from "vitest";
import { DEFAULT_TIMELINE, parseTimelineParams, withTimelineParams } from "./timeline-url";

const parse = (q: string) => parseTimelineParams(new URLSearchParams(q));

describe("the timeline's view in the URL", () => {
  it("round-trips range, zoom window and view, keeping the page's other parameters", () => {
    const state = { range: "7d" as const, view: "list" as const, window: { from: Date.parse("2026-11-30T10:00:00Z"), to: Date.parse("2026-11-30T12:30:00Z") } };
    const query = withTimelineParams("tab=yaml&range=1h", state);
    expect(new URLSearchParams(query).get("tab")).toBe("yaml");
    expect(query).toContain("from=2026-11-30T10%3A00%3A00.000Z");
    expect(parse(query)).toEqual(state);
  });

  it("leaves the defaults out of the URL", () => {
    expect(withTimelineParams("", DEFAULT_TIMELINE)).toBe("");
    expect(withTimelineParams("range=7d&from=x&to=y&view=list", DEFAULT_TIMELINE)).toBe("");
  });

  it("falls back to the default for what is not a valid value", () => {
    expect(parse("range=2y&view=grid&from=yesterday&to=2026-11-30T10:00:00Z")).toEqual(DEFAULT_TIMELINE);
    // A window that ends before it starts is no window.
    expect(parse("from=2026-11-30T12:00:00Z&to=2026-11-30T10:00:00Z").window).toBeNull();
  });
});
