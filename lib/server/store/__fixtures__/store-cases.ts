/**
 * The store conformance suite: the same cases against every store (SQLite and PostgreSQL,
 * store.conformance.test.ts), through the interfaces the dashboard uses. `open` makes a new,
 * empty store; `raw` runs SQL on it directly, around the product's code (as an operator with the
 * dashboard's credentials could).
 */
import { describe, expect, it } from "vitest";
import type { NewTimelineEntry } from "@/lib/domain/timeline/entry";
import type { FunctionSnapshot } from "@/lib/domain/timeline/observe";
import type { Stores } from "../open";

export interface StoreUnderTest {
  open(): Promise<Stores>;
  raw(stores: Stores, sql: string): Promise<unknown>;
}

const T0 = Date.parse("2025-06-01T00:00:00Z");
const HOUR = 3_600_000;

export function entry(over: Omit<Partial<NewTimelineEntry>, "at"> & { key: string; at: number }): NewTimelineEntry {
  const { at, ...rest } = over;
  return {
    cluster: "c1",
    namespace: "ns",
    name: "fn",
    uid: "uid-1",
    observedAt: new Date(at).toISOString(),
    kind: "condition",
    lane: "condition:ACK.ResourceSynced",
    value: "True",
    reason: null,
    message: null,
    source: "observed",
    detail: null,
    ...rest,
    at: new Date(at).toISOString(),
  };
}

function snapshot(uid: string, gone = false): FunctionSnapshot {
  return { version: 1, cluster: "c1", namespace: "ns", name: "fn", uid, lanes: {}, generation: 1, deletionTimestamp: null, finalizers: [], lastAt: 0, gone };
}

const auditBase = {
  requestId: "req-1",
  phase: "attempt" as const,
  actor: { user: "alice", groups: ["operators"] },
  cluster: "c1",
  namespace: "ns",
  name: "fn",
  uid: "uid-1",
  action: "remove-finalizer" as const,
  reason: "stuck since the v1.7.3 Pending bug",
  preconditions: { resourceVersion: "42" },
  dryRun: null,
  outcome: null,
  error: null,
  status: null,
};

