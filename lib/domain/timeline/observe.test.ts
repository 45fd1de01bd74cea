import { describe, expect, it } from "vitest";
import { ACK_FUNCTION_FINALIZER, CONDITION, SYNCED_MESSAGES } from "../ack";
import { NOW, awsActive, awsMissing, awsReadFailed, factsFromObject, loadFixture } from "../__fixtures__";
import type { FunctionFacts } from "../function-object";
import type { NewTimelineEntry } from "./entry";
import { conditionsSeenOf, observeFunction, observeGone, parseSnapshotText, snapshotText, type FunctionSnapshot } from "./observe";

const stuck = () => factsFromObject(loadFixture("function-stuck-pending-v1.7.3"));

/** Same object with a changed status / metadata (a shallow edit of the facts). */
const edit = (f: FunctionFacts, change: Partial<FunctionFacts>): FunctionFacts => ({ ...f, ...change });
const summary = (entries: NewTimelineEntry[]) => entries.map((e) => [e.kind, e.lane, e.value, e.source]);

function synced(f: FunctionFacts, lastTransitionTime: string): FunctionFacts {
  return edit(f, {
    statusState: "Active",
    stateReason: null,
    stateReasonCode: null,
    conditions: [{ type: CONDITION.synced, status: "True", message: SYNCED_MESSAGES.synced, reason: null, lastTransitionTime }],
  });
}

describe("observeFunction: first sight", () => {
  it("seeds the current values from the object's own times, marked reconstructed", () => {
    const { entries, snapshot } = observeFunction(null, stuck(), null, NOW);
    expect(summary(entries)).toEqual([
      ["created", "marker:lifecycle", null, "reconstructed"],
      ["condition", "condition:ACK.Recoverable", "True", "reconstructed"],
      ["condition", "condition:ACK.ResourceSynced", "Unknown", "reconstructed"],
      ["state", "k8s:state", "Pending", "reconstructed"],
    ]);
    expect(entries[0].at).toBe("2025-05-30T09:00:00.000Z");
    expect(entries[1].at).toBe("2025-06-02T11:59:20.000Z");
    // status.state has no time of its own: status.lastModified bounds it.
    expect(entries[3].at).toBe("2025-05-30T09:00:05.123Z");
    expect(entries[3].detail).toEqual({ timeFrom: "time from status.lastModified" });
    expect(snapshot.finalizers).toEqual([ACK_FUNCTION_FINALIZER]);
    expect(snapshot.lastAt).toBe(Date.parse("2025-06-02T11:59:20Z"));
  });

  it("marks a Function seen right after its creation as observed", () => {
    const f = edit(stuck(), { creationTimestamp: new Date(NOW - 5_000).toISOString(), conditions: [], statusState: null, lastModified: null });
    const { entries } = observeFunction(null, f, null, NOW);
    expect(summary(entries)).toEqual([["created", "marker:lifecycle", null, "observed"]]);
  });

  it("seeds a deletion request at its deletionTimestamp", () => {
    const f = edit(stuck(), { deletionTimestamp: "2025-06-02T11:20:00.000Z" });
    const { entries } = observeFunction(null, f, null, NOW);
    const deletion = entries.find((e) => e.kind === "deletion-requested");
    expect(deletion).toMatchObject({ at: "2025-06-02T11:20:00.000Z", source: "reconstructed", detail: { finalizers: [ACK_FUNCTION_FINALIZER] } });
  });

  it("never puts a time in the future (clock skew)", () => {
    const f = edit(stuck(), {
      conditions: [{ type: CONDITION.synced, status: "True", lastTransitionTime: new Date(NOW + 3_600_000).toISOString(), reason: null, message: null }],
    });
    const { entries } = observeFunction(null, f, null, NOW);
    expect(entries.every((e) => Date.parse(e.at) <= NOW)).toBe(true);
  });
});

