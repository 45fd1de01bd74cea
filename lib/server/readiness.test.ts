import { describe, expect, it } from "vitest";
import { readinessOf, type ReadinessInput } from "./readiness";

const base: ReadinessInput = { phase: "running", startedAt: 0, now: 1_000, timeoutMs: 60_000, storeFailing: false, clusters: [{ name: "a", lastSyncAt: 500 }] };

describe("readinessOf", () => {
  it("is ready when started, listed and the store writable", () => {
    expect(readinessOf(base)).toEqual({ ready: true, problems: [] });
  });
  it("is not ready while the store cannot be written, whatever the clusters", () => {
    expect(readinessOf({ ...base, storeFailing: true })).toEqual({ ready: false, problems: ["the timeline store cannot be written"] });
    expect(readinessOf({ ...base, storeFailing: true, now: 120_000 }).ready).toBe(false);
  });
  it("waits for a cluster's first list until the timeout, then serves and names it", () => {
    const unlisted = { ...base, clusters: [...base.clusters, { name: "b", lastSyncAt: null }] };
    expect(readinessOf(unlisted)).toEqual({ ready: false, problems: ["waiting for the first list of b"] });
    expect(readinessOf({ ...unlisted, now: 60_000 })).toEqual({ ready: true, problems: ["serving without a first list of b (not listed 60 s after start)"] });
  });
  it("is not ready before start and while stopping", () => {
    expect(readinessOf({ ...base, phase: "created", startedAt: null }).ready).toBe(false);
    expect(readinessOf({ ...base, phase: "stopping" }).ready).toBe(false);
  });
});
