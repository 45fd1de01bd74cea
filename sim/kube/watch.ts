/**
 * WATCH streams (newline-delimited JSON watch events, as kube-apiserver's watch cache serves
 * them, https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes):
 * resourceVersion unset or "0" starts with synthetic ADDED events for the current state; a
 * numeric one resumes from history, or gets one ERROR event with a 410 Expired Status when it is
 * older than the retained window; BOOKMARKs when allowWatchBookmarks=true; sendInitialEvents
 * ends the initial state with a bookmark annotated k8s.io/initial-events-end; timeoutSeconds
 * closes the stream. Objects moving in or out of a selector are seen as ADDED / DELETED.
 */
import type { ServerResponse } from "node:http";
import { storedJson } from "./json-cache";
import { type ObjectFilter, matches, parseResourceVersion } from "./list";
import type { KubeObject } from "./metadata";
import type { ResourceDef } from "./resources";
import type { HistoryEntry, SimStore, WatchEventType } from "./store";
import { type IncludeObject, toTable } from "./table";
import { type KubeStatus, errors, makeStatus } from "./status";

export interface WatchOptions {
  query: URLSearchParams;
  filter: ObjectFilter;
  bookmarkIntervalMs: number;
  /**
   * Feature WatchList: a watch from no resourceVersion (or "0") without sendInitialEvents is
   * served as sendInitialEvents=true (apimachinery SetListOptionsDefaults), so with bookmarks
   * allowed its initial ADDED events end with the initial-events-end BOOKMARK (seen on
   * kube-apiserver v1.37 by conformance/kube/watch.ts).
   */
  watchList?: boolean;
  /** When set, event objects are Tables of one row (kubectl get --watch). */
  table?: { apiVersion: string; include: IncludeObject };
}

/** A slow reader whose buffer grows past this is cut off, as the apiserver drops slow watchers. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Without timeoutSeconds kube-apiserver picks 30-60 min (--min-request-timeout 1800 s). */
const DEFAULT_TIMEOUT_S = 1800;

type OutType = WatchEventType | "BOOKMARK" | "ERROR";

export function serveWatch(store: SimStore, def: ResourceDef, res: ServerResponse, opts: WatchOptions): void {
  const { query, filter } = opts;
  const rvRaw = query.get("resourceVersion");
  const rv = parseResourceVersion(rvRaw); // 422 before the stream starts, like the real server
  const timeoutRaw = query.get("timeoutSeconds");
  const timeoutS = timeoutRaw && /^\d+$/.test(timeoutRaw) ? Number(timeoutRaw) : DEFAULT_TIMEOUT_S;
  const bookmarks = query.get("allowWatchBookmarks") === "true" || query.get("allowWatchBookmarks") === "1";
  const sendInitialEvents = query.get("sendInitialEvents") === "true";
  if (sendInitialEvents && query.get("resourceVersionMatch") !== "NotOlderThan") {
    throw errors.invalid("ListOptions", "meta.k8s.io", "", [
      { reason: "FieldValueForbidden", message: "Forbidden: sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan", field: "sendInitialEvents" },
    ]);
  }

  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.flushHeaders();

  let closed = false;
  const send = (type: OutType, object: unknown) => {
    if (closed) return;
    const change = type === "ADDED" || type === "MODIFIED" || type === "DELETED";
    if (change && !opts.table) {
      // A stored object: its text is made once and shared by every watcher (json-cache.ts).
      res.write(`{"type":"${type}","object":${storedJson(object as KubeObject)}}\n`);
    } else {
      const out = change && opts.table
        ? toTable(def, [object as KubeObject], { resourceVersion: (object as KubeObject).metadata.resourceVersion ?? "" }, opts.table.include, opts.table.apiVersion)
        : object;
      res.write(`${JSON.stringify({ type, object: out })}\n`);
    }
    if (res.writableLength > MAX_BUFFERED_BYTES) finish();
  };
  const bookmark = (annotations?: Record<string, string>) =>
    send("BOOKMARK", { kind: def.kind, apiVersion: def.apiVersion, metadata: { resourceVersion: store.currentResourceVersion(), ...(annotations ? { annotations } : {}) } });
  const sendError = (status: KubeStatus) => {
    send("ERROR", status);
    finish();
  };

  const onEvent = (e: HistoryEntry) => {
    if (e.resource !== def.key) return;
    const nowMatch = matches(def, filter, e.object);
    if (e.type === "MODIFIED") {
      const wasMatch = e.prev ? matches(def, filter, e.prev) : false;
      if (wasMatch && nowMatch) send("MODIFIED", e.object);
      else if (nowMatch) send("ADDED", e.object);
      else if (wasMatch) send("DELETED", e.object);
    } else if (nowMatch) send(e.type, e.object);
  };

  const unsubscribe = store.subscribe(onEvent);
  const timers: NodeJS.Timeout[] = [setTimeout(() => finish(), timeoutS * 1000)];
  if (bookmarks) timers.push(setInterval(() => bookmark(), Math.max(10, opts.bookmarkIntervalMs)));
  function finish() {
    if (closed) return;
    closed = true;
    unsubscribe();
    timers.forEach((t) => clearTimeout(t));
    res.end();
  }
  res.on("close", finish);

  if (rv === undefined || rv === 0 || sendInitialEvents) {
    for (const obj of store.entries(def.key).values()) {
      if (matches(def, filter, obj)) send("ADDED", obj);
    }
    const defaulted = opts.watchList && !query.has("sendInitialEvents") && !query.get("resourceVersionMatch");
    if (sendInitialEvents || (defaulted && bookmarks)) bookmark({ "k8s.io/initial-events-end": "true" });
    return;
  }
  if (rv > store.revision()) {
    sendError(makeStatus(504, "Timeout", `Too large resource version: ${rv}, current: ${store.revision()}`, { causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }], retryAfterSeconds: 1 }));
    return;
  }
  const backlog = store.eventsSince(rv);
  if (!backlog) {
    sendError(errors.expired(`too old resource version: ${rv} (${store.oldestResumableRevision() + 1})`).status);
    return;
  }
  for (const e of backlog) onEvent(e);
}