export function storeConformanceCases(sut: StoreUnderTest): void {
  const open = () => sut.open();

  describe("timeline entries", () => {
    it("ignores an entry whose key is already stored and returns only the new ones, with ids", async () => {
      const { timeline } = await open();
      const first = await timeline.commit({ entries: [entry({ key: "a", at: T0 }), entry({ key: "b", at: T0 + 1, value: "False" })], snapshots: [snapshot("uid-1")] });
      expect(first.map((e) => [e.value, typeof e.id])).toEqual([
        ["True", "string"],
        ["False", "string"],
      ]);
      const again = await timeline.commit({ entries: [entry({ key: "a", at: T0 }), entry({ key: "c", at: T0 + 2, value: "Unknown" })], snapshots: [] });
      expect(again.map((e) => e.value)).toEqual(["Unknown"]);
      const all = await timeline.timeline({ cluster: "c1", namespace: "ns", name: "fn" });
      expect(all.entries.map((e) => e.value)).toEqual(["True", "False", "Unknown"]);
    });

    it("answers a time range with the value each state lane had when it starts", async () => {
      const { timeline } = await open();
      await timeline.commit({
        entries: [
          entry({ key: "s1", at: T0, lane: "k8s:state", kind: "state", value: "Pending" }),
          entry({ key: "c1", at: T0 + 1 * HOUR, value: "False" }),
          entry({ key: "e1", at: T0 + 2 * HOUR, kind: "event", lane: "marker:event", value: "Warning" }),
          entry({ key: "c2", at: T0 + 5 * HOUR, value: "True" }),
          entry({ key: "other", at: T0 + 5 * HOUR, name: "other-fn" }),
        ],
        snapshots: [],
      });
      const r = await timeline.timeline({ cluster: "c1", namespace: "ns", name: "fn", since: T0 + 4 * HOUR, until: T0 + 6 * HOUR });
      // The state and the condition as they were at since; the old event is not a lane value.
      expect(r.entries.map((e) => `${e.lane}=${e.value}`)).toEqual(["k8s:state=Pending", "condition:ACK.ResourceSynced=False", "condition:ACK.ResourceSynced=True"]);
      expect(r.truncated).toBe(false);
      const none = await timeline.timeline({ cluster: "c1", namespace: "ns", name: "fn", since: T0 + 7 * HOUR });
      expect(none.entries.map((e) => e.value)).toEqual(["Pending", "True"]);
    });

    it("keeps the newest entries when a range holds more than the limit, and says so", async () => {
      const { timeline } = await open();
      const entries = Array.from({ length: 30 }, (_, i) => entry({ key: `k${i}`, at: T0 + i * 1000, value: i % 2 ? "True" : "False" }));
      await timeline.commit({ entries, snapshots: [] });
      const r = await timeline.timeline({ cluster: "c1", namespace: "ns", name: "fn", limit: 10 });
      expect(r.truncated).toBe(true);
      // 10 newest, plus the lane's value before the oldest of them.
      expect(r.entries).toHaveLength(11);
      expect(Date.parse(r.entries[10].at)).toBe(T0 + 29_000);
      expect(Date.parse(r.entries[0].at)).toBe(T0 + 19_000);
    });

    it("prunes old entries but keeps the start of each current value of a Function that exists", async () => {
      const { timeline } = await open();
      await timeline.commit({
        entries: [
          entry({ key: "old-false", at: T0, value: "False" }),
          entry({ key: "old-true", at: T0 + 1000, value: "True" }),
          entry({ key: "old-event", at: T0 + 2000, kind: "event", lane: "marker:event", value: "Normal" }),
          entry({ key: "gone-old", at: T0, uid: "uid-gone", name: "gone-fn" }),
          entry({ key: "new", at: T0 + 40 * 24 * HOUR, kind: "event", lane: "marker:event", value: "Warning" }),
        ],
        snapshots: [snapshot("uid-1"), snapshot("uid-gone", true)],
      });
      const result = await timeline.prune(T0 + 10 * 24 * HOUR);
      expect(result.entries).toBe(3);
      const left = await timeline.timeline({ cluster: "c1", namespace: "ns", name: "fn" });
      expect(left.entries.map((e) => e.value)).toEqual(["True", "Warning"]);
      expect((await timeline.loadSnapshots()).map((s) => s.uid)).toEqual(["uid-1"]);
    });

    it("gives a snapshot without its creation the time of its created entry", async () => {
      const { timeline } = await open();
      await timeline.commit({ entries: [entry({ key: "c", at: T0, kind: "created", lane: "marker:lifecycle", value: null })], snapshots: [snapshot("uid-1")] });
      expect((await timeline.loadSnapshots())[0].created).toBe(new Date(T0).toISOString());
    });

    it("round-trips snapshots, replacing them per Function", async () => {
      const { timeline } = await open();
      await timeline.commit({ entries: [], snapshots: [snapshot("uid-1")] });
      await timeline.commit({ entries: [], snapshots: [{ ...snapshot("uid-1"), generation: 7 }, snapshot("uid-2", true)] });
      expect(await timeline.loadSnapshots()).toEqual([{ ...snapshot("uid-1"), generation: 7 }]);
    });
  });

  describe("audit log", () => {
    it("appends with an id and a time, lists by Function, newest first, and tells listeners", async () => {
      const { audit } = await open();
      const heard: string[] = [];
      audit.subscribe((e) => heard.push(e.phase));
      const a = await audit.append({ ...auditBase, at: "2025-06-01T10:00:00Z" });
      await audit.append({ ...auditBase, phase: "outcome", outcome: "succeeded", status: 200, at: "2025-06-01T10:00:01Z" });
      await audit.append({ ...auditBase, name: "other", at: "2025-06-01T10:00:02Z" });
      expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.at).toBe("2025-06-01T10:00:00.000Z");
      const list = await audit.list({ cluster: "c1", namespace: "ns", name: "fn" });
      expect(list.map((e) => e.phase)).toEqual(["outcome", "attempt"]);
      expect(list[1]).toEqual(a);
      expect(await audit.list({ outcome: "succeeded" })).toHaveLength(1);
      expect((await audit.list({ since: "2025-06-01T10:00:01Z", limit: 1 })).map((e) => e.name)).toEqual(["other"]);
      expect(heard).toEqual(["attempt", "outcome", "attempt"]);
    });

    it("cannot be changed or deleted, even with SQL around the product", async () => {
      const s = await open();
      await s.audit.append(auditBase);
      await expect(sut.raw(s, "UPDATE audit_log SET reason = 'edited'")).rejects.toThrow(/append-only/);
      await expect(sut.raw(s, "DELETE FROM audit_log")).rejects.toThrow(/append-only/);
      expect(await s.audit.list({})).toHaveLength(1);
      expect((await s.audit.list({}))[0].reason).toBe(auditBase.reason);
    });
  });

  describe("pending approvals", () => {
    const approval = (id: string, createdAt: number, ttl = 60_000) => ({ id, requestId: `req-${id}`, createdAt, expiresAt: createdAt + ttl, payload: { who: "alice", n: 1 } });

    it("stores a request with its payload, finds it while it is pending, and lists the pending oldest first", async () => {
      const { approvals } = await open();
      expect(await approvals.add(approval("a", T0 + 1), 10)).toBe(true);
      expect(await approvals.add(approval("b", T0), 10)).toBe(true);
      expect(await approvals.find("a", T0 + 10)).toEqual({ state: "pending", approval: approval("a", T0 + 1) });
      expect((await approvals.listPending(T0 + 10)).map((a) => a.id)).toEqual(["b", "a"]);
      expect(await approvals.find("nope", T0)).toBeNull();
    });

    it("enforces expiry: an expired request is never pending and cannot be taken, and expire() hands it out once", async () => {
      const { approvals } = await open();
      await approvals.add(approval("a", T0, 1_000), 10);
      await approvals.add(approval("b", T0, 5_000), 10);
      const later = T0 + 2_000;
      expect(await approvals.find("a", later)).toEqual({ state: "expired" });
      expect(await approvals.take("a", later)).toBeNull();
      expect((await approvals.listPending(later)).map((a) => a.id)).toEqual(["b"]);
      expect((await approvals.expire(later)).map((a) => a.id)).toEqual(["a"]);
      expect(await approvals.expire(later)).toEqual([]);
      expect(await approvals.find("a", later)).toEqual({ state: "expired" });
    });

    it("lets exactly one of many concurrent takers have a request", async () => {
      const { approvals } = await open();
      await approvals.add(approval("a", T0), 10);
      const takes = await Promise.all(Array.from({ length: 8 }, () => approvals.take("a", T0 + 1)));
      expect(takes.filter(Boolean)).toHaveLength(1);
      expect(await approvals.find("a", T0 + 2)).toEqual({ state: "used" });
      expect(await approvals.expire(T0 + 120_000)).toEqual([]);
    });

    it("refuses a request past the cap of pending ones", async () => {
      const { approvals } = await open();
      expect(await approvals.add(approval("a", T0), 2)).toBe(true);
      expect(await approvals.add(approval("b", T0), 2)).toBe(true);
      expect(await approvals.add(approval("c", T0), 2)).toBe(false);
      expect(await approvals.add(approval("d", T0 + 120_000), 2)).toBe(true);
    });
  });

  describe("rate limits", () => {
    it("allows perMinute takes per key, then refuses with a Retry-After (the first refusal marked), and refills with time", async () => {
      const { rateLimits } = await open();
      const take = (key: string, now: number) => rateLimits.take(key, 3, now);
      expect([await take("a", T0), await take("a", T0), await take("a", T0)].every((d) => d.ok)).toBe(true);
      expect(await take("a", T0)).toEqual({ ok: false, retryAfterSeconds: 20, firstRefusal: true });
      expect(await take("a", T0)).toMatchObject({ ok: false, firstRefusal: false });
      expect((await take("b", T0)).ok).toBe(true);
      expect((await take("a", T0 + 20_000)).ok).toBe(true);
      expect(await take("a", T0 + 20_000)).toMatchObject({ ok: false, firstRefusal: true });
    });

    it("never hands out more tokens than the bucket holds to concurrent takers", async () => {
      const { rateLimits } = await open();
      const decisions = await Promise.all(Array.from({ length: 12 }, () => rateLimits.take("burst", 5, T0)));
      expect(decisions.filter((d) => d.ok)).toHaveLength(5);
    });
  });

  describe("change feed positions", () => {
    it("reads timeline entries and audit entries after a position, in order, up to a bound", async () => {
      const s = await open();
      expect(await s.timeline.lastEntryId()).toBe(0);
      expect(await s.audit.lastSeq()).toBe(0);
      const first = await s.timeline.commit({ entries: [entry({ key: "a", at: T0 }), entry({ key: "b", at: T0 + 1, value: "False" })], snapshots: [] });
      const second = await s.timeline.commit({ entries: [entry({ key: "c", at: T0 + 2, value: "Unknown" })], snapshots: [] });
      const last = await s.timeline.lastEntryId();
      expect(String(last)).toBe(second[0].id);
      expect((await s.timeline.entriesAfter(Number(first[0].id), last, 100)).map((e) => e.value)).toEqual(["False", "Unknown"]);
      expect((await s.timeline.entriesAfter(0, Number(first[1].id), 100)).map((e) => e.value)).toEqual(["True", "False"]);
      await s.audit.append({ ...auditBase, at: "2025-06-01T10:00:00Z" });
      await s.audit.append({ ...auditBase, phase: "outcome", outcome: "succeeded", status: 200 });
      const seq = await s.audit.lastSeq();
      expect((await s.audit.entriesAfter(seq - 1, seq, 10)).map((e) => e.entry.phase)).toEqual(["outcome"]);
      expect((await s.audit.entriesAfter(0, seq, 10)).map((e) => `${e.entry.phase}@${e.seq}`)).toEqual([`attempt@${seq - 1}`, `outcome@${seq}`]);
    });
  });

  describe("batches", () => {
    const ACTIVE = ["previewing", "running", "pending-approval", "stopping"];
    const batch = (id: string, status: string, at: number) => ({ id, kind: "run", status, createdAt: at, body: JSON.stringify({ id, items: [] }), runner: "r1" });

    it("keeps a batch's body, lists newest first, caps the active ones and forgets old finished ones", async () => {
      const { batches } = await open();
      expect(await batches.insert(batch("a", "running", T0), ACTIVE, 2, 1)).toBe(true);
      expect(await batches.insert(batch("b", "pending-approval", T0 + 1), ACTIVE, 2, 1)).toBe(true);
      expect(await batches.insert(batch("c", "running", T0 + 2), ACTIVE, 2, 1)).toBe(false);
      expect(await batches.get("a")).toMatchObject({ id: "a", kind: "run", status: "running", createdAt: T0, updatedAt: T0, body: JSON.stringify({ id: "a", items: [] }), stopRequestedBy: null, usedBy: null, runner: "r1" });
      expect(await batches.get("c")).toBeNull();
      expect((await batches.list(10)).map((b) => b.id)).toEqual(["b", "a"]);
      await batches.update("a", { status: "done", body: "{}", updatedAt: T0 + 3, runner: null });
      await batches.update("b", { status: "expired", body: "{}", updatedAt: T0 + 3 });
      expect(await batches.insert(batch("d", "running", T0 + 4), ACTIVE, 2, 1)).toBe(true);
      // Of the two finished ones, the newest is kept.
      expect((await batches.list(10)).map((b) => b.id)).toEqual(["d", "b"]);
      expect((await batches.get("b"))?.runner).toBe("r1");
    });

    it("moves a batch from a status once among concurrent writers, and keeps the stop and the claim apart from the body", async () => {
      const { batches } = await open();
      await batches.insert(batch("a", "pending-approval", T0), ACTIVE, 20, 200);
      const moves = await Promise.all(Array.from({ length: 6 }, (_, i) => batches.update("a", { status: "running", body: `{"by":${i}}`, updatedAt: T0 + 1, runner: `r${i}` }, ["pending-approval"])));
      expect(moves.filter(Boolean)).toHaveLength(1);
      expect(await batches.requestStop("a", "alice")).toBe(true);
      expect(await batches.requestStop("a", "bob")).toBe(true);
      expect(await batches.requestStop("nope", "bob")).toBe(false);
      await batches.update("a", { status: "stopping", body: "{}", updatedAt: T0 + 2 });
      expect(await batches.get("a")).toMatchObject({ status: "stopping", stopRequestedBy: "alice" });
      const claims = await Promise.all(["r1", "r2", "r3"].map((run) => batches.claim("a", run)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await batches.get("a"))?.usedBy).toBe(["r1", "r2", "r3"][claims.indexOf(true)]);
    });

    it("finds the running batches nobody wrote for a while", async () => {
      const { batches } = await open();
      await batches.insert(batch("old", "running", T0), ACTIVE, 20, 200);
      await batches.insert(batch("fresh", "running", T0), ACTIVE, 20, 200);
      await batches.insert(batch("waiting", "pending-approval", T0), ACTIVE, 20, 200);
      await batches.update("fresh", { status: "running", body: "{}", updatedAt: T0 + 60_000 });
      expect((await batches.stale(["running", "stopping"], T0 + 30_000, 10)).map((b) => b.id)).toEqual(["old"]);
    });
  });

  describe("notified verdicts", () => {
    it("keeps the verdict last notified per Function across a reopen, replaces it, and forgets a Function that left", async () => {
      const s = await open();
      expect(await s.notified.loadNotified()).toEqual([]);
      await s.notified.saveNotified(
        [
          { id: "c1/ns/a", cluster: "c1", verdict: "stuck" },
          { id: "c1/ns/b", cluster: "c1", verdict: "deletion-blocked" },
          { id: "arn:aws:eks:eu-west-1:123456789012:cluster/prod/ns/c", cluster: "arn:aws:eks:eu-west-1:123456789012:cluster/prod", verdict: "terminal" },
        ],
        T0,
      );
      // One change set: a replaced verdict, a Function that left, a Function named twice (the last wins).
      await s.notified.saveNotified(
        [
          { id: "c1/ns/a", cluster: "c1", verdict: "deletion-blocked" },
          { id: "c1/ns/b", cluster: "c1", verdict: null },
          { id: "c1/ns/d", cluster: "c1", verdict: "failed" },
          { id: "c1/ns/d", cluster: "c1", verdict: "terminal" },
        ],
        T0 + HOUR,
      );
      expect(await s.notified.loadNotified()).toEqual([
        { id: "arn:aws:eks:eu-west-1:123456789012:cluster/prod/ns/c", cluster: "arn:aws:eks:eu-west-1:123456789012:cluster/prod", verdict: "terminal", at: T0 },
        { id: "c1/ns/a", cluster: "c1", verdict: "deletion-blocked", at: T0 + HOUR },
        { id: "c1/ns/d", cluster: "c1", verdict: "terminal", at: T0 + HOUR },
      ]);
      await s.notified.saveNotified([], T0 + 2 * HOUR);
      expect(await s.notified.loadNotified()).toHaveLength(3);
    });

    it("saves a burst of many Functions in one call, and removes them in one call", async () => {
      const s = await open();
      const burst = Array.from({ length: 1200 }, (_, i) => ({ id: `c1/ns/fn-${i}`, cluster: "c1", verdict: "stuck" as const }));
      await s.notified.saveNotified(burst, T0);
      expect(await s.notified.loadNotified()).toHaveLength(1200);
      await s.notified.saveNotified(burst.map((b) => ({ ...b, verdict: null })), T0 + 1);
      expect(await s.notified.loadNotified()).toEqual([]);
    });
  });
}
