import "server-only";
import { isNotifiedVerdict } from "@/lib/domain/notify/transitions";
import type { NotifiedRecord, NotifiedStore } from "./notified-store";
import { placeholders, sizedChunks, type SqlDb } from "./sql-db";

/** The table notified_verdicts (SQLite migration 6, PostgreSQL migration 3), the same statements on both engines. */
export class SqlNotifiedStore implements NotifiedStore {
  constructor(private readonly db: SqlDb) {}

  async loadNotified(): Promise<NotifiedRecord[]> {
    const rows = await this.db.query<{ id: string; cluster: string; verdict: string; at: number | string }>("SELECT id, cluster, verdict, at FROM notified_verdicts ORDER BY id");
    // A verdict this version does not notify (written by another version) counts as none.
    return rows.flatMap((r) => (isNotifiedVerdict(r.verdict) ? [{ id: r.id, cluster: r.cluster, verdict: r.verdict, at: Number(r.at) }] : []));
  }

  async saveNotified(changes: ReadonlyArray<{ id: string; cluster: string; verdict: string | null }>, at: number): Promise<void> {
    if (changes.length === 0) return;
    // The last change of each Function wins (PostgreSQL refuses one INSERT touching a row twice).
    const last = [...new Map(changes.map((c) => [c.id, c])).values()];
    const set = last.filter((c) => c.verdict !== null);
    const removed = last.filter((c) => c.verdict === null).map((c) => c.id);
    await this.db.transaction(async (tx) => {
      for (const part of sizedChunks(removed, 500)) await tx.run(`DELETE FROM notified_verdicts WHERE id IN (${part.map(() => "?").join(", ")})`, part);
      for (const part of sizedChunks(set, 200)) {
        await tx.run(
          `INSERT INTO notified_verdicts (id, cluster, verdict, at) VALUES ${placeholders(part.length, 4)}
           ON CONFLICT (id) DO UPDATE SET cluster = excluded.cluster, verdict = excluded.verdict, at = excluded.at`,
          part.flatMap((c) => [c.id, c.cluster, c.verdict, at]),
        );
      }
    });
  }
}
