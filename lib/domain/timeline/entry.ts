/**
 * A Function's timeline entries (the schema: wire/timeline.ts): which kinds hold a value over
 * time, the lanes, the order. Pure: no I/O, no clock.
 *
 * Kubernetes keeps only the current value of each condition and drops Events after about an
 * hour (kube-apiserver --event-ttl, default 1h), so the dashboard records every change it sees.
 */
import type { TimelineEntry, TimelineKind } from "../wire/timeline";

const STATE_KINDS: ReadonlySet<TimelineKind> = new Set([
  "condition",
  "state",
  "last-update-status",
  "aws-state",
  "aws-last-update-status",
]);

export const isStateKind = (kind: TimelineKind): boolean => STATE_KINDS.has(kind);


/** An entry before the store gave it an id; `key` makes writing it twice a no-op. */
export type NewTimelineEntry = Omit<TimelineEntry, "id"> & { key: string };

/** Lanes of the timeline, one per thing that has a value over time. */
export const LANE = {
  condition: (type: string) => `condition:${type}`,
  state: "k8s:state",
  lastUpdateStatus: "k8s:lastUpdateStatus",
  awsState: "aws:state",
  awsLastUpdateStatus: "aws:lastUpdateStatus",
  generation: "marker:generation",
  deletion: "marker:deletion",
  finalizer: (name: string) => `marker:finalizer:${name}`,
  lifecycle: "marker:lifecycle",
  event: "marker:event",
  remediation: "marker:remediation",
} as const;

/** The AWS lane's value when GetFunction answers ResourceNotFoundException. */
export const AWS_NOT_FOUND = "NotFound";

/** Orders entries by time, then by store id (insertion order) for entries of the same instant. */
export function compareEntries(a: Pick<TimelineEntry, "at" | "id">, b: Pick<TimelineEntry, "at" | "id">): number {
  const t = Date.parse(a.at) - Date.parse(b.at);
  if (t !== 0) return t;
  const ai = Number(a.id);
  const bi = Number(b.id);
  return Number.isFinite(ai) && Number.isFinite(bi) ? ai - bi : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
