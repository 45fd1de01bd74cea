import { describe, expect, it } from "vitest";
import { ATTENTION_HEALTH, HEALTH_VALUES, healthRank } from "./health";

describe("healthRank", () => {
  it("follows HEALTH_VALUES, worst first; unexpected values last", () => {
    expect(HEALTH_VALUES.map(healthRank)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(healthRank("on-fire")).toBe(9);
  });

  it("counts the six worst as needing attention", () => {
    expect(ATTENTION_HEALTH).toEqual(HEALTH_VALUES.slice(0, 6));
  });
});
