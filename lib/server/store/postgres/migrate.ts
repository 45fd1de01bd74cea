import "server-only";
import pg from "pg";
import type { Migration } from "../migrations";
import { APP_GRANTS, PG_MIGRATIONS } from "./migrations";

/**
 * Brings a PostgreSQL schema up to date: the migrations not yet recorded in schema_migrations,
 * each in its own transaction, all under a session advisory lock so that replicas starting
 * together migrate once (the others wait, then find nothing to do). `grantTo`: the dashboard's
 * role when another role (this connection's) owns the schema; it gets the grants of APP_GRANTS.
 */
const MIGRATION_LOCK = 0x61636b6d; // "ackm"

export async function migratePostgres(url: string, opts: { grantTo?: string | null; migrations?: readonly Migration[] } = {}): Promise<number[]> {
  const migrations = opts.migrations ?? PG_MIGRATIONS;
  const client = new pg.Client({ connectionString: url, application_name: "ack-lambda-fleet migrations" });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const done = new Set((await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known) throw new Error(`the PostgreSQL store has schema version ${newest}, newer than this dashboard knows (${known}); upgrade the dashboard`);
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [m.version, m.name, new Date().toISOString()]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
      }
      applied.push(m.version);
    }
    if (opts.grantTo) await client.query(APP_GRANTS(quoteIdent(opts.grantTo)));
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    await client.end().catch(() => {});
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
