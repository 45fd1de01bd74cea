import "server-only";
import type Database from "better-sqlite3";
import { isStateKind, LANE, type NewTimelineEntry } from "@/lib/domain/timeline/entry";
import { TimelineEntrySchema, type TimelineEntry } from "@/lib/domain/wire/timeline";
import type { FunctionSnapshot } from "@/lib/domain/timeline/observe";
import type { TimelineBatch, TimelineStore, PruneResult, TimelineQuery, TimelineResult } from "./timeline-store";

/** The TimelineStore on SQLite (better-sqlite3: synchronous calls, answered as promises). */
interface EntryRow {
  id: number;
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  at: number;
  observed_at: number;
  kind: string;
  lane: string;
  value: string | null;
  reason: string | null;
  message: string | null;
  source: string;
  detail: string | null;
}

const DEFAULT_TIMELINE_LIMIT = 5_000;
export const MAX_TIMELINE_LIMIT = 20_000;

const ENTRY_COLUMNS = "id, cluster, namespace, name, uid, at, observed_at, kind, lane, value, reason, message, source, detail";

export class SqliteTimelineStore implements TimelineStore {
  readonly kind = "sqlite" as const;
  private readonly insertEntry: Database.Statement;
  private readonly upsertSnapshot: Database.Statement;
  private readonly commitTx: (batch: TimelineBatch) => TimelineEntry[];

  constructor(private readonly db: Database.Database) {
    this.insertEntry = db.prepare(`
      INSERT INTO timeline_entries (dedup_key, cluster, namespace, name, uid, at, observed_at, kind, lane, is_state, value, reason, message, source, detail)
      VALUES (@key, @cluster, @namespace, @name, @uid, @at, @observedAt, @kind, @lane, @isState, @value, @reason, @message, @source, @detail)
      ON CONFLICT (dedup_key) DO NOTHING`);
    this.upsertSnapshot = db.prepare(`
      INSERT INTO function_snapshots (cluster, uid, namespace, name, snapshot, gone, updated_at)
      VALUES (@cluster, @uid, @namespace, @name, @snapshot, @gone, @updatedAt)
      ON CONFLICT (cluster, uid) DO UPDATE SET namespace = excluded.namespace, name = excluded.name,
        snapshot = excluded.snapshot, gone = excluded.gone, updated_at = excluded.updated_at`);
    this.commitTx = db.transaction((batch: TimelineBatch) => {
      const inserted: TimelineEntry[] = [];
      for (const e of batch.entries) {
        const info = this.insertEntry.run(toParams(e));
        if (info.changes === 1) inserted.push(toEntry(e, Number(info.lastInsertRowid)));
      }
      const now = Date.now();
      for (const s of batch.snapshots) {
        this.upsertSnapshot.run({
          cluster: s.cluster,
          uid: s.uid,
          namespace: s.namespace,
          name: s.name,
          snapshot: JSON.stringify(s),
          gone: s.gone ? 1 : 0,
          updatedAt: now,
        });
      }
      return inserted;
    });
  }

  async commit(batch: TimelineBatch): Promise<TimelineEntry[]> {
    if (batch.entries.length === 0 && batch.snapshots.length === 0) return [];
    return this.commitTx(batch);
  }

