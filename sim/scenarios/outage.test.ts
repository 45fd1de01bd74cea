import { describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER } from "@/lib/domain/ack";
import { outageFunctions } from "./outage";

describe("an outage of the v1.7.3 Pending bug", () => {
  const now = Date.parse("2026-12-01T03:00:00Z");

  it("makes count deletion-blocked Functions, stale Pending, finalizer kept, Active in AWS", () => {
    const fns = outageFunctions({ cluster: "prod-us", namespace: "media", count: 20, prefix: "batch-e2e", now });
    expect(fns).toHaveLength(20);
    expect(fns[0].object.metadata.name).toBe("batch-e2e-01");
    expect(fns[19].object.metadata.name).toBe("batch-e2e-20");
    for (const f of fns) {
      expect(f.intent).toBe("deletion-blocked");
      expect(f.object.metadata.deletionTimestamp).toBe(new Date(now - 30 * 60_000).toISOString());
      expect(f.object.metadata.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
      expect(f.aws?.config.FunctionName).toBe(f.object.spec.name);
    }
    expect(new Set(fns.map((f) => f.object.metadata.uid)).size).toBe(20);
  });

  it("refuses an unknown namespace, a bad count or prefix", () => {
    expect(() => outageFunctions({ cluster: "prod-us", namespace: "nope", count: 1, prefix: "x", now })).toThrow(/no namespace/);
    expect(() => outageFunctions({ cluster: "prod-us", namespace: "media", count: 0, prefix: "x", now })).toThrow(/count/);
    expect(() => outageFunctions({ cluster: "prod-us", namespace: "media", count: 1, prefix: "../x", now })).toThrow(/prefix/);
  });
});
