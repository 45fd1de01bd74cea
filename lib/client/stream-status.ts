/**
 * The state of the live connection (GET /api/stream), shared by the hook that owns the
 * EventSource and whatever shows it (a "Live" badge) or depends on it (polling falls back to
 * its interval only while the stream is down). A tiny external store for useSyncExternalStore.
 */
import { useSyncExternalStore } from "react";

export type StreamState = "idle" | "connecting" | "live" | "reconnecting";

export interface StreamStatus {
  state: StreamState;
  /** Epoch ms of the last event or heartbeat-carrying message, or null. */
  lastEventAt: number | null;
  /** Since when the connection has been down (reconnecting), or null. */
  downSince: number | null;
}

let status: StreamStatus = { state: "idle", lastEventAt: null, downSince: null };
const listeners = new Set<() => void>();

export function getStreamStatus(): StreamStatus {
  return status;
}

export function setStreamStatus(next: Partial<StreamStatus>): void {
  const merged = { ...status, ...next };
  if (merged.state === status.state && merged.lastEventAt === status.lastEventAt && merged.downSince === status.downSince) return;
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

const SERVER_STATUS: StreamStatus = { state: "idle", lastEventAt: null, downSince: null };

export function useStreamStatus(): StreamStatus {
  return useSyncExternalStore(subscribeStreamStatus, getStreamStatus, () => SERVER_STATUS);
}
