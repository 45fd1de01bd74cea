import "server-only";
import { getConfig } from "../config";
import type { AuditLog } from "./audit";
import type { TimelineStore } from "./timeline-store";
import { openStores, StoreStartupError, type AuditLogWithListeners, type Stores } from "./open";

/**
 * One store per server process (timeline and audit share the database), opened on first use
 * and kept on globalThis so that Next.js's module reloading in development does not open a
 * second connection. A configuration error is remembered and thrown again on every call.
 */
const KEY = Symbol.for("ack-lambda-fleet.store");
type Holder = { stores?: Stores; error?: string };
const holder = ((globalThis as Record<symbol, Holder>)[KEY] ??= {});

export function getStores(): Stores {
  if (holder.stores) return holder.stores;
  if (holder.error) throw new StoreStartupError(holder.error);
  try {
    holder.stores = openStores(getConfig().store);
    return holder.stores;
  } catch (err) {
    holder.error = (err as Error).message;
    throw err instanceof StoreStartupError ? err : new StoreStartupError(holder.error);
  }
}

/** The append-only remediation audit log (lib/server/store/audit.ts), on the timeline database. */
export function getAuditLog(): AuditLog & Pick<AuditLogWithListeners, "subscribe"> {
  return getStores().audit;
}

export function getTimelineStore(): TimelineStore {
  return getStores().timeline;
}

export { StoreStartupError };