describe("observeFunction: later sights", () => {
  const first = () => observeFunction(null, stuck(), null, NOW - 60_000).snapshot;

  it("records nothing when nothing changed, whatever lastTransitionTime says", () => {
    const restamped = edit(stuck(), {
      conditions: stuck().conditions.map((c) => ({ ...c, lastTransitionTime: new Date(NOW).toISOString() })),
    });
    expect(observeFunction(first(), stuck(), null, NOW).entries).toEqual([]);
    expect(observeFunction(first(), restamped, null, NOW).entries).toEqual([]);
  });

  it("records a status change, removed conditions and the new state, at lastTransitionTime", () => {
    const now = NOW + 10_000;
    const { entries, snapshot } = observeFunction(first(), synced(stuck(), new Date(NOW + 5_000).toISOString()), null, now);
    expect(summary(entries)).toEqual([
      ["condition", "condition:ACK.ResourceSynced", "True", "observed"],
      ["condition", "condition:ACK.Recoverable", null, "observed"],
      ["state", "k8s:state", "Active", "observed"],
    ]);
    expect(entries[0].at).toBe(new Date(NOW + 5_000).toISOString());
    expect(entries[1].at).toBe(new Date(now).toISOString());
    expect(snapshot.lanes["condition:ACK.ResourceSynced"]).toMatchObject({ value: "True", since: NOW + 5_000 });
  });

  it("keeps entries in the order they were seen when lastTransitionTime is older than the last entry", () => {
    const s1 = observeFunction(first(), edit(stuck(), { statusState: "Active" }), null, NOW + 20_000).snapshot;
    // A lastTransitionTime truncated to the second lies before the state change seen above.
    const { entries } = observeFunction(s1, synced(stuck(), new Date(NOW + 19_000).toISOString()), null, NOW + 21_000);
    expect(Date.parse(entries[0].at)).toBe(NOW + 20_000);
  });

  it("records a reason or message change without moving `since`", () => {
    const s0 = first();
    const changed = edit(stuck(), {
      conditions: stuck().conditions.map((c) => (c.type === CONDITION.recoverable ? { ...c, message: "throttled" } : c)),
    });
    const { entries, snapshot } = observeFunction(s0, changed, null, NOW);
    expect(summary(entries)).toEqual([["condition", "condition:ACK.Recoverable", "True", "observed"]]);
    expect(snapshot.lanes["condition:ACK.Recoverable"].since).toBe(s0.lanes["condition:ACK.Recoverable"].since);
  });

  it("gives a value that comes back a new key, and the same transition the same key", () => {
    const s0 = first();
    const a = observeFunction(s0, synced(stuck(), new Date(NOW).toISOString()), null, NOW);
    const b = observeFunction(a.snapshot, stuck(), null, NOW + 1000);
    const c = observeFunction(b.snapshot, synced(stuck(), new Date(NOW + 2000).toISOString()), null, NOW + 2000);
    const again = observeFunction(s0, synced(stuck(), new Date(NOW).toISOString()), null, NOW + 5000);
    const syncedKeys = [a, c].map((o) => o.entries.find((e) => e.lane === "condition:ACK.ResourceSynced")?.key);
    expect(syncedKeys[0]).not.toBe(syncedKeys[1]);
    expect(again.entries.map((e) => e.key)).toEqual(a.entries.map((e) => e.key));
  });

  it("records spec changes, the deletion request (not as a spec change) and finalizer changes", () => {
    const s0 = first();
    const spec = observeFunction(s0, edit(stuck(), { generation: 2 }), null, NOW);
    expect(summary(spec.entries)).toEqual([["spec-change", "marker:generation", "2", "observed"]]);
    const del = observeFunction(spec.snapshot, edit(stuck(), { generation: 3, deletionTimestamp: new Date(NOW + 1000).toISOString() }), null, NOW + 1500);
    expect(summary(del.entries)).toEqual([["deletion-requested", "marker:deletion", new Date(NOW + 1000).toISOString(), "observed"]]);
    const extra = observeFunction(del.snapshot, edit(stuck(), { generation: 3, deletionTimestamp: new Date(NOW + 1000).toISOString(), finalizers: [ACK_FUNCTION_FINALIZER, "example.com/keep"] }), null, NOW + 2000);
    expect(summary(extra.entries)).toEqual([["finalizer-added", "marker:finalizer:example.com/keep", "example.com/keep", "observed"]]);
    const removed = observeFunction(extra.snapshot, edit(stuck(), { generation: 3, deletionTimestamp: new Date(NOW + 1000).toISOString(), finalizers: ["example.com/keep"] }), null, NOW + 3000);
    expect(summary(removed.entries)).toEqual([["finalizer-removed", `marker:finalizer:${ACK_FUNCTION_FINALIZER}`, ACK_FUNCTION_FINALIZER, "observed"]]);
  });

  it("starts over, with other keys, for the same uid created again (a simulated cluster made anew)", () => {
    const s0 = first();
    const again = edit(stuck(), { creationTimestamp: "2025-06-02T08:00:00.000Z" });
    const { entries } = observeFunction(s0, again, null, NOW);
    expect(entries[0]).toMatchObject({ kind: "created", at: "2025-06-02T08:00:00.000Z" });
    const before = observeFunction(null, stuck(), null, NOW).entries.map((e) => e.key);
    expect(entries.map((e) => e.key).some((k) => before.includes(k))).toBe(false);
  });

  it("starts over for a new object under the same name (another uid)", () => {
    const again = edit(stuck(), { uid: "another-uid" });
    const { entries } = observeFunction(first(), again, null, NOW);
    expect(entries[0]).toMatchObject({ kind: "created", uid: "another-uid" });
  });
});

