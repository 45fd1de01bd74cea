import "server-only";
import { LANE, type NewTimelineEntry } from "@/lib/domain/timeline/entry";
import type { TimelineEntry } from "@/lib/domain/wire/timeline";
import type { FunctionSnapshot } from "@/lib/domain/timeline/observe";
import { ENTRY_COLUMNS, entryFromRow, entryParams, storedEntry, type EntryRow } from "./rows";
import { placeholders, runStatements, sizedChunks, type SqlDb, type SqlStatement, type SqlValue, type StatementWriter } from "./sql-db";
import type { TimelineBatch, TimelineStore, PruneResult, TimelineQuery, TimelineResult } from "./timeline-store";

/** The TimelineStore on SQLite or PostgreSQL (the same statements, lib/server/store/sql-db.ts). */
const DEFAULT_TIMELINE_LIMIT = 5_000;
export const MAX_TIMELINE_LIMIT = 20_000;
/** 15 columns × 400 rows: within SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const ROWS_PER_INSERT = 400;

const INSERT_COLUMNS = "dedup_key, cluster, namespace, name, uid, at, observed_at, kind, lane, is_state, value, reason, message, source, detail";

export class SqlTimelineStore implements TimelineStore {
  private readonly write: StatementWriter;

  /**
   * Reads on `db`; writes (commit, prune) on `db` too, or through `writer` when given (SQLite: the
   * writer thread, ./sqlite-writer-thread.ts, that keeps them off the event loop).
   */
  constructor(
    private readonly db: SqlDb,
    private readonly writer?: { write: StatementWriter; readonly offThread: boolean },
  ) {
    this.write = writer?.write ?? ((statements, opts) => runStatements(db, statements, opts));
  }

  /**
   * SQLite's writer thread: everything of a commit but building its statements is off the loop.
   * (PostgreSQL's commits wait on the network too, but node-postgres serialises the statements
   * on the loop after the first await, where the recorder could not time them: not claimed.)
   */
  get writesOffLoop(): boolean {
    return this.writer?.offThread === true;
  }

  get kind(): "sqlite" | "postgres" {
    return this.db.dialect;
  }

  async commit(batch: TimelineBatch): Promise<TimelineEntry[]> {
    if (batch.entries.length === 0 && batch.snapshots.length === 0) return [];
    // One entry per key (the first), one snapshot per Function (the last): a statement may not touch a row twice.
    const seen = new Set<string>();
    const entries = batch.entries.filter((e) => !seen.has(e.key) && seen.add(e.key));
    const snapshots = [...new Map(batch.snapshots.map((s) => [`${s.cluster}/${s.uid}`, s] as const)).values()];
    const now = Date.now();
    const statements: SqlStatement[] = [
      ...sizedChunks(entries, ROWS_PER_INSERT).map((part) => ({
        sql: `INSERT INTO timeline_entries (${INSERT_COLUMNS}) VALUES ${placeholders(part.length, 15)}
           ON CONFLICT (dedup_key) DO NOTHING RETURNING id, dedup_key`,
        params: part.flatMap(entryValues),
        rows: true,
      })),
      ...sizedChunks(snapshots, ROWS_PER_INSERT).map((part) => ({
        sql: `INSERT INTO function_snapshots (cluster, uid, namespace, name, snapshot, gone, updated_at) VALUES ${placeholders(part.length, 7)}
           ON CONFLICT (cluster, uid) DO UPDATE SET namespace = excluded.namespace, name = excluded.name,
             snapshot = excluded.snapshot, gone = excluded.gone, updated_at = excluded.updated_at`,
        params: part.flatMap((s) => [s.cluster, s.uid, s.namespace, s.name, JSON.stringify(s), s.gone ? 1 : 0, now]),
      })),
    ];
    const ids = new Map<string, string>();
    for (const result of await this.write(statements, { feedOrder: true })) {
      for (const r of result.rows as Array<{ id: number | string; dedup_key: string }>) ids.set(r.dedup_key, String(r.id));
    }
    const inserted: TimelineEntry[] = [];
    for (const e of entries) {
      const id = ids.get(e.key);
      if (id !== undefined) inserted.push(storedEntry(e, id));
    }
    return inserted.sort((a, b) => Number(a.id) - Number(b.id));
  }

  async loadSnapshots(): Promise<FunctionSnapshot[]> {
    // Snapshots written before they carried the creation get it from their `created` entry.
    const rows = await this.db.query<{ snapshot: string; created_at: number | string | null }>(
      `SELECT s.snapshot AS snapshot,
         (SELECT MIN(t.at) FROM timeline_entries t WHERE t.cluster = s.cluster AND t.uid = s.uid AND t.lane = ? AND t.kind = 'created') AS created_at
       FROM function_snapshots s WHERE s.gone = 0`,
      [LANE.lifecycle],
    );
    const out: FunctionSnapshot[] = [];
    for (const r of rows) {
      try {
        const s = JSON.parse(r.snapshot) as FunctionSnapshot;
        if (s && s.created === undefined && r.created_at !== null) s.created = new Date(Number(r.created_at)).toISOString();
        if (s && s.version === 1 && typeof s.uid === "string") out.push(s);
      } catch {
        /* an unreadable snapshot: the Function is seeded again on sight (its entries stay) */
      }
    }
    return out;
  }

  async timeline(q: TimelineQuery): Promise<TimelineResult> {
    const since = q.since ?? Number.MIN_SAFE_INTEGER;
    const until = q.until ?? Number.MAX_SAFE_INTEGER;
    const limit = Math.min(Math.max(1, q.limit ?? DEFAULT_TIMELINE_LIMIT), MAX_TIMELINE_LIMIT);
    const inRange = await this.db.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM timeline_entries
       WHERE cluster = ? AND namespace = ? AND name = ? AND at >= ? AND at <= ?
       ORDER BY at DESC, id DESC LIMIT ?`,
      [q.cluster, q.namespace, q.name, since, until, limit + 1],
    );
    const truncated = inRange.length > limit;
    const kept = inRange.slice(0, limit);
    // What each state lane held when the range starts (and whether the object was gone then).
    const startFrom = truncated ? Number(kept[kept.length - 1].at) : since;
    const before =
      q.since === undefined && !truncated
        ? []
        : await this.db.query<EntryRow>(
            `SELECT ${ENTRY_COLUMNS} FROM timeline_entries WHERE id IN (
               SELECT MAX(id) FROM timeline_entries
               WHERE cluster = ? AND namespace = ? AND name = ? AND at < ? AND (is_state = 1 OR lane = ?)
               GROUP BY uid, lane)`,
            [q.cluster, q.namespace, q.name, startFrom, LANE.lifecycle],
          );
    const keptIds = new Set(kept.map((r) => String(r.id)));
    const rows = [...before.filter((r) => !keptIds.has(String(r.id))), ...kept].sort((a, b) => Number(a.at) - Number(b.at) || Number(a.id) - Number(b.id));
    return { entries: rows.map(entryFromRow).filter((e): e is TimelineEntry => e !== null), truncated };
  }

  /** Entries with ids after `afterId`, up to `toId`, oldest first (the replicas' change feed). */
  async entriesAfter(afterId: number, toId: number, limit: number): Promise<TimelineEntry[]> {
    const rows = await this.db.query<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM timeline_entries WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`, [afterId, toId, limit]);
    return rows.map(entryFromRow).filter((e): e is TimelineEntry => e !== null);
  }

  async lastEntryId(): Promise<number> {
    const [r] = await this.db.query<{ id: number | string | null }>("SELECT MAX(id) AS id FROM timeline_entries");
    return Number(r?.id ?? 0);
  }

  async prune(before: number): Promise<PruneResult> {
    // An old entry goes when it is a marker (Events, changes), when a later entry of its lane
    // replaced it, or when its Function is gone; what starts today's value of each lane of a
    // living Function stays, however old (the timeline_by_lane index answers both lookups).
    const [entries, snapshots] = await this.write([
      {
        sql: `DELETE FROM timeline_entries AS e WHERE e.at < ? AND (
           (e.is_state = 0 AND e.lane <> ?)
           OR EXISTS (SELECT 1 FROM timeline_entries n WHERE n.cluster = e.cluster AND n.uid = e.uid AND n.lane = e.lane AND n.id > e.id)
           OR NOT EXISTS (SELECT 1 FROM function_snapshots s WHERE s.cluster = e.cluster AND s.uid = e.uid AND s.gone = 0))`,
        params: [before, LANE.lifecycle],
      },
      { sql: "DELETE FROM function_snapshots WHERE gone = 1 AND updated_at < ?", params: [before] },
    ]);
    return { entries: entries.changes, snapshots: snapshots.changes };
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

function entryValues(e: NewTimelineEntry): SqlValue[] {
  const p = entryParams(e);
  return [p.key, p.cluster, p.namespace, p.name, p.uid, p.at, p.observedAt, p.kind, p.lane, p.isState, p.value, p.reason, p.message, p.source, p.detail];
}
