/**
 * A timeline entry as the recorder writes it, the store keeps it, the API answers it and the
 * timeline view draws it; and GET /api/functions/{cluster}/{namespace}/{name}/timeline, one
 * Function's recorded entries of a range. Pure.
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


export const TimelineResponseSchema = z.object({
  functionId: z.string(),
  generatedAt: z.string(),
  since: z.string().nullable(),
  until: z.string().nullable(),
  /**
   * Entries in [since, until], oldest first, plus for each state lane the last entry before
   * `since` (the value the lane had when the range starts).
   */
  entries: z.array(TimelineEntrySchema),
  /** True when the range held more entries than one answer carries (the newest are kept). */
  truncated: z.boolean(),
});
export type TimelineResponse = z.infer<typeof TimelineResponseSchema>;
