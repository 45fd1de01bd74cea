/**
 * What the recorder keeps per Function between observations: its snapshot (lanes and their
 * entry keys, the times, finalizers) as one compact JSON text (lib/domain/timeline/observe.ts
 * snapshotText). Kept as objects, the recorder held ~2.2 KB of heap a Function of the large
 * scenario (~22 MB at 10,000 Functions); as compact text ~1.4 KB.
 */
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { toFunctionFacts, type FunctionFacts } from "@/lib/domain/function-object";
import { buildLargePlan } from "@/sim/scenarios";
import type { TimelineBatch, TimelineStore } from "../store/timeline-store";
import { TimelineRecorder } from "./recorder";

v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe("the recorder's memory per Function", () => {
  it("keeps the snapshots of 2,000 Functions of the large scenario in at most 1.6 KB each", async () => {
    const now = Date.parse("2026-03-01T12:00:00Z");
    const plan = buildLargePlan({ count: 2000, seed: 7, now });
    const facts: FunctionFacts[] = [];
    for (const c of plan.clusters) {
      for (const f of c.functions) {
        const read = toFunctionFacts(JSON.parse(JSON.stringify(f.object)) as unknown, c.name, { annotations: undefined, defaultRegion: null });
        if (!read.ok) throw new Error(read.error);
        facts.push(read.facts);
      }
    }
    let committed = 0;
    const store = {
      kind: "sqlite",
      commit: async (b: TimelineBatch) => {
        committed += b.snapshots.length;
        return [];
      },
      loadSnapshots: async () => [],
    } as unknown as TimelineStore;
    const before = heapUsed();
    const recorder = new TimelineRecorder(store, { flushMs: 1, now: () => now });
    for (const f of facts) recorder.hear({ type: "row", id: `${f.cluster}/${f.namespace}/${f.name}`, row: null, facts: f, aws: null, rejected: false });
    await recorder.flush();
    const perFunction = (heapUsed() - before) / facts.length;
    expect(committed).toBe(facts.length);
    // As objects: ~2.2 KB a Function (snapshot, lanes, keys, boxed times, and the name → key map); as compact text ~1.4 KB.
    expect(perFunction).toBeLessThan(1600);
    expect(perFunction).toBeGreaterThan(0);
    // The recorder still knows every one of them: a second sight with nothing new writes nothing.
    committed = 0;
    for (const f of facts.slice(0, 100)) recorder.hear({ type: "row", id: `${f.cluster}/${f.namespace}/${f.name}`, row: null, facts: f, aws: null, rejected: false });
    await recorder.flush();
    expect(committed).toBe(0);
    await recorder.stop();
  }, 180_000);
});
