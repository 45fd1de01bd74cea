import { describe, expect, it } from "vitest";
import { BASE_POLL_MS, pollIntervalFor } from "./poll-interval";

describe("pollIntervalFor", () => {
  it("polls every 2 s for small and medium fleets", () => {
    expect(pollIntervalFor(0)).toBe(BASE_POLL_MS);
    expect(pollIntervalFor(1)).toBe(2_000);
    expect(pollIntervalFor(5_000)).toBe(2_000);
  });
  it("slows down with the row count", () => {
    expect(pollIntervalFor(5_001)).toBe(3_000);
    expect(pollIntervalFor(10_000)).toBe(4_000);
    expect(pollIntervalFor(20_000)).toBe(8_000);
  });
  it("keeps polling under a quarter of the time when a poll is costly, up to 30 s", () => {
    expect(pollIntervalFor(100, 400)).toBe(2_000);
    expect(pollIntervalFor(100, 1_100)).toBe(5_000);
    expect(pollIntervalFor(10_000, 1_900)).toBe(8_000);
    expect(pollIntervalFor(10_000, 60_000)).toBe(30_000);
  });
  it("falls back to the base interval for nonsense", () => {
    expect(pollIntervalFor(Number.NaN)).toBe(BASE_POLL_MS);
    expect(pollIntervalFor(-3, Number.NaN)).toBe(BASE_POLL_MS);
  });
});
