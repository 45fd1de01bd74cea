/**
 * GET /api/functions/{cluster}/{namespace}/{name}/timeline?since=&until=&limit=: one Function's
 * recorded entries of a range. Pure.
 */
import { z } from "zod";
import { TimelineEntrySchema } from "../timeline/entry";

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
