import { describe, expect, it } from "vitest";
import { parseTimelineQuery } from "./query";

const parse = (qs: string) => parseTimelineQuery(new URLSearchParams(qs));

describe("parseTimelineQuery", () => {
  it("accepts ISO times and epoch milliseconds, and nothing at all", () => {
    expect(parse("")).toEqual({ ok: true, query: {} });
    expect(parse("since=2025-06-01T00:00:00Z&until=1748822400000&limit=50")).toEqual({
      ok: true,
      query: { since: Date.parse("2025-06-01T00:00:00Z"), until: 1748822400000, limit: 50 },
    });
    expect(parse("since=2025-06-01T00:00:00.123%2B02:00")).toEqual({ ok: true, query: { since: Date.parse("2025-06-01T00:00:00.123+02:00") } });
  });

  it.each([
    ["since=yesterday", /since is not an ISO 8601 time or epoch milliseconds: "yesterday"/],
    ["since=", /since must not be empty/],
    ["until=2025-13-45T99:00:00Z", /until is not an ISO 8601 time/],
    ["since=2000&until=1000", /since must not be after until/],
    ["limit=0", /limit must be at least 1/],
    ["limit=1.5", /limit must be an integer/],
    ["limit=999999", /limit must be at most 20000/],
    ["from=1", /unknown query parameter from \(known: since, until, limit\)/],
    ["since=1&since=2", /given twice/],
  ])("rejects %s with a clear message", (qs, message) => {
    const r = parse(qs);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});
