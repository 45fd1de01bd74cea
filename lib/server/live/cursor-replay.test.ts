/**
 * Resuming a stream on another replica (./cursor-replay.ts) with plain fakes: two hubs, each with
 * its own change feed over one shared list of committed entries, as two replicas on one store.
 */
import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import type { AuditEntry } from "../store/audit";
import { makeEntry } from "@/test/make-entry";
import type { FleetEvent } from "../fleet/events";
import { LiveHub, type LiveEvent, type Replay } from "./live-hub";
import { parseEventId, type StorePosition } from "./resume-cursor";

const committed: TimelineEntry[] = [];
const audited: Array<{ seq: number; entry: AuditEntry }> = [];
const entry = (id: number, name: string): TimelineEntry =>
  makeEntry({ id: String(id), cluster: "c1", namespace: "ns", name, uid: "u", at: "2025-06-01T00:00:00.000Z", kind: "condition", lane: "condition:Ready", value: `v${id}` });

/** One replica: a hub attached to its own feed (handed: how far it read) over the shared store. */
function replica(clock: { t: number }, opts: { resumeLimit?: number; ringSize?: number } = {}) {
  const fleetListeners = new Set<(e: FleetEvent) => void>();
  const entryListeners = new Set<(e: TimelineEntry[]) => void>();
  const auditListeners = new Set<(e: AuditEntry) => void>();
  const handed: StorePosition = { timeline: 0, audit: 0 };
  const hub = new LiveHub({ coalesceMs: 1, clustersThrottleMs: 0, now: () => clock.t, ...opts });
  hub.attach({
    fleet: { subscribe: (fn) => (fleetListeners.add(fn), () => fleetListeners.delete(fn)), clusterSummaries: () => [{ name: "c1", connected: true, lastSyncAt: null, functionCount: 2 }] },
    recorder: { onEntries: (fn) => (entryListeners.add(fn), () => entryListeners.delete(fn)) },
    audit: { subscribe: (fn) => (auditListeners.add(fn as (e: AuditEntry) => void), () => auditListeners.delete(fn as (e: AuditEntry) => void)) },
    resume: {
      handed: () => ({ ...handed }),
      timelineAfter: async (a, b, limit) => committed.filter((e) => Number(e.id) > a && Number(e.id) <= b).slice(0, limit),
      auditAfter: async (a, b, limit) => audited.filter((e) => e.seq > a && e.seq <= b).slice(0, limit),
    },
  });
  const seen: LiveEvent[] = [];
  hub.subscribe((e) => seen.push(e));
  return {
    hub,
    seen,
    /** The feed reads everything committed after where it stands, as ChangeFeed does. */
    read() {
      const fresh = committed.filter((e) => Number(e.id) > handed.timeline);
      if (fresh.length) {
        handed.timeline = Number(fresh[fresh.length - 1].id);
        entryListeners.forEach((l) => l(fresh));
      }
      for (const a of audited.filter((x) => x.seq > handed.audit)) {
        handed.audit = a.seq;
        auditListeners.forEach((l) => l(a.entry));
      }
    },
    row: (name: string) => fleetListeners.forEach((l) => l({ type: "row", id: `c1/ns/${name}`, row: null, facts: null, aws: null, rejected: false })),
  };
}

const flush = () => new Promise((r) => setTimeout(r, 10));
const ids = (events: LiveEvent[]) => events.flatMap((e) => (e.type === "timeline" ? (JSON.parse(e.data) as { entries: TimelineEntry[] }).entries.map((x) => x.id) : []));
const rowsOf = (events: LiveEvent[]) => events.flatMap((e) => (e.type === "row" ? [(JSON.parse(e.data) as { id: string }).id] : []));
const settle = async (r: Replay | Promise<Replay>) => await r;

