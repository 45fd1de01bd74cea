import "server-only";
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { AuditEntry, AuditFilter, AuditLog } from "./audit";

/**
 * The AuditLog on SQLite, in the timeline database. Append-only twice over: this class has no
 * update or delete, and the table's triggers (migration 2) abort any UPDATE or DELETE.
 * `list` answers newest first; `limit` defaults to 1,000 and is capped at 10,000.
 */
interface AuditRow {
  id: string;
  at: number;
  request_id: string;
  phase: string;
  actor_user: string;
  actor_groups: string;
  cluster: string;
  namespace: string;
  name: string;
  uid: string | null;
  action: string;
  reason: string;
  preconditions: string;
  dry_run: string | null;
  outcome: string | null;
  error: string | null;
  status: number | null;
}

const DEFAULT_AUDIT_LIMIT = 1_000;
const MAX_AUDIT_LIMIT = 10_000;

export type AuditListener = (entry: AuditEntry) => void;

export class SqliteAuditLog implements AuditLog {
  private readonly insert: Database.Statement;
  private readonly listeners = new Set<AuditListener>();

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`
      INSERT INTO audit_log (id, at, request_id, phase, actor_user, actor_groups, cluster, namespace, name, uid, action, reason, preconditions, dry_run, outcome, error, status)
      VALUES (@id, @at, @requestId, @phase, @actorUser, @actorGroups, @cluster, @namespace, @name, @uid, @action, @reason, @preconditions, @dryRun, @outcome, @error, @status)`);
  }

  append(input: Omit<AuditEntry, "id" | "at"> & { at?: string }): AuditEntry {
    const atMs = input.at === undefined ? Date.now() : Date.parse(input.at);
    if (!Number.isFinite(atMs)) throw new Error(`audit entry time is not a timestamp: ${String(input.at).slice(0, 40)}`);
    const entry: AuditEntry = { ...input, id: randomUUID(), at: new Date(atMs).toISOString() };
    this.insert.run({
      id: entry.id,
      at: atMs,
      requestId: entry.requestId,
      phase: entry.phase,
      actorUser: entry.actor.user,
      actorGroups: JSON.stringify(entry.actor.groups),
      cluster: entry.cluster,
      namespace: entry.namespace,
      name: entry.name,
      uid: entry.uid,
      action: entry.action,
      reason: entry.reason,
      preconditions: JSON.stringify(entry.preconditions ?? {}),
      dryRun: entry.dryRun === null || entry.dryRun === undefined ? null : JSON.stringify(entry.dryRun),
      outcome: entry.outcome,
      error: entry.error,
      status: entry.status,
    });
    for (const l of this.listeners) {
      try {
        l(entry);
      } catch {
        /* a listener's failure is its own: the entry is written */
      }
    }
    return entry;
  }

  list(filter: AuditFilter): AuditEntry[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    const eq = (column: string, value: string | undefined | null) => {
      if (value === undefined || value === null) return;
      where.push(`${column} = ?`);
      params.push(value);
    };
    eq("cluster", filter.cluster);
    eq("namespace", filter.namespace);
    eq("name", filter.name);
    eq("actor_user", filter.user);
    eq("action", filter.action);
    if (filter.outcome !== undefined) {
      if (filter.outcome === null) where.push("outcome IS NULL");
      else eq("outcome", filter.outcome);
    }
    for (const [bound, op] of [
      [filter.since, ">="],
      [filter.until, "<="],
    ] as const) {
      if (bound === undefined) continue;
      const ms = Date.parse(bound);
      if (!Number.isFinite(ms)) throw new Error(`not a timestamp: ${bound.slice(0, 40)}`);
      where.push(`at ${op} ?`);
      params.push(ms);
    }
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? DEFAULT_AUDIT_LIMIT)), MAX_AUDIT_LIMIT);
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY at DESC, seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, limit) as AuditRow[]).map(fromRow);
  }

  /** Hears every entry appended through this process (the timeline's live markers). */
  subscribe(listener: AuditListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function json<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function fromRow(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    requestId: r.request_id,
    phase: r.phase as AuditEntry["phase"],
    actor: { user: r.actor_user, groups: json<string[]>(r.actor_groups, []) },
    cluster: r.cluster,
    namespace: r.namespace,
    name: r.name,
    uid: r.uid,
    action: r.action as AuditEntry["action"],
    reason: r.reason,
    preconditions: json<AuditEntry["preconditions"]>(r.preconditions, {}),
    dryRun: json<unknown>(r.dry_run, null),
    outcome: r.outcome as AuditEntry["outcome"],
    error: r.error,
    status: r.status,
  };
}
