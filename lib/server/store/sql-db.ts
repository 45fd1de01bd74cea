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

/** Rows of a multi-row INSERT, in chunks whose placeholders stay within both engines' limits. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
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
