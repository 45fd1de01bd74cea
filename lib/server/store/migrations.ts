import "server-only";
import type Database from "better-sqlite3";

/**
 * Numbered schema migrations of the SQLite store (PostgreSQL's, the same tables: postgres/migrations.ts). Each runs once, in its own transaction, and
 * is recorded in `schema_migrations`; never edit a released migration, add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "timeline entries and recorder snapshots",
    sql: `
      CREATE TABLE timeline_entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        dedup_key TEXT NOT NULL UNIQUE,
        cluster TEXT NOT NULL,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        uid TEXT NOT NULL,
        at INTEGER NOT NULL,
        observed_at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        lane TEXT NOT NULL,
        is_state INTEGER NOT NULL,
        value TEXT,
        reason TEXT,
        message TEXT,
        source TEXT NOT NULL CHECK (source IN ('observed', 'reconstructed')),
        detail TEXT
      );
      -- One Function's history in a time range (the timeline API).
      CREATE INDEX timeline_by_function ON timeline_entries (cluster, namespace, name, at);
      -- The value of each lane before a range starts; retention keeps the last of each lane.
      CREATE INDEX timeline_by_lane ON timeline_entries (cluster, uid, lane, id) WHERE is_state = 1;
      -- Retention.
      CREATE INDEX timeline_by_time ON timeline_entries (at);

      CREATE TABLE function_snapshots (
        cluster TEXT NOT NULL,
        uid TEXT NOT NULL,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        gone INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (cluster, uid)
      );
    `,
  },
  {
    version: 2,
    name: "append-only remediation audit log",
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        at INTEGER NOT NULL,
        request_id TEXT NOT NULL,
        phase TEXT NOT NULL,
        actor_user TEXT NOT NULL,
        actor_groups TEXT NOT NULL,
        cluster TEXT NOT NULL,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        uid TEXT,
        action TEXT NOT NULL,
        reason TEXT NOT NULL,
        preconditions TEXT NOT NULL,
        dry_run TEXT,
        outcome TEXT,
        error TEXT,
        status INTEGER
      );
      CREATE INDEX audit_by_function ON audit_log (cluster, namespace, name, at);
      CREATE INDEX audit_by_time ON audit_log (at);
      CREATE INDEX audit_by_request ON audit_log (request_id);
      -- Append-only (remediation guard 5, docs/architecture.md): the database itself refuses edits.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted'); END;
    `,
  },
  {
    version: 3,
    name: "lane index over every entry (retention looks up the next entry of any lane)",
    sql: `
      DROP INDEX IF EXISTS timeline_by_lane;
      CREATE INDEX timeline_by_lane ON timeline_entries (cluster, uid, lane, id);
    `,
  },
  {
    version: 4,
    name: "pending two-person approvals and per-user rate limits in the store",
    sql: `
      CREATE TABLE pending_approvals (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'used', 'expired')),
        payload TEXT NOT NULL,
        ended_at INTEGER
      );
      CREATE INDEX approvals_by_state ON pending_approvals (state, expires_at);
      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        tokens REAL NOT NULL,
        at INTEGER NOT NULL,
        refused_since INTEGER
      );
    `,
  },
  {
    version: 5,
    name: "batch remediations in the store (shared by the replicas)",
    sql: `
      CREATE TABLE batches (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        body TEXT NOT NULL,
        stop_requested_by TEXT,
        used_by TEXT,
        runner TEXT
      );
      CREATE INDEX batches_by_status ON batches (status, updated_at);
    `,
  },
  {
    version: 6,
    name: "the verdict webhooks were last told about, per Function",
    sql: `
      CREATE TABLE notified_verdicts (
        id TEXT PRIMARY KEY,
        cluster TEXT NOT NULL,
        verdict TEXT NOT NULL,
        at INTEGER NOT NULL
      );
    `,
  },
];

/** Applies the migrations not yet recorded; returns the versions applied now. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const done = new Set((db.prepare("SELECT version FROM schema_migrations").all() as Array<{ version: number }>).map((r) => r.version));
  const newest = Math.max(0, ...done);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new Error(`the timeline database has schema version ${newest}, newer than this dashboard knows (${known}); upgrade the dashboard`);
  }
  const applied: number[] = [];
  const isDone = db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    // IMMEDIATE takes the write lock first: two processes opening one file migrate it once.
    db.transaction(() => {
      if (isDone.get(m.version)) return;
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(m.version, m.name, new Date().toISOString());
      applied.push(m.version);
    }).immediate();
  }
  return applied;
}
