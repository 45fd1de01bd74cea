import "server-only";

/**
 * The one query layer of the stores: SQL written once with `?` placeholders, run on SQLite
 * (better-sqlite3, lib/server/store/sqlite-db.ts) or PostgreSQL (node-postgres,
 * lib/server/store/postgres/pg-db.ts). Only the schema (migrations) differs by engine; the
 * statements of the stores are the same text on both.
 */
export type SqlValue = string | number | null;

export interface SqlDb {
  readonly dialect: "sqlite" | "postgres";
  /** Rows of a SELECT (or of a statement with RETURNING); [] for other statements. */
  query<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs fn in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `?` → `$1, $2…` (the statements hold no `?` inside literals). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * PostgreSQL hands out BIGSERIAL ids when a row is inserted, not when it commits: two
 * transactions can commit out of id order, and a reader following "ids after the last one I
 * saw" (the replicas' change feed) would skip the late one. Writes of the followed tables take
 * this transaction lock first, so ids commit in order. SQLite has one writer at a time anyway.
 */
const FEED_ORDER_LOCK = 0x61636b66; // "ackf"

export async function lockFeedOrder(tx: SqlDb): Promise<void> {
  if (tx.dialect === "postgres") await tx.query("SELECT pg_advisory_xact_lock(?)", [FEED_ORDER_LOCK]);
}

/**
 * Rows of a multi-row INSERT (or the values of an IN list), in order, in chunks of `size` (within
 * both engines' limits of placeholders) and then of powers of two (the rest's binary
 * digits, largest first): a statement whose text depends on its row count then has at most
 * log2(size) + 2 texts, not one per count. Each connection keeps its prepared statements by text
 * (./sqlite-db.ts, ./sqlite-writer-thread.ts), and SQLite's program for a multi-row INSERT grows
 * with its rows (~0.7 MB of malloc for the timeline's 400 rows of 15 values): with one text per
 * count, the timeline's commits of 1 to 400 entries filled the writer thread's cache of 200
 * statements with 30-90 MB, which stayed resident in its malloc arena once dropped
 * (README, "Round 9: memory at 10,000").
 */
export function sizedChunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  let i = 0;
  for (; items.length - i >= size; i += size) out.push(items.slice(i, i + size));
  for (let bit = 2 ** Math.floor(Math.log2(Math.max(1, size))); bit >= 1; bit /= 2) {
    if (items.length - i >= bit) {
      out.push(items.slice(i, i + bit));
      i += bit;
    }
  }
  return out;
}

export function placeholders(rows: number, columns: number): string {
  const one = `(${new Array(columns).fill("?").join(", ")})`;
  return new Array(rows).fill(one).join(", ");
}

/**
 * One statement of a write handed over whole (lib/server/store/statement-writer.ts): `rows`
 * when its result rows are wanted (a SELECT, or RETURNING), else the count of rows it changed.
 */
export interface SqlStatement {
  sql: string;
  params: SqlValue[];
  rows?: boolean;
}

export interface StatementResult {
  rows: unknown[];
  changes: number;
}

export interface WriteOptions {
  /** Writes rows of a followed table: ids must commit in order (lockFeedOrder). */
  feedOrder?: boolean;
}

/** Writes statements in one transaction: on a connection (runStatements) or handed to a writer thread. */
export type StatementWriter = (statements: SqlStatement[], opts?: WriteOptions) => Promise<StatementResult[]>;

/** Runs statements in order in one transaction of `db` (what the writer thread does on its own connection). */
export function runStatements(db: SqlDb, statements: readonly SqlStatement[], opts: WriteOptions = {}): Promise<StatementResult[]> {
  return db.transaction(async (tx) => {
    if (opts.feedOrder) await lockFeedOrder(tx);
    const out: StatementResult[] = [];
    for (const s of statements) {
      out.push(s.rows ? { rows: await tx.query(s.sql, s.params), changes: 0 } : { rows: [], changes: await tx.run(s.sql, s.params) });
    }
    return out;
  });
}
