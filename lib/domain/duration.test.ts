import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration";

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
