import { afterEach, describe, expect, it, vi } from "vitest";
import {
  formatAccountRegion,
  formatAge,
  formatAgo,
  formatCount,
  formatTimestamp,
  parseTime,
} from "./format";

const MIN = 60_000;

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
    expect(formatTimestamp(null, "local")).toBeNull();
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
    expect(formatCount(0)).toBe("0");
    expect(formatCount(1234567)).toBe("1,234,567");
  });
});

describe("formatTimestamp in the browser's zone", () => {
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });

  it("writes the local time with its offset, half hours and negative offsets included", () => {
    process.env.TZ = "Asia/Kolkata";
    expect(formatTimestamp("2025-11-26T15:13:04Z", "local")).toBe("2025-11-26 20:43:04 +05:30");
    process.env.TZ = "America/St_Johns";
    expect(formatTimestamp("2025-11-26T01:13:04Z", "local")).toBe("2025-11-25 21:43:04 -03:30");
    expect(formatTimestamp("2025-11-26T01:13:04Z", "utc")).toBe("2025-11-26 01:13:04 UTC");
  });
});

describe("formatCount", () => {
  it("formats with one formatter, not a new one per count (Number.toLocaleString makes one each call)", () => {
    const perCall = vi.spyOn(Number.prototype, "toLocaleString");
    const made = vi.spyOn(Intl, "NumberFormat");
    for (let i = 0; i < 50; i++) expect(formatCount(1000 + i)).toBe(`1,0${String(i).padStart(2, "0")}`);
    expect(perCall).not.toHaveBeenCalled();
    expect(made).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});
