import "server-only";
import { AUDIT_COLUMNS, auditFromRow, newAuditRow, type AuditRow } from "./rows";
import { lockFeedOrder, placeholders, type SqlDb, type SqlValue } from "./sql-db";
import { DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT, type AuditEntry, type AuditFilter, type AuditListener, type AuditLogWithListeners, type NewAuditEntry, type SequencedAuditEntry } from "./audit";

/**
 * The AuditLog on SQLite or PostgreSQL, beside the timeline. Append-only twice over: this class
 * has no update or delete, and the table's triggers refuse UPDATE, DELETE (and, on PostgreSQL,
 * TRUNCATE); on PostgreSQL the dashboard's role can be kept from dropping them (README,
 * "Several replicas").
 */
export class SqlAuditLog implements AuditLogWithListeners {
  private readonly listeners = new Set<AuditListener>();

  constructor(
    private readonly db: SqlDb,
    private readonly now: () => number = Date.now,
  ) {}

  async append(input: NewAuditEntry): Promise<AuditEntry> {
    const { entry, values } = newAuditRow(input, this.now());
    await this.db.transaction(async (tx) => {
      await lockFeedOrder(tx);
      await tx.run(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ${placeholders(1, values.length)}`, values);
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

  async list(filter: AuditFilter): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
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
    const sql = `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY at DESC, seq DESC LIMIT ?`;
    return (await this.db.query<AuditRow>(sql, [...params, limit])).map(auditFromRow);
  }

  /** Entries with seq after `afterSeq`, up to `toSeq`, oldest first, each with its seq (the replicas' change feed, a stream resumed on another replica). */
  async entriesAfter(afterSeq: number, toSeq: number, limit: number): Promise<SequencedAuditEntry[]> {
    const rows = await this.db.query<AuditRow & { seq: number | string }>(`SELECT seq, ${AUDIT_COLUMNS} FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`, [afterSeq, toSeq, limit]);
    return rows.map((r) => ({ seq: Number(r.seq), entry: auditFromRow(r) }));
  }

  /**
   * Attempts older than `before` (ms) that no outcome followed: a process that died between the
   * two (lib/server/remediation/reconcile.ts appends the outcome the object's state shows).
   */
  async unfinishedAttempts(before: number, limit: number): Promise<AuditEntry[]> {
    const rows = await this.db.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_log AS a WHERE a.phase = 'attempt' AND a.at < ?
         AND NOT EXISTS (SELECT 1 FROM audit_log AS o WHERE o.request_id = a.request_id AND o.phase = 'outcome')
       ORDER BY a.seq LIMIT ?`,
      [before, limit],
    );
    return rows.map(auditFromRow);
  }

  async lastSeq(): Promise<number> {
    const [r] = await this.db.query<{ seq: number | string | null }>("SELECT MAX(seq) AS seq FROM audit_log");
    return Number(r?.seq ?? 0);
  }

  /** Hears every entry appended through this process (the timeline's live markers). */
  subscribe(listener: AuditListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
