import { describe, expect, it } from "vitest";
import {
  formatAccountRegion,
  formatAge,
  formatAgo,
  formatCount,
  formatDuration,
  formatTimestamp,
  parseTime,
} from "./format";

const S = 1_000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [999, "0 s"],
    [1 * S, "1 s"],
    [59 * S, "59 s"],
    [60 * S, "1 min"],
    [59 * MIN + 59 * S, "59 min"],
    [1 * H, "1 h"],
    [3 * H + 12 * MIN + 30 * S, "3 h 12 min"],
    [23 * H + 59 * MIN, "23 h 59 min"],
    [1 * D, "1 d"],
    [2 * D + 4 * H + 30 * MIN, "2 d 4 h"],
    [400 * D, "400 d"],
  ])("%d ms reads %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("reads 0 s for clock skew and garbage", () => {
    expect(formatDuration(-5 * MIN)).toBe("0 s");
    expect(formatDuration(Number.NaN)).toBe("0 s");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("0 s");
  });
});

describe("relative times from a given now", () => {
  const now = Date.parse("2025-11-26T15:00:00Z");

  it("measures the age of an ISO time", () => {
    expect(formatAge("2025-11-26T11:48:00Z", now)).toBe("3 h 12 min");
    expect(formatAgo("2025-11-26T14:59:30Z", now)).toBe("30 s ago");
  });

  it("moves with now", () => {
    const since = "2025-11-26T14:50:00Z";
    expect(formatAge(since, now)).toBe("10 min");
    expect(formatAge(since, now + 5 * MIN)).toBe("15 min");
  });

  it("returns null or the fallback for unknown times", () => {
    expect(formatAge(null, now)).toBeNull();
    expect(formatAge("not a time", now)).toBeNull();
    expect(formatAgo(undefined, now)).toBe("unknown");
    expect(formatAgo("", now, "never")).toBe("never");
    expect(parseTime("garbage")).toBeNull();
  });
});

describe("formatTimestamp", () => {
  it("prints UTC whatever the input offset", () => {
    expect(formatTimestamp("2025-11-26T16:13:04+01:00")).toBe("2025-11-26 15:13:04 UTC");
  });
  it("returns null for unknown input", () => {
    expect(formatTimestamp(null)).toBeNull();
    expect(formatTimestamp("yesterday-ish")).toBeNull();
  });
});

describe("small labels", () => {
  it("joins account and region with what is known", () => {
    expect(formatAccountRegion("123456789012", "eu-west-1")).toBe("123456789012 / eu-west-1");
    expect(formatAccountRegion(null, "eu-west-1")).toBe("eu-west-1");
    expect(formatAccountRegion(null, null)).toBeNull();
  });
  it("groups thousands", () => {
    expect(formatCount(10000)).toBe("10,000");
  });
});
