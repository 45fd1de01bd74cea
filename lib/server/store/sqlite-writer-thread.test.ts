/**
 * The timeline's SQLite writes on their own thread (sqlite-writer-thread.ts), on real files:
 * the event loop runs while a write waits for the database, every entry lands once and in the
 * order handed over, a close commits what was handed over, and a thread that cannot start
 * leaves the writes to the main connection.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { entry } from "./__fixtures__/store-cases";
import { openStores, type Stores } from "./open";
import { SqlTimelineStore } from "./sql-timeline";
import { openSqlite, SqliteDb } from "./sqlite-db";
import { SqliteWriterThread } from "./sqlite-writer-thread";

const T0 = Date.parse("2025-06-01T00:00:00Z");
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "writer-thread-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, "history.db");
}

function open(file: string): Stores {
  const stores = openStores(`sqlite:${file}`, { log: () => {} });
  cleanups.push(() => stores.close());
  return stores;
}

const batchOf = (n: number, from: number) => ({
  entries: Array.from({ length: n }, (_, i) => entry({ key: `k${from + i}`, at: T0 + from + i, name: `fn-${(from + i) % 7}` })),
  snapshots: [],
});

/** The key an entry of batchOf was made with (the wire entry carries its time, not its key). */
const keyOf = (e: { at: string }) => `k${Date.parse(e.at) - T0}`;

function storedKeys(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT dedup_key FROM timeline_entries ORDER BY id").all() as Array<{ dedup_key: string }>).map((r) => r.dedup_key);
  } finally {
    db.close();
  }
}

describe("SQLite timeline writes on their own thread", () => {
  it("keeps the event loop running while a write waits for the database's write lock", async () => {
    const file = tempFile();
    const { timeline } = open(file);
    await timeline.commit(batchOf(1, 0)); // the thread is up
    // Another connection holds the write lock: on the main thread the write would wait in
    // SQLite's busy handler (busy_timeout, 5 s) and hold the event loop all that time.
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE");
    let settled = false;
    const write = timeline.commit(batchOf(3, 1)).finally(() => (settled = true));
    let turns = 0;
    const started = Date.now();
    while (Date.now() - started < 300) {
      await new Promise((r) => setTimeout(r, 5));
      turns++;
    }
    expect(settled).toBe(false);
    expect(turns).toBeGreaterThan(10);
    other.exec("COMMIT");
    other.close();
    expect((await write).map(keyOf)).toEqual(["k1", "k2", "k3"]);
  });

  it("lands every entry once, with ids in the order the writes were handed over", async () => {
    const file = tempFile();
    const { timeline } = open(file);
    // 30 writes in flight at once, each repeating 10 keys of the write before it.
    const writes = Array.from({ length: 30 }, (_, w) => timeline.commit(batchOf(110, w === 0 ? 0 : w * 100 - 10)));
    const results = await Promise.all(writes);
    const ids = results.flat().map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const expected = Array.from({ length: 30 * 100 }, (_, i) => `k${i}`);
    expect(results.flat().map(keyOf)).toEqual(expected);
    expect(storedKeys(file)).toEqual(expected);
    // What the thread committed is there for the main connection's readers at once.
    const read = await timeline.timeline({ cluster: "c1", namespace: "ns", name: "fn-3", limit: 20_000 });
    expect(read.entries.length).toBe(expected.filter((_, i) => i % 7 === 3).length);
  });

  it("commits every write handed over before close() returns", async () => {
    const file = tempFile();
    const stores = openStores(`sqlite:${file}`, { log: () => {} });
    const writes = Array.from({ length: 20 }, (_, w) => stores.timeline.commit(batchOf(50, w * 50)));
    await stores.close();
    expect((await Promise.all(writes)).flat()).toHaveLength(1_000);
    expect(storedKeys(file)).toHaveLength(1_000);
  });

  it("writes on the main connection when the thread cannot start, losing nothing", async () => {
    const file = tempFile();
    const main = new SqliteDb(openSqlite(file));
    const lines: string[] = [];
    const thread = new SqliteWriterThread({ file, fallback: main, log: (l) => lines.push(l), module: "no-such-sqlite-module" });
    cleanups.push(async () => {
      await thread.close();
      await main.close();
    });
    const store = new SqlTimelineStore(main, thread);
    expect(store.writesOffLoop).toBe(true);
    // The write handed to the thread fails (nothing was applied); the recorder writes it again.
    await expect(store.commit(batchOf(2, 0))).rejects.toThrow(/writer thread/);
    expect(store.writesOffLoop).toBe(false);
    expect((await store.commit(batchOf(2, 0))).map(keyOf)).toEqual(["k0", "k1"]);
    expect(lines).toEqual([expect.stringMatching(/not available, writing on the main thread/)]);
    expect(storedKeys(file)).toEqual(["k0", "k1"]);
  });

  it("keeps the writer's page cache at SQLite's 2 MB, not better-sqlite3's 16 MB (its pages stay resident in the thread's arena)", async () => {
    const file = tempFile();
    const main = new SqliteDb(openSqlite(file));
    const thread = new SqliteWriterThread({ file, fallback: main, log: () => {} });
    cleanups.push(async () => {
      await thread.close();
      await main.close();
    });
    const [answer] = await thread.write([{ sql: "PRAGMA cache_size", params: [], rows: true }]);
    expect(answer.rows).toEqual([{ cache_size: -2000 }]);
    // The main connection keeps better-sqlite3's default: it serves the timeline's reads.
    const reader = openSqlite(file);
    expect(reader.pragma("cache_size", { simple: true })).toBe(-16000);
    reader.close();
  });
});
