import { describe, expect, it } from "vitest";
import { DEFAULT_DIAGNOSE_SETTINGS } from "./diagnose-settings";
import { awsView, controllerView } from "./signals";
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

describe("controllerView", () => {
  const info = (version: string, readyReplicas = 1) => ({ found: true, namespace: "ack-system", name: "ack-lambda-controller", version, image: null, replicas: 1, readyReplicas });

  it("is worked out once per controller object (every verdict of a cluster reads the same one), anew for a new object", () => {
    const old = info("1.7.3");
    const first = controllerView(old);
    expect(first).toEqual({ state: "running", version: "1.7.3", pendingBug: true, label: "controller 1.7.3" });
    expect(controllerView(old)).toBe(first);
    expect(controllerView(null)).toBe(controllerView(null));
    expect(controllerView(null)).toMatchObject({ state: "unknown", version: null, pendingBug: null });
    // The fleet replaces the object when the controller changes: the view follows.
    expect(controllerView(info("1.7.4", 0))).toEqual({ state: "down", version: "1.7.4", pendingBug: false, label: "controller 1.7.4" });
  });
});