describe("resuming a stream on another replica", () => {
  it("sends exactly the entries missed, the rows changed since, and the summaries, with no reset", async () => {
    committed.length = audited.length = 0;
    const clock = { t: 100_000 };
    const a = replica(clock);
    const b = replica(clock);
    clock.t += 10_000;
    // Interleaved Functions: runs in id order, so the position after each event is exact.
    committed.push(entry(1, "f"), entry(2, "g"), entry(3, "f"));
    a.read();
    b.read();
    expect(a.seen.map((e) => `${JSON.parse(e.data).functionId}:${e.position?.timeline}`)).toEqual(["c1/ns/f:1", "c1/ns/g:2", "c1/ns/f:3"]);
    const lastSeen = a.seen[1]; // the client saw entries 1 and 2 on a, then lost the connection
    clock.t += 1_000;
    a.row("f");
    b.row("f");
    await flush();
    clock.t += 10_000;
    committed.push(entry(4, "g"));
    audited.push({ seq: 1, entry: { id: "x", at: "2025-06-01T00:00:01.000Z", requestId: "r", phase: "attempt", actor: { user: "alice", groups: [] }, cluster: "c1", namespace: "ns", name: "g", uid: "u", action: "remove-finalizer", reason: "stuck", preconditions: {}, dryRun: null, outcome: null, error: null, status: null } });
    a.read();
    b.read();
    b.row("g");
    await flush();
    const replay = await settle(b.hub.replay(lastSeen.id));
    if ("reset" in replay) throw new Error(replay.reset);
    expect(ids(replay.events)).toEqual(["3", "4", "audit:x"]);
    expect(rowsOf(replay.events)).toEqual(["c1/ns/f", "c1/ns/g"]);
    expect(replay.events.at(-1)?.type).toBe("clusters");
    // Every replayed id resumes by cursor, anywhere; the hello's stands after all of it.
    expect(replay.events.every((e) => parseEventId(e.id)?.epoch === "g")).toBe(true);
    expect(parseEventId(replay.helloId!)?.cursor?.position).toEqual({ timeline: 4, audit: 1 });
    // The same id on its own replica: the ring, as before.
    expect(ids((a.hub.replay(lastSeen.id) as { events: LiveEvent[] }).events)).toEqual(["3", "4", "audit:x"]);
  });

  it("leaves out live entries the client already has when this replica's feed is behind", async () => {
    committed.length = audited.length = 0;
    const clock = { t: 100_000 };
    const a = replica(clock);
    const b = replica(clock);
    clock.t += 10_000;
    committed.push(entry(1, "f"), entry(2, "f"), entry(3, "g"));
    a.read();
    const replay = await settle(b.hub.replay(a.seen.at(-1)!.id));
    if ("reset" in replay) throw new Error(replay.reset);
    expect(ids(replay.events)).toEqual([]);
    committed.push(entry(4, "g"));
    b.read(); // b now hands 1..4: the client has 1..3
    const live = b.seen.map((e) => replay.live!(e)).filter((e): e is LiveEvent => e !== null);
    expect(ids(live)).toEqual(["4"]);
    expect(live.map((e) => parseEventId(e.id)?.cursor?.position.timeline)).toEqual([4]);
  });

  it("says reset when it cannot know what was missed", async () => {
    committed.length = audited.length = 0;
    const clock = { t: 100_000 };
    const a = replica(clock);
    clock.t += 10_000;
    committed.push(entry(1, "f"));
    a.read();
    const late = replica(clock); // started after the client's last event
    expect(await settle(late.hub.replay(a.seen[0].id))).toHaveProperty("reset");
    const b = replica({ t: 100_000 }, { resumeLimit: 2 });
    committed.push(entry(2, "f"), entry(3, "g"), entry(4, "f"));
    b.read();
    expect(await settle(b.hub.replay(a.seen[0].id))).toMatchObject({ reset: expect.stringContaining("too many") });
    expect(await settle(b.hub.replay("not an id"))).toHaveProperty("reset");
  });

  it("leaves a first sight's reconstructed entries out of the live runs; the runs sent keep their exact positions", async () => {
    const a = replica({ t: 1_000 });
    // What earlier tests committed is read first: only this test's entries are looked at.
    a.read();
    a.seen.length = 0;
    const base = committed.length ? Number(committed[committed.length - 1].id) : 0;
    const seeded = (id: number, name: string): TimelineEntry => ({ ...entry(id, name), source: "reconstructed" });
    committed.push(seeded(base + 1, "p"), entry(base + 2, "p"), seeded(base + 3, "q"), seeded(base + 4, "r"), entry(base + 5, "r"));
    a.read();
    const timeline = a.seen.filter((e) => e.type === "timeline");
    expect(ids(timeline)).toEqual([String(base + 2), String(base + 5)]);
    expect(timeline.map((e) => parseEventId(e.id)!.cursor!.position.timeline)).toEqual([base + 2, base + 5]);
    a.hub.stop();
  });

  it("resumes by cursor on its own replica once the ring no longer holds the id", async () => {
    committed.length = audited.length = 0;
    const clock = { t: 100_000 };
    const a = replica(clock, { ringSize: 2 });
    clock.t += 10_000;
    for (let i = 1; i <= 4; i++) {
      committed.push(entry(i, i % 2 ? "f" : "g"));
      a.read();
    }
    const replay = await settle(a.hub.replay(a.seen[0].id));
    if ("reset" in replay) throw new Error(replay.reset);
    expect(ids(replay.events)).toEqual(["2", "3", "4"]);
  });
});
