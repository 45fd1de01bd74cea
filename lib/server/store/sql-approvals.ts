import "server-only";
import { KEEP_ENDED_APPROVALS_MS, type ApprovalLookup, type ApprovalStore, type StoredApproval } from "./approval-store";
import { json } from "./rows";
import type { SqlDb } from "./sql-db";

/** The ApprovalStore on SQLite or PostgreSQL: table pending_approvals, state pending → used | expired. */
interface ApprovalRow {
  id: string;
  request_id: string;
  created_at: number | string;
  expires_at: number | string;
  state: string;
  payload: string;
}

const COLUMNS = "id, request_id, created_at, expires_at, state, payload";

function fromRow(r: ApprovalRow): StoredApproval {
  return { id: r.id, requestId: r.request_id, createdAt: Number(r.created_at), expiresAt: Number(r.expires_at), payload: json<unknown>(r.payload, null) };
}

export class SqlApprovalStore implements ApprovalStore {
  constructor(private readonly db: SqlDb) {}

  async add(a: StoredApproval, maxPending: number): Promise<boolean> {
    // Two replicas adding at once may pass the count together: the cap is an abuse limit, not an exact one.
    const [count] = await this.db.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM pending_approvals WHERE state = 'pending' AND expires_at > ?", [a.createdAt]);
    if (Number(count?.n ?? 0) >= maxPending) return false;
    await this.db.run("INSERT INTO pending_approvals (id, request_id, created_at, expires_at, state, payload, ended_at) VALUES (?, ?, ?, ?, 'pending', ?, NULL)", [
      a.id,
      a.requestId,
      a.createdAt,
      a.expiresAt,
      JSON.stringify(a.payload),
    ]);
    return true;
  }

  async find(id: string, now: number): Promise<ApprovalLookup> {
    const [r] = await this.db.query<ApprovalRow>(`SELECT ${COLUMNS} FROM pending_approvals WHERE id = ?`, [id]);
    if (!r) return null;
    if (r.state === "used") return { state: "used" };
    if (r.state === "expired" || Number(r.expires_at) <= now) return { state: "expired" };
    return { state: "pending", approval: fromRow(r) };
  }

  async take(id: string, now: number): Promise<StoredApproval | null> {
    const [r] = await this.db.query<ApprovalRow>(
      `UPDATE pending_approvals SET state = 'used', ended_at = ? WHERE id = ? AND state = 'pending' AND expires_at > ? RETURNING ${COLUMNS}`,
      [now, id, now],
    );
    return r ? fromRow(r) : null;
  }

  async expire(now: number): Promise<StoredApproval[]> {
    const rows = await this.db.query<ApprovalRow>(
      `UPDATE pending_approvals SET state = 'expired', ended_at = ? WHERE state = 'pending' AND expires_at <= ? RETURNING ${COLUMNS}`,
      [now, now],
    );
    await this.db.run("DELETE FROM pending_approvals WHERE state <> 'pending' AND ended_at < ?", [now - KEEP_ENDED_APPROVALS_MS]);
    return rows.map(fromRow).sort((a, b) => a.createdAt - b.createdAt);
  }

  async listPending(now: number): Promise<StoredApproval[]> {
    const rows = await this.db.query<ApprovalRow>(`SELECT ${COLUMNS} FROM pending_approvals WHERE state = 'pending' AND expires_at > ? ORDER BY created_at, id`, [now]);
    return rows.map(fromRow);
  }
}
