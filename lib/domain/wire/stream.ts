/**
 * GET /api/stream: Server-Sent Events, one schema per event type. `hello` opens each connection
 * (resumed: the missed events were replayed); `reset` tells the client to load afresh; `row` is
 * one Function's new row (null: gone); `timeline` new entries of one Function; `clusters` every
 * cluster's summary (and the AWS accounts' status). Pure.
 */
import { z } from "zod";
import { TimelineEntrySchema } from "./timeline";
import { AwsAccountStatusSchema, ClusterSummarySchema, ListedRowSchema } from "./fleet";

export const STREAM_EVENT_TYPES = ["hello", "reset", "row", "timeline", "clusters"] as const;

export const HelloEventSchema = z.object({ resumed: z.boolean() });
const ResetEventSchema = z.object({ reason: z.string() });
export const RowEventSchema = z.object({ id: z.string(), row: ListedRowSchema.nullable() });
export const TimelineEventSchema = z.object({ functionId: z.string(), entries: z.array(TimelineEntrySchema) });
export const ClustersEventSchema = z.object({ clusters: z.array(ClusterSummarySchema), awsAccounts: z.array(AwsAccountStatusSchema).optional() });

export type HelloEvent = z.infer<typeof HelloEventSchema>;
export type ResetEvent = z.infer<typeof ResetEventSchema>;
export type RowEvent = z.infer<typeof RowEventSchema>;
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;
export type ClustersEvent = z.infer<typeof ClustersEventSchema>;
