import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { NewTimelineEntry } from "@/lib/domain/timeline/entry";
import type { FunctionSnapshot } from "@/lib/domain/timeline/observe";
import { MIGRATIONS, migrate } from "./migrations";
import { openStores, parseStoreLocation, type Stores } from "./open";

const T0 = Date.parse("2025-06-01T00:00:00Z");
const HOUR = 3_600_000;
let opened: Stores[] = [];

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "history-store-")), "nested", "history.db");
}
function open(file = tempFile()): Stores {
  const s = openStores(`sqlite:${file}`);
  opened.push(s);
  return s;
}
afterEach(() => {
  for (const s of opened) s.close();
  opened = [];
});

function entry(over: Omit<Partial<NewTimelineEntry>, "at"> & { key: string; at: number }): NewTimelineEntry {
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

describe("SQLite timeline store: file, WAL and migrations", () => {
  it("creates the folder, uses WAL and records each migration once", () => {
    const file = tempFile();
    open(file).close();
    opened = [];
    const again = open(file);
    void again;
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    const versions = db.prepare("SELECT version FROM schema_migrations ORDER BY version").all() as Array<{ version: number }>;
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
  });

  it("applies only the new migrations and refuses a database from a newer dashboard", () => {
    const db = new Database(":memory:");
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toEqual([1]);
    expect(migrate(db)).toEqual([2, 3]);
    expect(migrate(db)).toEqual([]);
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'x')").run();
    expect(() => migrate(db)).toThrow(/schema version 99, newer than this dashboard knows/);
    db.close();
  });

  it("refuses postgres:// with a clear message, never echoing the URL", () => {
    expect(() => openStores("postgres://admin:hunter2@db.example:5432/fleet")).toThrow(/postgres:\/\/ store is not implemented yet/);
    try {
      openStores("postgresql://admin:hunter2@db/x");
    } catch (err) {
      expect((err as Error).message).not.toContain("hunter2");
    }
    expect(() => parseStoreLocation("mysql://x")).toThrow(/must be sqlite:<path>/);
    expect(parseStoreLocation("sqlite:.data/history.db")).toEqual({ kind: "sqlite", file: ".data/history.db" });
  });
});

describe("SQLite timeline store: entries", () => {
  it("ignores an entry whose key is already stored and returns only the new ones, with ids", async () => {
    const { timeline } = open();
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
    const { timeline } = open();
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
    const { timeline } = open();
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
    const { timeline } = open();
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
    const { timeline } = open();
    await timeline.commit({ entries: [entry({ key: "c", at: T0, kind: "created", lane: "marker:lifecycle", value: null })], snapshots: [snapshot("uid-1")] });
    expect((await timeline.loadSnapshots())[0].created).toBe(new Date(T0).toISOString());
  });

  it("round-trips snapshots, replacing them per Function", async () => {
    const { timeline } = open();
    await timeline.commit({ entries: [], snapshots: [snapshot("uid-1")] });
    await timeline.commit({ entries: [], snapshots: [{ ...snapshot("uid-1"), generation: 7 }, snapshot("uid-2", true)] });
    expect(await timeline.loadSnapshots()).toEqual([{ ...snapshot("uid-1"), generation: 7 }]);
  });
});

describe("SQLite audit log", () => {
  const base = {
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

  it("appends with an id and a time, lists by Function, newest first, and tells listeners", () => {
    const { audit } = open();
    const heard: string[] = [];
    audit.subscribe((e) => heard.push(e.phase));
    const a = audit.append({ ...base, at: "2025-06-01T10:00:00Z" });
    audit.append({ ...base, phase: "outcome", outcome: "succeeded", status: 200, at: "2025-06-01T10:00:01Z" });
    audit.append({ ...base, name: "other", at: "2025-06-01T10:00:02Z" });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.at).toBe("2025-06-01T10:00:00.000Z");
    const list = audit.list({ cluster: "c1", namespace: "ns", name: "fn" });
    expect(list.map((e) => e.phase)).toEqual(["outcome", "attempt"]);
    expect(list[1]).toEqual(a);
    expect(audit.list({ outcome: "succeeded" })).toHaveLength(1);
    expect(audit.list({ since: "2025-06-01T10:00:01Z", limit: 1 }).map((e) => e.name)).toEqual(["other"]);
    expect(heard).toEqual(["attempt", "outcome", "attempt"]);
  });

  it("cannot be changed or deleted, even with SQL", () => {
    const file = tempFile();
    const { audit } = open(file);
    audit.append(base);
    const db = new Database(file);
    expect(() => db.prepare("UPDATE audit_log SET reason = 'edited'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
    expect((db.prepare("SELECT COUNT(*) AS n FROM audit_log").get() as { n: number }).n).toBe(1);
    db.close();
  });
});
