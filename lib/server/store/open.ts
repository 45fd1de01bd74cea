import "server-only";
import type { AuditLog } from "./audit";
import type { TimelineStore } from "./timeline-store";
import { SqliteAuditLog, type AuditListener } from "./sqlite-audit";
import { openSqlite } from "./sqlite-db";
import { SqliteTimelineStore } from "./sqlite-timeline";

/**
 * Opens the store named by ACK_FLEET_STORE (README "Configuration"): `sqlite:<path>` (the
 * default, `sqlite:.data/history.db`), or `postgres://…`, which is refused at start-up with a
 * clear message until it exists, rather than quietly writing to SQLite instead.
 */
export type StoreLocation = { kind: "sqlite"; file: string } | { kind: "postgres" };

export class StoreStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreStartupError";
  }
}

/** Never echoes a postgres URL: it may carry a password. */
export function parseStoreLocation(value: string): StoreLocation {
  const v = value.trim();
  if (/^postgres(ql)?:\/\//i.test(v)) return { kind: "postgres" };
  const m = /^sqlite:(?:\/\/)?(.+)$/i.exec(v);
  if (m && m[1].trim()) return { kind: "sqlite", file: m[1].trim() };
  throw new StoreStartupError(`ACK_FLEET_STORE must be sqlite:<path> (e.g. sqlite:.data/history.db) or postgres://…; got "${v.slice(0, 12)}…"`);
}

export interface AuditLogWithListeners extends AuditLog {
  subscribe(listener: AuditListener): () => void;
}

export interface Stores {
  location: StoreLocation;
  timeline: TimelineStore;
  audit: AuditLogWithListeners;
  close(): void;
}

export function openStores(value: string): Stores {
  const location = parseStoreLocation(value);
  if (location.kind === "postgres") {
    throw new StoreStartupError(
      "ACK_FLEET_STORE: the postgres:// store is not implemented yet; use sqlite:<path> (default sqlite:.data/history.db), one dashboard replica per database file",
    );
  }
  let db;
  try {
    db = openSqlite(location.file);
  } catch (err) {
    throw new StoreStartupError(`ACK_FLEET_STORE: cannot open the SQLite database ${location.file}: ${(err as Error).message}`);
  }
  const timeline = new SqliteTimelineStore(db);
  return { location, timeline, audit: new SqliteAuditLog(db), close: () => timeline.close() };
}
