import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration";

describe("formatDuration", () => {
  it.each([
    [-5, "0s"],
    [NaN, "0s"],
    [59_999, "59s"],
    [60_000, "1m"],
    [3_599_999, "59m"],
    [3_600_000, "1h"],
    [5_400_000, "1h 30m"],
    [86_400_000, "1d"],
    [86_400_000 + 7_200_000, "1d 2h"],
  ])("%d ms → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("parseDuration", () => {
  it.each([
    ["250ms", 250],
    ["90s", 90_000],
    ["10m", 600_000],
    ["1h30m", 5_400_000],
    ["2d", 172_800_000],
    ["1500", 1500],
  ])("%s → %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "ten minutes", "10x", "m10", "10m junk", "-5m"])("rejects %j", (text) =>
    expect(parseDuration(text)).toBeNull(),
  );
});
