import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS, migrate } from "./migrations";
import { openStores, parseStoreLocation, type Stores } from "./open";

let opened: Stores[] = [];

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "history-store-")), "nested", "history.db");
}
function open(file = tempFile()): Stores {
  const s = openStores(`sqlite:${file}`);
  opened.push(s);
  return s;
}
afterEach(async () => {
  for (const s of opened) await s.close();
  opened = [];
});



describe("SQLite timeline store: file, WAL and migrations", () => {
  it("creates the folder, uses WAL and records each migration once", async () => {
    const file = tempFile();
    await open(file).close();
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
    expect(migrate(db)).toEqual([2, 3, 4, 5]);
    expect(migrate(db)).toEqual([]);
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'x')").run();
    expect(() => migrate(db)).toThrow(/schema version 99, newer than this dashboard knows/);
    db.close();
  });

  it("reads postgres:// and sqlite: locations, and refuses anything else without echoing it", () => {
    expect(parseStoreLocation("postgresql://admin:hunter2@db/x")).toEqual({ kind: "postgres", url: "postgresql://admin:hunter2@db/x" });
    try {
      parseStoreLocation("mysql://admin:hunter2@db/x");
    } catch (err) {
      expect((err as Error).message).not.toContain("hunter2");
    }
    expect(() => parseStoreLocation("mysql://x")).toThrow(/must be sqlite:<path>/);
    expect(parseStoreLocation("sqlite:.data/history.db")).toEqual({ kind: "sqlite", file: ".data/history.db" });
  });
});

