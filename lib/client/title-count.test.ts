import { describe, expect, it } from "vitest";
import { countNeedingAction, titleWithCount } from "./title-count";

describe("titleWithCount", () => {
  it("puts the count in front, replaces an earlier one, and drops it at 0", () => {
    expect(titleWithCount("Fleet overview · ACK Lambda Fleet", 12)).toBe("(12) Fleet overview · ACK Lambda Fleet");
    expect(titleWithCount("(12) Fleet overview · ACK Lambda Fleet", 3)).toBe("(3) Fleet overview · ACK Lambda Fleet");
    expect(titleWithCount("(3) Audit log · ACK Lambda Fleet", 0)).toBe("Audit log · ACK Lambda Fleet");
    expect(titleWithCount("(beta) x", 1)).toBe("(1) (beta) x");
  });
});

describe("countNeedingAction", () => {
  it("adds up stuck, deletion-blocked, terminal and failed over the clusters, not drift or degraded", () => {
    expect(countNeedingAction([{ healthCounts: { stuck: 2, "deletion-blocked": 1, drift: 5, healthy: 40 } }, { healthCounts: { terminal: 1, failed: 2, degraded: 3 } }, {}])).toBe(6);
  });
});
