import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./migrations";

/**
 * Opens (creating folder and file when needed) the SQLite database of the timeline store and
 * brings its schema up to date.
 * - WAL: readers (the API) never block the writer (the recorder), and a commit is one append.
 * - synchronous=FULL: a commit is on disk when it returns, so a crash of the process or of the
 *   machine loses nothing that was recorded (https://www.sqlite.org/pragma.html#pragma_synchronous).
 * - busy_timeout: a second process on the same file (a test, a CLI) waits instead of failing.
 */
export function openSqlite(file: string): Database.Database {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("busy_timeout = 5000");
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
