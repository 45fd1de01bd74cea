import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import type { AuditLike } from "@/lib/domain/timeline/events";
import { listedRowWire, type FunctionRow } from "@/lib/domain/wire/fleet";
import { makeEntry } from "@/test/make-entry";
import { makeRow } from "@/test/make-row";
import { RowIndex } from "../fleet/row-index";
import type { FleetEvent } from "../fleet/events";
import { LiveHub, type LiveEvent } from "./live-hub";

/** Plain fakes of the hub's sources: it only subscribes to them. */
function sources() {
  const fleetListeners = new Set<(e: FleetEvent) => void>();
  const entryListeners = new Set<(e: TimelineEntry[]) => void>();
  const auditListeners = new Set<(e: AuditLike) => void>();
  return {
    fleet: { subscribe: (fn: (e: FleetEvent) => void) => (fleetListeners.add(fn), () => fleetListeners.delete(fn)), clusterSummaries: () => [{ name: "c1", connected: true, lastSyncAt: null, functionCount: 0 }] },
    recorder: { onEntries: (fn: (e: TimelineEntry[]) => void) => (entryListeners.add(fn), () => entryListeners.delete(fn)) },
    audit: { subscribe: (fn: (e: AuditLike) => void) => (auditListeners.add(fn), () => auditListeners.delete(fn)) },
    fleetEmit: (e: FleetEvent) => fleetListeners.forEach((l) => l(e)),
    entries: (e: TimelineEntry[]) => entryListeners.forEach((l) => l(e)),
    audited: (a: AuditLike) => auditListeners.forEach((l) => l(a)),
    listenerCount: () => fleetListeners.size + entryListeners.size + auditListeners.size,
  };
}

const entry = (name: string, id: string): TimelineEntry =>
  makeEntry({ id, cluster: "c1", namespace: "ns", name, uid: "u", at: "2025-06-01T00:00:00.000Z", kind: "condition", lane: "condition:Ready", value: "True" });
const gone = (id: string): FleetEvent => ({ type: "row", id, row: null, facts: null, aws: null, rejected: false });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("LiveHub", () => {
  it("coalesces row changes per Function, keeps every timeline entry, and marks remediation", async () => {
    const hub = new LiveHub({ coalesceMs: 20, clustersThrottleMs: 20 });
    const src = sources();
    hub.attach(src);
    const seen: LiveEvent[] = [];
    hub.subscribe((e) => seen.push(e));
    src.fleetEmit(gone("c1/ns/a"));
    src.fleetEmit(gone("c1/ns/b"));
    src.fleetEmit(gone("c1/ns/a"));
    src.fleetEmit({ type: "summary", cluster: "c1" });
    src.entries([entry("a", "1"), entry("b", "2"), entry("a", "3")]);
    src.audited({ id: "x", at: "2025-06-01T00:00:01.000Z", requestId: "r", phase: "attempt", actor: { user: "alice" }, cluster: "c1", namespace: "ns", name: "a", uid: "u", action: "remove-finalizer", reason: "stuck", outcome: null, error: null, status: null });
    await wait(60);
    const summary = seen.map((e) => `${e.type}:${e.type === "row" ? JSON.parse(e.data).id : e.type === "timeline" ? `${JSON.parse(e.data).functionId}(${JSON.parse(e.data).entries.length})` : ""}`);
    expect(summary).toEqual(["timeline:c1/ns/a(2)", "timeline:c1/ns/b(1)", "timeline:c1/ns/a(1)", "row:c1/ns/a", "row:c1/ns/b", "clusters:"]);
    expect(JSON.parse(seen[2].data).entries[0]).toMatchObject({ kind: "remediation", value: "remove-finalizer" });
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    hub.stop();
    expect(src.listenerCount()).toBe(0);
  });

  it("keeps a first sight's reconstructed entries off the stream: history, not a change (the fleet's first list, GetFunction's first pass)", async () => {
    const hub = new LiveHub({ coalesceMs: 10 });
    const src = sources();
    hub.attach(src);
    const seen: LiveEvent[] = [];
    hub.subscribe((e) => seen.push(e));
    const seeded = (name: string, id: string): TimelineEntry => ({ ...entry(name, id), source: "reconstructed" });
    // A first list of 3,000 Functions: no timeline event at all (nor the reset a flood of them made).
    src.entries(Array.from({ length: 3_000 }, (_, i) => seeded(`f${i}`, String(i + 1))));
    expect(seen).toEqual([]);
    // A first sight seeds some lanes and observes others; an observed one is news.
    src.entries([seeded("a", "5001"), entry("a", "5002"), seeded("b", "5003")]);
    expect(seen.map((e) => e.type)).toEqual(["timeline"]);
    expect((JSON.parse(seen[0].data) as { entries: TimelineEntry[] }).entries.map((x) => x.id)).toEqual(["5002"]);
    hub.stop();
  });

  it("takes each row's JSON from the fleet's index (made once per row, shared with the list answers)", async () => {
    const hub = new LiveHub({ coalesceMs: 10 });
    const src = sources();
    const made: FunctionRow[] = [];
    const index = new RowIndex();
    const fleet = { ...src.fleet, index: { rowJson: (r: FunctionRow) => (made.push(r), index.rowJson(r)) } };
    hub.attach({ ...src, fleet });
    const seen: LiveEvent[] = [];
    hub.subscribe((e) => seen.push(e));
    const a = makeRow({ name: "a" });
    const b = makeRow({ name: "b" });
    src.fleetEmit({ type: "row", id: a.id, row: a, facts: null, aws: null, rejected: false });
    src.fleetEmit({ type: "row", id: b.id, row: b, facts: null, aws: null, rejected: false });
    src.fleetEmit(gone("c1/ns/c"));
    await wait(40);
    expect(made).toEqual([a, b]);
    // The same text as the payload made whole, its rows as lists carry them.
    expect(seen.map((e) => e.data)).toEqual([JSON.stringify({ id: a.id, row: listedRowWire(a) }), JSON.stringify({ id: b.id, row: listedRowWire(b) }), JSON.stringify({ id: "c1/ns/c", row: null })]);
    hub.stop();
  });

  it("sends one reset instead of a flood when a whole big fleet changes at once", async () => {
    const hub = new LiveHub({ coalesceMs: 10, bulkResetThreshold: 5 });
    const src = sources();
    hub.attach(src);
    for (let i = 0; i < 6; i++) src.fleetEmit(gone(`c1/ns/f${i}`));
    await wait(40);
    expect(hub.replay(`${hub.epoch}-0`)).toMatchObject({ events: [{ type: "reset" }] });
    hub.stop();
  });

  it("replays from the ring and says reset for what it cannot replay", () => {
    const hub = new LiveHub({ ringSize: 3 });
    for (let i = 0; i < 5; i++) hub.publish("row", { id: String(i), row: null });
    expect(hub.replay(null)).toEqual({ events: [] });
    expect(hub.replay(`${hub.epoch}-2`)).toMatchObject({ events: [{ seq: 3 }, { seq: 4 }, { seq: 5 }] });
    expect(hub.replay(`${hub.epoch}-5`)).toEqual({ events: [] });
    expect(hub.replay(`${hub.epoch}-1`)).toHaveProperty("reset");
    expect(hub.replay(`${hub.epoch}-9`)).toHaveProperty("reset");
    expect(hub.replay("otherepoch-3")).toHaveProperty("reset");
  });
});

