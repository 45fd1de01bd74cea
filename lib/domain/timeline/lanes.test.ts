import { describe, expect, it } from "vitest";
import { makeEntry } from "@/test/make-entry";
import type { TimelineEntry } from "../wire/timeline";
import { buildTimeline, currentValue, markerLabel, toneOf } from "./lanes";

const T0 = Date.parse("2025-06-02T09:00:00Z");
const MIN = 60_000;
function e(over: Partial<TimelineEntry> & Pick<TimelineEntry, "kind" | "lane">, minute: number): TimelineEntry {
  return makeEntry({ at: new Date(T0 + minute * MIN).toISOString(), ...over });
}

/** The seed case (sim/scenarios/catalog.ts): Pending in Kubernetes since creation, Active in AWS a minute later. */
const seedCase = () => [
  e({ kind: "created", lane: "marker:lifecycle", source: "reconstructed" }, 0),
  e({ kind: "state", lane: "k8s:state", value: "Pending", source: "reconstructed" }, 0),
  e({ kind: "aws-state", lane: "aws:state", value: "Active", source: "reconstructed" }, 1),
  e({ kind: "condition", lane: "condition:ACK.Recoverable", value: "True", message: "function in 'Pending' state, cannot be modified or deleted" }, 2),
  e({ kind: "condition", lane: "condition:ACK.ResourceSynced", value: "Unknown" }, 2),
  e({ kind: "condition", lane: "condition:ACK.Recoverable", value: "True", message: "throttled" }, 60),
  e({ kind: "deletion-requested", lane: "marker:deletion", value: "x" }, 152),
  e({ kind: "event", lane: "marker:event", value: "Warning", reason: "Recoverable" }, 153),
  e({ kind: "condition", lane: "condition:ACK.Custom", value: "True" }, 100),
];

describe("buildTimeline", () => {
  it("puts the ACK lanes and Ready first, then other conditions, then state and AWS lanes", () => {
    const m = buildTimeline(seedCase(), T0 + 192 * MIN);
    expect(m.lanes.map((l) => l.id)).toEqual([
      "condition:ACK.ResourceSynced",
      "condition:ACK.Recoverable",
      "condition:ACK.Terminal",
      "condition:Ready",
      "condition:ACK.Custom",
      "k8s:state",
      "k8s:lastUpdateStatus",
      "aws:state",
      "aws:lastUpdateStatus",
    ]);
    expect(m.lanes.find((l) => l.id === "condition:Ready")!.segments).toEqual([]);
    expect(m.earliest).toBe(T0);
  });

  it("makes segments from one value to the next, the last one open until now", () => {
    const now = T0 + 192 * MIN;
    const m = buildTimeline(seedCase(), now);
    const recoverable = m.lanes.find((l) => l.id === "condition:ACK.Recoverable")!.segments;
    expect(recoverable.map((s) => [s.start, s.end, s.open, s.tone])).toEqual([
      [T0 + 2 * MIN, T0 + 60 * MIN, false, "warn"],
      [T0 + 60 * MIN, now, true, "warn"],
    ]);
    // A message change is a new segment of the same run.
    expect(recoverable[1].since).toBe(T0 + 2 * MIN);
    expect(currentValue(m, "k8s:state")).toMatchObject({ value: "Pending", since: T0 });
    expect(currentValue(m, "aws:state")).toMatchObject({ value: "Active", since: T0 + MIN });
  });

  it("lists the markers with labels and makes warnings stand out", () => {
    const m = buildTimeline(seedCase(), T0 + 192 * MIN);
    expect(m.markers.map((k) => [k.kind, k.label, k.tone])).toEqual([
      ["created", "created", "neutral"],
      ["deletion-requested", "deletion requested", "warn"],
      ["event", "Warning event: Recoverable", "bad"],
    ]);
  });

  it("ends every segment when the object is deleted, and starts afresh for a new one", () => {
    const entries = [
      e({ kind: "state", lane: "k8s:state", value: "Active" }, 0),
      e({ kind: "deleted", lane: "marker:lifecycle" }, 10),
      e({ kind: "state", lane: "k8s:state", value: "Active", uid: "u2" }, 20),
    ];
    const m = buildTimeline(entries, T0 + 30 * MIN);
    const segs = m.lanes.find((l) => l.id === "k8s:state")!.segments;
    expect(segs.map((s) => [s.start, s.end, s.open])).toEqual([
      [T0, T0 + 10 * MIN, false],
      [T0 + 20 * MIN, T0 + 30 * MIN, true],
    ]);
    expect(segs[1].since).toBe(T0 + 20 * MIN);
    expect(currentValue(buildTimeline(entries.slice(0, 2), T0 + 30 * MIN), "k8s:state")).toBeNull();
  });
});

describe("tones and labels", () => {
  it.each([
    ["condition:ACK.ResourceSynced", "True", "good"],
    ["condition:ACK.ResourceSynced", "Unknown", "unknown"],
    ["condition:ACK.Terminal", "True", "bad"],
    ["condition:ACK.Recoverable", "True", "warn"],
    ["condition:Ready", "False", "warn"],
    ["k8s:state", "Pending", "warn"],
    ["aws:state", "NotFound", "bad"],
    ["aws:lastUpdateStatus", "Failed", "bad"],
    ["k8s:state", null, "absent"],
  ] as const)("%s %s reads %s", (lane, value, tone) => {
    expect(toneOf(lane, value)).toBe(tone);
  });

  it("says what a finalizer removal inferred from a deletion was", () => {
    expect(markerLabel(e({ kind: "finalizer-removed", lane: "marker:finalizer:f", value: "f", detail: { inferred: true } }, 0))).toBe("finalizer removed: f (with the object)");
  });
});

describe("buildTimeline with a uid that comes back (a simulated cluster made anew)", () => {
  it("keeps the new object's values and their start, whatever the old one's disappearance says", () => {
    const now = T0 + 300 * MIN;
    // Recorded in this order (ids): the old object, its disappearance now, the new object seeded 3 h back.
    const entries = [
      e({ kind: "created", lane: "marker:lifecycle", source: "reconstructed" }, 0),
      e({ kind: "state", lane: "k8s:state", value: "Pending", source: "reconstructed" }, 0),
      e({ kind: "deleted", lane: "marker:lifecycle" }, 300),
      e({ kind: "created", lane: "marker:lifecycle", source: "reconstructed" }, 120),
      e({ kind: "state", lane: "k8s:state", value: "Pending", source: "reconstructed" }, 120),
    ];
    const m = buildTimeline(entries, now);
    expect(currentValue(m, "k8s:state")).toMatchObject({ value: "Pending", since: T0 + 120 * MIN, open: true });
    const segs = m.lanes.find((l) => l.id === "k8s:state")!.segments;
    expect(segs.map((s) => [s.start, s.end])).toEqual([
      [T0, T0 + 120 * MIN],
      [T0 + 120 * MIN, now],
    ]);
  });
});