  async loadSnapshots(): Promise<FunctionSnapshot[]> {
    // Snapshots written before they carried the creation get it from their `created` entry.
    const rows = this.db
      .prepare(
        `SELECT s.snapshot AS snapshot,
           (SELECT MIN(t.at) FROM timeline_entries t WHERE t.cluster = s.cluster AND t.uid = s.uid AND t.lane = ? AND t.kind = 'created') AS createdAt
         FROM function_snapshots s WHERE s.gone = 0`,
      )
      .all(LANE.lifecycle) as Array<{ snapshot: string; createdAt: number | null }>;
    const out: FunctionSnapshot[] = [];
    for (const r of rows) {
      try {
        const s = JSON.parse(r.snapshot) as FunctionSnapshot;
        if (s && s.created === undefined && r.createdAt !== null) s.created = new Date(r.createdAt).toISOString();
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
    const inRange = this.db
      .prepare(
        `SELECT ${ENTRY_COLUMNS} FROM timeline_entries
         WHERE cluster = ? AND namespace = ? AND name = ? AND at >= ? AND at <= ?
         ORDER BY at DESC, id DESC LIMIT ?`,
      )
      .all(q.cluster, q.namespace, q.name, since, until, limit + 1) as EntryRow[];
    const truncated = inRange.length > limit;
    const kept = inRange.slice(0, limit);
    // What each state lane held when the range starts (and whether the object was gone then).
    const startFrom = truncated ? kept[kept.length - 1].at : since;
    const before =
      q.since === undefined && !truncated
        ? []
        : (this.db
            .prepare(
              `SELECT ${ENTRY_COLUMNS} FROM timeline_entries WHERE id IN (
                 SELECT MAX(id) FROM timeline_entries
                 WHERE cluster = ? AND namespace = ? AND name = ? AND at < ? AND (is_state = 1 OR lane = ?)
                 GROUP BY uid, lane)`,
            )
            .all(q.cluster, q.namespace, q.name, startFrom, LANE.lifecycle) as EntryRow[]);
    const keptIds = new Set(kept.map((r) => r.id));
    const rows = [...before.filter((r) => !keptIds.has(r.id)), ...kept].sort((a, b) => a.at - b.at || a.id - b.id);
    return { entries: rows.map(fromRow).filter((e): e is TimelineEntry => e !== null), truncated };
  }

  async prune(before: number): Promise<PruneResult> {
    return this.db.transaction(() => {
      // An old entry goes when it is a marker (Events, changes), when a later entry of its lane
      // replaced it, or when its Function is gone; what starts today's value of each lane of a
      // living Function stays, however old (the timeline_by_lane index answers both lookups).
      const entries = this.db
        .prepare(
          `DELETE FROM timeline_entries AS e WHERE e.at < ? AND (
             (e.is_state = 0 AND e.lane <> ?)
             OR EXISTS (SELECT 1 FROM timeline_entries n WHERE n.cluster = e.cluster AND n.uid = e.uid AND n.lane = e.lane AND n.id > e.id)
             OR NOT EXISTS (SELECT 1 FROM function_snapshots s WHERE s.cluster = e.cluster AND s.uid = e.uid AND s.gone = 0))`,
        )
        .run(before, LANE.lifecycle).changes;
      const snapshots = this.db.prepare("DELETE FROM function_snapshots WHERE gone = 1 AND updated_at < ?").run(before).changes;
      return { entries, snapshots };
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toParams(e: NewTimelineEntry) {
  return {
    key: e.key,
    cluster: e.cluster,
    namespace: e.namespace,
    name: e.name,
    uid: e.uid,
    at: Date.parse(e.at),
    observedAt: Date.parse(e.observedAt),
    kind: e.kind,
    lane: e.lane,
    isState: isStateKind(e.kind) ? 1 : 0,
    value: e.value,
    reason: e.reason,
    message: e.message,
    source: e.source,
    detail: e.detail === null ? null : JSON.stringify(e.detail),
  };
}

function toEntry(e: NewTimelineEntry, id: number): TimelineEntry {
  const { key: _key, ...rest } = e;
  void _key;
  return { ...rest, id: String(id), at: new Date(Date.parse(e.at)).toISOString() };
}

/** Rows are parsed against the wire schema: a row that does not fit is left out, never sent. */
function fromRow(r: EntryRow): TimelineEntry | null {
  let detail: unknown = null;
  try {
    detail = r.detail === null ? null : JSON.parse(r.detail);
  } catch {
    detail = null;
  }
  const parsed = TimelineEntrySchema.safeParse({
    id: String(r.id),
    cluster: r.cluster,
    namespace: r.namespace,
    name: r.name,
    uid: r.uid,
    at: new Date(r.at).toISOString(),
    observedAt: new Date(r.observed_at).toISOString(),
    kind: r.kind,
    lane: r.lane,
    value: r.value,
    reason: r.reason,
    message: r.message,
    source: r.source,
    detail,
  });
  return parsed.success ? parsed.data : null;
}
