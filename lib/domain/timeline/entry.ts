/**
 * A Function's timeline entries: what the recorder writes, the store keeps, the API answers and
 * the timeline view draws. Pure: no I/O, no clock.
 *
 * Kubernetes keeps only the current value of each condition and drops Events after about an
 * hour (kube-apiserver --event-ttl, default 1h), so the dashboard records every change it sees.
 */
import { z } from "zod";

/** What an entry is about. State kinds start a segment on a swimlane; the others are markers. */
const TIMELINE_KINDS = [
  "condition", // status.conditions[type]: value = status (True/False/Unknown), null = removed
  "state", // Kubernetes status.state (what the controller last saw)
  "last-update-status", // Kubernetes status.lastUpdateStatus
  "aws-state", // live GetFunction Configuration.State ("NotFound" when the function is gone)
  "aws-last-update-status", // live GetFunction Configuration.LastUpdateStatus
  "spec-change", // metadata.generation moved: value = the new generation
  "deletion-requested", // metadata.deletionTimestamp appeared
  "finalizer-added",
  "finalizer-removed",
  "created", // first sight of an object (its creationTimestamp when reconstructed)
  "deleted", // the object disappeared from the cluster
  "event", // a core/v1 Event about the Function: value = type (Normal/Warning)
  "remediation", // an audit log entry about the Function: value = action
] as const;
export const TimelineKindSchema = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKindSchema>;

const STATE_KINDS: ReadonlySet<TimelineKind> = new Set([
  "condition",
  "state",
  "last-update-status",
  "aws-state",
  "aws-last-update-status",
]);

export const isStateKind = (kind: TimelineKind): boolean => STATE_KINDS.has(kind);

/**
 * `observed`: the dashboard saw the change happen (its time is when it was seen, or the
 * object's own timestamp for it when that is consistent). `reconstructed`: seeded on first
 * sight from timestamps the object carries (lastTransitionTime, lastModified, creation).
 */
export const TimelineSourceSchema = z.enum(["observed", "reconstructed"]);
export type TimelineSource = z.infer<typeof TimelineSourceSchema>;

const DetailValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const TimelineEntrySchema = z.object({
  /** Store id, as a string (a Postgres bigint may not fit a JS number). */
  id: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  /** metadata.uid: a Function deleted and created again under the same name is another uid. */
  uid: z.string(),
  /** ISO time the change happened, as well as it is known. */
  at: z.string(),
  /** ISO time the dashboard recorded it. */
  observedAt: z.string(),
  kind: TimelineKindSchema,
  /** Swimlane: "condition:ACK.ResourceSynced", "k8s:state", "aws:state", "marker:event", ... */
  lane: z.string(),
  value: z.string().nullable(),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  source: TimelineSourceSchema,
  detail: z.record(z.string(), DetailValue).nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

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
