import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./migrations";
import type { SqlDb, SqlValue } from "./sql-db";

/**
 * Opens (creating folder and file when needed) the SQLite database of the stores and brings its
 * schema up to date.
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

/**
 * SqlDb on one better-sqlite3 connection. Its calls are synchronous, but a transaction's body
 * is async (the same code runs on PostgreSQL): while one is open, every other call waits for it,
 * so nothing else lands inside it on this shared connection.
 */
export class SqliteDb implements SqlDb {
  readonly dialect = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();
  private open: Promise<void> | null = null;

  constructor(readonly db: Database.Database) {}

  async query<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    while (this.open) await this.open;
    return this.querySync<T>(sql, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    while (this.open) await this.open;
    return this.runSync(sql, params);
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    while (this.open) await this.open;
    let release = () => {};
    this.open = new Promise<void>((r) => (release = r));
    const tx: SqlDb = {
      dialect: "sqlite",
      query: async <R>(sql: string, params: readonly SqlValue[] = []) => this.querySync<R>(sql, params),
      run: async (sql: string, params: readonly SqlValue[] = []) => this.runSync(sql, params),
      transaction: (inner) => inner(tx),
      close: async () => {},
    };
    try {
      // IMMEDIATE takes the write lock first: two processes on one file never deadlock upgrading.
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const out = await fn(tx);
        this.db.exec("COMMIT");
        return out;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw err;
      }
    } finally {
      this.open = null;
      release();
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }

  private querySync<T>(sql: string, params: readonly SqlValue[]): T[] {
    const s = this.statement(sql);
    if (s.reader) return s.all(...params) as T[];
    s.run(...params);
    return [];
  }

  private runSync(sql: string, params: readonly SqlValue[]): number {
    return this.statement(sql).run(...params).changes;
  }
}
