import "server-only";
import type { ApprovalStore } from "./approval-store";
import type { AuditLogWithListeners } from "./audit";
import type { NotifiedStore } from "./notified-store";
import { createPool, PgDb } from "./postgres/pg-db";
import { migratePostgres } from "./postgres/migrate";
import { SharedPostgres } from "./postgres/shared";
import type { RateLimitStore } from "./rate-limit-store";
import { SqlApprovalStore } from "./sql-approvals";
import { SqlAuditLog } from "./sql-audit";
import { SqlBatchRecords } from "./sql-batches";
import type { SqlDb } from "./sql-db";
import { SqlNotifiedStore } from "./sql-notified";
import { SqlRateLimitStore } from "./sql-rate-limits";
import { SqlTimelineStore } from "./sql-timeline";
import { openSqlite, SqliteDb } from "./sqlite-db";
import { SqliteWriterThread } from "./sqlite-writer-thread";

/**
 * Opens the store named by ACK_FLEET_STORE (README "Configuration"): `sqlite:<path>` (the
 * default, `sqlite:.data/history.db`: one replica), or `postgres://…` (several replicas share
 * it: lib/server/replicas/). Both hold the timeline, the audit log, pending approvals and rate
 * limits, through the same statements (sql-db.ts). PostgreSQL's schema is migrated by `ready()`,
 * as the role of ACK_FLEET_STORE_OWNER when given (it then owns the tables and grants the
 * dashboard's role what it needs), else as the dashboard's own role.
 */
export type StoreLocation = { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };

export class StoreStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreStartupError";
  }
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** Never echoes a postgres URL: it may carry a password. */
export function parseStoreLocation(value: string): StoreLocation {
  const v = value.trim();
  if (POSTGRES_URL.test(v)) return { kind: "postgres", url: v };
  const m = /^sqlite:(?:\/\/)?(.+)$/i.exec(v);
  if (m && m[1].trim()) return { kind: "sqlite", file: m[1].trim() };
  throw new StoreStartupError(`ACK_FLEET_STORE must be sqlite:<path> (e.g. sqlite:.data/history.db) or postgres://…; got "${v.slice(0, 12)}…"`);
}

export interface Stores {
  readonly kind: "sqlite" | "postgres";
  timeline: SqlTimelineStore;
  audit: SqlAuditLog & AuditLogWithListeners;
  approvals: ApprovalStore;
  rateLimits: RateLimitStore;
  /** The verdict webhooks were last told about, per Function (lib/server/notify/). */
  notified: NotifiedStore;
  /** Batch remediations (shared by the replicas). */
  batches: SqlBatchRecords;
  /** What several replicas share (PostgreSQL only): the change feed, AWS observations, the leader lock. */
  shared: SharedPostgres | null;
  /** Connects and migrates (PostgreSQL); SQLite is ready when opened. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** ACK_FLEET_STORE_OWNER: the URL of the role that owns the PostgreSQL schema. */
  ownerUrl?: string | null;
  now?: () => number;
  /**
   * SQLite: the timeline's writes on a worker thread with its own connection (the default; off
   * the event loop, ./sqlite-writer-thread.ts), or on the main connection (`"main"`). An
   * in-memory database has only the main connection.
   */
  timelineWrites?: "thread" | "main";
  log?: (line: string) => void;
}

function storesOn(db: SqlDb, shared: SharedPostgres | null, ready: () => Promise<void>, now: () => number, writer?: SqliteWriterThread): Stores {
  const timeline = new SqlTimelineStore(db, writer);
  return {
    kind: db.dialect,
    timeline,
    audit: new SqlAuditLog(db, now),
    approvals: new SqlApprovalStore(db),
    rateLimits: new SqlRateLimitStore(db),
    notified: new SqlNotifiedStore(db),
    batches: new SqlBatchRecords(db),
    shared,
    ready,
    close: async () => {
      // What the writer thread was handed is committed before the file is closed.
      await writer?.close();
      await shared?.close();
      await db.close();
    },
  };
}

export function openStores(value: string, opts: OpenOptions = {}): Stores {
  const location = parseStoreLocation(value);
  const now = opts.now ?? Date.now;
  if (location.kind === "postgres") {
    if (opts.ownerUrl && !POSTGRES_URL.test(opts.ownerUrl)) throw new StoreStartupError("ACK_FLEET_STORE_OWNER must be a postgres:// URL");
    const db = new PgDb(createPool(location.url));
    const shared = new SharedPostgres(location.url, db);
    let migrated: Promise<void> | null = null;
    const ready = () =>
      (migrated ??= (async () => {
        try {
          if (opts.ownerUrl) {
            const [me] = await db.query<{ role: string }>("SELECT current_user AS role");
            await migratePostgres(opts.ownerUrl, { grantTo: me.role });
          } else {
            await migratePostgres(location.url);
          }
        } catch (err) {
          throw new StoreStartupError(`ACK_FLEET_STORE: cannot open the PostgreSQL store: ${(err as Error).message}`);
        }
      })());
    return storesOn(db, shared, ready, now);
  }
  let db;
  try {
    db = openSqlite(location.file);
  } catch (err) {
    throw new StoreStartupError(`ACK_FLEET_STORE: cannot open the SQLite database ${location.file}: ${(err as Error).message}`);
  }
  const main = new SqliteDb(db);
  const onDisk = location.file !== ":memory:" && !location.file.startsWith("file:");
  const writer =
    onDisk && opts.timelineWrites !== "main"
      ? new SqliteWriterThread({ file: location.file, fallback: main, log: opts.log ?? ((line) => console.error(line)) })
      : undefined;
  return storesOn(main, null, async () => {}, now, writer);
}
