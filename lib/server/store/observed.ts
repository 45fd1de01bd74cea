import "server-only";
import type { StoreOperation, Telemetry } from "../telemetry";
import type { Stores } from "./open";

/**
 * The stores as the rest of the server sees them, reporting to the telemetry: timeline entries
 * that were new when written, and every failed store call by operation. One decorator at the
 * composition root instead of a counter in each caller; whatever implements the stores (SQLite,
 * a test's fake) is counted the same. Methods not named here pass through uncounted.
 */
const TIMELINE_OPS: Record<string, StoreOperation> = { commit: "timeline-write", prune: "prune", loadSnapshots: "read", timeline: "read" };
const AUDIT_OPS: Record<string, StoreOperation> = { append: "audit-write", list: "read", page: "read" };

export function observedStores(stores: Stores, telemetry: Telemetry): Stores {
  const timeline = observe(stores.timeline, TIMELINE_OPS, telemetry, (method, result) => {
    if (method === "commit" && Array.isArray(result) && result.length) telemetry.timelineWritten(result.length);
  });
  return { ...stores, timeline, audit: observe(stores.audit, AUDIT_OPS, telemetry) };
}

function observe<T extends object>(target: T, ops: Record<string, StoreOperation>, telemetry: Telemetry, done?: (method: string, result: unknown) => void): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      const op = typeof prop === "string" ? ops[prop] : undefined;
      if (typeof value !== "function") return value;
      if (!op) return (value as (...a: unknown[]) => unknown).bind(obj);
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(obj, args);
        } catch (err) {
          telemetry.storeError(op);
          throw err;
        }
        if (result instanceof Promise) {
          return result.then(
            (r: unknown) => {
              done?.(prop as string, r);
              return r;
            },
            (err: unknown) => {
              telemetry.storeError(op);
              throw err;
            },
          );
        }
        done?.(prop as string, result);
        return result;
      };
    },
  });
}
