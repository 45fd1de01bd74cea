/**
 * Statements whose text depends on a count of rows come in a few texts only (./sql-db.ts
 * sizedChunks): each SQLite connection keeps its prepared statements by text, and SQLite's
 * program of a multi-row INSERT grows with its rows (~0.7 MB for the timeline's 400 entries),
 * so one text per count filled the writer thread's statement cache with tens of MB.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FunctionSnapshot } from "@/lib/domain/timeline/observe";
import { entry } from "./__fixtures__/store-cases";
import { runStatements, sizedChunks, type SqlStatement } from "./sql-db";
import { SqliteDb, openSqlite } from "./sqlite-db";
import { SqlNotifiedStore } from "./sql-notified";
import { SqlTimelineStore } from "./sql-timeline";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function sqlite(): SqliteDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "statement-texts-"));
  dirs.push(dir);
  return new SqliteDb(openSqlite(path.join(dir, "history.db")));
}

const T0 = Date.parse("2025-06-01T00:00:00Z");
const snapshot = (uid: string): FunctionSnapshot => ({ version: 1, cluster: "c1", namespace: "ns", name: "fn", uid, lanes: {}, generation: 1, deletionTimestamp: null, finalizers: [], lastAt: 0, gone: false });

describe("sizedChunks", () => {
  it("keeps every item once, in order, in chunks of the size or of a power of two, at most log2(size) + 2 sizes for any count", () => {
    const sizes = new Set<number>();
    for (let n = 0; n <= 1_300; n++) {
      const items = Array.from({ length: n }, (_, i) => i);
      const parts = sizedChunks(items, 400);
      expect(parts.flat()).toEqual(items);
      for (const p of parts) {
        expect(p.length === 400 || Number.isInteger(Math.log2(p.length))).toBe(true);
        sizes.add(p.length);
      }
    }
    expect(sizes.size).toBeLessThanOrEqual(Math.floor(Math.log2(400)) + 2);
    expect(sizedChunks([], 400)).toEqual([]);
    expect(sizedChunks([1, 2, 3], 1)).toEqual([[1], [2], [3]]);
  });
});

describe("the timeline's and the notifications' writes", () => {
  it("store every entry of commits of 1 to 450 entries with at most 20 statement texts", async () => {
    const db = sqlite();
    const texts = new Set<string>();
    const write = (statements: SqlStatement[]) => {
      for (const s of statements) texts.add(s.sql);
      return runStatements(db, statements);
    };
    const timeline = new SqlTimelineStore(db, { write, offThread: true });
    let stored = 0;
    for (let n = 1; n <= 450; n += 1 + (n >> 4)) {
      const entries = Array.from({ length: n }, (_, i) => entry({ key: `k${n}-${i}`, at: T0 + i, uid: `uid-${i}` }));
      const inserted = await timeline.commit({ entries, snapshots: entries.map((e) => snapshot(e.uid)) });
      // Every entry is new: each comes back with its id, in the order of the ids.
      expect(inserted).toHaveLength(n);
      expect(inserted.map((e) => Number(e.id))).toEqual([...inserted.map((e) => Number(e.id))].sort((a, b) => a - b));
      stored += n;
    }
    const [{ count }] = await db.query<{ count: number }>("SELECT COUNT(*) AS count FROM timeline_entries");
    expect(count).toBe(stored);
    expect(texts.size).toBeLessThanOrEqual(20);
    await db.close();
  });

  it("save notified verdicts of 1 to 300 Functions with at most 20 statement texts", async () => {
    const db = sqlite();
    const texts = new Set<string>();
    const recording = Object.assign(Object.create(db) as SqliteDb, {
      transaction: <T>(fn: (tx: SqliteDb) => Promise<T>) =>
        db.transaction((tx) =>
          fn(Object.assign(Object.create(tx) as SqliteDb, { run: (sql: string, params?: readonly (string | number | null)[]) => (texts.add(sql), tx.run(sql, params)) })),
        ),
    });
    const notified = new SqlNotifiedStore(recording);
    for (let n = 1; n <= 300; n += 1 + (n >> 4)) {
      const ids = Array.from({ length: n }, (_, i) => `c1/ns/fn-${i}`);
      await notified.saveNotified(ids.map((id) => ({ id, cluster: "c1", verdict: "terminal" })), T0);
      expect((await notified.loadNotified()).length).toBeGreaterThanOrEqual(n);
      await notified.saveNotified(ids.map((id) => ({ id, cluster: "c1", verdict: null })), T0);
      expect(await notified.loadNotified()).toEqual([]);
    }
    expect(texts.size).toBeLessThanOrEqual(20);
    await db.close();
  });
});
