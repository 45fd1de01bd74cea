/**
 * The recorder keeps a snapshot per Function (observeFunction's lanes): its objects share their
 * hidden classes. A heap snapshot of the server after list traffic at 10,000 Functions showed
 * 40,000 lane objects with a map each (9.7 MB of maps and descriptor arrays), made by a spread
 * that added properties.
 */
import { describe, expect, it } from "vitest";
import { toFunctionFacts } from "@/lib/domain/function-object";
import { observeFunction } from "@/lib/domain/timeline/observe";
import { buildLargePlan } from "@/sim/scenarios";
import { hasFastProperties, hiddenClassCount } from "@/test/hidden-classes";

describe("the recorder's snapshots per Function", () => {
  it("give the lanes of 300 Functions a few shared hidden classes, observed twice", () => {
    const now = Date.parse("2026-03-01T12:00:00Z");
    const plan = buildLargePlan({ count: 300, seed: 7, now });
    const lanes: object[] = [];
    const snapshots: object[] = [];
    for (const c of plan.clusters) {
      for (const f of c.functions) {
        const read = toFunctionFacts(JSON.parse(JSON.stringify(f.object)) as unknown, c.name, { annotations: undefined, defaultRegion: null });
        if (!read.ok) throw new Error(read.error);
        const first = observeFunction(null, read.facts, null, now);
        const again = observeFunction(first.snapshot, { ...read.facts, statusState: "Failed" }, null, now + 1000);
        lanes.push(...Object.values(again.snapshot.lanes));
        snapshots.push(again.snapshot);
      }
    }
    expect(lanes.length).toBeGreaterThan(600);
    expect(hiddenClassCount(lanes)).toBeLessThanOrEqual(4);
    expect(lanes.every(hasFastProperties)).toBe(true);
    expect(hiddenClassCount(snapshots)).toBeLessThanOrEqual(4);
  });
});
