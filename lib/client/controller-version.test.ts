import { describe, expect, it } from "vitest";
import { compareVersions, hasPendingBug, parseVersion } from "./controller-version";

describe("controller versions", () => {
  it("reads the usual spellings", () => {
    expect(parseVersion("1.7.3")).toEqual([1, 7, 3]);
    expect(parseVersion("v1.14.1")).toEqual([1, 14, 1]);
    expect(parseVersion("lambda-1.2")).toEqual([1, 2, 0]);
    expect(parseVersion("latest")).toBeNull();
  });

  it("compares numerically, not as text", () => {
    expect(compareVersions("1.14.1", "1.7.4")).toBeGreaterThan(0);
    expect(compareVersions("1.7.3", "1.7.4")).toBeLessThan(0);
    expect(compareVersions("v1.7.4", "1.7.4")).toBe(0);
    expect(compareVersions(null, "1.7.4")).toBeNull();
  });

  it("knows which controllers have the Pending bug (fixed in 1.7.4)", () => {
    expect(hasPendingBug("1.7.3")).toBe(true);
    expect(hasPendingBug("0.1.0")).toBe(true);
    expect(hasPendingBug("1.7.4")).toBe(false);
    expect(hasPendingBug("1.14.1")).toBe(false);
    expect(hasPendingBug(undefined)).toBeNull();
  });
});
