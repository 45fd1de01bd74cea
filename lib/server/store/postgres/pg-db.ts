import "server-only";
import pg from "pg";
import { numberedPlaceholders, type SqlDb, type SqlValue } from "../sql-db";

/**
 * SqlDb on a node-postgres Pool. Statements come with `?` placeholders (the SQLite text) and are
 * numbered for PostgreSQL here. A transaction holds one pooled connection from BEGIN to COMMIT.
 */
export interface PgPoolOptions {
  /** Connections of the pool (the leader election and the change feed hold one more each). */
  max?: number;
  /** Name shown in pg_stat_activity. */
  applicationName?: string;
}

export function createPool(url: string, opts: PgPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? "ack-lambda-fleet",
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  // An idle connection that breaks (the server restarts) must not crash the process: the pool drops it.
  pool.on("error", () => {});
  return pool;
}

export class PgDb implements SqlDb {
  readonly dialect = "postgres" as const;

  constructor(readonly pool: pg.Pool) {}

  async query<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const r = await this.pool.query(numberedPlaceholders(sql), params as SqlValue[]);
    return (r.rows ?? []) as T[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const r = await this.pool.query(numberedPlaceholders(sql), params as SqlValue[]);
    return r.rowCount ?? 0;
  }

  async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: SqlDb = {
      dialect: "postgres",
      query: async <R>(sql: string, params: readonly SqlValue[] = []) => ((await client.query(numberedPlaceholders(sql), params as SqlValue[])).rows ?? []) as R[],
      run: async (sql: string, params: readonly SqlValue[] = []) => (await client.query(numberedPlaceholders(sql), params as SqlValue[])).rowCount ?? 0,
      transaction: (inner) => inner(tx),
      close: async () => {},
    };
    let broken = false;
    try {
      await client.query("BEGIN");
      const out = await fn(tx);
      await client.query("COMMIT");
      return out;
    } catch (err) {
      try {
        await client.query("ROLLBACK");
      } catch {
        broken = true;
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
