import { describe, expect, it } from "vitest";
import { DEFAULT_DIAGNOSE_SETTINGS } from "./diagnose-settings";
import { awsView } from "./signals";
import type { AwsState } from "./wire/fleet";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const base: AwsState = { exists: true, state: "Active", stateReason: null, stateReasonCode: null, lastUpdateStatus: "Successful", observedAt: new Date(NOW - 1000).toISOString(), error: null };

describe("awsView", () => {
  it("knows a GetFunction answer, and a function missing from a complete listing", () => {
    expect(awsView(base, NOW, DEFAULT_DIAGNOSE_SETTINGS).known).toBe(true);
    expect(awsView({ ...base, exists: false, state: null, via: "ListFunctions" }, NOW, DEFAULT_DIAGNOSE_SETTINGS).known).toBe(true);
  });

  it("does not take a listed function's missing State for known (ListFunctions has no State)", () => {
    const view = awsView({ ...base, state: null, lastUpdateStatus: null, via: "ListFunctions" }, NOW, DEFAULT_DIAGNOSE_SETTINGS);
    expect(view.known).toBe(false);
    expect(view.unknownBecause).toMatch(/State has not been read/);
  });
});
