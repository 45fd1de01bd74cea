/**
 * The generic JSON body a webhook of format "json" receives (README "Notifications") when
 * Functions enter or leave a verdict that needs an operator. One message per collection
 * window: a burst (a whole cluster flipping under the lambda-controller 1.7.3 Pending bug) is
 * one message with counts and the first Functions named. `schema` is versioned: a field is
 * only ever added within a version; a change of meaning is a new version. Pure.
 */
import { z } from "zod";
import { HealthSchema } from "../health";

export const NOTIFICATION_SCHEMA = "ack-lambda-fleet.notification/v1";

/** Where a Function went: a verdict, or "gone" (deleted from its cluster). */
export const NotifiedStateSchema = z.union([HealthSchema, z.literal("gone")]);
export type NotifiedState = z.infer<typeof NotifiedStateSchema>;

export const VerdictTransitionSchema = z.object({
  id: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  /** The verdict last notified; null: none (the Function was not in a notified verdict). */
  from: HealthSchema.nullable(),
  to: NotifiedStateSchema,
  /** "entered": `to` is a notified verdict; "left": the Function is out of every notified verdict (or gone). */
  change: z.enum(["entered", "left"]),
  /** The verdict's one-line summary (controller text quoted, shortened), null when gone. */
  summary: z.string().nullable(),
  /** ISO time since when the verdict holds, when known. */
  since: z.string().nullable(),
  /** The Function's page on the dashboard; null without ACK_FLEET_PUBLIC_URL. */
  url: z.string().nullable(),
});
export type VerdictTransition = z.infer<typeof VerdictTransitionSchema>;

export const NotificationSchema = z.object({
  schema: z.literal(NOTIFICATION_SCHEMA),
  /** ISO time the message was made (the end of its collection window). */
  at: z.string(),
  /** Transitions in this message (those named below and those only counted). */
  total: z.number().int().nonnegative(),
  /** Per cluster, verdict and change: how many. */
  counts: z.array(z.object({ cluster: z.string(), to: NotifiedStateSchema, change: z.enum(["entered", "left"]), count: z.number().int().positive() })),
  /** The first transitions, worst first; `omitted` more are only counted. */
  transitions: z.array(VerdictTransitionSchema),
  omitted: z.number().int().nonnegative(),
  /** The dashboard's list of what needs an operator; null without ACK_FLEET_PUBLIC_URL. */
  needsActionUrl: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;