describe("LiveHub's ring of recent events", () => {
  it("keeps exactly the last ringSize events through many more events than it holds", () => {
    const hub = new LiveHub({ ringSize: 100 });
    for (let n = 1; n <= 1_000; n++) {
      hub.publish("row", { id: `c/ns/f${n}`, row: null });
      if (n % 37 !== 0 && n !== 1_000) continue;
      const oldest = Math.max(1, n - 99);
      const all = hub.replay(`${hub.epoch}-${oldest - 1}`) as { events: LiveEvent[] };
      expect(all.events.map((e) => e.seq)).toEqual(Array.from({ length: n - oldest + 1 }, (_, i) => oldest + i));
      expect((hub.replay(`${hub.epoch}-${n - 5}`) as { events: LiveEvent[] }).events.map((e) => e.seq)).toEqual([n - 4, n - 3, n - 2, n - 1, n]);
      if (oldest > 1) expect(hub.replay(`${hub.epoch}-${oldest - 2}`)).toHaveProperty("reset");
    }
  });

  it("holds at most ringChars of event texts: older events go, a resume from them is told so", () => {
    const hub = new LiveHub({ coalesceMs: 20, clustersThrottleMs: 20, ringSize: 1_000, ringChars: 10_000 });
    const first = hub.publish("timeline", { entries: [], note: "x".repeat(3_000) } as never);
    for (let i = 0; i < 20; i++) hub.publish("timeline", { entries: [], note: "y".repeat(3_000) } as never);
    const last = hub.publish("timeline", { entries: [], note: "z".repeat(3_000) } as never);
    const kept = hub.replay(first.id) as { events?: LiveEvent[]; reset?: string };
    expect(kept.reset).toMatch(/no longer kept/);
    // What is kept is within the cap and ends with the newest event.
    const fromRecent = hub.replay(`${hub.epoch}-${last.seq - 3}`) as { events: LiveEvent[] };
    expect(fromRecent.events.map((e) => e.seq)).toEqual([last.seq - 2, last.seq - 1, last.seq]);
    // One event bigger than the cap is still kept (the newest always is).
    const big = hub.publish("timeline", { entries: [], note: "w".repeat(20_000) } as never);
    const fromBefore = hub.replay(`${hub.epoch}-${big.seq - 1}`) as { events: LiveEvent[] };
    expect(fromBefore.events.map((e) => e.seq)).toEqual([big.seq]);
  });
});
