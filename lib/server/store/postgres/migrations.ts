import "server-only";
import type { Migration } from "../migrations";

/**
 * Numbered schema migrations of the PostgreSQL store: the SQLite store's tables (the same
 * columns, so one set of statements serves both, lib/server/store/sql-db.ts) plus what several
 * replicas share: the AWS observations of the leader and the change notifications. Run once
 * each, under an advisory lock, by the role that owns the schema (lib/server/store/postgres/open.ts).
 * Never edit a released migration: add the next number.
 */
export const CHANGES_CHANNEL = "ack_fleet_changes";

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "timeline entries, recorder snapshots, append-only audit log, approvals, rate limits, AWS observations, change notifications",
    sql: `
      CREATE TABLE timeline_entries (
        id BIGSERIAL PRIMARY KEY,
        dedup_key TEXT NOT NULL UNIQUE,
        cluster TEXT NOT NULL,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        uid TEXT NOT NULL,
        at BIGINT NOT NULL,
        observed_at BIGINT NOT NULL,
        kind TEXT NOT NULL,
        lane TEXT NOT NULL,
        is_state SMALLINT NOT NULL,
        value TEXT,
        reason TEXT,
        message TEXT,
        source TEXT NOT NULL CHECK (source IN ('observed', 'reconstructed')),
        detail TEXT
      );
      CREATE INDEX timeline_by_function ON timeline_entries (cluster, namespace, name, at);
      CREATE INDEX timeline_by_lane ON timeline_entries (cluster, uid, lane, id);
      CREATE INDEX timeline_by_time ON timeline_entries (at);

      CREATE TABLE function_snapshots (
        cluster TEXT NOT NULL,
        uid TEXT NOT NULL,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        gone SMALLINT NOT NULL DEFAULT 0,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (cluster, uid)
      );

      CREATE TABLE audit_log (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        at BIGINT NOT NULL,
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
      -- Append-only (remediation guard 5, docs/architecture.md): the database refuses edits.
      -- The triggers belong to the table's owner: a role that does not own it cannot drop or
      -- disable them (PostgreSQL: ALTER TABLE and DROP TRIGGER need ownership).
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $fn$;
      CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

      CREATE TABLE pending_approvals (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'used', 'expired')),
        payload TEXT NOT NULL,
        ended_at BIGINT
      );
      CREATE INDEX approvals_by_state ON pending_approvals (state, expires_at);

      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        tokens DOUBLE PRECISION NOT NULL,
        at BIGINT NOT NULL,
        refused_since BIGINT
      );

      -- The leader's AWS observations (one row per Function, one for the accounts), for every
      -- replica to show; seq orders the changes so a replica catches up from where it was.
      CREATE SEQUENCE aws_observation_seq;
      CREATE TABLE aws_observations (
        key TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        seq BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX aws_observations_by_seq ON aws_observations (seq);

      -- One notification per committed statement that wrote a followed table (NOTIFY is sent at
      -- commit, and the same payload is sent once per transaction): the replicas then read what
      -- is new from the tables, so a missed notification loses nothing.
      CREATE FUNCTION ack_fleet_notify_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_notify('${CHANGES_CHANNEL}', TG_ARGV[0]);
        RETURN NULL;
      END
      $fn$;
      CREATE TRIGGER timeline_entries_notify AFTER INSERT ON timeline_entries
        FOR EACH STATEMENT EXECUTE FUNCTION ack_fleet_notify_change('timeline');
      CREATE TRIGGER audit_log_notify AFTER INSERT ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION ack_fleet_notify_change('audit');
      CREATE TRIGGER aws_observations_notify AFTER INSERT OR UPDATE ON aws_observations
        FOR EACH STATEMENT EXECUTE FUNCTION ack_fleet_notify_change('aws');
    `,
  },
  {
    version: 2,
    name: "batch remediations in the store (SQLite's migration 5)",
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
    version: 3,
    name: "the verdict webhooks were last told about, per Function",
    sql: `
      CREATE TABLE notified_verdicts (
        id TEXT PRIMARY KEY,
        cluster TEXT NOT NULL,
        verdict TEXT NOT NULL,
        at BIGINT NOT NULL
      );
    `,
  },
];

/** What the dashboard's role may do when another role owns the schema: the audit log, only read and append. */
export const APP_GRANTS = (role: string) => `
  GRANT USAGE ON SCHEMA public TO ${role};
  GRANT SELECT ON schema_migrations TO ${role};
  GRANT SELECT, INSERT ON audit_log TO ${role};
  GRANT SELECT, INSERT, UPDATE, DELETE ON timeline_entries, function_snapshots, pending_approvals, rate_limits, aws_observations, batches, notified_verdicts TO ${role};
  GRANT USAGE ON SEQUENCE timeline_entries_id_seq, audit_log_seq_seq, aws_observation_seq TO ${role};
`;
