import "server-only";
import type { SqlDb } from "./sql-db";

/**
 * Batch remediations in the store (SQLite or PostgreSQL), so every replica sees, approves and
 * stops the same batches (lib/server/remediation/batch/store.ts turns them into Batch objects).
 * The body is the batch as JSON, written by whoever changes it; two columns are set apart from
 * it, so that the runner's writes never undo them: the stop (by anyone, any replica) and the run
 * made from a preview (a preview is run once). `update` with `from` is a transition that only
 * one replica wins (an approval, an expiry).
 */
export interface StoredBatch {
  id: string;
  kind: string;
  status: string;
  createdAt: number;
  updatedAt: number;
  body: string;
  stopRequestedBy: string | null;
  usedBy: string | null;
  runner: string | null;
}

interface BatchRow {
  id: string;
  kind: string;
  status: string;
  created_at: number | string;
  updated_at: number | string;
  body: string;
  stop_requested_by: string | null;
  used_by: string | null;
  runner: string | null;
}

const COLUMNS = "id, kind, status, created_at, updated_at, body, stop_requested_by, used_by, runner";

const fromRow = (r: BatchRow): StoredBatch => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  body: r.body,
  stopRequestedBy: r.stop_requested_by,
  usedBy: r.used_by,
  runner: r.runner,
});

const list = (n: number) => Array.from({ length: n }, () => "?").join(", ");

export class SqlBatchRecords {
  constructor(private readonly db: SqlDb) {}

  /** False when `maxActive` batches are already in one of `active`; forgets finished ones beyond `keepFinished`, oldest first. */
  async insert(b: Pick<StoredBatch, "id" | "kind" | "status" | "createdAt" | "body" | "runner">, active: readonly string[], maxActive: number, keepFinished: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [c] = await tx.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM batches WHERE status IN (${list(active.length)})`, [...active]);
      if (Number(c?.n ?? 0) >= maxActive) return false;
      await tx.run(`INSERT INTO batches (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)`, [b.id, b.kind, b.status, b.createdAt, b.createdAt, b.body, b.runner]);
      const page = this.db.dialect === "postgres" ? "OFFSET ?" : "LIMIT -1 OFFSET ?";
      await tx.run(`DELETE FROM batches WHERE id IN (SELECT id FROM batches WHERE status NOT IN (${list(active.length)}) ORDER BY created_at DESC ${page})`, [...active, keepFinished]);
      return true;
    });
  }

  async get(id: string): Promise<StoredBatch | null> {
    const [r] = await this.db.query<BatchRow>(`SELECT ${COLUMNS} FROM batches WHERE id = ?`, [id]);
    return r ? fromRow(r) : null;
  }

  /** Newest first. */
  async list(limit: number): Promise<StoredBatch[]> {
    return (await this.db.query<BatchRow>(`SELECT ${COLUMNS} FROM batches ORDER BY created_at DESC, id LIMIT ?`, [limit])).map(fromRow);
  }

  /** Writes the body and status; with `from`, only while the status is one of those (false: another replica moved it first). */
  async update(id: string, fields: { status: string; body: string; updatedAt: number; runner?: string | null }, from?: readonly string[]): Promise<boolean> {
    const sets = ["status = ?", "body = ?", "updated_at = ?"];
    const params: Array<string | number | null> = [fields.status, fields.body, fields.updatedAt];
    if (fields.runner !== undefined) {
      sets.push("runner = ?");
      params.push(fields.runner);
    }
    const guard = from ? ` AND status IN (${list(from.length)})` : "";
    return (await this.db.run(`UPDATE batches SET ${sets.join(", ")} WHERE id = ?${guard}`, [...params, id, ...(from ?? [])])) > 0;
  }

  /** The first stop is kept (who stopped it). False when there is no such batch. */
  async requestStop(id: string, user: string): Promise<boolean> {
    return (await this.db.run("UPDATE batches SET stop_requested_by = COALESCE(stop_requested_by, ?) WHERE id = ?", [user, id])) > 0;
  }

  /** Marks a preview as run by `runId`: true for exactly one caller. */
  async claim(previewId: string, runId: string): Promise<boolean> {
    return (await this.db.run("UPDATE batches SET used_by = ? WHERE id = ? AND used_by IS NULL", [runId, previewId])) > 0;
  }

  /** Batches in one of `statuses` not written since `before` (their runner stopped beating). */
  async stale(statuses: readonly string[], before: number, limit: number): Promise<StoredBatch[]> {
    const rows = await this.db.query<BatchRow>(`SELECT ${COLUMNS} FROM batches WHERE status IN (${list(statuses.length)}) AND updated_at < ? ORDER BY created_at LIMIT ?`, [...statuses, before, limit]);
    return rows.map(fromRow);
  }
}