describe("observeFunction: the AWS side", () => {
  it("seeds the live state from LastModified, then records changes", () => {
    const s0 = observeFunction(null, stuck(), null, NOW - 60_000).snapshot;
    const seeded = observeFunction(s0, stuck(), awsActive(), NOW);
    expect(summary(seeded.entries)).toEqual([
      ["aws-state", "aws:state", "Active", "reconstructed"],
      ["aws-last-update-status", "aws:lastUpdateStatus", "Successful", "reconstructed"],
    ]);
    expect(seeded.entries[0].at).toBe("2025-05-20T08:00:04.512Z");
    const gone = observeFunction(seeded.snapshot, stuck(), awsMissing(), NOW + 1000);
    expect(summary(gone.entries)).toEqual([
      ["aws-state", "aws:state", "NotFound", "observed"],
      ["aws-last-update-status", "aws:lastUpdateStatus", null, "observed"],
    ]);
  });

  it("ignores a failed read (the last known values stay)", () => {
    const s0 = observeFunction(null, stuck(), awsActive(), NOW).snapshot;
    expect(observeFunction(s0, stuck(), awsReadFailed(), NOW + 1000).entries).toEqual([]);
    expect(observeFunction(null, stuck(), awsReadFailed(), NOW).entries.some((e) => e.lane.startsWith("aws:"))).toBe(false);
  });
});

describe("observeGone", () => {
  it("infers the last finalizers' removal when a deleting object disappears", () => {
    const s0 = observeFunction(null, edit(stuck(), { deletionTimestamp: new Date(NOW - 1000).toISOString() }), null, NOW).snapshot;
    const gone = observeGone(s0, NOW + 1000)!;
    expect(summary(gone.entries)).toEqual([
      ["finalizer-removed", `marker:finalizer:${ACK_FUNCTION_FINALIZER}`, ACK_FUNCTION_FINALIZER, "observed"],
      ["deleted", "marker:lifecycle", null, "observed"],
    ]);
    expect(gone.entries[0].detail).toEqual({ inferred: true });
    expect(observeGone(gone.snapshot, NOW + 2000)).toBeNull();
  });

  it("records only the disappearance of an object that was not being deleted", () => {
    const s0: FunctionSnapshot = observeFunction(null, stuck(), null, NOW).snapshot;
    expect(summary(observeGone(s0, NOW + 1)!.entries)).toEqual([["deleted", "marker:lifecycle", null, "observed"]]);
    expect(observeGone(null, NOW)).toBeNull();
  });
});

describe("conditionsSeenOf", () => {
  it("gives the status of each condition lane and since when it holds, for the fleet to start from", () => {
    const s0 = observeFunction(null, stuck(), null, NOW).snapshot;
    expect(conditionsSeenOf(s0)).toEqual({
      [CONDITION.recoverable]: { status: "True", since: Date.parse("2025-06-02T11:59:20.000Z") },
      [CONDITION.synced]: { status: "Unknown", since: Date.parse("2025-06-02T11:59:20.000Z") },
    });
    // A reason or message change keeps the start; a removed condition is not listed.
    const later = observeFunction(s0, edit(stuck(), { conditions: [{ ...stuck().conditions[1], message: "another message" }] }), null, NOW + 60_000).snapshot;
    expect(conditionsSeenOf(later)).toEqual({ [CONDITION.synced]: { status: "Unknown", since: Date.parse("2025-06-02T11:59:20.000Z") } });
  });
});

describe("snapshotText", () => {
  it("gives back the same snapshot, lane keys with and without the object's prefix, without writing the prefix", () => {
    const snap = {
      version: 1 as const,
      cluster: "arn:aws:eks:eu-west-1:111122223333:cluster/prod",
      namespace: "team-a",
      name: "fn",
      uid: "uid-1",
      created: "2026-01-01T00:00:00Z",
      lanes: {
        "condition:Ready": { value: "True", reason: null, message: "ok", key: `arn:aws:eks:eu-west-1:111122223333:cluster/prod/uid-1/${Date.parse("2026-01-01T00:00:00Z")}/condition:Ready#abc123`, at: 1, since: 1 },
        "finalizer:x": { value: "x", reason: null, message: null, key: "#not/a/prefixed/key", at: 2, since: 2 },
        other: { value: null, reason: "r", message: null, key: "=another/cluster/uid-1/other#h", at: 3, since: 3 },
      },
      generation: 2,
      deletionTimestamp: null,
      finalizers: ["x"],
      lastAt: 3,
      gone: false,
    };
    const text = snapshotText(snap);
    expect(parseSnapshotText(text)).toEqual(snap);
    expect(text).not.toContain("uid-1/1767225600000/condition:Ready");
    const old = { ...snap, created: undefined, lanes: { a: { ...snap.lanes["condition:Ready"], key: `${snap.cluster}/uid-1/a#h` } } };
    expect(parseSnapshotText(snapshotText(old))).toEqual(JSON.parse(JSON.stringify(old)));
    expect(snapshotText(old).length).toBeLessThan(JSON.stringify(old).length);
  });
});
