/**
 * The state of the live connection (GET /api/stream), shared by the hook that owns the
 * EventSource and whatever shows it (a "Live" badge) or depends on it (polling falls back to
 * its interval only while the stream is down). A tiny external store for useSyncExternalStore.
 *
 * It changes only when the connection's state does, never per event: every change notifies its
 * listeners, and a listener that is a component (useSyncExternalStore) renders at once, at the
 * blocking priority, interrupting the low-priority render of the overview's table. It used to
 * hold the time of the last event: every stream message (several a second while AWS reads come
 * in) then rendered the tree's stream component synchronously (in the browser's traces at
 * 10,000 rows, ~4 ms of the main thread a message while scrolling, between the frames).
 */
import { useSyncExternalStore } from "react";

export type StreamState = "idle" | "connecting" | "live" | "reconnecting";

export interface StreamStatus {
  state: StreamState;
  /** Since when the connection has been down (reconnecting), or null. */
  downSince: number | null;
}

let status: StreamStatus = { state: "idle", downSince: null };
const listeners = new Set<() => void>();

export function getStreamStatus(): StreamStatus {
  return status;
}

export function setStreamStatus(next: Partial<StreamStatus>): void {
  const merged = { ...status, ...next };
  if (merged.state === status.state && merged.downSince === status.downSince) return;
  status = merged;
  for (const l of listeners) l();
}

export function subscribeStreamStatus(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True while events arrive: queries may then stop polling (refetchInterval: false). */
export function isStreamLive(): boolean {
  return status.state === "live";
}

/** A refetchInterval that polls only while the live stream is down. */
export function unlessLive(intervalMs: number): number | false {
  return isStreamLive() ? false : intervalMs;
}

const SERVER_STATUS: StreamStatus = { state: "idle", downSince: null };

export function useStreamStatus(): StreamStatus {
  return useSyncExternalStore(subscribeStreamStatus, getStreamStatus, () => SERVER_STATUS);
}
